/**
 * The bad-input corpus, in process with the in-memory runner (a representative few also run through
 * dist/index.js: __tests__/e2e/bad-input.test.ts): every case fails the step with the specific
 * message (the bad value echoed, the fix named), a combined case lists all its problems together,
 * and the simulator never receives a request. File inputs included: escapes via ../, an absolute
 * path or a symlink, a file over 1 MiB, a syntax error (shown as an annotation on the file, line
 * and column) and absurd nesting (refused, no crash).
 */
import { describe, expect, test } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { makeWorkspace, type ActionRun } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'

let sim: Simulator
useSimulator((s) => (sim = s), undefined, 'file')

const base = (): Record<string, string> => actionInputs(sim)

/** The message of the single error line (whatever its properties), with the runner's escapes undone. */
function errorText(run: ActionRun): string {
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('::error'))
  expect(lines).toHaveLength(1)
  return (lines[0] as string)
    .replace(/^::error(?: [^:]*)?::/, '')
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%')
}

/** What every bad-input run must show: exit 1, no stack trace, a failure summary, nothing sent. */
function expectRefused(run: ActionRun): void {
  expect(run.code).toBe(1)
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|TypeError|Unexpected error/)
  expect(run.summary).toContain('❌')
  expect(run.outputText).toBe('')
  expect(sim.requests).toHaveLength(0)
}

interface Case {
  name: string
  inputs: () => Record<string, string>
  /** Every one of these must appear in the error. */
  problems: string[]
}

