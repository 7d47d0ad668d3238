/**
 * The bake through the bundle (dist/index.js), the one thing the in-process tests cannot show: the
 * inputs reach it, and health, alerts and rollbackDeploymentId come out as step outputs. A short
 * real bake (3 s): the alert is made to fire once the deploy is seen, so a slow machine only
 * shifts when it fires, never whether the bake sees it. Policy (long bakes, timing) is in
 * __tests__/integration/bake.test.ts, on the fake clock.
 */
import { expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runDist } from '../../dev/run-action.js'
import { errorLine } from '../helpers/log-lines.js'

let sim: Simulator
useSimulator((s) => (sim = s), { seed: 'staged' })

test('a promote to live whose bake sees an alert rolls back; the outputs say so', async () => {
  const before = sim.state.active('live')!
  // Fire as soon as the promote has landed (the bake's last poll, 3 s after it, sees it at the latest).
  const watcher = setInterval(() => {
    if (sim.state.active('live')!.id !== before.id && sim.state.alerts.firings.length === 0)
      sim.state.alerts.fire('ar_p95', 0, Infinity, 2100)
  }, 10)
  const run = await runDist({
    inputs: {
      ...actionInputs(sim),
      operation: 'promote',
      targetEnvironment: 'live',
      bakeSeconds: '3',
      rollbackOnFailure: 'true'
    }
  }).finally(() => clearInterval(watcher))
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
