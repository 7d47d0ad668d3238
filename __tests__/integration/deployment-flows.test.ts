/**
 * The deployment flows of issue 4, in process (the in-memory runner) against the simulator: no IDs
 * to copy, safe re-runs, plans that send nothing, and the default message.
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { useSimulator, actionInputs, callsOf } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const base = (): Record<string, string> => actionInputs(sim)
const calls = (): string[] => callsOf(sim)
const DEFAULT_MESSAGE = 'acme/agents@0123456 by octocat — https://github.com/acme/agents/actions/runs/4242'
/** The default message with this step's mark: the operation, run 4242 attempt 1 and the step's random id. */
const marked = (operation: string, message = DEFAULT_MESSAGE): unknown =>
  expect.stringMatching(
    new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\[${operation} run 4242\\.1 id [0-9a-f]{8}\\]$`)
  )

/** Seed: sandbox A then B (active B); pre-release and live run A. */
function seeded(): { a: string; b: string } {
  return { a: sim.state.active('live')!.version, b: sim.state.active('sandbox')!.version }
}

describe('resolve instead of asking', () => {
  test('promote without deploymentId or targetEnvironment promotes the active sandbox deployment to pre-release', async () => {
    const { a, b } = seeded()
    const source = sim.state.active('sandbox')!
    const before = sim.state.active('pre-release')!
    const run = await runInProcess({ inputs: { ...base(), operation: 'promote' } })
    expect(run.code).toBe(0)
    expect(calls()).toEqual(['GET /deployments/active', `POST /deployments/${source.id}/promote`, 'GET /deployments'])
    expect(sim.requests[1]!.body).toEqual({ deploymentMessage: marked('promote') })
    const made = sim.state.active('pre-release')!
    expect(made.version).toBe(b)
    expect(run.outputs).toMatchObject({
      deploymentId: made.id,
      environment: 'pre-release',
      version: b,
      changed: 'true',
      previousDeploymentId: before.id
    })
    expect(run.stdout).toContain(`Source: the active sandbox deployment ${source.id} (version ${b})`)
    // from → to, old and new version (short hashes), and the message
    expect(run.summary).toContain('sandbox → pre-release')
    expect(run.summary).toContain(`${a.slice(0, 7)} → ${b.slice(0, 7)}`)
    expect(run.summary).toContain('acme/agents@0123456 by octocat')
  })

  test('promote to live without deploymentId takes the active pre-release deployment', async () => {
    const { b } = seeded()
    const toPre = await runInProcess({ inputs: { ...base(), operation: 'promote', targetEnvironment: 'pre-release' } })
    expect(toPre.code).toBe(0)
    const liveBefore = sim.state.active('live')!
    const run = await runInProcess({ inputs: { ...base(), operation: 'promote', targetEnvironment: 'live' } })
    expect(run.code).toBe(0)
    const post = sim.requests.filter((r) => r.method === 'POST').at(-1)!
    expect(post.path).toBe(`/v1/agents/${sim.agentId}/deployments/${toPre.outputs.deploymentId}/promote`)
    expect(post.body).toEqual({ deploymentMessage: marked('promote'), targetEnvironment: 'live' })
    expect(run.outputs).toMatchObject({ environment: 'live', version: b, previousDeploymentId: liveBefore.id })
    expect(run.stdout).toContain(
      `Source: the active pre-release deployment ${toPre.outputs.deploymentId} (version ${b})`
    )
  })

  test('promote with nothing in the previous stage refuses clearly and sends nothing', async () => {
    sim.state.deployments['pre-release'].length = 0
    const run = await runInProcess({ inputs: { ...base(), operation: 'promote', targetEnvironment: 'live' } })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('::error::Nothing to promote to live: pre-release has no active deployment')
    expect(sim.mutations()).toHaveLength(0)
  })

  test('promote with an explicit deploymentId needs one read before the POST', async () => {
    const source = sim.state.active('sandbox')!
    const run = await runInProcess({
      inputs: { ...base(), operation: 'promote', deploymentId: source.id, targetEnvironment: 'live' }
    })
    expect(run.code).toBe(0)
    expect(calls()).toEqual(['GET /deployments/active', `POST /deployments/${source.id}/promote`, 'GET /deployments'])
    expect(run.outputs.environment).toBe('live')
  })

  test('rollback with only targetEnvironment restores the previous version there', async () => {
    const { a, b } = seeded()
    sim.state.addDeployment('live', b, { deployment_message: 'ship B', deployment_type: 'promote' })
    const active = sim.state.active('live')!
    const target = sim.state.history('live')[1]!
    const run = await runInProcess({ inputs: { ...base(), operation: 'rollback', targetEnvironment: 'live' } })
    expect(run.code).toBe(0)
    expect(calls()).toEqual([
      'GET /deployments',
      'GET /deployments/active',
      `POST /deployments/${target.id}/rollback`,
      'GET /deployments'
    ])
    expect(sim.requests[0]!.query).toEqual({ environment: 'live', limit: '50' })
    const made = sim.state.active('live')!
    expect(made.version).toBe(a)
    expect(run.outputs).toMatchObject({
      deploymentId: made.id,
      version: a,
      changed: 'true',
      previousDeploymentId: active.id
    })
    expect(run.stdout).toContain(
      `Rolling live back from version ${b} to the previous version ${a} (deployment ${target.id})`
    )
    expect(run.summary).toContain(`${b.slice(0, 7)} → ${a.slice(0, 7)}`)
  })

  test('rollback refuses clearly when the environment has no other version', async () => {
    const run = await runInProcess({ inputs: { ...base(), operation: 'rollback', targetEnvironment: 'live' } })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Nothing to roll back to in live: none of its last 1 deployments older than the active [\w-]+ runs another version than the active [0-9a-f]+\. Run operation list-deployments with targetEnvironment: live to see them and what a rollback would pick, then set deploymentId to choose one\./
    )
    expect(sim.mutations()).toHaveLength(0)
    expect(run.summary).toContain('❌')
  })
})

describe('safe to re-run', () => {
  test('promote is skipped when the target already runs the source version: no POST, changed=false', async () => {
    const live = sim.state.active('live')!
    const run = await runInProcess({ inputs: { ...base(), operation: 'promote', targetEnvironment: 'live' } })
    expect(run.code).toBe(0)
    expect(sim.mutations()).toHaveLength(0)
    expect(run.outputs).toMatchObject({
      changed: 'false',
      deploymentId: live.id,
      previousDeploymentId: live.id,
      environment: 'live'
    })
    expect(run.stdout).toMatch(
      /::notice::live already runs version \w+ \(deployment dep-\d+\); nothing was promoted\. Set force: true/
    )
    expect(run.summary).toContain('Promotion skipped')
    expect(run.summary).toContain('nothing was promoted')
  })

  test('force: true promotes anyway', async () => {
    const live = sim.state.active('live')!
    const run = await runInProcess({
      inputs: { ...base(), operation: 'promote', targetEnvironment: 'live', force: 'true' }
    })
    expect(run.code).toBe(0)
    expect(sim.mutations()).toHaveLength(1)
    expect(run.outputs.changed).toBe('true')
    expect(run.outputs.deploymentId).not.toBe(live.id)
    expect(sim.state.active('live')!.id).toBe(run.outputs.deploymentId)
  })

  test('re-running a forced promote (same workflow run) does not promote twice', async () => {
    const inputs = { ...base(), operation: 'promote', targetEnvironment: 'live', force: 'true' }
    const first = await runInProcess({ inputs })
    expect(first.outputs.changed).toBe('true')
    const rerun = await runInProcess({ inputs, env: { GITHUB_RUN_ATTEMPT: '2' } })
    expect(rerun.code).toBe(0)
    expect(sim.mutations()).toHaveLength(1)
    expect(rerun.outputs).toMatchObject({ changed: 'false', deploymentId: first.outputs.deploymentId })
    expect(rerun.stdout).toContain('made by an earlier attempt of this workflow run')
    // A different workflow run is not a re-run: force promotes again.
    const next = await runInProcess({ inputs, env: { GITHUB_RUN_ID: '4243' } })
    expect(next.outputs.changed).toBe('true')
    expect(sim.mutations()).toHaveLength(2)
  })

  test('re-running a rollback without deploymentId does not flip back to the newer version', async () => {
    const { a, b } = seeded()
    sim.state.addDeployment('live', b, { deployment_message: 'ship B', deployment_type: 'promote' })
    const inputs = { ...base(), operation: 'rollback', targetEnvironment: 'live' }
    const first = await runInProcess({ inputs })
    expect(first.outputs.version).toBe(a)
    const rerun = await runInProcess({ inputs, env: { GITHUB_RUN_ATTEMPT: '2' } })
    expect(rerun.code).toBe(0)
    expect(sim.mutations()).toHaveLength(1)
    expect(sim.state.active('live')!.version).toBe(a)
    expect(rerun.outputs).toMatchObject({ changed: 'false', deploymentId: first.outputs.deploymentId })
    expect(rerun.stdout).toContain('the rollback an earlier attempt of this workflow run made')
  })

  test('a rollback in the same run as a promote still rolls back (promote, test, roll back in one job)', async () => {
    const { a, b } = seeded()
    const toPre = await runInProcess({ inputs: { ...base(), operation: 'promote', targetEnvironment: 'pre-release' } })
    expect(toPre.outputs.version).toBe(b)
    const back = await runInProcess({ inputs: { ...base(), operation: 'rollback', targetEnvironment: 'pre-release' } })
    expect(back.code).toBe(0)
    expect(back.outputs).toMatchObject({
      changed: 'true',
      version: a,
      previousDeploymentId: toPre.outputs.deploymentId
    })
  })

  test('publish answered 409 DEPLOYMENTS_ALREADY_PUBLISHED reports the active sandbox deployment, changed=false', async () => {
    const first = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(first.outputs.changed).toBe('true')
    const rerun = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(rerun.code).toBe(0)
    expect(rerun.outputs).toMatchObject({
      changed: 'false',
      deploymentId: first.outputs.deploymentId,
      environment: 'sandbox'
    })
    expect(rerun.stdout).toContain('::notice::The draft is already published (DEPLOYMENTS_ALREADY_PUBLISHED)')
    expect(rerun.summary).toContain('Publish skipped')
    expect(sim.state.history('sandbox')).toHaveLength(3)
  })
})

describe('dry run', () => {
  test.each([
    [
      'promote',
      { targetEnvironment: 'pre-release' },
      /deployments\/dep-\d+\/promote/,
      '"targetEnvironment": "pre-release"',
      'pre-release'
    ],
    ['rollback', { targetEnvironment: 'sandbox' }, /deployments\/dep-\d+\/rollback/, '"deploymentMessage"', 'sandbox'],
    ['publish', {}, /deployments\/publish/, '"environment": "sandbox"', 'sandbox']
  ])(
    '%s with dryRun: true resolves, plans and sends nothing',
    async (operation, extra, path, bodyText, environment) => {
      const run = await runInProcess({ inputs: { ...base(), operation, ...extra, dryRun: 'true' } })
      expect(run.code).toBe(0)
      expect(sim.mutations()).toHaveLength(0)
      expect(sim.requests.length).toBeGreaterThan(0) // it did resolve
      expect(run.outputs.changed).toBe('false')
      expect(run.outputs.environment).toBe(environment)
      const planned = run.stdout.split('\n').find((l) => l.startsWith('Dry run: would send POST '))!
      expect(planned).toMatch(path)
      expect(run.summary).toContain('📝')
      expect(run.summary).toContain('Before and after')
      expect(run.summary).toContain(bodyText)
      expect(run.summary).toMatch(
        new RegExp(
          `"deploymentMessage": "${DEFAULT_MESSAGE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\[${operation} run 4242\\.1 id [0-9a-f]{8}\\]"`
        )
      ) // the exact body, verbatim in a code block
    }
  )

  test('the promote plan shows before/after per environment', async () => {
    const pre = sim.state.active('pre-release')!
    const run = await runInProcess({ inputs: { ...base(), operation: 'promote', dryRun: 'true' } })
    expect(run.summary).toMatch(
      new RegExp(`\\| pre-release \\| ${pre.id} \\\\\\(version \\w+\\\\\\) \\| new deployment of version \\w+ \\|`)
    )
    expect(run.outputs.previousDeploymentId).toBe(pre.id)
  })
})

describe('messages', () => {
  test('the default message names repository, short SHA, actor and run link; an explicit one wins', async () => {
    const run = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(run.code).toBe(0)
    expect(sim.state.active('sandbox')!.metadata?.deployment_message).toEqual(marked('publish'))
    expect(run.summary).toContain('acme/agents@0123456 by octocat')
    sim.state.editDraft()
    const own = await runInProcess({
      inputs: { ...base(), operation: 'publish', deploymentMessage: 'hotfix: greeting' }
    })
    expect(own.code).toBe(0)
    expect(sim.state.active('sandbox')!.metadata?.deployment_message).toEqual(marked('publish', 'hotfix: greeting'))
  })
})

describe('rollback twice in a row', () => {
  test('does not bring back the version the first rollback replaced', async () => {
    const { a, b } = seeded()
    const first = await runInProcess({ inputs: { ...base(), operation: 'rollback', targetEnvironment: 'sandbox' } })
    expect(first.outputs.version).toBe(a) // sandbox: B → A
    const second = await runInProcess({
      inputs: { ...base(), operation: 'rollback', targetEnvironment: 'sandbox' },
      env: { GITHUB_RUN_ID: '5000' } // another run, so not a re-run
    })
    expect(second.code).toBe(1)
    expect(second.stdout).toContain(`except versions already rolled back from (${b.slice(0, 7)})`)
    expect(sim.state.active('sandbox')!.version).toBe(a)
  })
})
