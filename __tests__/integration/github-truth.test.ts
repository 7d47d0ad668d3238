/**
 * What the step writes to GitHub tells the truth (issue 16, items 9 to 11), in process on the fake
 * clock, against purpose-built servers: a PolyAI API that hangs, the simulator, a hostile front
 * that rewrites answers, and the GitHub fake (dev/fake-github.ts).
 *
 * 9. A step that fails at its budget still edits its comment (the budget keeps its end for it).
 * 10. The comment and the Deployment record are written last, from the step's final outcome, and
 *     name only the three stages.
 * 11. Only a comment written by the token's own account is edited, for each kind of token.
 */
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../dev/simulator/index.js'
import { startFakeGithub, type FakeGithub } from '../../dev/fake-github.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { fakeClock } from '../helpers/clock.js'
import { startHangingApi } from '../helpers/hanging-api.js'
import { startHostile } from '../helpers/hostile.js'
import { warnings } from '../helpers/log-lines.js'
import { GITHUB_RESERVE_MS } from '../../src/step/github-writes.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const PR = 7
let github: FakeGithub
let event: string
beforeEach(async () => {
  github = await startFakeGithub()
  event = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-ev-')), 'event.json')
  await fs.writeFile(event, JSON.stringify({ pull_request: { number: PR } }))
})
afterEach(async () => {
  await github.close()
})

const prEnv = (): Record<string, string> => ({
  GITHUB_API_URL: github.url,
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: event
})
/** The comment's first two lines: its marker and its lead. */
const head = (body: string): string[] => body.split('\n').slice(0, 2)

describe('9: a step that fails at its budget still edits its comment', () => {
  const SCHEMA = { type: 'object', properties: { greeting: { type: 'string' } } }
  const cases: Array<[string, Record<string, string>, Record<string, string>, string]> = [
    [
      'upsert-schema (a config operation: the refusal is its result)',
      { operation: 'upsert-schema', targetEnvironment: 'sandbox,live', schemaPath: 's.json' },
      { 's.json': JSON.stringify(SCHEMA) },
      '### ❌'
    ],
    ['publish (the operation throws)', { operation: 'publish' }, {}, '### ❌ No plan for this push: publish failed']
  ]

  test.each(cases)(
    '%s: the earlier "no changes" plan is replaced, within timeoutSeconds',
    async (_, inputs, files, lead) => {
      sim.state.configPages.sandbox.schema = SCHEMA
      sim.state.configPages.live.schema = SCHEMA
      const step = { ...inputs, dryRun: 'true', prComment: 'true', githubToken: github.token }
      const earlier = await runInProcess({ inputs: { ...actionInputs(sim), ...step }, files, env: prEnv() })
      expect(earlier.code).toBe(0)
      expect(github.comments).toHaveLength(1)
      const before = github.comments[0]!.body
      expect(before).not.toContain('### ❌')

      const clock = fakeClock()
      const api = await startHangingApi(clock)
      try {
        const started = clock.now()
        const run = await runInProcess({
          inputs: { ...actionInputs(sim), baseUrl: api.url, ...step, timeoutSeconds: '60' },
          files,
          env: prEnv(),
          options: { clock }
        })
        const took = clock.now() - started
        expect(run.code).toBe(1)
        // The same comment, edited: it no longer shows the earlier push's plan.
        expect(github.comments).toHaveLength(1)
        const body = github.comments[0]!.body
        expect(body).not.toBe(before)
        expect(head(body)[1]).toMatch(new RegExp(`^${lead.replace(/[()]/g, '\\$&')}`))
        expect(body).toContain('timed out')
        expect(run.outputs.commentUrl).toBe(github.comments[0]!.html_url)
        expect(warnings(run.stdout).filter((w) => w.includes('pull request comment'))).toEqual([])
        // The API was given up on when the operation's deadline (the budget less the reserve) ran out,
        // and the comment was written inside the budget, which no step outlives by more than the grace.
        const last = Math.max(...api.requests.map((r) => r.abandonedAt ?? Infinity))
        expect(last - started).toBeLessThanOrEqual(60_000 - GITHUB_RESERVE_MS + 1000)
        expect(took).toBeLessThanOrEqual(60_000)
        expect(run.stdout).toContain('less the last 15 s kept for the pull request comment')
      } finally {
        await api.close()
      }
    }
  )
})

