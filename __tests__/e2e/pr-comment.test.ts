/**
 * prComment end to end, against the simulator and the local GitHub API fake over real HTTP: a pull
 * request event gets one comment per step, edited in place on the next run (found past the first
 * page of comments), a refusal (403, a fork's read-only token) only warns, a step that fails on an
 * output it refuses comments and records the failure, and any other event posts nothing.
 * One case runs dist/index.js as the runner runs it, for what only the bundle shows: the step that
 * fails on an output it refuses (exit code 1, no stack trace, the refused output absent from the
 * GITHUB_OUTPUT file, commentUrl in it) writes its comment and its GitHub deployment record through
 * the @actions/github code the bundle loads on demand, reading the event from GITHUB_EVENT_PATH.
 * The rest is comment policy: in process (src/main.ts run(), the same ActionRun to assert on).
 */
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, test as jestTest } from '@jest/globals'
import type { Simulator } from '../../dev/simulator/index.js'
import { startFakeGithub, type FakeGithub } from '../../dev/fake-github.js'
import { runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'
import { actionInputs, callsOf } from '../helpers/simulator.js'
import { concurrentCases, withSimulator } from '../helpers/concurrent-cases.js'
import { warnings } from '../helpers/log-lines.js'

/** Every case has a simulator and a GitHub fake of its own; the bundle case starts with the file, beside the others. */
const cases = concurrentCases()
const withWorld = (body: (sim: Simulator, github: FakeGithub) => Promise<void>) => (): Promise<void> =>
  withSimulator(undefined, async (sim) => {
    const github = await startFakeGithub()
    try {
      await body(sim, github)
    } finally {
      await github.close()
    }
  })
const bundleTest = (name: string, body: (sim: Simulator, github: FakeGithub) => Promise<void>): void =>
  cases.test(name, withWorld(body))
const test = (name: string, body: (sim: Simulator, github: FakeGithub) => Promise<void>): void =>
  jestTest(name, withWorld(body))

const PR = 17
const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    greeting: { type: 'string', maxLength: 40 },
    maxRetries: { type: 'integer', minimum: 0 },
    locale: { type: 'string' }
  },
  required: ['greeting']
}

async function eventFile(payload: unknown): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-event-'))
  const file = path.join(dir, 'event.json')
  await fs.writeFile(file, JSON.stringify(payload))
  return file
}

const prEnv = async (github: FakeGithub, event = 'pull_request'): Promise<Record<string, string>> => ({
  GITHUB_API_URL: github.url,
  GITHUB_EVENT_NAME: event,
  GITHUB_EVENT_PATH: await eventFile({ action: 'synchronize', number: PR, pull_request: { number: PR } })
})
const planSchema = (
  sim: Simulator,
  github: FakeGithub,
  env: Record<string, string>,
  extra: Record<string, string> = {}
) =>
  runInProcess({
    inputs: {
      ...actionInputs(sim),
      operation: 'upsert-schema',
      targetEnvironment: 'sandbox,live',
      schemaPath: 'schema.json',
      dryRun: 'true',
      prComment: 'true',
      githubToken: github.token,
      ...extra
    },
    files: { 'schema.json': JSON.stringify(SCHEMA) },
    env
  })
const mine = (github: FakeGithub): string[] =>
  github.comments.filter((c) => c.issue_number === PR && c.body.startsWith('<!-- polyai')).map((c) => c.body)

