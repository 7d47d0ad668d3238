/**
 * Issue 4 in process (real client, real HTTP, real @actions/core): the paths the end-to-end tests
 * cannot steer, chiefly time. A virtual clock whose sleeps advance now() shows the test-run wait
 * keeps its intervals, backs off on read errors and stops at its budget on a clock that moves.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { createHttpTransport, type Transport } from '../../src/api/transport.js'
import { type Simulator } from '../../dev/simulator/index.js'
import { useSimulator, actionInputs } from '../helpers/simulator.js'
import { startFakeGithub, type FakeGithub } from '../../dev/fake-github.js'
import { runInProcess } from '../helpers/in-process.js'

let sim: Simulator
useSimulator((s) => (sim = s))

/** now() moves only when something waits (or a test says so); every wait is recorded. */
function virtualClock(): { clock: FakeClock; sleeps: number[]; advance: (ms: number) => void } {
  const clock = fakeClock({ random: 0 })
  return { clock, sleeps: clock.sleeps, advance: clock.advance }
}

const base = (): Record<string, string> => actionInputs(sim)
const waitInputs = (extra: Record<string, string> = {}): Record<string, string> => ({
  ...base(),
  operation: 'promote',
  targetEnvironment: 'pre-release',
  waitForTestRuns: 'true',
  ...extra
})
const polls = (): number => sim.requests.filter((r) => r.path.includes('/testing/test-runs/')).length

