/**
 * The pull request comment and pull-config in-process (real @actions/core and @actions/github, real
 * HTTP to the simulator and the GitHub fake), for the paths the end-to-end cases do not reach.
 */
import { execFile } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../dev/simulator/index.js'
import { startFakeGithub, type FakeGithub } from '../../dev/fake-github.js'
import { makeWorkspace } from '../../dev/run-action.js'
import { actionInputs, callsOf, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { fakeClock } from '../helpers/clock.js'
import { startSilentGithub } from '../helpers/silent-github.js'
import { type Transport, TransportError } from '../../src/api/transport.js'
import { STEP_GRACE_MS } from '../../src/core/clock.js'

let sim: Simulator
useSimulator((s) => (sim = s))

describe('prComment in-process', () => {
  let github: FakeGithub
  let event: string
  beforeEach(async () => {
    github = await startFakeGithub()
    event = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-ev-')), 'event.json')
    await fs.writeFile(event, JSON.stringify({ pull_request: { number: 5 } }))
  })
  afterEach(async () => {
    await github.close()
  })
  const prEnv = (): Record<string, string> => ({
    GITHUB_API_URL: github.url,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event
  })
  const promotePlan = (extra: Record<string, string> = {}) =>
    runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'publish',
        dryRun: 'true',
        prComment: 'true',
        githubToken: github.token,
        ...extra
      },
      env: prEnv()
    })

  test('a plan is posted, then edited in place; a comment quoting the marker further down is not taken for it', async () => {
    github.addComment(5, '> <!-- polyai-deploy-action agent=agent-1 operation=publish environments=sandbox -->\nquoted')
    const first = await promotePlan()
    expect(first.code).toBe(0)
    expect(github.comments).toHaveLength(2)
    const second = await promotePlan()
    expect(second.outputs.commentUrl).toBe(first.outputs.commentUrl)
    expect(github.comments).toHaveLength(2)
    expect(github.comments[1]!.body).toMatch(
      /^<!-- polyai-deploy-action agent=agent-1 operation=publish environments=sandbox -->\n### 📝 Plan: publish the draft to sandbox/
    )
    expect(second.stdout).toContain('Updated the plan comment on pull request #5')
  })

  test("a marker comment someone else wrote is not taken for the step's own: it is left alone and the plan gets its own comment", async () => {
    const marker = '<!-- polyai-deploy-action agent=agent-1 operation=publish environments=sandbox -->'
    const spoof = github.addComment(5, `${marker}\n### ✅ No changes (trust me)`, 'mallory')
    const first = await promotePlan()
    expect(first.code).toBe(0)
    expect(spoof.body).toBe(`${marker}\n### ✅ No changes (trust me)`)
    expect(github.comments).toHaveLength(2)
    expect(github.comments[1]!.user.login).toBe('github-actions[bot]')
    expect(first.stdout).toContain(
      "a comment by mallory carries this step's marker but was not written by this token's account (github-actions[bot]): left alone"
    )
    const second = await promotePlan()
    expect(second.outputs.commentUrl).toBe(first.outputs.commentUrl)
    expect(github.comments).toHaveLength(2)
  })

  test("with a personal token, the step's earlier comment is the one its own account wrote", async () => {
    await github.close()
    github = await startFakeGithub({ login: 'alice' })
    const marker = '<!-- polyai-deploy-action agent=agent-1 operation=publish environments=sandbox -->'
    github.addComment(5, `${marker}\nspoofed`, 'mallory')
    const first = await promotePlan()
    expect(github.comments.map((c) => c.user.login)).toEqual(['mallory', 'alice'])
    const second = await promotePlan()
    expect(second.outputs.commentUrl).toBe(first.outputs.commentUrl)
    expect(github.comments).toHaveLength(2)
    expect(github.comments[0]!.body).toBe(`${marker}\nspoofed`)
  })

  test("a GitHub that never answers the comment listing is abandoned at the GitHub writes' 5 s floor (timeoutSeconds plus the grace at most), on the step's clock: it warns, the plan stands", async () => {
    const silent = await startSilentGithub()
    try {
      const started = silent.clock.now()
      const run = await runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: 'publish',
          dryRun: 'true',
          prComment: 'true',
          githubToken: github.token,
          timeoutSeconds: '2'
        },
        env: { ...prEnv(), GITHUB_API_URL: silent.url },
        options: { clock: silent.clock }
      })
      expect(silent.requests).toEqual(['GET /repos/acme/agents/issues/5/comments'])
      // What was left of the 2 s budget is less than the 5 s the GitHub writes always get, which is
      // also the most they may run past timeoutSeconds (STEP_GRACE_MS).
      expect(silent.clock.now() - started).toBe(STEP_GRACE_MS)
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(
        '::warning::Could not write the pull request comment (the step itself is not affected): no answer from GitHub ('
      )
      expect(run.outputs.commentUrl).toBeUndefined()
      expect(run.summary).toContain('Plan: publish the draft to sandbox')
    } finally {
      await silent.close()
    }
  })

  test('a GitHub that pages by fewer comments than asked: the step still finds its own comment past the first page', async () => {
    await github.close()
    github = await startFakeGithub({ maxPerPage: 30 })
    for (let i = 0; i < 40; i++) github.addComment(5, `review comment ${i}`)
    const first = await promotePlan()
    const second = await promotePlan()
    expect(second.outputs.commentUrl).toBe(first.outputs.commentUrl)
    expect(github.comments).toHaveLength(41)
  })

  test('a secret in a value is redacted before it is escaped (an escaped secret would slip past the redactor)', async () => {
    const run = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'update-variables',
        targetEnvironment: 'live',
        variablesPath: 'v.json',
        dryRun: 'true',
        prComment: 'true',
        githubToken: github.token
      },
      files: { 'v.json': JSON.stringify({ greeting: `token ${github.token}` }) },
      env: prEnv()
    })
    expect(run.code).toBe(0)
    const body = github.comments[0]!.body
    expect(body).toContain('| greeting | changed |')
    expect(body).not.toMatch(/fake-token|ghs\\?_/)
  })

  test('two promotes of different deployments (same environments) keep one comment each; a rerun edits its own', async () => {
    const promote = (deploymentId: string) =>
      runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: 'promote',
          deploymentId,
          dryRun: 'true',
          prComment: 'true',
          githubToken: github.token
        },
        env: prEnv()
      })
    const [sandbox, preRelease] = [sim.state.active('sandbox')!.id, sim.state.active('pre-release')!.id]
    const first = await promote(sandbox)
    const second = await promote(preRelease)
    expect([first.code, second.code]).toEqual([0, 0])
    expect(github.comments.map((c) => c.body.split('\n')[0])).toEqual([
      `<!-- polyai-deploy-action agent=agent-1 operation=promote environments=default deploymentId=${sandbox} -->`,
      `<!-- polyai-deploy-action agent=agent-1 operation=promote environments=default deploymentId=${preRelease} -->`
    ])
    expect((await promote(sandbox)).outputs.commentUrl).toBe(first.outputs.commentUrl)
    expect(github.comments).toHaveLength(2)
  })

  describe("a failing step edits its comment rather than leave an earlier push's plan standing", () => {
    const SCHEMA = { type: 'object', properties: { greeting: { type: 'string' } } }
    const STRICT = { type: 'object', properties: { greeting: { type: 'string', maxLength: 5 } } }
    const planSchema = (schema: string, extra: Record<string, string> = {}) =>
      runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: 'upsert-schema',
          targetEnvironment: 'live',
          schemaPath: 's.json',
          dryRun: 'true',
          prComment: 'true',
          githubToken: github.token,
          ...extra
        },
        files: { 's.json': schema },
        env: prEnv()
      })
    const only = (): string => {
      expect(github.comments).toHaveLength(1)
      return github.comments[0]!.body
    }
    beforeEach(async () => {
      sim.state.configPages.live.schema = SCHEMA
      sim.state.configPages.live.variables = { greeting: 'hello there' }
      expect((await planSchema(JSON.stringify(SCHEMA))).code).toBe(0)
      expect(only()).toContain('no changes')
    })

    test('a bad file: the comment says this push has no plan, with the error and the run', async () => {
      const run = await planSchema('{"type": "object",')
      expect(run.code).toBe(1)
      const body = only()
      expect(body.split('\n')[0]).toBe(
        '<!-- polyai-deploy-action agent=agent-1 operation=upsert-schema environments=live -->'
      )
      expect(body.split('\n')[1]).toBe('### ❌ No plan for this push: upsert-schema failed for agent agent-1')
      expect(body).toContain(
        "> This push's plan could not be made, so what this comment showed for an earlier push no longer applies. Error: schemaPath"
      )
      expect(body).toContain('> Nothing was changed.')
      expect(body).not.toContain('no changes')
      expect(body).toMatch(/<sub>PolyAI deploy action · upsert-schema · .*\/actions\/runs\/\d+ · edited in place/)
      expect(run.stdout).toContain('Updated the plan comment on pull request #5')
    })

    test('the API down until the budget is spent: the comment still says so (a short grace), with the error redacted', async () => {
      expect((await promotePlan()).code).toBe(0)
      // Each request fails after (virtually) 21 s: the 20 s budget is spent by the first.
      const clock = fakeClock()
      const down: Transport = {
        send: async () => {
          clock.advance(21_000)
          throw new TransportError('connect ECONNREFUSED', 'not-sent', 'ECONNREFUSED')
        },
        close: () => undefined
      }
      const run = await runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: 'publish',
          dryRun: 'true',
          prComment: 'true',
          githubToken: github.token,
          timeoutSeconds: '20'
        },
        env: prEnv(),
        options: { clock, transport: down }
      })
      expect(run.code).toBe(1)
      const body = github.comments.find((c) => c.body.includes('operation=publish'))!.body
      expect(body).toContain('### ❌ No plan for this push: publish failed for agent agent-1')
      expect(body).toMatch(/Error: Failed to .*ECONNREFUSED/)
      expect(run.stdout).not.toContain('Unexpected error')
      expect(body).not.toContain(sim.apiKey)
      expect(github.comments).toHaveLength(2)
    })

    test('a GitHub that refuses the edit only warns: the step fails for its own error, once', async () => {
      github.fail({ path: /\/issues\/comments\/\d+$/, status: 403, message: 'Resource not accessible by integration' })
      const run = await planSchema('[')
      expect(run.code).toBe(1)
      expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(1)
      expect(run.stdout).toContain(
        '::warning::Could not write the pull request comment (the step itself is not affected): HTTP 403'
      )
      expect(run.summary).toContain('Not posted as a pull request comment')
    })

    test('refusals are results: failOnBreaking and values that fail the new schema edit the comment with the refusal', async () => {
      const breaking = await planSchema(
        JSON.stringify({ type: 'object', properties: { greeting: { type: 'string', maxLength: 40 } } }),
        { failOnBreaking: 'true' }
      )
      expect(breaking.code).toBe(1)
      expect(only().split('\n')[1]).toBe('### ❌ Config schema of agent agent-1: live refused — ⚠️ 1 breaking change')
      const values = await planSchema(JSON.stringify(STRICT))
      expect(values.code).toBe(1)
      expect(only()).toContain('| live | refused | current values fail the new schema: greeting |')
    })
  })

  test('a read operation is not commented, with a notice', async () => {
    const run = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'get-active-deployments',
        prComment: 'true',
        githubToken: github.token
      },
      env: prEnv()
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::notice::prComment is ignored for get-active-deployments')
    expect(github.requests).toEqual([])
  })

  test('outside GitHub Actions (no GITHUB_REPOSITORY) it warns; an edit refused after the listing warns too', async () => {
    const outside = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'publish',
        dryRun: 'true',
        prComment: 'true',
        githubToken: github.token
      },
      env: { ...prEnv(), GITHUB_REPOSITORY: '' }
    })
    expect(outside.code).toBe(0)
    expect(outside.stdout).toContain(
      '::warning::Could not write the pull request comment (the step itself is not affected): GITHUB_REPOSITORY is not set'
    )
    await promotePlan()
    github.fail({ path: /\/issues\/comments\/\d+$/, status: 404, message: 'Not Found' })
    const refused = await promotePlan()
    expect(refused.code).toBe(0)
    expect(refused.stdout).toContain('HTTP 404: Not Found')
    expect(refused.outputs.commentUrl).toBeUndefined()
  })
})