describe('10: the comment and the record are written last, from the final outcome, naming only the three stages', () => {
  test('a version the action refuses as an output (1.4.0+build.7) fails the step: the comment is not ✅, the record is not success', async () => {
    sim.state.addDeployment('pre-release', '1.4.0+build.7')
    const run = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'promote',
        targetEnvironment: 'live',
        prComment: 'true',
        githubToken: github.token
      },
      env: prEnv()
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('::error::The API answered with values that cannot be step outputs')
    expect(run.outputs.version).toBeUndefined()
    expect(sim.state.active('live')!.version).toBe('1.4.0+build.7')
    // The record: in polyai-live, its status failure (saying why), never success.
    expect(github.deployments.map((d) => d.environment)).toEqual(['polyai-live'])
    expect(github.statuses.map((s) => s.state)).toEqual(['failure'])
    expect(github.statuses[0]!.description).toMatch(/^The step failed: The API answered with values that cannot be/)
    // The comment: written after, leading with ❌ and the reason, its link still an output.
    const [comment] = github.comments
    expect(head(comment!.body)[1]).toBe('### ❌ Promoted agent agent-1 in live')
    expect(comment!.body).toContain('cannot be step outputs')
    expect(comment!.body).toContain('version &quot;1.4.0\\+build.7&quot;')
    expect(comment!.body).toContain(`| GitHub deployment | ${github.deployments[0]!.id} in polyai-live \\(failure\\) |`)
    expect(run.outputs.commentUrl).toBe(comment!.html_url)
    // The comment came after the record, which came after the outputs were checked.
    expect(github.requests.map((r) => `${r.method} ${r.path.replace(/\d+/g, 'N')}`)).toEqual([
      'POST /repos/acme/agents/deployments',
      'POST /repos/acme/agents/deployments/N/statuses',
      'GET /repos/acme/agents/issues/N/comments',
      'POST /repos/acme/agents/issues/N/comments'
    ])
  })

  describe('an environment answered as "Live Production\\n::set-output…"', () => {
    const HOSTILE_ENV = 'Live Production\n::set-output name=environment::sandbox'
    const promote = async (inputs: Record<string, string>) => {
      const front = await startHostile(sim, async (req, tools) => {
        if (req.kind !== 'promote') return 'forward'
        const answer = tools.apply()
        const body = answer.body as { deployment: Record<string, unknown> }
        return {
          status: answer.status,
          body: { ...body, deployment: { ...body.deployment, environment: HOSTILE_ENV } }
        }
      })
      try {
        return await runInProcess({
          inputs: { ...actionInputs(sim), baseUrl: front.url, prComment: 'true', githubToken: github.token, ...inputs },
          env: prEnv()
        })
      } finally {
        await front.close()
      }
    }
    const neverNamed = (text: string): void => {
      expect(text).not.toContain('Live Production')
    }

    test('asked for live: recorded in polyai-live with a warning about the contradiction; the comment names live', async () => {
      const run = await promote({ operation: 'promote', targetEnvironment: 'live', force: 'true' })
      expect(run.code).toBe(0)
      expect(run.outputs.environment).toBe('live')
      expect(github.deployments.map((d) => d.environment)).toEqual(['polyai-live'])
      expect(github.deployments[0]!.production_environment).toBe(true)
      const said = warnings(run.stdout).join('\n')
      expect(said).toContain('a name the action does not know; reporting it as live, the environment asked for')
      expect(said).toContain('it is recorded in polyai-live, the environment the step asked for, never in the API')
      const body = github.comments[0]!.body
      expect(head(body)[1]).toBe('### ✅ Promoted agent agent-1 in live')
      expect(body).toContain('| Environment | pre-release → live |')
      // The API's text is quoted (escaped) in the warning only, never where an environment is named.
      neverNamed(head(body).join('\n'))
      neverNamed(body.slice(body.indexOf('**Step details**')))
    })

    test('asked for no environment: nothing is recorded (there is no stage to record it in), the comment names none, the step fails on the output', async () => {
      const source = sim.state.addDeployment('sandbox', sim.state.mintVersion())
      sim.state.addDeployment('sandbox', sim.state.mintVersion()) // the source is no longer active anywhere
      const run = await promote({ operation: 'promote', deploymentId: source.id })
      expect(run.code).toBe(1)
      expect(run.outputs.environment).toBeUndefined()
      expect(github.deployments).toEqual([])
      expect(warnings(run.stdout).join('\n')).toContain('Could not record a GitHub deployment (the PolyAI deployment')
      expect(warnings(run.stdout).join('\n')).toContain(
        'the step asked for none, so there is no GitHub environment to record it in'
      )
      const body = github.comments[0]!.body
      expect(head(body)[1]).toBe('### ❌ Promoted agent agent-1 in an environment the action does not know')
      neverNamed(head(body).join('\n'))
      neverNamed(body.slice(body.indexOf('**Step details**')))
    })
  })
})

