/**
 * The pull request comment and pull-config in-process (real @actions/core and @actions/github, real
 * HTTP to the simulator and the GitHub fake), for the paths the end-to-end cases do not reach.
 */
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../dev/simulator/index.js'
import { startFakeGithub, type FakeGithub } from '../../dev/fake-github.js'
import { makeWorkspace } from '../../dev/run-action.js'
import { actionInputs, callsOf, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'

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
  const prEnv = (): Record<string, string> => ({ GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event })
  const promotePlan = (extra: Record<string, string> = {}) =>
    runInProcess({
      inputs: { ...actionInputs(sim), operation: 'publish', dryRun: 'true', prComment: 'true', githubToken: github.token, ...extra },
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
    expect(github.comments[1]!.body).toMatch(/^<!-- polyai-deploy-action agent=agent-1 operation=publish environments=sandbox -->\n### 📝 Plan: publish the draft to sandbox/)
    expect(second.stdout).toContain('Updated the plan comment on pull request #5')
  })

  test('a secret in a value is redacted before it is escaped (an escaped secret would slip past the redactor)', async () => {
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'v.json', dryRun: 'true', prComment: 'true', githubToken: github.token },
      files: { 'v.json': JSON.stringify({ greeting: `token ${github.token}` }) },
      env: prEnv()
    })
    expect(run.code).toBe(0)
    const body = github.comments[0]!.body
    expect(body).toContain('| greeting | changed |')
    expect(body).not.toMatch(/fake-token|ghs\\?_/)
  })

  test('a read operation is not commented, with a notice', async () => {
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'get-active-deployments', prComment: 'true', githubToken: github.token },
      env: prEnv()
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::notice::prComment is ignored for get-active-deployments')
    expect(github.requests).toEqual([])
  })

  test('outside GitHub Actions (no GITHUB_REPOSITORY) it warns; an edit refused after the listing warns too', async () => {
    const outside = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'publish', dryRun: 'true', prComment: 'true', githubToken: github.token },
      env: { ...prEnv(), GITHUB_REPOSITORY: '' }
    })
    expect(outside.code).toBe(0)
    expect(outside.stdout).toContain('::warning::Could not write the pull request comment (the step itself is not affected): GITHUB_REPOSITORY is not set')
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
    const dry = await runInProcess({ inputs: { ...actionInputs(sim), operation: 'pull-config', configPath: 'cfg', targetEnvironment: 'live', dryRun: 'true' }, workspace })
    expect(dry.code).toBe(0)
    expect(dry.outputs.changed).toBe('false')
    expect(JSON.parse(dry.outputs.changedFiles ?? '')).toEqual(['cfg/live/schema.json', 'cfg/live/data.json'])
    expect(dry.summary).toContain('Plan: pull config of agent agent-1 into cfg \\(live\\): would write 2 file\\(s\\)')
    await expect(fs.stat(path.join(workspace, 'cfg'))).rejects.toThrow()
    const real = await runInProcess({ inputs: { ...actionInputs(sim), operation: 'pull-config', configPath: '.', targetEnvironment: 'live' }, workspace })
    expect(JSON.parse(real.outputs.changedFiles ?? '')).toEqual(['live/schema.json', 'live/data.json'])
    const again = await runInProcess({ inputs: { ...actionInputs(sim), operation: 'pull-config', configPath: '.', targetEnvironment: 'live' }, workspace })
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
    expect(await fs.readdir(path.join(workspace, 'real_time_configuration'))).toEqual(expect.not.arrayContaining(['draft_and_sandbox']))
  })
})
