/**
 * Runs the action's start() (src/start.ts: preflight, then main.ts run()) inside the test process with the real @actions/core, exactly as the
 * bundle would (INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), so integration
 * tests exercise the sources (and count toward coverage) without mocking anything.
 */
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { RunOptions } from '../../src/main.js'
import { start } from '../../src/start.js'
import { type ActionRun, makeWorkspace, parseOutputFile, runnerEnv } from '../../dev/run-action.js'

export interface InProcessSpec {
  inputs: Record<string, string>
  env?: Record<string, string>
  files?: Record<string, string>
  workspace?: string
  options?: Omit<RunOptions, 'env'>
}

export async function runInProcess(spec: InProcessSpec): Promise<ActionRun> {
  const workspace = spec.workspace ?? (await makeWorkspace(spec.files))
  const runnerDir = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-runner-'))
  const output = path.join(runnerDir, 'output')
  const summary = path.join(runnerDir, 'summary')
  await fs.writeFile(output, '')
  await fs.writeFile(summary, '')
  const env = runnerEnv(spec.inputs, { output, summary, workspace }, spec.env)
  const saved = { ...process.env }
  const savedExitCode = process.exitCode
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
  Object.assign(process.env, env)
  const writes: string[] = []
  const originalWrite = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
    return true
  }) as typeof process.stdout.write
  let code: number
  try {
    await start({ ...spec.options, env: process.env })
  } finally {
    process.stdout.write = originalWrite
    code = process.exitCode === 1 ? 1 : 0
    process.exitCode = savedExitCode
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
  const outputText = await fs.readFile(output, 'utf8')
  return {
    code,
    stdout: writes.join(''),
    stderr: '',
    outputs: parseOutputFile(outputText),
    outputText,
    summary: await fs.readFile(summary, 'utf8'),
    workspace
  }
}
