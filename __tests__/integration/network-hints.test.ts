/**
 * Connections that cannot be made, in process: a host name that does not resolve (under .invalid;
 * the lookup's failure is what the real transport makes of getaddrinfo's ENOTFOUND, so no resolver
 * is asked and the test does not depend on the machine's DNS) fails at once
 * after one attempt, a refused connection is retried, and both end naming region, baseUrl and the
 * proxy. A lookup that failed for now (EAI_AGAIN) is retried. The id of a request the server never
 * answered is named as the action's own, and only an id the server echoed is a correlation id.
 * The fake clock shows every wait: "at once" means no back-off was slept.
 */
import { describe, expect, test } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fakeClock } from '../helpers/clock.js'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, callsOf, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { errorLine } from '../helpers/log-lines.js'
import { classifyNetworkError, createHttpTransport, type Transport, TransportError } from '../../src/api/transport.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const CHECK =
  'check region (us, eu, uk, studio or dev: https://api.{region}.poly.ai) and baseUrl, and the proxy settings if the runner uses a proxy (https_proxy, no_proxy)'
const NOWHERE = 'https://api.nowhere.invalid'

/** The real transport, except that api.nowhere.invalid fails its lookup as getaddrinfo does (ENOTFOUND). */
function withoutDns(): Transport {
  const real = createHttpTransport('test')
  return {
    send: (request) =>
      new URL(request.url).hostname === 'api.nowhere.invalid'
        ? Promise.reject(
            classifyNetworkError(
              Object.assign(new Error('getaddrinfo ENOTFOUND api.nowhere.invalid'), { code: 'ENOTFOUND' })
            )
          )
        : real.send(request),
    close: () => real.close()
  }
}

/** The log lines of attempts at `path` that failed to connect. */
const attempts = (stdout: string, code: string): string[] =>
  stdout.split('\n').filter((l) => l.includes(`→ connection failed (${code}) after`))

describe('a host name that does not resolve (ENOTFOUND)', () => {
  test('a read: one attempt, no back-off, the hint names region, baseUrl and proxy, and the id is ours', async () => {
    const clock = fakeClock()
    const started = clock.now()
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), baseUrl: NOWHERE, operation: 'get-active-deployments' },
      options: { clock, transport: withoutDns() }
    })
    expect(run.code).toBe(1)
    expect(attempts(run.stdout, 'ENOTFOUND')).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(clock.now() - started).toBe(0)
    const error = errorLine(run.stdout)
    expect(error).toMatch(
      new RegExp(
        `^::error::Failed to read the active deployments: GET /v1/agents/agent-1/deployments/active → connection failed \\(ENOTFOUND\\) \\(request id ${UUID}, ours: the server did not answer\\)\\. Hint: the name api\\.nowhere\\.invalid does not resolve: `
      )
    )
    expect(error).toContain(CHECK)
    expect(error).not.toContain('correlation id')
    expect(error).not.toContain('gave up after')
    expect(run.stdout).not.toContain('retrying')
  })

  test('a mutation: never sent, so no landing check and no second attempt', async () => {
    const clock = fakeClock()
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), baseUrl: NOWHERE, operation: 'publish' },
      options: { clock, transport: withoutDns() }
    })
    expect(run.code).toBe(1)
    expect(attempts(run.stdout, 'ENOTFOUND')).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(run.stdout).not.toContain('checking whether it landed')
    expect(errorLine(run.stdout)).toContain(`Hint: the name api.nowhere.invalid does not resolve: ${CHECK}`)
  })
})

describe('other connections that cannot be made', () => {
  test('a refused connection is retried, then ends with the hint', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const clock = fakeClock()
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), baseUrl: `http://127.0.0.1:${port}`, operation: 'get-active-deployments' },
      options: { clock }
    })
    expect(run.code).toBe(1)
    expect(attempts(run.stdout, 'ECONNREFUSED')).toHaveLength(5)
    expect(clock.sleeps).toHaveLength(4)
    const error = errorLine(run.stdout)
    expect(error).toMatch(
      new RegExp(`\\(request id ${UUID}, ours: the server did not answer\\); gave up after 5 attempts`)
    )
    expect(error).toContain(`Hint: nothing accepts connections at 127.0.0.1:${port}: ${CHECK}`)
  })

  test('a lookup that failed for now (EAI_AGAIN) is retried and the step goes on', async () => {
    const real = createHttpTransport('test')
    let failures = 2
    const transport: Transport = {
      send: (request) =>
        failures-- > 0
          ? Promise.reject(new TransportError('connection failed (EAI_AGAIN)', 'not-sent', 'EAI_AGAIN'))
          : real.send(request),
      close: () => real.close()
    }
    const clock = fakeClock()
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'get-active-deployments' },
      options: { clock, transport }
    })
    expect(run.code).toBe(0)
    expect(attempts(run.stdout, 'EAI_AGAIN')).toHaveLength(2)
    expect(clock.sleeps).toHaveLength(2)
    expect(callsOf(sim)).toEqual(['GET /deployments/active'])
  })
})

describe('whose id: ours, or the correlation id the server echoed', () => {
  test('an answer that echoes it (the API): the correlation id', async () => {
    sim.faults.add({ path: '/deployments/active', times: Infinity, fault: { type: 'status', status: 404 } })
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'get-active-deployments' },
      options: { clock: fakeClock() }
    })
    const sent = sim.requests[0]!.headers['x-polyai-correlation-id']
    expect(errorLine(run.stdout)).toContain(`(correlation id ${String(sent)})`)
    expect(run.stdout).toContain(`→ 404 in 0 ms (correlation id ${String(sent)})`)
  })

  test('an answer that does not (a proxy page): our request id, saying the answer did not echo it', async () => {
    sim.faults.add({ path: '/deployments/active', times: Infinity, fault: { type: 'html', status: 502 } })
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'get-active-deployments' },
      options: { clock: fakeClock() }
    })
    const error = errorLine(run.stdout)
    const last = sim.requests.at(-1)!.headers['x-polyai-correlation-id']
    expect(error).toContain(`(request id ${String(last)}, ours: the answer did not echo it)`)
    expect(error).not.toContain('correlation id')
  })
})
