/**
 * githubToken, in process (the in-memory runner): each promote, rollback or publish is recorded as a
 * GitHub Deployment with a success status, against a local fake of the GitHub API (GITHUB_API_URL),
 * and nothing the GitHub side does can fail the step.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { startFakeGithub, type FakeGithub } from '../../dev/fake-github.js'
import { runInProcess } from '../helpers/in-process.js'
import { startSilentGithub } from '../helpers/silent-github.js'
import { warnings } from '../helpers/log-lines.js'
import { STEP_GRACE_MS } from '../../src/core/clock.js'

let sim: Simulator
let github: FakeGithub
beforeEach(async () => {
  sim = await startSimulator()
  github = await startFakeGithub()
})
afterEach(async () => {
  await Promise.all([sim.close(), github.close()])
})

const SHA = '0123456789abcdef0123456789abcdef01234567'
const RUN_URL = 'https://github.com/acme/agents/actions/runs/4242'
const inputs = (extra: Record<string, string>): Record<string, string> => ({
  apiKey: sim.apiKey,
  agentId: sim.agentId,
  baseUrl: sim.url,
  githubToken: github.token,
  ...extra
})
const env = (): Record<string, string> => ({ GITHUB_API_URL: github.url })

describe('GitHub deployment record', () => {
  test('a promote is recorded as a deployment in polyai-<env> with a success status', async () => {
    const run = await runInProcess({
      inputs: inputs({ operation: 'promote', targetEnvironment: 'pre-release' }),
      env: env()
    })
    expect(run.code).toBe(0)
    const made = sim.state.active('pre-release')!
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/agents/deployments',
      `POST /repos/acme/agents/deployments/${github.deployments[0]!.id}/statuses`
    ])
    expect(github.requests[0]!.headers.authorization).toBe(`token ${github.token}`)
    expect(github.requests[0]!.body).toEqual({
      ref: SHA,
      environment: 'polyai-pre-release',
      auto_merge: false,
      required_contexts: [],
      payload: { polyaiDeploymentId: made.id, version: made.version, agentId: sim.agentId, operation: 'promote' },
      description: `acme/agents@0123456 by octocat — ${RUN_URL}`,
      transient_environment: false,
      production_environment: false
    })
    expect(github.requests[1]!.body).toEqual({
      state: 'success',
      environment: 'polyai-pre-release',
      description: `acme/agents@0123456 by octocat — ${RUN_URL}`,
      log_url: RUN_URL
    })
    expect(run.stdout).toContain(
      `Recorded GitHub deployment ${github.deployments[0]!.id} (success) in environment polyai-pre-release`
    )
    expect(run.summary).toContain(
      `| GitHub deployment | ${github.deployments[0]!.id} in polyai-pre-release \\(success\\) |`
    )
    expect(warnings(run.stdout)).toEqual([])
    // the token is masked and never shown
    expect(run.stdout).toContain(`::add-mask::${github.token}`)
    expect(run.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain(github.token)
    expect(run.summary).not.toContain(github.token)
  })

  test('live is a production environment; publish and rollback are recorded too', async () => {
    const live = await runInProcess({
      inputs: inputs({ operation: 'promote', targetEnvironment: 'live', force: 'true' }),
      env: env()
    })
    expect(live.code).toBe(0)
    const published = await runInProcess({
      inputs: inputs({ operation: 'publish', deploymentMessage: 'new greeting' }),
      env: env()
    })
    expect(published.code).toBe(0)
    const rolledBack = await runInProcess({
      inputs: inputs({ operation: 'rollback', targetEnvironment: 'sandbox' }),
      env: env()
    })
    expect(rolledBack.code).toBe(0)
    const made = github.deployments.map((d) => [
      d.environment,
      d.production_environment,
      (d.payload as { operation: string }).operation
    ])
    expect(made).toEqual([
      ['polyai-live', true, 'promote'],
      ['polyai-sandbox', false, 'publish'],
      ['polyai-sandbox', false, 'rollback']
    ])
    expect(github.deployments[1]!.description).toBe('new greeting')
    expect(github.statuses.map((s) => s.deployment_id)).toEqual(github.deployments.map((d) => d.id))
  })

  test('without GITHUB_SHA the ref is GITHUB_REF', async () => {
    const run = await runInProcess({
      inputs: inputs({ operation: 'publish' }),
      env: { ...env(), GITHUB_SHA: '', GITHUB_REF: 'refs/heads/main' }
    })
    expect(run.code).toBe(0)
    expect(github.deployments[0]!.ref).toBe('refs/heads/main')
  })

  test.each([
    ['a dry run', { operation: 'promote', targetEnvironment: 'pre-release', dryRun: 'true' }],
    ['a skipped promote', { operation: 'promote', targetEnvironment: 'live' }]
  ])('%s records nothing', async (_, extra) => {
    const run = await runInProcess({ inputs: inputs(extra), env: env() })
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('false')
    expect(github.requests).toEqual([])
    expect(run.stdout).toContain('No GitHub deployment recorded: this step deployed nothing')
  })

  test('without githubToken GitHub is not called', async () => {
    const run = await runInProcess({ inputs: inputs({ operation: 'publish', githubToken: '' }), env: env() })
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('true')
    expect(github.requests).toEqual([])
  })

  test('a refusal (403) only warns, with the permissions hint; the deploy succeeds', async () => {
    github.fail({ path: '/deployments', status: 403, message: 'Resource not accessible by integration' })
    const run = await runInProcess({
      inputs: inputs({ operation: 'promote', targetEnvironment: 'pre-release' }),
      env: env()
    })
    expect(run.code).toBe(0)
    const made = sim.state.active('pre-release')!
    expect(run.outputs).toMatchObject({ changed: 'true', deploymentId: made.id })
    const [warning] = warnings(run.stdout)
    expect(warning).toContain(
      `Could not record a GitHub deployment (the PolyAI deployment ${made.id} is not affected): HTTP 403: Resource not accessible by integration`
    )
    expect(warning).toContain('permissions: deployments: write')
    expect(run.summary).toContain('## ✅')
    expect(run.summary).toContain('Not recorded as a GitHub deployment')
  })

  test('a bad token (401) only warns', async () => {
    const run = await runInProcess({ inputs: inputs({ operation: 'publish', githubToken: 'ghs_wrong' }), env: env() })
    expect(run.code).toBe(0)
    expect(warnings(run.stdout)[0]).toMatch(/HTTP 401: Bad credentials.*Hint: githubToken is not a valid token/)
    expect(github.deployments).toEqual([])
  })

  test('a failed status after a created deployment only warns, saying which', async () => {
    github.fail({ path: /\/statuses$/, status: 500, message: 'Server Error' })
    const run = await runInProcess({ inputs: inputs({ operation: 'publish' }), env: env() })
    expect(run.code).toBe(0)
    expect(github.deployments).toHaveLength(1)
    expect(warnings(run.stdout)[0]).toContain(
      `deployment ${github.deployments[0]!.id} was created but its status was not: HTTP 500`
    )
  })

  test('an unreachable GitHub API only warns', async () => {
    const url = github.url
    await github.close()
    const run = await runInProcess({ inputs: inputs({ operation: 'publish' }), env: { GITHUB_API_URL: url } })
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('true')
    expect(warnings(run.stdout)[0]).toContain('no answer from GitHub')
  })

  test("a GitHub that never answers is abandoned at the GitHub writes' 5 s floor (timeoutSeconds plus the grace at most), on the step's clock: it warns, the deployment stands", async () => {
    const silent = await startSilentGithub()
    try {
      const started = silent.clock.now()
      const run = await runInProcess({
        inputs: inputs({ operation: 'publish', timeoutSeconds: '2' }),
        env: { GITHUB_API_URL: silent.url },
        options: { clock: silent.clock }
      })
      expect(silent.requests).toEqual(['POST /repos/acme/agents/deployments'])
      // What was left of the 2 s budget is less than the 5 s the GitHub writes always get, which is
      // also the most they may run past timeoutSeconds (STEP_GRACE_MS).
      expect(silent.clock.now() - started).toBe(STEP_GRACE_MS)
      expect(run.code).toBe(0)
      expect(run.outputs.changed).toBe('true')
      expect(run.outputs.deploymentId).toBe(sim.state.active('sandbox')!.id)
      expect(warnings(run.stdout)).toEqual([
        expect.stringMatching(
          /^::warning::Could not record a GitHub deployment \(the PolyAI deployment \S+ is not affected\): no answer from GitHub \(/
        )
      ])
    } finally {
      await silent.close()
    }
  })

  test('outside GitHub Actions (no GITHUB_REPOSITORY) it warns and skips', async () => {
    const run = await runInProcess({
      inputs: inputs({ operation: 'publish' }),
      env: { ...env(), GITHUB_REPOSITORY: '' }
    })
    expect(run.code).toBe(0)
    expect(warnings(run.stdout)[0]).toContain('GITHUB_REPOSITORY and GITHUB_SHA (or GITHUB_REF) are not set')
    expect(github.requests).toEqual([])
  })
})