const CASES: Case[] = [
  {
    name: 'unknown operation',
    inputs: () => ({ ...base(), operation: 'deploy' }),
    problems: [
      'operation "deploy" is unknown: did you mean "publish" (the draft to sandbox), then "promote"? The operations are promote, rollback, publish, get-active-deployments'
    ]
  },
  { name: 'missing operation', inputs: () => ({ ...base() }), problems: ['operation is required: use one of promote'] },
  {
    name: 'missing agentId',
    inputs: () => ({ ...base(), agentId: '', operation: 'get-active-deployments' }),
    problems: ['agentId is required: the id of the agent, as shown in PolyAI Studio']
  },
  {
    name: 'agentId with a slash',
    inputs: () => ({ ...base(), agentId: 'agent/../x', operation: 'get-active-deployments' }),
    problems: ["agentId \"agent/../x\" is not a valid id: use only letters, digits, '.', '_' and '-'"]
  },
  {
    name: 'agentId ..',
    inputs: () => ({ ...base(), agentId: '..', operation: 'get-active-deployments' }),
    problems: ['agentId ".." is not a valid id']
  },
  {
    name: 'agentId .',
    inputs: () => ({ ...base(), agentId: '.', operation: 'get-active-deployments' }),
    problems: ['agentId "." is not a valid id']
  },
  {
    name: 'deploymentId with a space and a percent sign',
    inputs: () => ({ ...base(), operation: 'promote', deploymentId: 'dep 1%2F' }),
    problems: ['deploymentId "dep 1%2F" is not a valid id']
  },
  {
    name: 'deploymentId ..',
    inputs: () => ({ ...base(), operation: 'rollback', deploymentId: '..' }),
    problems: ['deploymentId ".." is not a valid id']
  },
  {
    name: 'unknown environment',
    inputs: () => ({ ...base(), operation: 'promote', targetEnvironment: 'staging' }),
    problems: [
      'targetEnvironment "staging" is not an environment: did you mean "pre-release" (the stage between sandbox and live)? Use sandbox, pre-release, live'
    ]
  },
  {
    name: 'promote to sandbox',
    inputs: () => ({ ...base(), operation: 'promote', targetEnvironment: 'sandbox' }),
    problems: ['targetEnvironment for promote must be pre-release or live']
  },
  {
    name: 'two environments for a single-environment operation',
    inputs: () => ({ ...base(), operation: 'get-config-page', targetEnvironment: 'sandbox,live' }),
    problems: ['targetEnvironment takes a single environment for get-config-page, got "sandbox,live"']
  },
  {
    name: 'dryRun: yes',
    inputs: () => ({ ...base(), operation: 'publish', dryRun: 'yes' }),
    problems: ['dryRun must be true or false, got "yes"']
  },
  {
    name: 'force: 1',
    inputs: () => ({ ...base(), operation: 'promote', force: '1' }),
    problems: ['force must be true or false, got "1"']
  },
  {
    name: 'unknown region',
    inputs: () => ({ apiKey: sim.apiKey, agentId: sim.agentId, operation: 'publish', region: 'mars' }),
    problems: ['region "mars" is unknown: use one of us, eu, uk, studio, dev (or set baseUrl)']
  },
  {
    name: 'malformed baseUrl',
    inputs: () => ({ ...base(), operation: 'publish', baseUrl: 'api.us.poly.ai/v1' }),
    problems: ['baseUrl "api.us.poly.ai/v1" is not a valid URL: use e.g. https://api.us.poly.ai']
  },
  {
    name: 'plain http to a remote host',
    inputs: () => ({ ...base(), operation: 'publish', baseUrl: 'http://api.us.poly.ai' }),
    problems: ['baseUrl "http://api.us.poly.ai" must use https:// (plain http is allowed only for localhost)']
  },
  {
    name: 'plain http to a host that only looks local',
    inputs: () => ({ ...base(), operation: 'publish', baseUrl: 'http://localhost.evil.example:8080' }),
    problems: ['baseUrl "http://localhost.evil.example:8080" must use https://']
  },
  {
    name: 'baseUrl with credentials',
    inputs: () => ({ ...base(), operation: 'publish', baseUrl: 'https://user:pw@api.us.poly.ai' }),
    problems: ['baseUrl must not contain credentials (user:password@): pass the key as apiKey']
  },
  {
    name: 'baseUrl ending in /v1',
    inputs: () => ({ ...base(), operation: 'publish', baseUrl: 'https://api.us.poly.ai/v1/' }),
    problems: ['baseUrl "https://api.us.poly.ai/v1/" must not end with /v1']
  },
  {
    name: 'ftp baseUrl',
    inputs: () => ({ ...base(), operation: 'publish', baseUrl: 'ftp://127.0.0.1' }),
    problems: ['baseUrl "ftp://127.0.0.1" must use https://']
  },
  {
    name: 'timeoutSeconds not a number',
    inputs: () => ({ ...base(), operation: 'publish', timeoutSeconds: '5m' }),
    problems: ['timeoutSeconds must be a whole number of seconds from 1 to 21600, got "5m"']
  },
  {
    name: 'timeoutSeconds 0',
    inputs: () => ({ ...base(), operation: 'publish', timeoutSeconds: '0' }),
    problems: ['timeoutSeconds must be a whole number of seconds from 1 to 21600, got "0"']
  },
  {
    name: 'missing apiKey',
    inputs: () => ({ agentId: sim.agentId, baseUrl: sim.url, operation: 'publish' }),
    problems: [
      'apiKey is empty: if you passed `apiKey: ${{ secrets.POLYAI_API_KEY }}`, that secret is not set for this repository'
    ]
  },
  {
    name: 'apiKey with an inner space (not echoed)',
    inputs: () => ({ ...base(), apiKey: 'sim key', operation: 'publish' }),
    problems: ['apiKey contains spaces, line breaks, control or non-ASCII characters']
  },
  {
    name: 'rollback with neither deploymentId nor targetEnvironment',
    inputs: () => ({ ...base(), operation: 'rollback' }),
    problems: ['rollback needs deploymentId (the deployment whose version to restore) or targetEnvironment']
  },
  {
    name: 'config write without environment or file',
    inputs: () => ({ ...base(), operation: 'upsert-schema' }),
    problems: ['targetEnvironment is required for upsert-schema', 'schemaPath is required for upsert-schema']
  },
  {
    name: 'update-variables without a file',
    inputs: () => ({ ...base(), operation: 'update-variables', targetEnvironment: 'all' }),
    problems: ['variablesPath is required for update-variables']
  },
  {
    name: 'deploymentMessage too long',
    inputs: () => ({ ...base(), operation: 'publish', deploymentMessage: 'x'.repeat(1001) }),
    problems: ['deploymentMessage is 1001 characters long: keep it to 1000']
  },
  {
    name: 'waitForTestRuns and maskValues not booleans',
    inputs: () => ({ ...base(), operation: 'promote', waitForTestRuns: 'always', maskValues: 'on' }),
    problems: ['waitForTestRuns must be true or false, got "always"', 'maskValues must be true or false, got "on"']
  },
  {
    name: 'prComment without githubToken',
    inputs: () => ({
      ...base(),
      operation: 'upsert-schema',
      targetEnvironment: 'live',
      schemaPath: 's.json',
      prComment: 'true'
    }),
    problems: [
      'prComment needs githubToken: pass `githubToken: ${{ github.token }}` and give the job `permissions: pull-requests: write`'
    ]
  },
  {
    name: 'prComment and failOnBreaking not booleans',
    inputs: () => ({
      ...base(),
      operation: 'upsert-schema',
      targetEnvironment: 'live',
      schemaPath: 's.json',
      prComment: 'yes',
      failOnBreaking: 'sometimes'
    }),
    problems: ['failOnBreaking must be true or false, got "sometimes"', 'prComment must be true or false, got "yes"']
  },
  {
    name: 'everything wrong at once',
    inputs: () => ({
      apiKey: '',
      operation: 'promte',
      agentId: '..',
      deploymentId: 'a/b',
      targetEnvironment: 'prod',
      dryRun: 'maybe',
      force: 'yes',
      region: 'mars',
      timeoutSeconds: '-1'
    }),
    problems: [
      'Invalid inputs (9):',
      'operation "promte" is unknown: did you mean "promote"?',
      'apiKey is empty',
      'region "mars" is unknown',
      'agentId ".." is not a valid id',
      'deploymentId "a/b" is not a valid id',
      'targetEnvironment "prod" is not an environment: did you mean "live"',
      'dryRun must be true or false, got "maybe"',
      'force must be true or false, got "yes"',
      'timeoutSeconds must be a whole number of seconds from 1 to 21600, got "-1"'
    ]
  }
]

