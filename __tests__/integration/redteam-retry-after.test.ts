/**
 * Red team: Retry-After as servers really write it. A fractional number of seconds ("1.5", not the
 * RFC's integer, but plain in meaning) must never be read as "no Retry-After" and resent sooner.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { runInProcess } from '../helpers/in-process.js'
import { type FakeClock, fakeClock } from '../helpers/clock.js'

let sim: Simulator
let clock: FakeClock
beforeEach(async () => {
  clock = fakeClock({ random: 0 })
  sim = await startSimulator({ clock })
})
afterEach(async () => {
  await sim.close()
})

test.each([
  ['1.5', 1500],
  ['0', 0],
  ['  3 ', 3000]
])('a 429 with Retry-After %j is retried no sooner than it asks', async (retryAfter, atLeast) => {
  sim.faults.add({
    method: 'GET',
    path: '/deployments/active',
    fault: { type: 'status', status: 429, retryAfter }
  })
  const result = await runInProcess({
    inputs: { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url, operation: 'get-active-deployments' },
    options: { clock }
  })
  expect(result.code).toBe(0)
  expect(clock.sleeps[0]).toBeGreaterThanOrEqual(atLeast)
})
