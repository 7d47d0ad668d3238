/**
 * The client's retry decisions, in process (so they count for coverage) through run() with the
 * real transport against the simulator. The fake clock makes back-off instant and shows every
 * wait the client chose: Retry-After in both forms and capped, full-jitter exponential back-off,
 * the budget, and for mutations when a landing check comes before a resend. Also Retry-After as
 * servers really write it: a fractional, zero or space-padded number of seconds is never read as
 * "no Retry-After" and resent sooner.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { type Simulator } from '../../dev/simulator/index.js'
import { useSimulator, actionInputs, callsOf } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { startDriven } from '../helpers/driven.js'
import { errorLine } from '../helpers/log-lines.js'

let sim: Simulator
useSimulator((s) => (sim = s))

/** Instant back-off that still moves time on, recording each wait. */
const recordingClock = (random = 0.5): FakeClock => fakeClock({ random })

const base = (): Record<string, string> => actionInputs(sim)
const calls = (): string[] => callsOf(sim)

describe('idempotent calls', () => {
  test('a 429 waits Retry-After in seconds, never less, with full jitter on top', async () => {
    for (const [random, wait] of [
      [0, 7000],
      [0.5, 7000 + 5250],
      [0.999, 7000 + 10_489]
    ] as const) {
      const clock = recordingClock(random)
      sim.faults.add({ path: '/deployments/active', fault: { type: 'status', status: 429, retryAfter: '7' } })
      const run = await runInProcess({ inputs: { ...base(), operation: 'get-active-deployments' }, options: { clock } })
      expect(run.code).toBe(0)
      // The jitter's window is 1.5 × Retry-After for the first 429.
      expect(clock.sleeps).toEqual([wait])
    }
    const clock = recordingClock(0)
    sim.faults.add({ path: '/deployments/active', fault: { type: 'status', status: 429, retryAfter: '7' } })
    const run = await runInProcess({ inputs: { ...base(), operation: 'get-active-deployments' }, options: { clock } })
    expect(run.stdout).toContain(
      'rate limited (HTTP 429, 1st time for this call): retrying GET /v1/agents/agent-1/deployments/active in 7 s (Retry-After 7 s + 0 s jitter)'
    )
  })

  test('429s do not spend the attempt limit: a read is retried as long as the budget allows, one log line per wait', async () => {
    const clock = recordingClock(0.5)
    sim.faults.add({ path: '/deployments/active', times: 9, fault: { type: 'status', status: 429, retryAfter: '1' } })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-active-deployments', timeoutSeconds: '120' },
      options: { clock }
    })
    expect(run.code).toBe(0)
    expect(sim.requests).toHaveLength(10)
    expect(clock.sleeps).toHaveLength(9)
    // Never sooner than Retry-After; the jitter's window grows with each 429, up to 30 s.
    for (const wait of clock.sleeps) expect(wait).toBeGreaterThanOrEqual(1000)
    expect(clock.sleeps[8]).toBeGreaterThan(clock.sleeps[0] as number)
    expect(run.stdout.match(/rate limited \(HTTP 429, /g)).toHaveLength(9)
    expect(run.stdout).toContain('rate limited (HTTP 429, 9th time for this call)')
  })

  test('when the budget runs out under a rate limit, the error says how many 429s and how long it waited', async () => {
    const clock = recordingClock(0.5)
    sim.faults.add({
      path: '/deployments/active',
      times: Infinity,
      fault: { type: 'status', status: 429, retryAfter: '2' }
    })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-active-deployments', timeoutSeconds: '30' },
      options: { clock }
    })
    expect(run.code).toBe(1)
    const waited = clock.sleeps.reduce((a, b) => a + b, 0)
    expect(waited).toBeLessThanOrEqual(30_000)
    expect(errorLine(run.stdout)).toMatch(
      new RegExp(
        `HTTP 429 .*rate limited: HTTP 429 ${clock.sleeps.length + 1} times, ${Math.round(waited / 1000)} s of waiting in all; timed out: the step's 30 s budget \\(timeoutSeconds\\) has [0-9.]+ s left, not enough to wait 2 s \\(Retry-After\\) and send GET /v1/agents/agent-1/deployments/active again`
      )
    )
  })

  test('a 429 Retry-After longer than one wait may be (60 s) is not cut short: the call ends at once, saying so', async () => {
    const clock = recordingClock()
    sim.faults.add({ path: '/real-time-configs', fault: { type: 'status', status: 429, retryAfter: '3600' } })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'list-config-pages', timeoutSeconds: '300' },
      options: { clock }
    })
    expect(run.code).toBe(1)
    expect(sim.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(errorLine(run.stdout)).toContain(
      'rate limited: HTTP 429 1 time, 0 s of waiting in all; the server asks to wait 3600 s (Retry-After), longer than the 60 s a step waits at once'
    )
  })

  test('Retry-After as an HTTP date is honoured', async () => {
    const clock = recordingClock()
    sim.faults.add({
      path: '/deployments/active',
      fault: { type: 'status', status: 503, retryAfter: new Date(clock.now() + 9000).toUTCString() }
    })
    const run = await runInProcess({ inputs: { ...base(), operation: 'get-active-deployments' }, options: { clock } })
    expect(run.code).toBe(0)
    expect(clock.sleeps).toHaveLength(1)
    // HTTP dates have whole seconds.
    expect(clock.sleeps[0]).toBeGreaterThan(7000)
    expect(clock.sleeps[0]).toBeLessThanOrEqual(9000)
  })

  test.each([
    ['1.5', 1500],
    ['0', 0],
    ['  3 ', 3000]
  ])('a 429 with Retry-After %j is retried no sooner than it asks', async (retryAfter, atLeast) => {
    const clock = recordingClock(0)
    sim.faults.add({
      method: 'GET',
      path: '/deployments/active',
      fault: { type: 'status', status: 429, retryAfter }
    })
    const result = await runInProcess({
      inputs: { ...base(), operation: 'get-active-deployments' },
      options: { clock }
    })
    expect(result.code).toBe(0)
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(atLeast)
  })

  test('a long Retry-After on a 503 is capped at 20 s', async () => {
    const clock = recordingClock()
    sim.faults.add({ path: '/real-time-configs', fault: { type: 'status', status: 503, retryAfter: '3600' } })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'list-config-pages', timeoutSeconds: '100' },
      options: { clock }
    })
    expect(run.code).toBe(0)
    expect(clock.sleeps).toEqual([20_000])
  })

  test('an unreadable Retry-After falls back to back-off', async () => {
    const clock = recordingClock(0.5)
    sim.faults.add({ path: '/real-time-configs', fault: { type: 'status', status: 503, retryAfter: 'soon' } })
    const run = await runInProcess({ inputs: { ...base(), operation: 'list-config-pages' }, options: { clock } })
    expect(run.code).toBe(0)
    expect(clock.sleeps).toEqual([250])
  })

  test('back-off is exponential with full jitter, and gives up after 5 attempts', async () => {
    const clock = recordingClock(0.5)
    sim.faults.add({ method: 'PUT', path: '/schema', times: Infinity, fault: { type: 'status', status: 500 } })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'live', schemaPath: 's.json' },
      files: { 's.json': JSON.stringify({ type: 'object' }) },
      options: { clock }
    })
    expect(run.code).toBe(1)
    // Half of 0.5 s, 1 s, 2 s, 4 s.
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000])
    expect(sim.requests.filter((r) => r.method === 'PUT')).toHaveLength(5)
    expect(errorLine(run.stdout)).toContain(
      'PUT /v1/agents/agent-1/real-time-configs/live/schema → HTTP 500 INTERNAL_SERVER_ERROR'
    )
    expect(errorLine(run.stdout)).toContain('gave up after 5 attempts')
  })

  test('the budget covers the waits: no retry is started that the budget cannot afford', async () => {
    const clock = recordingClock(0.999)
    sim.faults.add({ path: '/deployments/active', times: Infinity, fault: { type: 'status', status: 502 } })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-active-deployments', timeoutSeconds: '2' },
      options: { clock }
    })
    expect(run.code).toBe(1)
    expect(clock.sleeps).toEqual([499, 999])
    expect(errorLine(run.stdout)).toMatch(
      /HTTP 502 BAD_GATEWAY: Simulated 502 Bad Gateway \(correlation id [^)]+\); timed out: the step's 2 s budget \(timeoutSeconds\) has 0\.\d s left, not enough to wait 2 s and retry \(attempt 3 of 5\)/
    )
  })

  test('a complete success without the fields we need is not retried (it would say the same again), and names the call and status', async () => {
    sim.faults.add({
      path: '/deployments/active',
      times: Infinity,
      fault: { type: 'status', status: 200, body: { activeDeployments: { live: { id: 'x' } } } }
    })
    const clock = recordingClock()
    const run = await runInProcess({ inputs: { ...base(), operation: 'get-active-deployments' }, options: { clock } })
    expect(run.code).toBe(1)
    expect(sim.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(errorLine(run.stdout)).toContain(
      'Failed to read the active deployments: GET /v1/agents/agent-1/deployments/active → HTTP 200: unusable success response: activeDeployments.live has no version'
    )
  })

  test('a cut or empty success body may be transient: a read tries again', async () => {
    sim.faults.add({ path: '/deployments/active', times: 1, fault: { type: 'empty' } })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-active-deployments' },
      options: { clock: recordingClock() }
    })
    expect(run.code).toBe(0)
    expect(sim.requests).toHaveLength(2)
  })

  test('an absurdly nested body is refused before anything copies it (no stack overflow)', async () => {
    const deep = `{"clientEnv":"live","variables":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`
    sim.faults.add({
      path: '/real-time-configs/live',
      times: Infinity,
      fault: { type: 'status', status: 200, body: deep }
    })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-config-page', targetEnvironment: 'live' },
      options: { clock: recordingClock() }
    })
    expect(run.code).toBe(1)
    expect(errorLine(run.stdout)).toContain(
      'GET /v1/agents/agent-1/real-time-configs/live → HTTP 200: unusable success response: the body nests deeper than 256 levels'
    )
    expect(run.stdout).not.toContain('Unexpected error')
  })

  test('a body larger than 8 MiB is refused, not buffered', async () => {
    sim.faults.add({
      path: '/real-time-configs/live',
      times: Infinity,
      fault: { type: 'status', status: 200, body: 'x'.repeat(9 * 1024 * 1024) }
    })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-config-page', targetEnvironment: 'live' },
      options: { clock: recordingClock() }
    })
    expect(run.code).toBe(1)
    expect(errorLine(run.stdout)).toContain('the response is larger than 8388608 bytes')
  })

  test('a refused connection is retried, then named', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const clock = recordingClock()
    const run = await runInProcess({
      inputs: { ...base(), baseUrl: `http://127.0.0.1:${port}`, operation: 'get-active-deployments' },
      options: { clock }
    })
    expect(run.code).toBe(1)
    expect(clock.sleeps).toHaveLength(4)
    expect(errorLine(run.stdout)).toContain('connection failed (ECONNREFUSED)')
  })

  test('a redirect is not followed, not retried, and shows Location', async () => {
    sim.faults.add({
      path: '/deployments/active',
      times: Infinity,
      fault: { type: 'redirect', location: 'https://api.eu.poly.ai/v1/x', status: 301 }
    })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-active-deployments' },
      options: { clock: recordingClock() }
    })
    expect(run.code).toBe(1)
    expect(sim.requests).toHaveLength(1)
    expect(errorLine(run.stdout)).toContain(
      'HTTP 301: unexpected redirect (not followed) (Location: https://api.eu.poly.ai/v1/x)'
    )
  })
})

