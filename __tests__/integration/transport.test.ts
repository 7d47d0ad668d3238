/**
 * The production transport against the simulator: what it sends, how it times out, how it classifies
 * failures. Also classifyNetworkError case by case, called directly: each socket error code (and a
 * thrown non-Error) to its message and to whether the request was not sent, timed out or may have landed.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { classifyNetworkError, createHttpTransport, TransportError } from '../../src/api/transport.js'
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

function withCode(code: unknown, message = 'socket error'): Error {
  return Object.assign(new Error(message), { code })
}

describe('classifyNetworkError', () => {
  test('ECONNREFUSED: the request was not sent', () => {
    const error = classifyNetworkError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('TransportError')
    expect(error.message).toBe('connection failed (ECONNREFUSED)')
    expect(error.failure).toBe('not-sent')
    expect(error.code).toBe('ECONNREFUSED')
  })

  test.each(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL'])(
    '%s: not sent',
    (code) => {
      const error = classifyNetworkError(withCode(code))
      expect([error.message, error.failure, error.code]).toEqual([`connection failed (${code})`, 'not-sent', code])
    }
  )

  test('ECONNRESET: it may have landed', () => {
    const error = classifyNetworkError(withCode('ECONNRESET', 'read ECONNRESET'))
    expect([error.message, error.failure, error.code]).toEqual([
      'connection lost (ECONNRESET)',
      'ambiguous',
      'ECONNRESET'
    ])
  })

  test.each(['EPIPE', 'ECONNABORTED', 'ETIMEDOUT'])('%s is ambiguous', (code) => {
    const error = classifyNetworkError(withCode(code))
    expect([error.message, error.failure, error.code]).toEqual([`connection lost (${code})`, 'ambiguous', code])
  })

  test("http-client's 'Request timeout' is a timeout", () => {
    const error = classifyNetworkError(new Error('Request timeout: /v1/agents/a/deployments/active'))
    expect([error.message, error.failure, error.code]).toEqual([
      'the connection went idle (socket timeout)',
      'timeout',
      'ETIMEDOUT'
    ])
  })

  test('the code decides before the message', () => {
    expect(classifyNetworkError(withCode('ECONNREFUSED', 'Request timeout')).failure).toBe('not-sent')
  })

  test("'Request timeout' only at the start counts", () => {
    expect(classifyNetworkError(new Error('upstream said: Request timeout')).failure).toBe('ambiguous')
  })

  test('an error without a code shows its message', () => {
    const error = classifyNetworkError(new Error('socket hang up'))
    expect([error.message, error.failure, error.code]).toEqual([
      'connection lost (socket hang up)',
      'ambiguous',
      undefined
    ])
  })

  test('a non-string code is ignored', () => {
    const error = classifyNetworkError(withCode(61, 'refused'))
    expect([error.message, error.failure, error.code]).toEqual(['connection lost (refused)', 'ambiguous', undefined])
  })

  test.each([
    ['boom', 'connection lost (boom)'],
    [null, 'connection lost (null)'],
    [undefined, 'connection lost (undefined)'],
    [{ code: 'ENOTFOUND' }, 'connection failed (ENOTFOUND)']
  ])('a thrown non-Error %j', (thrown, message) => {
    expect(classifyNetworkError(thrown).message).toBe(message)
  })
})