describe('pull-config in-process', () => {
  test('a dry run writes nothing and lists what it would write; the layout goes under configPath', async () => {
    const workspace = await makeWorkspace()
    const dry = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'pull-config',
        configPath: 'cfg',
        targetEnvironment: 'live',
        dryRun: 'true'
      },
      workspace
    })
    expect(dry.code).toBe(0)
    expect(dry.outputs.changed).toBe('false')
    expect(JSON.parse(dry.outputs.changedFiles ?? '')).toEqual(['cfg/live/schema.json', 'cfg/live/data.json'])
    expect(dry.summary).toContain('Plan: pull config of agent agent-1 into cfg \\(live\\): would write 2 file\\(s\\)')
    await expect(fs.stat(path.join(workspace, 'cfg'))).rejects.toThrow()
    const real = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'pull-config', configPath: '.', targetEnvironment: 'live' },
      workspace
    })
    expect(JSON.parse(real.outputs.changedFiles ?? '')).toEqual(['live/schema.json', 'live/data.json'])
    const again = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'pull-config', configPath: '.', targetEnvironment: 'live' },
      workspace
    })
    expect(again.summary).toContain('no changes')
    expect(callsOf(sim).every((c) => c.startsWith('GET'))).toBe(true)
  })

  test('an environment folder that links out of the workspace fails the step; nothing is written there', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-outside-'))
    const workspace = await makeWorkspace({ 'real_time_configuration/.keep': '' })
    await fs.symlink(outside, path.join(workspace, 'real_time_configuration', 'live'))
    const run = await runInProcess({ inputs: { ...actionInputs(sim), operation: 'pull-config' }, workspace })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('configPath: real_time_configuration/live is a link that leads outside the workspace')
    expect(await fs.readdir(outside)).toEqual([])
    // Checked before the first write: the other environments' files were not written either.
    expect(await fs.readdir(path.join(workspace, 'real_time_configuration'))).toEqual(
      expect.not.arrayContaining(['draft_and_sandbox'])
    )
  })

  test('a file where an environment folder should be, or a folder link to nowhere: a clear configPath error, and nothing is written', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-outside-'))
    for (const [what, make, expected] of [
      [
        'file',
        (ws: string) => fs.writeFile(path.join(ws, 'real_time_configuration', 'live'), 'not a folder'),
        'configPath: real_time_configuration/live is a file where a folder should be'
      ],
      [
        'dangling',
        (ws: string) =>
          fs.symlink(path.join(outside, 'gone', 'deeper'), path.join(ws, 'real_time_configuration', 'live')),
        'configPath: real_time_configuration/live is a link to nowhere'
      ],
      [
        'dangling root',
        (ws: string) =>
          fs
            .rm(path.join(ws, 'real_time_configuration'), { recursive: true })
            .then(() => fs.symlink(path.join(outside, 'gone'), path.join(ws, 'real_time_configuration'))),
        'configPath "real_time_configuration" is a link to nowhere'
      ]
    ] as const) {
      const workspace = await makeWorkspace({ 'real_time_configuration/.keep': '' })
      await make(workspace)
      const run = await runInProcess({ inputs: { ...actionInputs(sim), operation: 'pull-config' }, workspace })
      expect([what, run.code]).toEqual([what, 1])
      expect(run.stdout).toContain(expected)
      expect(run.stdout).not.toContain('Unexpected error')
      const written = await fs.readdir(workspace, { recursive: true })
      expect([what, written.filter((f) => f.endsWith('.json'))]).toEqual([what, []])
    }
    expect(await fs.readdir(outside)).toEqual([])
  })

  test('a file that cannot be written (read-only) fails the step naming it and what was written before it; no stack trace', async () => {
    const workspace = await makeWorkspace({ 'rtc/live/data.json': 'old\n' })
    const file = path.join(workspace, 'rtc', 'live', 'data.json')
    // As root a mode does not stop a write, an immutable file does.
    const root = process.getuid?.() === 0
    if (root) await promisify(execFile)('chattr', ['+i', file])
    else await fs.chmod(path.join(workspace, 'rtc', 'live'), 0o555).then(() => fs.chmod(file, 0o444))
    try {
      const run = await runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: 'pull-config',
          configPath: 'rtc',
          targetEnvironment: 'sandbox,live'
        },
        workspace
      })
      expect(run.code).toBe(1)
      expect(run.stdout).not.toContain('Unexpected error')
      expect(run.stdout).toMatch(/::error::configPath: could not write rtc\/live\/data\.json \(E(PERM|ACCES)/)
      expect(run.stdout).toContain(
        'written before it: rtc/draft_and_sandbox/schema.json, rtc/draft_and_sandbox/data.json, rtc/live/schema.json'
      )
      expect(JSON.parse(run.outputs.changedFiles ?? '')).toEqual([
        'rtc/draft_and_sandbox/schema.json',
        'rtc/draft_and_sandbox/data.json',
        'rtc/live/schema.json'
      ])
      expect(run.outputs.changed).toBe('true')
      expect(await fs.readFile(file, 'utf8')).toBe('old\n')
    } finally {
      if (root) await promisify(execFile)('chattr', ['-i', file])
      else await fs.chmod(path.join(workspace, 'rtc', 'live'), 0o755)
    }
  })

  test("a file that links to another environment's file is refused before any write (one pull would overwrite the other)", async () => {
    sim.state.configPages.live.schema = { type: 'object', properties: { liveOnly: { type: 'string' } } }
    const workspace = await makeWorkspace({ 'rtc/draft_and_sandbox/schema.json': '{}\n', 'rtc/live/.keep': '' })
    await fs.symlink('../draft_and_sandbox/schema.json', path.join(workspace, 'rtc', 'live', 'schema.json'))
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'pull-config', configPath: 'rtc', targetEnvironment: 'sandbox,live' },
      workspace
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      '::error::configPath: rtc/live/schema.json is a link (to rtc/draft_and_sandbox/schema.json)'
    )
    expect(await fs.readFile(path.join(workspace, 'rtc', 'draft_and_sandbox', 'schema.json'), 'utf8')).toBe('{}\n')
  })

  test('a pulled schema that the push operations would refuse (a keyword draft-07 does not know) is written with a warning saying so', async () => {
    sim.state.configPages.live.schema = { type: 'object', propertyOrder: ['a'], properties: { a: { type: 'string' } } }
    const workspace = await makeWorkspace()
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'pull-config', targetEnvironment: 'sandbox,live' },
      workspace
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      '::warning::live: the schema pulled into real_time_configuration/live/schema.json is not one upsert-schema or sync-config will push back (/propertyOrder: "propertyOrder" is not a draft-07 keyword'
    )
    expect(run.stdout).not.toMatch(/::warning::sandbox: the schema pulled/)
    expect(run.summary).toContain('propertyOrder')
  })

  test("an environment folder that links to another environment's folder is refused before any write", async () => {
    sim.state.configPages.live.schema = { type: 'object', properties: { liveOnly: { type: 'string' } } }
    const workspace = await makeWorkspace({ 'rtc/draft_and_sandbox/schema.json': '{}\n' })
    await fs.symlink('draft_and_sandbox', path.join(workspace, 'rtc', 'live'))
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'pull-config', configPath: 'rtc', targetEnvironment: 'sandbox,live' },
      workspace
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      '::error::configPath: rtc/live/schema.json and rtc/draft_and_sandbox/schema.json are the same file'
    )
    expect(await fs.readFile(path.join(workspace, 'rtc', 'draft_and_sandbox', 'schema.json'), 'utf8')).toBe('{}\n')
  })
})