describe("11: only a comment written by the token's own account is edited", () => {
  const MARKER = '<!-- polyai-deploy-action agent=agent-1 operation=publish environments=sandbox -->'
  const plan = () =>
    runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'publish',
        dryRun: 'true',
        prComment: 'true',
        githubToken: github.token
      },
      env: prEnv()
    })
  const calls = (): string[] => github.requests.map((r) => `${r.method} ${r.path.replace(/\d+/g, 'N')}`)
  /** Runs the plan twice: the first writes the step's own comment, the second must edit it, and only it. */
  const ownCommentKept = async (others: Array<{ login: string; body: string }>): Promise<void> => {
    const planted = others.map((o) => github.addComment(PR, o.body, o.login))
    const first = await plan()
    expect(first.code).toBe(0)
    const own = github.comments.at(-1)!
    expect(github.comments).toHaveLength(others.length + 1)
    const second = await plan()
    expect(second.code).toBe(0)
    expect(second.outputs.commentUrl).toBe(own.html_url)
    expect(github.comments).toHaveLength(others.length + 1)
    planted.forEach((p, i) => expect(p.body).toBe(others[i]!.body))
    expect(github.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([
      `/repos/acme/agents/issues/comments/${own.id}`
    ])
  }

  test('the default GITHUB_TOKEN (github-actions[bot], which cannot call GET /user): another bot or a user copying the marker is left alone', async () => {
    await ownCommentKept([
      { login: 'renovate[bot]', body: `${MARKER}\n### ✅ No changes (another app's comment)` },
      { login: 'mallory', body: `${MARKER}\n### ✅ No changes (trust me)` }
    ])
    expect(github.comments.at(-1)!.user.login).toBe('github-actions[bot]')
    // Who the token is, from GraphQL's viewer; GET /user is never needed.
    expect(calls().filter((c) => c === 'POST /graphql')).toHaveLength(2)
    expect(calls()).not.toContain('GET /user')
  })

  test("a GitHub App's installation token (<slug>[bot]): a github-actions[bot] comment with the marker is another account's", async () => {
    await github.close()
    github = await startFakeGithub({ login: 'polyai-deployer[bot]' })
    await ownCommentKept([
      { login: 'github-actions[bot]', body: `${MARKER}\n### ✅ No changes (the workflow's token)` }
    ])
    expect(github.comments.at(-1)!.user.login).toBe('polyai-deployer[bot]')
    expect(github.comments.at(-1)!.performed_via_github_app?.slug).toBe('polyai-deployer')
  })

  test('a personal token where GraphQL cannot be asked: GET /user names its owner', async () => {
    await github.close()
    github = await startFakeGithub({ login: 'alice' })
    github.fail({ path: '/graphql', status: 502, message: 'Bad gateway', times: Infinity })
    await ownCommentKept([
      { login: 'github-actions[bot]', body: `${MARKER}\nby the workflow's token` },
      { login: 'mallory', body: `${MARKER}\nspoofed` }
    ])
    expect(calls().filter((c) => c === 'GET /user')).toHaveLength(2)
  })

  test("when the token's account cannot be told, nothing is edited: a new comment is written, saying why", async () => {
    const first = await plan()
    const own = github.comments[0]!
    expect(first.outputs.commentUrl).toBe(own.html_url)
    const before = own.body
    github.fail({ path: '/graphql', status: 502, message: 'Bad gateway', times: Infinity })
    const second = await plan()
    expect(second.code).toBe(0)
    expect(github.comments).toHaveLength(2)
    expect(own.body).toBe(before)
    expect(second.outputs.commentUrl).toBe(github.comments[1]!.html_url)
    expect(second.stdout).toContain(
      `Comment ${own.id} by github-actions[bot] carries this step's marker, but which account this token acts as cannot be told (GraphQL viewer: HTTP 502: Bad gateway - https://docs.github.com/rest; GET /user: HTTP 403: Resource not accessible by integration): left alone, and a new comment is written`
    )
  })
})
