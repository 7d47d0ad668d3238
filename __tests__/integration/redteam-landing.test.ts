/**
 * Red team: the landing check's history skip against an active map that lags behind the history
 * (a read replica). A gateway answers the promote's POST 429 after the backend made the deployment;
 * the active map still names what ran before for a few reads. The step must not send the promote
 * again: live gets exactly one new deployment.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { runInProcess } from '../helpers/in-process.js'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { startProxy } from '../helpers/redteam-proxy.js'
import type { LocalServer } from '../helpers/local-server.js'

let sim: Simulator
let clock: FakeClock
let proxy: LocalServer
let stale: string | undefined
let lagging = 0
beforeEach(async () => {
  clock = fakeClock()
  sim = await startSimulator({ seed: 'staged', clock, testRunPolls: 0 })
  proxy = await startProxy(sim.url, (p) => {
    if (p.method === 'GET' && p.path.endsWith('/deployments/active')) {
      if (lagging > 0 && stale !== undefined) {
        lagging--
        return { status: 200, body: stale }
      }
      stale = p.body
    }
    if (p.method === 'POST' && p.path.endsWith('/promote')) lagging = 3
    return undefined
  })
})
afterEach(async () => {
  await proxy.close()
  await sim.close()
})

test('a promote answered 429 after it landed, with an active map that lags, is not sent again', async () => {
  const before = sim.state.history('live').length
  sim.faults.add({ method: 'POST', path: /\/promote$/, fault: { type: 'apply-then-status', status: 429 } })
  const result = await runInProcess({
    inputs: {
      apiKey: sim.apiKey,
      agentId: sim.agentId,
      baseUrl: proxy.url,
      operation: 'promote',
      targetEnvironment: 'live'
    },
    options: { clock }
  })
  const posts = sim.requests.filter((r) => r.method === 'POST' && /\/promote$/.test(r.path))
  expect(posts).toHaveLength(1)
  expect(sim.state.history('live').length).toBe(before + 1)
  expect(result.code).toBe(0)
  expect(result.outputs.deploymentId).toBe(sim.state.history('live')[0]!.id)
})