describe('bad scalar inputs', () => {
  test.each(CASES)('$name', async ({ inputs, problems }) => {
    const run = await runInProcess({ inputs: inputs() })
    expectRefused(run)
    const error = errorText(run)
    for (const problem of problems) expect(error).toContain(problem)
    // The summary lists the same problems.
    expect(run.summary).toContain('nothing was sent to PolyAI')
    if (problems.length > 1) {
      expect(error).toMatch(/^Invalid inputs \(\d+\):\n {2}- /)
    }
  })

  test('a key (from POLYAI_API_KEY) with a line break inside is refused without echoing it', async () => {
    const run = await runInProcess({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'publish' },
      env: { POLYAI_API_KEY: 'first-half-of-key\nsecond-half-of-key' }
    })
    expectRefused(run)
    expect(errorText(run)).toContain('apiKey contains spaces, line breaks, control or non-ASCII characters')
    const shown =
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n') + run.summary
    expect(shown).not.toContain('half-of-key')
  })
})

describe('bad file inputs', () => {
  const schemaRun = async (
    schemaPath: string,
    files: Record<string, string> = {},
    workspace?: string,
    extra: Record<string, string> = {}
  ) =>
    runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath, ...extra },
      files,
      ...(workspace ? { workspace } : {})
    })

  test('a path that climbs out of the workspace with ../', async () => {
    const run = await schemaRun('config/../../outside.json', { 'config/schema.json': '{}' })
    expectRefused(run)
    expect(errorText(run)).toContain(
      'schemaPath "config/../../outside.json" is outside the workspace: give a path inside the repository'
    )
  })

  test('an absolute path outside the workspace', async () => {
    const run = await schemaRun('/etc/passwd')
    expectRefused(run)
    expect(errorText(run)).toContain('schemaPath "/etc/passwd" is outside the workspace')
  })

  test('a symlink that leads outside the workspace', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-outside-'))
    await fs.writeFile(path.join(outside, 'secret.json'), '{"type":"object"}')
    const workspace = await makeWorkspace()
    await fs.symlink(path.join(outside, 'secret.json'), path.join(workspace, 'schema.json'))
    const run = await schemaRun('schema.json', {}, workspace)
    expectRefused(run)
    expect(errorText(run)).toContain('schemaPath "schema.json" is a link that leads outside the workspace')
  })

  test('a folder symlink that leads outside the workspace (CLI layout)', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-outside-'))
    await fs.mkdir(path.join(outside, 'draft_and_sandbox'))
    await fs.writeFile(path.join(outside, 'draft_and_sandbox', 'schema.json'), '{"type":"object"}')
    const workspace = await makeWorkspace({ 'real_time_configuration/.keep': '' })
    await fs.symlink(
      path.join(outside, 'draft_and_sandbox'),
      path.join(workspace, 'real_time_configuration', 'draft_and_sandbox')
    )
    const run = await schemaRun('real_time_configuration', {}, workspace)
    expectRefused(run)
    expect(errorText(run)).toContain('is a link that leads outside the workspace')
  })

  test('a file that does not exist', async () => {
    const run = await schemaRun('nope.json')
    expectRefused(run)
    expect(errorText(run)).toMatch(
      /schemaPath "nope\.json" does not exist in the workspace \(.+\): check the path and that the repository was checked out \(actions\/checkout\)/
    )
  })

  test("a folder in CLI layout without the environment's file", async () => {
    const run = await schemaRun('rtc', { 'rtc/live/schema.json': '{}' })
    expectRefused(run)
    expect(errorText(run)).toContain(
      'schemaPath: rtc/draft_and_sandbox/schema.json is missing: a folder in CLI layout needs draft_and_sandbox/schema.json for sandbox'
    )
  })

  test('a file over 1 MiB', async () => {
    const big = JSON.stringify({ type: 'object', description: 'x'.repeat(1024 * 1024) })
    const run = await schemaRun('big.json', { 'big.json': big })
    expectRefused(run)
    expect(errorText(run)).toContain(
      `schemaPath: big.json is ${Buffer.byteLength(big)} bytes; the limit is 1048576 (1 MiB)`
    )
  })

  test('a JSON syntax error is one annotation on the file, line and column', async () => {
    const text = '{\n  "type": "object",\n  "properties": { "a": { "type": "string" }, }\n}\n'
    const run = await schemaRun('config/schema.json', { 'config/schema.json': text })
    expectRefused(run)
    const line = run.stdout.split('\n').find((l) => l.startsWith('::error'))!
    expect(line).toMatch(
      /^::error title=Invalid JSON input,file=config\/schema\.json,line=3,col=\d+::schemaPath: config\/schema\.json is not valid JSON \(line 3, column \d+\): /
    )
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(1)
  })

  test('a truncated file points at its end', async () => {
    const run = await runInProcess({
      inputs: { ...base(), operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'data.json' },
      files: { 'data.json': '{\n  "greeting": "Hi"' }
    })
    expectRefused(run)
    expect(run.stdout).toMatch(
      /^::error title=Invalid JSON input,file=data\.json,line=2,col=\d+::variablesPath: data\.json is not valid JSON/m
    )
  })

  test('100000-deep nesting is refused without a crash', async () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const run = await schemaRun('deep.json', { 'deep.json': deep })
    expectRefused(run)
    expect(errorText(run)).toMatch(
      /schemaPath: deep\.json nests deeper than 64 levels \(line 1, column \d+\); flatten it/
    )
    expect(run.stderr).not.toMatch(/RangeError|Maximum call stack/)
  })

  test('a JSON array where an object is needed', async () => {
    const run = await schemaRun('schema.json', { 'schema.json': '[1, 2]' })
    expectRefused(run)
    expect(errorText(run)).toContain('schemaPath: schema.json must contain a JSON object ({...}), not an array')
  })

  test.each([
    [
      'outside the workspace',
      '../elsewhere',
      {},
      'configPath "../elsewhere" is outside the workspace: give a folder inside the repository'
    ],
    [
      'onto a file',
      'README.md',
      { 'README.md': '# hi' },
      'configPath "README.md" is a file: give a folder (it is created when missing)'
    ],
    [
      'below a file',
      'README.md/rtc',
      { 'README.md': '# hi' },
      'configPath "README.md/rtc" is inside "README.md", which is a file'
    ]
  ])('pull-config with configPath %s', async (_, configPath, files, problem) => {
    const run = await runInProcess({ inputs: { ...base(), operation: 'pull-config', configPath }, files })
    expectRefused(run)
    expect(errorText(run)).toContain(problem)
  })

  test('a configPath through a link that leads outside the workspace, listed with the other problems', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-outside-'))
    const workspace = await makeWorkspace()
    await fs.symlink(outside, path.join(workspace, 'rtc'))
    const run = await runInProcess({
      inputs: { ...base(), operation: 'pull-config', configPath: 'rtc/nested', dryRun: 'nah' },
      workspace
    })
    expectRefused(run)
    expect(errorText(run)).toContain('Invalid inputs (2):')
    expect(errorText(run)).toContain('configPath "rtc/nested" goes through a link that leads outside the workspace')
    expect(await fs.readdir(outside)).toEqual([])
  })

  test('path problems are listed together with the other input problems', async () => {
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'upsert-schema',
        targetEnvironment: 'qa',
        schemaPath: '../../etc/passwd',
        dryRun: 'nah'
      }
    })
    expectRefused(run)
    const error = errorText(run)
    expect(error).toContain('Invalid inputs (3):')
    expect(error).toContain('targetEnvironment "qa" is not an environment')
    expect(error).toContain('dryRun must be true or false, got "nah"')
    expect(error).toContain('schemaPath "../../etc/passwd" is outside the workspace')
  })
})
