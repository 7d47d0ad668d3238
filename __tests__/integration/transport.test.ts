/** The production transport against the simulator: what it sends, how it times out, how it classifies failures. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHttpTransport, TransportError } from '../../src/api/transport.js'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(async () => {
  await sim.close()
})

const transport = createHttpTransport('polyai-deploy-action/test')
afterAll(() => transport.close())

const request = (
  over: Partial<{
    method: string
    url: string
    headers: Record<string, string>
    body: string
    timeoutMs: number
    signal: AbortSignal
  }> = {}
) => ({
  method: 'GET',
  url: `${sim.url}/v1/agents/agent-1/deployments/active`,
  headers: { 'X-API-KEY': sim.apiKey },
  timeoutMs: 5_000,
  signal: new AbortController().signal,
  ...over
})

describe('createHttpTransport', () => {
  test('sends the User-Agent and a Content-Length, returns status, headers and body', async () => {
    const response = await transport.send(
      request({
        method: 'PATCH',
        url: `${sim.url}/v1/agents/agent-1/real-time-configs/live/variables`,
        body: '{"variables":{"greeting":"é"}}',
        headers: { 'X-API-KEY': sim.apiKey, 'Content-Type': 'application/json' }
      })
    )
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body).variables.greeting).toBe('é')
    const sent = sim.requests.at(-1)!
    expect(sent.headers['user-agent']).toBe('polyai-deploy-action/test')
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength('{"variables":{"greeting":"é"}}')))
  })

  test('a hung request times out when its signal aborts, and the abandoned socket is closed', async () => {
    sim.faults.add({ path: '/deployments/active', fault: { type: 'hang' } })
    const timeout = new AbortController()
    const received = sim.requests.length
    const pending = transport.send(request({ timeoutMs: 200, signal: timeout.signal })).catch((e: unknown) => e)
    // Abort once the server holds the request (the clock that arms it in production is the caller's).
    while (sim.requests.length === received) await new Promise((resolve) => setImmediate(resolve))
    timeout.abort()
    const error = await pending
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toMatchObject({ failure: 'timeout', message: 'no answer within 0.2 s' })
    // The next request gets an answer: nothing is left holding the agent.
    expect((await transport.send(request())).status).toBe(200)
  })

  test('a reset is ambiguous, a refused connection was never sent', async () => {
    sim.faults.add({ path: '/deployments/active', fault: { type: 'reset-before' } })
    await expect(transport.send(request())).rejects.toMatchObject({ failure: 'ambiguous', code: 'ECONNRESET' })
    await expect(transport.send(request({ url: 'http://127.0.0.1:1/x' }))).rejects.toMatchObject({
      failure: 'not-sent',
      code: 'ECONNREFUSED'
    })
  })

  test('a request that cannot be built was never sent', async () => {
    await expect(transport.send(request({ headers: { 'X-Bad': 'a\nb' } }))).rejects.toMatchObject({
      failure: 'not-sent',
      message: 'request not sent (ERR_INVALID_CHAR)'
    })
    await expect(transport.send(request({ url: 'not a url' }))).rejects.toMatchObject({
      failure: 'not-sent',
      message: 'request not sent (ERR_INVALID_URL)'
    })
  })
})
