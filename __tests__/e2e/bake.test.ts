/**
 * The bake through the bundle (dist/index.js), for what the in-process tests cannot show: a bake
 * on the runner's real clock (its polls' timers end with the step: the process exits once the
 * rollback is reported), and its inputs and outputs (health, alerts, rollbackDeploymentId) through
 * the real INPUT_* variables and GITHUB_OUTPUT file. The alert fires from the moment after the
 * promote was applied, set as its answer passes a proxy in front of the simulator, so the bake's
 * first poll sees it: no real waiting, however slow the machine. Policy (long bakes, timing) is in
 * __tests__/integration/bake.test.ts, on the fake clock.
 *
 * Also the runner's time zone (only a child process can run in another one): an Alerts API that
 * writes `since` without a UTC offset (a naive timestamp, as many Python servers do) while the
 * deployment's createdAt carries "Z". On a self-hosted runner east of UTC, Date.parse read the naive
 * `since` as the runner's local time, hours earlier: an alert that fired during the bake looked as
 * if it had fired before the deploy, was "reported, not counted", and the bake said healthy. The
 * runner's time zone must never decide whether an alert counts.
 *
 * Every case has a simulator of its own; the cases run two at a time from the start of the file.
 */
import { expect } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs } from '../helpers/simulator.js'
import { concurrentCases, withSimulator } from '../helpers/concurrent-cases.js'
import { type ActionRun, runDist } from '../../dev/run-action.js'
import { errorLine } from '../helpers/log-lines.js'
import { startProxy } from '../helpers/redteam-proxy.js'

const cases = concurrentCases()
const test = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  cases.test(name, () => withSimulator({ seed: 'staged' }, body))

/**
 * A promote to live with a 3 s bake and rollbackOnFailure, through the bundle and a proxy: the alert
 * starts just after the promote's createdAt, set before its answer reaches the step, so the bake's first
 * poll sees it with no real waiting. `alerts` may rewrite the Alerts API's answers.
 */
async function bakedPromote(
  sim: Simulator,
  options: { alerts?: (body: string) => string; env?: Record<string, string> } = {}
): Promise<ActionRun> {
  const proxy = await startProxy(sim.url, (p) => {
    if (p.method === 'POST' && p.path.endsWith('/promote') && p.status === 200) {
      const { createdAt } = (JSON.parse(p.body) as { deployment: { createdAt: string } }).deployment
      sim.state.alerts.fire('ar_p95', Date.parse(createdAt) + 1 - sim.state.now(), Infinity, 2100)
    }
    return options.alerts && p.method === 'GET' && p.path.startsWith('/v1/alert')
      ? { status: p.status, body: options.alerts(p.body) }
      : undefined
  })
  const inputs = { ...actionInputs(sim), baseUrl: proxy.url, operation: 'promote', targetEnvironment: 'live' }
  return runDist({
    inputs: { ...inputs, bakeSeconds: '3', rollbackOnFailure: 'true' },
    ...(options.env ? { env: options.env } : {})
  }).finally(() => proxy.close())
}

test('a promote to live whose bake sees an alert rolls back; the outputs say so', async (sim) => {
  const before = sim.state.active('live')!
  const run = await bakedPromote(sim)
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

/** "2026-12-03T12:00:00.000Z" → "2026-12-03T12:00:00.000": the same instant, written without its offset. */
const naive = (body: string): string => body.replace(/"since":"([^"]+)Z"/g, '"since":"$1"')

for (const tz of ['Asia/Tokyo', 'America/New_York']) {
  test(`an alert that fires during the bake counts whatever the runner time zone (TZ=${tz}, naive since)`, async (sim) => {
    const before = sim.state.active('live')!
    const run = await bakedPromote(sim, { alerts: naive, env: { TZ: tz } })
    expect(run.stdout).not.toContain('reported, not counted')
    expect(run.outputs.health).toBe('unhealthy')
    expect(run.code).toBe(1)
    expect(sim.state.active('live')!.version).toBe(before.version)
  })
}