describe('test-run wait on a clock that moves', () => {
  test('polls every 5 s and stops at testRunTimeoutSeconds, with a last shorter wait to land on it', async () => {
    sim.state.testRunPlan = { outcome: 'never', pollsUntilDone: 0 }
    const { clock, sleeps } = virtualClock()
    const run = await runInProcess({ inputs: waitInputs({ testRunTimeoutSeconds: '12' }), options: { clock } })
    expect(run.code).toBe(1)
    expect(sleeps).toEqual([5000, 5000, 2000])
    expect(polls()).toBe(4)
    expect(run.stdout).toContain('did not finish: still running after 12 s (testRunTimeoutSeconds)')
  })

  test('backs off (10 s, 20 s) while reads fail, then returns to 5 s', async () => {
    sim.state.testRunPlan = { outcome: 'passed', pollsUntilDone: 1 }
    sim.faults.add({ method: 'GET', path: /\/testing\/test-runs\//, times: 10, fault: { type: 'status', status: 503 } })
    const { clock, sleeps } = virtualClock()
    const run = await runInProcess({ inputs: waitInputs(), options: { clock } })
    expect(run.code).toBe(0)
    // The client's own retries sleep 0 ms here (random() = 0); the wait's sleeps are the rest.
    expect(sleeps.filter((ms) => ms > 0)).toEqual([10_000, 20_000, 5_000])
    expect(JSON.parse(run.outputs.testRunResults!)[0].result).toBe('passed')
  })

  test('stops before a sleep that would end past the step deadline', async () => {
    sim.state.testRunPlan = { outcome: 'never', pollsUntilDone: 0 }
    // The first read is rate limited for 3 s, so only 9 s of the step remain for an 11 s wait.
    sim.faults.add({
      method: 'GET',
      path: '/deployments/active',
      fault: { type: 'status', status: 429, retryAfter: '3' }
    })
    const { clock, sleeps } = virtualClock()
    const run = await runInProcess({
      inputs: waitInputs({ timeoutSeconds: '12', testRunTimeoutSeconds: '11' }),
      options: { clock }
    })
    expect(run.code).toBe(1)
    // Polls at 3 and 8 s; a 5 s sleep from 8 s would end at the 12 s deadline, with no time left to poll.
    expect(sleeps).toEqual([3000, 5000])
    expect(polls()).toBe(2)
    expect(run.stdout).toContain("when the step's 12 s (timeoutSeconds) ran out")
  })
})

describe('test-run statuses', () => {
  const answer = (body: Record<string, unknown>, times = 1): void =>
    sim.faults.add({
      method: 'GET',
      path: /\/testing\/test-runs\//,
      times,
      fault: { type: 'status', status: 200, body }
    })

  test('"completed" with failing cases is a failure', async () => {
    answer({ status: 'completed', passedCount: 2, failedCount: 1, errorCount: 0, testCaseCount: 3 })
    const run = await runInProcess({ inputs: waitInputs() })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::Test runs did not pass: tr-\d+ completed \(1 failed, 0 errors of 3 cases\)/)
    expect(JSON.parse(run.outputs.testRunResults!)[0]).toMatchObject({
      result: 'failed',
      detail: 'completed with failing cases'
    })
  })

  test('"completed" without counts is not a pass: the gate fails closed', async () => {
    answer({ status: 'COMPLETED' })
    const run = await runInProcess({ inputs: waitInputs() })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.outputs.testRunResults!)[0]).toMatchObject({
      status: 'COMPLETED',
      result: 'unreadable',
      passedCount: null,
      failedCount: null,
      errorCount: null,
      testCaseCount: null
    })
    expect(run.stdout).toMatch(
      /::error::Test runs did not pass: tr-\d+ did not clearly pass: completed, but its counts do not show zero failures and errors/
    )
    expect(run.summary).toMatch(/\| tr-\d+ \| COMPLETED \\\(not a clear pass\\\) \| — \| — \| — \| — \|/)
  })

  test('an unknown status warns once and is treated as not finished', async () => {
    answer({ status: 'queued' }, 2)
    const run = await runInProcess({ inputs: waitInputs() })
    expect(run.code).toBe(0)
    expect(run.stdout.match(/::warning::Test run tr-\d+ reports an unknown status "queued"/g)).toHaveLength(1)
  })

  test('an answer that is not a test run is a failed read, retried', async () => {
    answer({ nothing: 'here' }, 5) // every attempt of the client's first call
    sim.state.testRunPlan = { outcome: 'passed', pollsUntilDone: 0 }
    const run = await runInProcess({ inputs: waitInputs() })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::Could not read test run tr-\d+, will retry: .*test run has no status/)
  })

  test('operations that deploy nothing ignore waitForTestRuns and githubToken', async () => {
    const run = await runInProcess({
      inputs: { ...base(), operation: 'get-active-deployments', waitForTestRuns: 'true', githubToken: 'ghs_x' }
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'waitForTestRuns applies only to promote, rollback and publish; ignored for get-active-deployments'
    )
    expect(run.stdout).toContain(
      'githubToken records deployments of promote, rollback and publish only; none for get-active-deployments'
    )
    expect(run.outputs.testRunResults).toBeUndefined()
  })
})

describe('GitHub deployment record in process', () => {
  let github: FakeGithub
  beforeEach(async () => {
    github = await startFakeGithub()
  })
  afterEach(async () => {
    await github.close()
  })

  test('records the deployment after the test-run wait, with state failure when the runs failed', async () => {
    sim.state.testRunPlan = { outcome: 'failed', pollsUntilDone: 0 }
    const run = await runInProcess({
      inputs: waitInputs({ githubToken: github.token }),
      env: { GITHUB_API_URL: `${github.url}/` }
    })
    expect(run.code).toBe(1)
    expect(github.deployments).toHaveLength(1)
    expect(github.statuses[0]).toMatchObject({ state: 'failure', environment: 'polyai-pre-release' })
    expect(run.outputs.deploymentId).toBe(sim.state.active('pre-release')!.id)
  })

  test('an answer without a deployment id (202) only warns', async () => {
    github.fail({ path: '/deployments', status: 202, message: 'Auto-merged master into topic-branch on deployment.' })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'publish', githubToken: github.token },
      env: { GITHUB_API_URL: github.url }
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::warning::Could not record a GitHub deployment')
    expect(run.stdout).toContain(
      'GitHub did not create it (HTTP 202: Auto-merged master into topic-branch on deployment.)'
    )
    expect(github.statuses).toEqual([])
  })

  test('a message longer than GitHub allows is cut to 140 characters', async () => {
    const message = `release notes: ${'x'.repeat(300)}`
    const run = await runInProcess({
      inputs: { ...base(), operation: 'publish', githubToken: github.token, deploymentMessage: message },
      env: { GITHUB_API_URL: github.url }
    })
    expect(run.code).toBe(0)
    const description = github.deployments[0]!.description as string
    expect(description).toHaveLength(140)
    expect(description.endsWith('…')).toBe(true)
  })
})

