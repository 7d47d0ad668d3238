/** What every part of a run shares once the inputs are known good, and how a run fails. */
import type { AutoRollback } from '../deploy/auto-rollback.js'
import type { Logger } from '../api/client.js'
import type { Clock, Deadline } from '../core/clock.js'
import { ExpectedError, StepError } from '../core/errors.js'
import { FileInputError } from '../core/files.js'
import type { Runner } from '../github/runner.js'
import type { Config } from '../operations/registry.js'
import { newReport, type OperationResult, type Report } from '../report/report.js'
import { oneLine, type Redact } from '../report/sanitize.js'

export interface Step {
  config: Config
  runner: Runner
  log: Logger
  redact: Redact
  /** The step's clock: every wait and request timeout, GitHub's included, runs on it. */
  clock: Clock
  /**
   * The operation's deadline: the step's budget (timeoutSeconds, from the end of the preflight),
   * less the end kept for the GitHub writes when there are any (step/github-writes.ts).
   */
  deadline: Deadline
}

/** How the step ended, once its outputs were checked: what the GitHub writes are made from. */
export interface StepOutcome {
  /** What the summary and the comment show; its outcome is 'failed' whenever the step failed. */
  report: Report
  /** The operation's result, when it got that far (a step that threw has none). */
  result?: OperationResult
  /** Why the step failed (redacted): a refusal, failed test runs, a refused output, or the error. */
  failure?: string
  /** The automatic rollback a bake or failed test runs made, when one ran (it gets a record of its own). */
  rollback?: AutoRollback | undefined
}

/** The logger operations and the client use: redacted, and info lines kept to one line. */
export function safeLogger(runner: Runner, redact: Redact): Logger {
  return {
    info: (m) => runner.info(oneLine(redact(m))),
    notice: (m) => runner.notice(redact(m)),
    warning: (m) => runner.warning(redact(m)),
    debug: (m) => runner.debug(redact(m))
  }
}

/** Fails the step with one line (annotated on the file for file errors) and returns the failure report. */
export function failStep(
  error: unknown,
  config: Config,
  runner: Runner,
  redact: Redact
): { report: Report; message: string } {
  const message = redact(error instanceof Error ? error.message : String(error))
  const expected = error instanceof ExpectedError
  if (!expected && error instanceof Error && error.stack) runner.debug(redact(error.stack))
  if (error instanceof FileInputError && error.annotation) {
    runner.fail(message, { ...error.annotation, title: error.annotation.title ?? 'Invalid JSON input' })
  } else {
    runner.fail(expected ? message : `Unexpected error: ${message}`)
  }
  const report = newReport(`${config.operation} failed for agent ${config.agentId}`, 'failed')
  report.facts.push(['Error', message])
  if (error instanceof StepError || error instanceof FileInputError) report.notes.push('Nothing was changed.')
  return { report, message }
}