describe('pull request plan comment', () => {
  test('one comment per step, found again past the first page and edited in place', async (sim, github) => {
    for (let i = 0; i < 120; i++) github.addComment(PR, `review comment ${i}`)
    const env = await prEnv(github)
    const first = await planSchema(sim, github, env)
    expect(first.code).toBe(0)
    expect(callsOf(sim).every((c) => c.startsWith('GET'))).toBe(true)
    expect(mine(github)).toHaveLength(1)
    const [comment] = github.comments.slice(-1)
    expect(first.outputs.commentUrl).toBe(comment!.html_url)
    const body = comment!.body
    expect(body.split('\n')[0]).toBe(
      '<!-- polyai-deploy-action agent=agent-1 operation=upsert-schema environments=sandbox,live -->'
    )
    expect(body.split('\n')[1]).toBe(
      '### 📝 Plan: config schema of agent agent-1: would update sandbox, live — ⚠️ 2 breaking changes'
    )
    expect(body).toContain('| sandbox, live | would update | 2 changes \\(1 breaking\\) |')
    expect(body).toContain('| greeting | constraints changed | maxLength added: 40 | breaking: stricter maxLength')
    expect(body).toContain('| locale | added | string | compatible |')
    expect(JSON.parse(first.outputs.breakingChanges ?? '[]')).toEqual([
      {
        environment: 'sandbox',
        pointer: '/properties/greeting/maxLength',
        change: 'greeting constraints changed',
        reason: expect.stringContaining('stricter maxLength')
      },
      {
        environment: 'live',
        pointer: '/properties/greeting/maxLength',
        change: 'greeting constraints changed',
        reason: expect.stringContaining('stricter maxLength')
      }
    ])
    // The listing went past the first page (100 a page) before deciding to create.
    expect(github.requests.filter((r) => r.method === 'GET').length).toBe(2)

    sim.state.configPages.sandbox.schema = SCHEMA // someone pushed sandbox meanwhile
    const second = await planSchema(sim, github, env)
    expect(second.code).toBe(0)
    expect(mine(github)).toHaveLength(1)
    expect(second.outputs.commentUrl).toBe(first.outputs.commentUrl)
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1)
    expect(mine(github)[0]).toContain('would update live — ⚠️ 1 breaking change')
    expect(mine(github)[0]).toContain('| sandbox | unchanged |')

    // A second step (another operation) keeps its own comment; the first is untouched.
    const values = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'update-variables',
        targetEnvironment: 'sandbox',
        variablesPath: 'v.json',
        dryRun: 'true',
        prComment: 'true',
        githubToken: github.token
      },
      files: { 'v.json': JSON.stringify({ maxRetries: 5, note: 'ping @octocat about #12' }) },
      env
    })
    expect(values.code).toBe(0)
    expect(mine(github)).toHaveLength(2)
    expect(mine(github)[1]).toContain('operation=update-variables environments=sandbox')
    expect(mine(github)[1]).toContain('Plan: config values of agent agent-1: would update sandbox')
    // Values cannot mention anyone or reference an issue.
    expect(mine(github)[1]).toContain('@\u200boctocat')
    expect(mine(github)[1]).toContain('#\u200b12')
    expect(mine(github)[1]).not.toContain(sim.apiKey)
    expect(mine(github)[1]).not.toContain(github.token)
  })

  test('a dry-run promote is commented too (pull_request_target), with the request it would send', async (sim, github) => {
    const run = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'promote',
        targetEnvironment: 'pre-release',
        dryRun: 'true',
        prComment: 'true',
        githubToken: github.token
      },
      env: await prEnv(github, 'pull_request_target')
    })
    expect(run.code).toBe(0)
    const [body] = mine(github)
    expect(body).toContain('operation=promote environments=pre-release -->')
    expect(body).toMatch(/### 📝 Plan: promote \S+ to pre-release/)
    expect(body).toContain('**Before and after**')
    expect(body).toContain('<details><summary>Request body</summary>')
    expect(run.outputs.commentUrl).toMatch(/#issuecomment-\d+$/)
  })

  bundleTest(
    'a version the action refuses as an output fails the step before the comment and the record are written: not ✅, not success',
    async (sim, github) => {
      sim.state.addDeployment('pre-release', '1.4.0+build.7')
      const run = await runDist({
        inputs: {
          ...actionInputs(sim),
          operation: 'promote',
          targetEnvironment: 'live',
          prComment: 'true',
          githubToken: github.token
        },
        env: await prEnv(github)
      })
      expect(run.code).toBe(1)
      expect(run.stderr).toBe('')
      expect(run.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/)
      expect(run.outputs.version).toBeUndefined()
      expect(github.deployments.map((d) => d.environment)).toEqual(['polyai-live'])
      expect(github.statuses.map((s) => s.state)).toEqual(['failure'])
      const [body] = mine(github)
      expect(body!.split('\n')[1]).toBe('### ❌ Promoted agent agent-1 in live')
      expect(body).toContain('cannot be step outputs')
      expect(run.outputs.commentUrl).toMatch(/#issuecomment-\d+$/)
    }
  )

  test('a refusal (403: a fork or a missing permission) only warns, with the fix; the step succeeds', async (sim, github) => {
    github.fail({ path: /\/comments$/, status: 403, message: 'Resource not accessible by integration' })
    const run = await planSchema(sim, github, await prEnv(github))
    expect(run.code).toBe(0)
    expect(run.outputs.changedEnvironments).toBe('["sandbox","live"]')
    expect(run.outputs.commentUrl).toBeUndefined()
    // (The first warnings name what the first sync replaces: these pages have no base yet.)
    const warning = warnings(run.stdout).find((w) => w.includes('pull request comment'))
    expect(warning).toContain(
      'Could not write the pull request comment (the step itself is not affected): HTTP 403: Resource not accessible by integration'
    )
    expect(warning).toContain('permissions: pull-requests: write')
    expect(run.summary).toContain('Not posted as a pull request comment')
    expect(github.comments).toEqual([])
  })

  test('outside a pull request event nothing is posted, with a notice', async (sim, github) => {
    const run = await planSchema(sim, github, {
      GITHUB_API_URL: github.url,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: await eventFile({ ref: 'refs/heads/main' })
    })
    expect(run.code).toBe(0)
    expect(github.requests).toEqual([])
    expect(run.stdout).toContain("::notice::prComment is ignored: this run's event is push, not pull_request")
    expect(run.outputs.commentUrl).toBeUndefined()
  })
})
