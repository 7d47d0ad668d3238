/**
 * The bake through the bundle (dist/index.js), for what the in-process tests cannot show: a bake
 * on the runner's real clock (its polls' timers end with the step: the process exits once the
 * rollback is reported), and its inputs and outputs (health, alerts, rollbackDeploymentId) through
 * the real INPUT_* variables and GITHUB_OUTPUT file. The alert fires from the moment after the
 * promote was applied, set as its answer passes a proxy in front of the simulator, so the bake's
 * first poll sees it: no real waiting, however slow the machine. Policy (long bakes, timing) is in
 * __tests__/integration/bake.test.ts, on the fake clock.
 */
import { expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runDist } from '../../dev/run-action.js'
import { errorLine } from '../helpers/log-lines.js'
import { startProxy } from '../helpers/redteam-proxy.js'

let sim: Simulator
useSimulator((s) => (sim = s), { seed: 'staged' })

test('a promote to live whose bake sees an alert rolls back; the outputs say so', async () => {
  const before = sim.state.active('live')!
  // The alert starts just after the promote's createdAt, set before its answer reaches the step.
  const proxy = await startProxy(sim.url, (p) => {
    if (p.method === 'POST' && p.path.endsWith('/promote') && p.status === 200) {
      const { createdAt } = (JSON.parse(p.body) as { deployment: { createdAt: string } }).deployment
      sim.state.alerts.fire('ar_p95', Date.parse(createdAt) + 1 - sim.state.now(), Infinity, 2100)
    }
    return undefined
  })
  const run = await runDist({
    inputs: {
      ...actionInputs(sim),
      baseUrl: proxy.url,
      operation: 'promote',
      targetEnvironment: 'live',
      bakeSeconds: '3',
      rollbackOnFailure: 'true'
    }
  }).finally(() => proxy.close())
  expect(run.code).toBe(1)
  const [restored, promoted] = sim.state.history('live')
  expect(restored!.version).toBe(before.version)
  expect(run.outputs).toMatchObject({
    health: 'unhealthy',
    deploymentId: promoted!.id,
    previousDeploymentId: before.id,
    rollbackDeploymentId: restored!.id
  })
  expect(JSON.parse(run.outputs.alerts!)).toEqual([
    {
      ruleId: 'ar_p95',
      name: 'Turn latency p95',
      projectId: sim.agentId,
      metric: 'turn_latency_p95',
      operator: '>=',
      threshold: 1500,
      currentValue: 2100,
      since: expect.any(String)
    }
  ])
  expect(errorLine(run)).toContain('Bake: unhealthy: alert "Turn latency p95" (turn_latency_p95 2100 against >= 1500')
  expect(run.stdout).toContain('bakeSeconds is 3: shorter than the shortest alert window (5 min)')
})
