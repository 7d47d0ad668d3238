/**
 * bakeSeconds and rollbackOnFailure (issue 17), in process on the fake clock shared with the
 * simulator (its alert firings and timestamps run on the step's time, so hour-long bakes take no
 * real time): quiet bakes, alerts that fire, that fired before, that are another agent's, alerts that
 * cannot be read, a rollback answered 502 after it was applied, a colleague's deployment during the
 * bake, failing test runs, and a dry run.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { runInProcess } from '../helpers/in-process.js'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { errorLine, warnings } from '../helpers/log-lines.js'
import type { Clock } from '../../src/core/clock.js'
import { startFakeGithub } from '../../dev/fake-github.js'

let sim: Simulator
let clock: FakeClock
beforeEach(async () => {
  clock = fakeClock()
  sim = await startSimulator({ seed: 'staged', clock, testRunPolls: 0 })
})
afterEach(async () => {
  await sim.close()
})

const promoteLive = (extra: Record<string, string> = {}): Record<string, string> => ({
  apiKey: sim.apiKey,
  agentId: sim.agentId,
  baseUrl: sim.url,
  operation: 'promote',
  targetEnvironment: 'live',
  bakeSeconds: '3600',
  ...extra
})
const run = (inputs: Record<string, string>, stepClock: Clock = clock) =>
  runInProcess({ inputs, options: { clock: stepClock } })
const calls = (method: string, pattern: RegExp) =>
  sim.requests.filter((r) => r.method === method && pattern.test(r.path))
const rollbacks = () => calls('POST', /\/rollback$/)
const alertPolls = () => calls('GET', /^\/v1\/alerts$/)

describe('bake', () => {
  test('a quiet bake with rules in ok passes, polls more than once, logs every minute and reports a bake section', async () => {
    const before = sim.state.active('live')!
    const started = clock.now()
    const result = await run(promoteLive({ bakeSeconds: '300', rollbackOnFailure: 'true' }))
    expect(result.code).toBe(0)
    expect(result.outputs.health).toBe('healthy')
    expect(JSON.parse(result.outputs.alerts!)).toEqual([])
    expect(result.outputs.rollbackDeploymentId).toBeUndefined()
    expect(result.outputs.previousDeploymentId).toBe(before.id)
    expect(alertPolls().length).toBeGreaterThan(1)
    // Polls at most 15 s apart, over the whole 300 s.
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(15_000)
    expect(clock.now() - started).toBeGreaterThanOrEqual(300_000)
    const minuteLines = result.stdout.split('\n').filter((l) => /^Bake: \d+ min/.test(l))
    expect(minuteLines.length).toBeGreaterThanOrEqual(4)
    expect(rollbacks()).toHaveLength(0)
    expect(result.summary).toContain('**Bake**')
    expect(result.summary).toMatch(/\| Verdict \| healthy: no new alert in 5 min/)
    expect(result.summary).toContain('Alert rules watched')
    expect(warnings(result)).toEqual([])
  })

  test('an alert that fires during a long bake is acted on within 30 s: one rollback, live back on the previous version, the step fails naming the alert', async () => {
    const before = sim.state.active('live')!
    const firesAt = clock.now() + 400_000
    sim.state.alerts.fire('ar_p95', 400_000, Infinity, 1830)
    const result = await run(promoteLive({ rollbackOnFailure: 'true' }))
    expect(result.code).toBe(1)
    const [post] = rollbacks()
    expect(rollbacks()).toHaveLength(1)
    expect(post!.at - firesAt).toBeLessThanOrEqual(30_000)
    expect(post!.at).toBeGreaterThanOrEqual(firesAt)
    expect(post!.path).toContain(`/deployments/${before.id}/rollback`)
    expect((post!.body as { deploymentMessage: string }).deploymentMessage).toMatch(
      /\[auto-rollback run 4242\.1 id [0-9a-f]{8}\]$/
    )
    const live = sim.state.active('live')!
    expect(live.version).toBe(before.version)
    const promoted = sim.state.history('live')[1]!
    expect(result.outputs).toMatchObject({
      health: 'unhealthy',
      deploymentId: promoted.id,
      previousDeploymentId: before.id,
      rollbackDeploymentId: live.id
    })
    expect(JSON.parse(result.outputs.alerts!)).toEqual([
      expect.objectContaining({ ruleId: 'ar_p95', name: 'Turn latency p95', currentValue: 1830, threshold: 1500 })
    ])
    expect(errorLine(result)).toContain('"Turn latency p95" (turn_latency_p95 1830 against >= 1500')
    expect(errorLine(result)).toContain(`live was rolled back to version ${before.version}`)
    expect(result.summary).toContain('**Automatic rollback**')
    expect(result.summary).toContain('| ar\\_p95 | Turn latency p95 |')
  })

  test('the same alert without rollbackOnFailure fails the step and rolls nothing back', async () => {
    sim.state.alerts.fire('ar_p95', 300_000)
    const result = await run(promoteLive())
    expect(result.code).toBe(1)
    expect(rollbacks()).toHaveLength(0)
    const promoted = sim.state.active('live')!
    expect(result.outputs.deploymentId).toBe(promoted.id)
    expect(result.outputs.health).toBe('unhealthy')
    expect(errorLine(result)).toContain('Nothing was rolled back (rollbackOnFailure is false)')
    // Acted on at once: the bake stopped at the alert, not at the end of the hour.
    expect(alertPolls().length).toBeLessThan(30)
  })

  test('an alert already firing when the deploy was made is reported, not acted on', async () => {
    sim.state.alerts.fire('ar_crashes', -120_000)
    const result = await run(promoteLive({ bakeSeconds: '300', rollbackOnFailure: 'true' }))
    expect(result.code).toBe(0)
    expect(result.outputs.health).toBe('healthy')
    expect(JSON.parse(result.outputs.alerts!)).toEqual([])
    expect(rollbacks()).toHaveLength(0)
    expect(warnings(result).join('\n')).toContain('"Call crashes (account)"')
    expect(warnings(result).join('\n')).toContain('already firing when deployment')
    expect(result.summary).toContain('no: firing before the deploy')
  })

  test("another agent's alert is ignored; an account-wide rule's alert counts", async () => {
    sim.state.alerts.fire('ar_other', 30_000)
    const quiet = await run(promoteLive({ bakeSeconds: '300', rollbackOnFailure: 'true' }))
    expect(quiet.code).toBe(0)
    expect(quiet.outputs.health).toBe('healthy')
    expect(rollbacks()).toHaveLength(0)

    sim.state.alerts.fire('ar_crashes', 60_000)
    sim.state.editDraft()
    const loud = await run({ ...promoteLive({ operation: 'publish', bakeSeconds: '300' }) })
    expect(loud.code).toBe(1)
    expect(JSON.parse(loud.outputs.alerts!)).toEqual([
      expect.objectContaining({ ruleId: 'ar_crashes', projectId: null })
    ])
    expect(errorLine(loud)).toContain('an account-wide rule')
  })

  test('alerts unreadable for the whole bake: unknown, the step fails, nothing is rolled back', async () => {
    // The rules are read before the deploy (and once at the start of the bake); from then on, nothing of the Alerts API answers.
    sim.faults.add({ method: 'GET', path: '/v1/alerts', times: Infinity, fault: { type: 'status', status: 500 } })
    const failing: Clock = {
      now: () => clock.now(),
      random: () => clock.random(),
      sleep: async (ms, signal) => {
        if (!signal && !sim.faults.pending().some((r) => r.path === '/v1/alert-rules'))
          sim.faults.add({ path: '/v1/alert-rules', times: Infinity, fault: { type: 'status', status: 503 } })
        await clock.sleep(ms, signal)
      }
    }
    sim.state.alerts.fire('ar_p95', 60_000)
    const result = await run(promoteLive({ bakeSeconds: '300', rollbackOnFailure: 'true' }), failing)
    expect(result.code).toBe(1)
    expect(result.outputs.health).toBe('unknown')
    expect(rollbacks()).toHaveLength(0)
    expect(errorLine(result)).toContain('cannot be told: the active alerts could not be read during the whole bake')
    expect(errorLine(result)).toContain('Nothing was rolled back')
    expect(alertPolls().length).toBeGreaterThan(1)
    // Warned when reading started failing, then at most once a minute: not once a poll.
    const unread = warnings(result).filter((w) => w.includes('the active alerts could not be read'))
    expect(unread.length).toBeGreaterThanOrEqual(1)
    expect(unread.length).toBeLessThanOrEqual(6)
  })

  test('every rule without data (a quiet hour): unknown, no rollback', async () => {
    for (const rule of sim.state.alerts.rules) rule.baseState = 'no_data'
    const result = await run(promoteLive({ bakeSeconds: '300', rollbackOnFailure: 'true' }))
    expect(result.code).toBe(1)
    expect(result.outputs.health).toBe('unknown')
    expect(errorLine(result)).toContain('every watched rule was without data (no_data)')
    expect(rollbacks()).toHaveLength(0)
  })

  test('the rollback answered 502 after it was applied: exactly one rollback, found by its own mark', async () => {
    const before = sim.state.active('live')!
    sim.faults.add({ method: 'POST', path: /\/rollback$/, fault: { type: 'apply-then-status', status: 502 } })
    sim.state.alerts.fire('ar_p95', 200_000)
    const result = await run(promoteLive({ rollbackOnFailure: 'true' }))
    expect(result.code).toBe(1)
    expect(rollbacks()).toHaveLength(1)
    const live = sim.state.active('live')!
    expect(live.version).toBe(before.version)
    expect(live.metadata?.deployment_message).toMatch(/\[auto-rollback run 4242\.1 id [0-9a-f]{8}\]$/)
    expect(result.outputs.rollbackDeploymentId).toBe(live.id)
    expect(result.stdout).toContain('did land despite the failure')
  })

  test('a colleague deploys during the bake, then an alert fires: no rollback over them', async () => {
    const start = clock.now()
    let hotfix: string | undefined
    // The colleague deploys 2 min into the bake (on the shared clock); the alert fires at 4 min.
    const withColleague: Clock = {
      now: () => clock.now(),
      random: () => clock.random(),
      sleep: async (ms, signal) => {
        await clock.sleep(ms, signal)
        if (!hotfix && !signal && clock.now() - start >= 120_000) {
          hotfix = sim.state.addDeployment('live', undefined, {
            deployment_message: 'Hotfix by Ana',
            deployment_type: 'publish'
          }).id
        }
      }
    }
    sim.state.alerts.fire('ar_p95', 240_000)
    const result = await run(promoteLive({ rollbackOnFailure: 'true' }), withColleague)
    expect(hotfix).toBeDefined()
    expect(result.code).toBe(1)
    expect(rollbacks()).toHaveLength(0)
    expect(sim.state.active('live')!.id).toBe(hotfix)
    expect(errorLine(result)).toContain(`nothing was rolled back: live now runs ${hotfix}`)
    expect(errorLine(result)).toContain('Hotfix by Ana')
    expect(result.outputs.rollbackDeploymentId).toBeUndefined()
  })

  test('failing test runs with rollbackOnFailure: one rollback', async () => {
    const before = sim.state.active('live')!
    sim.state.testRunPlan = { outcome: 'failed', pollsUntilDone: 0 }
    const result = await run(promoteLive({ bakeSeconds: '0', waitForTestRuns: 'true', rollbackOnFailure: 'true' }))
    expect(result.code).toBe(1)
    expect(rollbacks()).toHaveLength(1)
    expect(sim.state.active('live')!.version).toBe(before.version)
    expect(result.outputs.rollbackDeploymentId).toBe(sim.state.active('live')!.id)
    expect(errorLine(result)).toContain('Rolled back because its test runs failed')
  })

  test('the GitHub Deployment of the failed deployment gets a failure status, and the rollback is recorded too', async () => {
    const github = await startFakeGithub()
    try {
      sim.state.alerts.fire('ar_p95', 120_000)
      const result = await runInProcess({
        inputs: promoteLive({ bakeSeconds: '300', rollbackOnFailure: 'true', githubToken: github.token }),
        env: { GITHUB_API_URL: github.url },
        options: { clock }
      })
      expect(result.code).toBe(1)
      const [restored, promoted] = sim.state.history('live')
      expect(restored!.id).toBe(result.outputs.rollbackDeploymentId)
      const recorded = github.deployments.map((d) => (d.payload as { polyaiDeploymentId: string }).polyaiDeploymentId)
      expect(recorded).toEqual([promoted!.id, restored!.id])
      expect(github.deployments.map((d) => d.environment)).toEqual(['polyai-live', 'polyai-live'])
      expect(github.statuses.map((s) => s.state)).toEqual(['failure', 'success'])
      expect((github.deployments[1]!.payload as { operation: string }).operation).toBe('rollback')
      expect(github.deployments[1]!.description).toMatch(
        /^Automatic rollback of dep-\d+: alert "Turn latency p95" fired$/
      )
    } finally {
      await github.close()
    }
  })

  test('a dry run says what it would watch and for how long, and waits for nothing', async () => {
    const started = clock.now()
    const result = await run(promoteLive({ dryRun: 'true', rollbackOnFailure: 'true' }))
    expect(result.code).toBe(0)
    expect(clock.now()).toBe(started)
    expect(clock.sleeps).toEqual([])
    expect(alertPolls()).toHaveLength(0)
    expect(calls('GET', /^\/v1\/alert-rules$/)).toHaveLength(1)
    expect(result.summary).toMatch(/\| Bake \| would watch 2 alert rule\\\(s\\\) for 1 h after the deploy/)
    expect(result.summary).toContain('Dry run: the bake was planned, not run')
    expect(sim.mutations()).toHaveLength(0)
  })
})

describe('bake: refused before anything is sent', () => {
  test('an agent with no alert rules', async () => {
    sim.state.alerts.rules = sim.state.alerts.rules.filter((r) => r.project_id === 'agent-other')
    const result = await run(promoteLive())
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('Cannot bake: agent agent-1 has no enabled alert rules')
    expect(sim.mutations()).toHaveLength(0)
  })

  test('a key that cannot read the alert rules', async () => {
    sim.faults.add({ path: '/v1/alert-rules', fault: { type: 'status', status: 403 } })
    const result = await run(promoteLive())
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('Cannot bake: the alert rules could not be read, so nothing was sent')
    expect(errorLine(result)).toContain('HTTP 403')
    expect(sim.mutations()).toHaveLength(0)
  })

  test.each([
    [{ targetEnvironment: 'pre-release' }, "bakeSeconds watches PolyAI's alerts, which speak for live traffic only"],
    [{ operation: 'rollback', rollbackOnFailure: 'true' }, 'rollbackOnFailure cannot be used on a rollback step'],
    [{ timeoutSeconds: '600' }, 'timeoutSeconds (600) cannot hold the bake: bakeSeconds (3600)'],
    [{ bakeSeconds: 'soon' }, 'bakeSeconds must be a whole number of seconds']
  ])('input error: %j', async (extra, message) => {
    const result = await run(promoteLive(extra))
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(message)
    expect(sim.requests).toHaveLength(0)
  })

  test('the default timeoutSeconds grows with the bake', async () => {
    const result = await run(promoteLive({ bakeSeconds: '7200', dryRun: 'true' }))
    expect(result.code).toBe(0)
    expect(result.summary).toContain('for 2 h after the deploy')
  })
})
