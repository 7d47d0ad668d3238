/**
 * A matrix under a rate limit, in process: 20 promote steps of 20 agents on one key, all at once,
 * against the simulator with a token bucket on the key (beyond it, 429 with Retry-After). The
 * steps and the server share one driven fake clock, so the minute of waiting runs in a moment.
 * Every step must finish, none may make a second deployment, and no request may come sooner than
 * the Retry-After its agent was given (the server records any that does).
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../dev/simulator/index.js'
import { startDriven } from '../helpers/driven.js'
import { runInProcess } from '../helpers/in-process.js'

const AGENTS = Array.from({ length: 20 }, (_, i) => `agent-${i + 1}`)

/** A seeded generator (mulberry32): jitter that differs from step to step, the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

describe('20 promotes at once on one key limited to 4 requests/s', () => {
  test.each([
    ['Retry-After in seconds', 'seconds'],
    ['Retry-After as an HTTP date beside the Date header', 'date']
  ] as const)('%s: all finish, one deployment each, none sooner than Retry-After', async (_, form) => {
    const driven = await startDriven({
      agents: AGENTS.slice(1),
      rateLimit: { perSecond: 4, burst: 4, retryAfterSeconds: 2, retryAfterForm: form },
      random: seeded(form === 'date' ? 7 : 21)
    })
    sim = driven.sim
    const { clock } = driven
    const server = sim
    const started = clock.now()
    const before = AGENTS.map((id) => server.stateOf(id)!.history('pre-release').length)
    const runs = await Promise.all(
      AGENTS.map((agentId) =>
        runInProcess({
          inputs: {
            apiKey: server.apiKey,
            agentId,
            baseUrl: server.url,
            operation: 'promote',
            targetEnvironment: 'pre-release',
            timeoutSeconds: '120'
          },
          options: { clock, transport: driven.newTransport() }
        })
      )
    )
    const elapsed = clock.now() - started
    const limit = server.rateLimit!

    for (const run of runs) expect(run.code).toBe(0)
    // Exactly one new deployment per agent, and it is the one each step reports.
    AGENTS.forEach((id, i) => {
      const history = server.stateOf(id)!.history('pre-release')
      expect(history).toHaveLength((before[i] as number) + 1)
      expect(runs[i]?.outputs.deploymentId).toBe(server.stateOf(id)!.active('pre-release')!.id)
    })
    expect(limit.early).toEqual([])
    // The limit did bite (else this test could not fail), and every wait was logged.
    expect(limit.limited).toBeGreaterThan(AGENTS.length)
    const waits = runs.reduce((n, run) => n + (run.stdout.match(/rate limited \(HTTP 429, /g) ?? []).length, 0)
    expect(waits).toBe(limit.limited)
    // The floor: the requests that got through, at 4 a second. The matrix finishes well within its budget.
    const floor = (limit.admitted / 4) * 1000
    expect(elapsed).toBeGreaterThanOrEqual(floor - 1000 * 4)
    expect(elapsed).toBeLessThan(3 * floor)
    expect(elapsed).toBeLessThan(120_000)
  })
})
