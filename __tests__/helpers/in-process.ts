/**
 * Runs the action's start() (src/start.ts: preflight, then main.ts run()) inside the test process with the real @actions/core, exactly as the
 * bundle would (INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), so integration
 * tests exercise the sources (and count toward coverage) without mocking anything.
 */
import type { RunOptions } from '../../src/main.js'
import { start } from '../../src/start.js'
import { setWorkerEntry } from '../../src/worker-entry.js'
import { fakeClock } from './clock.js'
import { type ActionRun, collectStep, prepareStep } from '../../dev/run-action.js'

export interface InProcessSpec {
  inputs: Record<string, string>
  env?: Record<string, string>
  files?: Record<string, string>
  workspace?: string
  options?: Omit<RunOptions, 'env'>
}

/** What src/index.ts registers in the bundle: the file a bounded values check's worker runs. */
setWorkerEntry(new URL('./check-worker-entry.mjs', import.meta.url))

export async function runInProcess(spec: InProcessSpec): Promise<ActionRun> {
  const step = await prepareStep(spec)
  const saved = { ...process.env }
  const savedExitCode = process.exitCode
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
  Object.assign(process.env, step.env)
  const writes: string[] = []
  const originalWrite = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
    return true
  }) as typeof process.stdout.write
  let code: number
  try {
    // On the fake clock unless the test brings its own: waits are instant, and no test sits through back-off.
    await start({ clock: fakeClock(), ...spec.options, env: process.env })
  } finally {
    process.stdout.write = originalWrite
    code = process.exitCode === 1 ? 1 : 0
    process.exitCode = savedExitCode
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
  return collectStep(step, { code, stdout: writes.join(''), stderr: '' })
}
