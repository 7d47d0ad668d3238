/**
 * waitForTestRuns: runs that pass, fail, error, never finish, or cannot be read, scripted with the
 * simulator's testRunPlan. In process on the fake clock (instant waits that still count toward the
 * budgets, so poll counts are exact): polling is policy, the same code in the bundle.
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const promote = (extra: Record<string, string> = {}): Record<string, string> => ({
  apiKey: sim.apiKey,
  agentId: sim.agentId,
  baseUrl: sim.url,
  operation: 'promote',
  targetEnvironment: 'pre-release',
  waitForTestRuns: 'true',
  ...extra
})
const polls = (): number => sim.requests.filter((r) => r.path.includes('/testing/test-runs/')).length
const errorLines = (stdout: string): string[] => stdout.split('\n').filter((l) => l.startsWith('::error::'))

describe('waitForTestRuns', () => {
  test('waits until the runs pass, outputs testRunResults and a summary table', async () => {
    sim.state.testRunPlan = { outcome: 'passed', pollsUntilDone: 2 }
    const run = await runInProcess({ inputs: promote() })
    expect(run.code).toBe(0)
    const [id] = JSON.parse(run.outputs.testRunIds!) as string[]
    expect(JSON.parse(run.outputs.testRunResults!)).toEqual([
      { id, status: 'passed', result: 'passed', passedCount: 3, failedCount: 0, errorCount: 0, testCaseCount: 3 }
    ])
    expect(polls()).toBe(3) // pending, running, passed
    expect(run.stdout).toContain(`Test run ${id}: pending`)
    expect(run.stdout).toContain('All 1 test run(s) passed')
    expect(run.summary).toContain('| Test run | Status | Passed | Failed | Errors | Total |')
    expect(run.summary).toContain(`| ${id} | passed | 3 | 0 | 0 | 3 |`)
  })

  test('a failed run fails the step, naming it, and the deployment outputs are still written', async () => {
    sim.state.testRunPlan = { outcome: 'failed', pollsUntilDone: 1 }
    const run = await runInProcess({ inputs: promote() })
    expect(run.code).toBe(1)
    const made = sim.state.active('pre-release')!
    expect(run.outputs).toMatchObject({ deploymentId: made.id, changed: 'true', environment: 'pre-release' })
    const [result] = JSON.parse(run.outputs.testRunResults!)
    expect(result).toMatchObject({ status: 'failed', result: 'failed', failedCount: 1 })
    const errors = errorLines(run.stdout)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`Test runs did not pass: ${result.id} failed (1 failed, 0 errors of 3 cases).`)
    expect(errors[0]).toContain(`The deployment itself stands: ${made.id} is active in pre-release`)
    expect(run.summary).toContain('## ❌')
    expect(run.summary).toContain(`| ${result.id} | failed | 2 | 1 | 0 | 3 |`)
  })

  test('an errored run fails the step', async () => {
    sim.state.testRunPlan = { outcome: 'error', pollsUntilDone: 0 }
    const run = await runInProcess({ inputs: promote() })
    expect(run.code).toBe(1)
    expect(errorLines(run.stdout)[0]).toMatch(/Test runs did not pass: tr-\d+ error \(0 failed, 1 errors of 3 cases\)/)
  })

  test('a run that never finishes times out after testRunTimeoutSeconds, counted in intended sleeps', async () => {
    sim.state.testRunPlan = { outcome: 'never', pollsUntilDone: 0 }
    const run = await runInProcess({ inputs: promote({ testRunTimeoutSeconds: '10' }) })
    expect(run.code).toBe(1)
    expect(polls()).toBe(3) // at 0 s, 5 s and 10 s
    expect(errorLines(run.stdout)[0]).toMatch(
      /tr-\d+ did not finish: still running after 10 s \(testRunTimeoutSeconds\)/
    )
    expect(JSON.parse(run.outputs.testRunResults!)[0]).toMatchObject({ status: 'running', result: 'timed_out' })
    expect(run.summary).toMatch(/\| tr-\d+ \| running \\\(timed out\\\) \|/)
  })

  test('a wait longer than the whole step budget is refused before anything is deployed', async () => {
    const run = await runInProcess({ inputs: promote({ timeoutSeconds: '30' }) })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('testRunTimeoutSeconds (900) must be shorter than timeoutSeconds (30)')
    expect(sim.requests).toHaveLength(0)
  })

  test('names each run that did not pass, not the ones that did', async () => {
    sim.state.testRunPlans = [
      { outcome: 'passed', pollsUntilDone: 0 },
      { outcome: 'failed', pollsUntilDone: 1 },
      { outcome: 'never', pollsUntilDone: 0 }
    ]
    const run = await runInProcess({ inputs: promote({ testRunTimeoutSeconds: '5' }) })
    expect(run.code).toBe(1)
    const [ok, failed, never] = JSON.parse(run.outputs.testRunIds!) as string[]
    const line = errorLines(run.stdout)[0]!
    expect(line).toContain(`${failed} failed`)
    expect(line).toContain(`${never} did not finish`)
    expect(line).not.toContain(`${ok} `)
    expect(JSON.parse(run.outputs.testRunResults!).map((r: { result: string }) => r.result)).toEqual([
      'passed',
      'failed',
      'timed_out'
    ])
  })

  test('many failing runs: the error names the first 10 and counts the rest (a 20k-run list would be a megabyte-long line)', async () => {
    sim.state.testRunPlans = Array.from({ length: 25 }, () => ({ outcome: 'failed' as const, pollsUntilDone: 0 }))
    const run = await runInProcess({ inputs: promote() })
    expect(run.code).toBe(1)
    const ids = JSON.parse(run.outputs.testRunIds!) as string[]
    const [line] = errorLines(run.stdout)
    expect(ids).toHaveLength(25)
    for (const id of ids.slice(0, 10)) expect(line).toContain(`${id} failed (1 failed`)
    for (const id of ids.slice(10)) expect(line).not.toContain(`${id} `)
    expect(line).toContain(
      "; and 15 more (of 25; see the job summary, and the testRunResults output when it fits GitHub's output limit)."
    )
    expect(JSON.parse(run.outputs.testRunResults!)).toHaveLength(25)
  })

  test('read errors back off and are retried; the run still passes', async () => {
    sim.state.testRunPlan = { outcome: 'passed', pollsUntilDone: 0 }
    // 6 failures: the client's own 5 attempts give up once, the next round succeeds.
    sim.faults.add({ method: 'GET', path: /\/testing\/test-runs\//, times: 6, fault: { type: 'status', status: 503 } })
    const run = await runInProcess({ inputs: promote() })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::Could not read test run tr-\d+, will retry: .*HTTP 503/)
    expect(polls()).toBe(7)
    expect(JSON.parse(run.outputs.testRunResults!)[0].result).toBe('passed')
  })

  test('a run that cannot be read (404 three times in a row) is given up on and fails the step', async () => {
    sim.faults.add({
      method: 'GET',
      path: /\/testing\/test-runs\//,
      times: Infinity,
      fault: { type: 'status', status: 404 }
    })
    const run = await runInProcess({ inputs: promote() })
    expect(run.code).toBe(1)
    expect(polls()).toBe(3)
    expect(errorLines(run.stdout)[0]).toMatch(/tr-\d+ could not be read: 3 reads in a row failed; last: .*HTTP 404/)
    expect(JSON.parse(run.outputs.testRunResults!)[0]).toMatchObject({ status: 'unknown', result: 'unreadable' })
  })

  test('without waitForTestRuns nothing is polled and there is no testRunResults output', async () => {
    const run = await runInProcess({ inputs: promote({ waitForTestRuns: 'false' }) })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.testRunIds!)).toHaveLength(1)
    expect(polls()).toBe(0)
    expect(run.outputs.testRunResults).toBeUndefined()
  })

  test('a skipped promote has no runs to wait for: testRunResults is []', async () => {
    const run = await runInProcess({ inputs: promote({ targetEnvironment: 'live' }) })
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('false')
    expect(run.outputs.testRunResults).toBe('[]')
    expect(polls()).toBe(0)
    expect(run.stdout).toContain('no test runs to wait for (nothing was deployed)')
  })
})

describe('waitForTestRuns when the test runs cannot be known', () => {
  test('a re-run of the same workflow run cannot turn a failed test gate green', async () => {
    sim.state.testRunPlan = { outcome: 'failed', pollsUntilDone: 0 }
    const first = await runInProcess({ inputs: promote() })
    expect(first.code).toBe(1)
    const rerun = await runInProcess({ inputs: promote(), env: { GITHUB_RUN_ATTEMPT: '2' } }) // "Re-run jobs": same GITHUB_RUN_ID, next attempt
    expect(sim.mutations()).toHaveLength(1) // nothing promoted again
    expect(rerun.code).toBe(1)
    expect(rerun.outputs.changed).toBe('false')
    expect(errorLines(rerun.stdout)[0]).toMatch(
      /waitForTestRuns: cannot check the test runs of deployment dep-\d+: it was made by an earlier attempt of this workflow run/
    )
  })

  test('a promote whose answer was lost is reported, but its unknown test runs fail the wait', async () => {
    sim.faults.add({ method: 'POST', path: '/promote', fault: { type: 'reset-after' } })
    const run = await runInProcess({ inputs: promote() })
    expect(sim.mutations()).toHaveLength(1) // landed once, not resent
    expect(run.outputs.deploymentId).toBe(sim.state.active('pre-release')!.id)
    expect(run.code).toBe(1)
    expect(errorLines(run.stdout)[0]).toContain('its answer was lost and it was found by reading the deployments')
    expect(polls()).toBe(0)
  })

  test('without waitForTestRuns, the same lost answer is a success with a note', async () => {
    sim.faults.add({ method: 'POST', path: '/promote', fault: { type: 'reset-after' } })
    const run = await runInProcess({ inputs: promote({ waitForTestRuns: 'false' }) })
    expect(run.code).toBe(0)
    expect(run.summary).toContain('Test runs unknown')
  })
})
