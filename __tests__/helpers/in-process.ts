/**
 * Runs the action's run() (src/main.ts: preflight, then the operation) inside the test process
 * with an in-memory runner: the same inputs and GITHUB_* context a runner gives a step, files in a
 * temp workspace, and the log, outputs and summary collected in memory. These runs can overlap: each
 * has its own runner, and run() keeps what a step registers to redact (secrets, masked values) to
 * that step (withStepRedaction). On the fake clock unless the test brings its own: waits are instant,
 * and no test sits through back-off.
 */
import { run, type Seams } from '../../src/main.js'
import { setWorkerEntry } from '../../src/core/worker-entry.js'
import { type ActionRun, makeWorkspace, runnerEnv } from '../../dev/run-action.js'
import { checkWorkerEntry } from './check-worker.js'
import { fakeClock } from './clock.js'
import { memoryRunner, outputTextOf, stdoutOf } from './memory-runner.js'

export interface InProcessSpec {
  inputs: Record<string, string>
  env?: Record<string, string>
  files?: Record<string, string>
  workspace?: string
  options?: Seams
}

/** What src/index.ts registers in the bundle: the file a bounded values check's worker runs (here, the sources bundled). */
setWorkerEntry(checkWorkerEntry())

export async function runInProcess(spec: InProcessSpec): Promise<ActionRun> {
  const workspace = await makeWorkspace(spec.files, spec.workspace)
  // The runner's files are in memory: their paths are placeholders nothing opens.
  const env = runnerEnv(spec.inputs, { output: '(memory)', summary: '(memory)', workspace }, spec.env)
  const runner = memoryRunner(env)
  await run(runner, { clock: fakeClock(), ...spec.options })
  return {
    code: runner.code,
    stdout: stdoutOf(runner),
    stderr: '',
    outputs: runner.outputs,
    outputText: outputTextOf(runner),
    summary: runner.summary,
    workspace
  }
}