describe('mutations', () => {
  const promote = (): Record<string, string> => ({ ...base(), operation: 'promote', targetEnvironment: 'pre-release' })

  test('429 is resent once a check finds it did not land anyway', async () => {
    const clock = recordingClock(0)
    sim.faults.add({
      method: 'POST',
      path: '/promote',
      times: 2,
      fault: { type: 'status', status: 429, retryAfter: '3' }
    })
    const run = await runInProcess({ inputs: promote(), options: { clock } })
    expect(run.code).toBe(0)
    expect(clock.sleeps).toEqual([3000, 3000])
    // Before each resend, one check (a gateway may answer 429 after acting): the active map and pre-release's
    // history (an active map that lags proves nothing). The last read checks what the promote replaced.
    const check = ['GET /deployments/active', 'GET /deployments']
    expect(calls()).toEqual([
      'GET /deployments/active',
      'POST /deployments/dep-0004/promote',
      ...check,
      'POST /deployments/dep-0004/promote',
      ...check,
      'POST /deployments/dep-0004/promote',
      'GET /deployments'
    ])
    expect(sim.state.history('pre-release')).toHaveLength(2)
  })

  test('a 5xx is never resent: it is checked until the budget ends, then the step says it may have landed', async () => {
    sim.faults.add({ method: 'POST', path: '/promote', fault: { type: 'status', status: 500 } })
    const clock = recordingClock()
    const run = await runInProcess({ inputs: { ...promote(), timeoutSeconds: '20' }, options: { clock } })
    expect(run.code).toBe(1)
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    // Checks at 0, 2, 6, 14 and 19 s: the last pause is cut to end just before the budget.
    expect(clock.sleeps).toEqual([2000, 4000, 8000, 5000])
    expect(calls().filter((c) => c === 'GET /deployments/active')).toHaveLength(6)
    expect(errorLine(run.stdout)).toMatch(
      /HTTP 500 .*checked 5 times over 19 s until the step's 20 s budget \(timeoutSeconds\) ran out: it had not landed; it was not sent again, because the server may still apply it: check the agent's deployments \(a deployment in pre-release whose message ends with \[promote run 4242\.1 id [0-9a-f]{8}\]\) before re-running/
    )
    expect(sim.state.history('pre-release')).toHaveLength(1)
  })

  test('a change that landed behind a 502 is reported once, with a warning', async () => {
    sim.faults.add({ method: 'POST', path: '/promote', fault: { type: 'apply-then-status', status: 502 } })
    const run = await runInProcess({ inputs: promote(), options: { clock: recordingClock() } })
    expect(run.code).toBe(0)
    expect(calls()).toEqual([
      'GET /deployments/active',
      'POST /deployments/dep-0004/promote',
      'GET /deployments/active',
      'GET /deployments'
    ])
    const made = sim.state.active('pre-release')!
    expect(run.outputs.deploymentId).toBe(made.id)
    expect(run.stdout).toMatch(
      /^::warning::The POST \/v1\/agents\/agent-1\/deployments\/dep-0004\/promote request did land despite the failure/m
    )
  })

  test('a success without deployment.id that did not land is not resent', async () => {
    sim.faults.add({
      method: 'POST',
      path: '/publish',
      fault: { type: 'status', status: 201, body: { deployment: { environment: 'sandbox' } } }
    })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'publish' },
      options: { clock: recordingClock() }
    })
    expect(run.code).toBe(1)
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    expect(errorLine(run.stdout)).toContain(
      'POST /v1/agents/agent-1/deployments/publish → HTTP 201: unusable success response: response.deployment has no id'
    )
    expect(errorLine(run.stdout)).toContain(
      'the server answered with a success status, so the change may have landed, but no deployment of this step was found; it was not sent again'
    )
  })

  test('landing checks whose reads keep failing: checked again until the budget ends, never a blind resend', async () => {
    sim.faults.add({ method: 'POST', path: '/rollback', fault: { type: 'status', status: 503 } })
    // The rollback reads the active map once before it sends (a rule that only delays by 0 ms); every later read fails.
    sim.faults.add({ method: 'GET', path: '/deployments/active', fault: { type: 'delay', ms: 0 } })
    sim.faults.add({
      method: 'GET',
      path: '/deployments/active',
      times: Infinity,
      fault: { type: 'empty', status: 503 }
    })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'rollback', targetEnvironment: 'sandbox' },
      options: { clock: recordingClock() }
    })
    expect(run.code).toBe(1)
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    expect(errorLine(run.stdout)).toMatch(
      /ran out: none of them could read the deployments \(last check: .*HTTP 503.*\); it was not sent again/
    )
    expect(sim.state.history('sandbox')).toHaveLength(2)
  })
})