describe('re-run detection', () => {
  test('a message naming run 4242 is not this run when this is run 42', async () => {
    const { a, b } = { a: sim.state.active('live')!.version, b: sim.state.active('sandbox')!.version }
    const message = 'see https://github.com/acme/agents/actions/runs/4242'
    sim.state.addDeployment('live', 'c0ffee000000') // live: c over a, then rolled back to b (replacing c)
    sim.state.addDeployment('live', b, { deployment_message: message, deployment_type: 'rollback' })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'rollback', targetEnvironment: 'live', deploymentMessage: message },
      env: { GITHUB_RUN_ID: '42' }
    })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ changed: 'true', version: a })
  })

  test('with deployment_type missing, a rollback never takes the active deployment for its own', async () => {
    const { a, b } = { a: sim.state.active('live')!.version, b: sim.state.active('sandbox')!.version }
    const message = 'acme/agents@0123456 by octocat — https://github.com/acme/agents/actions/runs/4242'
    sim.state.addDeployment('live', b, { deployment_message: message } as never)
    const run = await runInProcess({ inputs: { ...base(), operation: 'rollback', targetEnvironment: 'live' } })
    expect(run.outputs).toMatchObject({ changed: 'true', version: a })
  })
})

describe('deployment flows in process', () => {
  const mutations = (): number => sim.mutations().length

  test.each([
    ['promote', { targetEnvironment: 'live' }, /promote/],
    ['rollback', { targetEnvironment: 'sandbox' }, /rollback/],
    ['rollback', { deploymentId: 'dep-0001' }, /rollback/],
    ['publish', { targetEnvironment: 'pre-release' }, /publish/]
  ])('%s %j as a dry run plans and sends nothing', async (operation, extra, path) => {
    const run = await runInProcess({ inputs: { ...base(), operation, ...extra, dryRun: 'true', force: 'true' } })
    expect(run.code).toBe(0)
    expect(mutations()).toBe(0)
    expect(run.summary).toContain('📝')
    expect(run.stdout).toMatch(new RegExp(`Dry run: would send POST \\S*${path.source}`))
  })

  test('promote skips when the target runs the version, force overrides, and the re-run is skipped again', async () => {
    const skipped = await runInProcess({ inputs: { ...base(), operation: 'promote', targetEnvironment: 'live' } })
    expect(skipped.outputs.changed).toBe('false')
    const forced = await runInProcess({
      inputs: { ...base(), operation: 'promote', targetEnvironment: 'live', force: 'true' }
    })
    expect(forced.outputs.changed).toBe('true')
    // "Re-run jobs": the same GITHUB_RUN_ID, the next GITHUB_RUN_ATTEMPT.
    const rerun = await runInProcess({
      inputs: { ...base(), operation: 'promote', targetEnvironment: 'live', force: 'true' },
      env: { GITHUB_RUN_ATTEMPT: '2' }
    })
    expect(rerun.outputs.changed).toBe('false')
    expect(mutations()).toBe(1)
  })

  test('promote refuses to go backwards or past live, before sending anything', async () => {
    const live = sim.state.active('live')!
    const pre = sim.state.active('pre-release')!
    const pastLive = await runInProcess({ inputs: { ...base(), operation: 'promote', deploymentId: live.id } })
    expect(pastLive.stdout).toContain(`::error::Deployment ${live.id} is in live, the last stage`)
    const backwards = await runInProcess({
      inputs: { ...base(), operation: 'promote', deploymentId: pre.id, targetEnvironment: 'pre-release' }
    })
    expect(backwards.stdout).toContain(`Cannot promote deployment ${pre.id} from pre-release to pre-release`)
    expect(mutations()).toBe(0)
  })

  test('promote of a deployment that is not active anywhere lets the API resolve it', async () => {
    const older = sim.state.history('sandbox')[1]!
    const run = await runInProcess({
      inputs: { ...base(), operation: 'promote', deploymentId: older.id, targetEnvironment: 'live' }
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Source: deployment ${older.id} (not active in any environment; the API resolves it)`)
  })

  test('a promote whose answer is lost (502 after it landed) is found, not sent twice', async () => {
    sim.faults.add({ method: 'POST', path: /\/promote$/, fault: { type: 'apply-then-status', status: 502 } })
    const run = await runInProcess({ inputs: { ...base(), operation: 'promote' } })
    expect(run.code).toBe(0)
    expect(mutations()).toBe(1)
    expect(run.outputs.deploymentId).toBe(sim.state.active('pre-release')!.id)
  })

  test('a publish whose answer is lost is found too; then a re-run gets 409 and changes nothing', async () => {
    sim.faults.add({ method: 'POST', path: /\/publish$/, fault: { type: 'reset-after' } })
    const run = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(run.code).toBe(0)
    expect(run.outputs.deploymentId).toBe(sim.state.active('sandbox')!.id)
    const again = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(again.outputs).toMatchObject({ changed: 'false', deploymentId: run.outputs.deploymentId })
    expect(again.summary).toContain('already published')
  })

  test('a 409 is "already published" only for sandbox with a deployment there; otherwise it stays a failure', async () => {
    sim.state.draft.hasChanges = false
    const toLive = await runInProcess({ inputs: { ...base(), operation: 'publish', targetEnvironment: 'live' } })
    expect(toLive.code).toBe(1) // the draft is in sandbox, not in live: reporting live's old deployment would lie
    expect(toLive.stdout).toContain('HTTP 409 DEPLOYMENTS_ALREADY_PUBLISHED')
    sim.state.deployments.sandbox.length = 0
    const nothingActive = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(nothingActive.code).toBe(1)
    expect(nothingActive.stdout).toContain('HTTP 409 DEPLOYMENTS_ALREADY_PUBLISHED')
  })

  test('a 409 with another error code is a failure, not "already published"', async () => {
    sim.faults.add({
      method: 'POST',
      path: '/publish',
      fault: {
        type: 'status',
        status: 409,
        body: {
          success: false,
          error: 'busy',
          error_id: 'x',
          error_code: 'DEPLOYMENTS_CONFLICT',
          error_message: 'Another deployment is in progress.',
          data: null
        }
      }
    })
    const run = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('HTTP 409 DEPLOYMENTS_CONFLICT: Another deployment is in progress.')
  })

  test('rollback refusals name the fix', async () => {
    const empty = await runInProcess({
      inputs: { ...base(), operation: 'rollback', targetEnvironment: 'live', deploymentId: 'dep-0001' }
    })
    expect(empty.stdout).toContain('::error::Deployment dep-0001 is not among the last 50 deployments in live')
    sim.state.deployments.live.length = 0
    const none = await runInProcess({ inputs: { ...base(), operation: 'rollback', targetEnvironment: 'live' } })
    expect(none.stdout).toContain('::error::Nothing to roll back in live: it has no deployments.')
    expect(mutations()).toBe(0)
  })

  test('rollback to the version already active is skipped unless forced', async () => {
    const active = sim.state.active('sandbox')!
    const skipped = await runInProcess({ inputs: { ...base(), operation: 'rollback', deploymentId: active.id } })
    expect(skipped.outputs).toMatchObject({ changed: 'false', deploymentId: active.id })
    expect(skipped.stdout).toContain('nothing was rolled back. Set force: true')
    const forced = await runInProcess({
      inputs: { ...base(), operation: 'rollback', deploymentId: active.id, force: 'true' }
    })
    expect(forced.outputs.changed).toBe('true')
    expect(mutations()).toBe(1)
  })

  test('rollback by deploymentId alone restores it in its own environment', async () => {
    const older = sim.state.history('sandbox')[1]!
    sim.state.addDeployment('pre-release', older.version)
    const active = sim.state.active('pre-release')!
    sim.state.addDeployment('pre-release')
    const run = await runInProcess({ inputs: { ...base(), operation: 'rollback', deploymentId: active.id } })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ environment: 'pre-release', version: older.version, changed: 'true' })
  })
})

describe('GitHub failures in process', () => {
  test('a refusal and an unreachable API both only warn', async () => {
    const github = await startFakeGithub()
    github.fail({ path: '/deployments', status: 404, message: 'Not Found' })
    const refused = await runInProcess({
      inputs: { ...base(), operation: 'publish', githubToken: github.token },
      env: { GITHUB_API_URL: github.url }
    })
    expect(refused.code).toBe(0)
    expect(refused.stdout).toContain('HTTP 404: Not Found')
    expect(refused.stdout).toContain('permissions: deployments: write')
    await github.close()
    sim.state.editDraft()
    const unreachable = await runInProcess({
      inputs: { ...base(), operation: 'publish', githubToken: github.token },
      env: { GITHUB_API_URL: github.url }
    })
    expect(unreachable.code).toBe(0)
    expect(unreachable.stdout).toContain('no answer from GitHub')
  })
})

describe('edges of the follow-ups in process', () => {
  test('a skipped promote has no test runs to wait for and records no GitHub deployment', async () => {
    const run = await runInProcess({ inputs: waitInputs({ targetEnvironment: 'live', githubToken: 'ghs_unused' }) })
    expect(run.code).toBe(0)
    expect(run.outputs.testRunResults).toBe('[]')
    expect(run.stdout).toContain('No GitHub deployment recorded: this step deployed nothing')
  })

  test('a run answered 404 three times is given up on', async () => {
    sim.faults.add({
      method: 'GET',
      path: /\/testing\/test-runs\//,
      times: Infinity,
      fault: { type: 'status', status: 404 }
    })
    const run = await runInProcess({ inputs: waitInputs() })
    expect(run.code).toBe(1)
    expect(polls()).toBe(3)
    expect(run.stdout).toMatch(/::warning::Could not read test run tr-\d+, giving up on it/)
  })

  test('no GitHub record without the repository context, none when the step budget is spent', async () => {
    const noRepo = await runInProcess({
      inputs: { ...base(), operation: 'publish', githubToken: 'ghs_x' },
      env: { GITHUB_REPOSITORY: '' }
    })
    expect(noRepo.code).toBe(0)
    expect(noRepo.stdout).toContain('GITHUB_REPOSITORY and GITHUB_SHA (or GITHUB_REF) are not set')

    // A real transport whose POST takes (virtually) 16 s: past the 10 s budget and the 5 s the GitHub
    // writes may still have after it (STEP_GRACE_MS), so no GitHub request is even started.
    const { clock, advance } = virtualClock()
    const real = createHttpTransport('test')
    const slowPosts: Transport = {
      send: async (request) => {
        const response = await real.send(request)
        if (request.method === 'POST') advance(16_000)
        return response
      },
      close: () => real.close()
    }
    sim.state.editDraft()
    const late = await runInProcess({
      inputs: { ...base(), operation: 'publish', githubToken: 'ghs_x', timeoutSeconds: '10' },
      options: { clock, transport: slowPosts }
    })
    expect(late.code).toBe(0)
    expect(late.stdout).toContain('Could not record a GitHub deployment (the PolyAI deployment')
    expect(late.stdout).toContain("the step's time budget (timeoutSeconds) is spent")
  })
})