describe('mutations that time out (the server and the step on one driven fake clock)', () => {
  let driven: Simulator | undefined
  afterEach(async () => {
    await driven?.close()
    driven = undefined
  })

  test('a request that timed out is never sent again; the checks run until the budget ends', async () => {
    const { sim, clock, transport } = await startDriven()
    driven = sim
    // The POST hangs until its timeout (a third of the 8 s budget), on the driven fake clock.
    sim.faults.add({ method: 'POST', path: '/publish', fault: { type: 'hang' } })
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'publish', timeoutSeconds: '8' },
      options: { clock, transport }
    })
    expect(run.code).toBe(1)
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    expect(errorLine(run.stdout)).toMatch(
      /POST \/v1\/agents\/agent-1\/deployments\/publish → no answer within 2\.7 s .*checked 3 times over 4\.3 s until the step's 8 s budget \(timeoutSeconds\) ran out: it had not landed; it was not sent again/
    )
    expect(sim.state.history('sandbox')).toHaveLength(2)
  })

  test('when the budget runs out mid-request, the landing check still runs (in a grace period) and the message tells the truth', async () => {
    const { sim, clock, transport } = await startDriven()
    driven = sim
    sim.faults.add({ method: 'POST', path: '/publish', times: Infinity, fault: { type: 'hang' } })
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'publish', timeoutSeconds: '1' },
      options: { clock, transport }
    })
    expect(run.code).toBe(1)
    const error = errorLine(run.stdout)
    expect(error).toMatch(
      /timed out: the step's 1 s budget \(timeoutSeconds\) ran out while POST \/v1\/agents\/agent-1\/deployments\/publish was in flight \(attempt 1\)/
    )
    expect(error).toMatch(
      /checked 1 time over 0 s until the step's 1 s budget \(timeoutSeconds\) ran out: it had not landed; it was not sent again, because the server may still apply it/
    )
    // The check reads the active map and sandbox's history (an active map that lags proves nothing).
    expect(callsOf(sim)).toEqual([
      'GET /deployments/active',
      'POST /deployments/publish',
      'GET /deployments/active',
      'GET /deployments'
    ])
    expect(sim.state.history('sandbox')).toHaveLength(2)
  })
})
