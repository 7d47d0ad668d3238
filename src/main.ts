/** run() only wires the stages together (docs/architecture.md draws them and the flow of one request). */
import type { OperationResult, Report } from './report/report.js'
import { renderSummary } from './report/summary.js'
import { fullDataAfter, writeOutputs } from './report/outputs.js'
import { preflight, secretForms } from './inputs/preflight.js'
import { loadFiles } from './inputs/load-files.js'
import { actionsRunner } from './github/actions-runner.js'
import type { Runner } from './github/runner.js'
import { createRedactor, redactDeep } from './report/sanitize.js'
import { PolyAiClient } from './api/client.js'
import { type Clock, Deadline, systemClock } from './core/clock.js'
import { createHttpTransport, type Transport } from './api/transport.js'
import { githubRunFromEnv, type StepFiles } from './core/context.js'
import { isDryRun } from './core/step-config.js'
import { runOperation } from './operations/registry.js'
import { failStep, safeLogger, type Step } from './step/step.js'
import { failureComment, followUps } from './step/follow-ups.js'
import { USER_AGENT } from './core/version.js'

/** The seams besides the runner: time and HTTP. Production passes nothing. */
export interface Seams {
  clock?: Clock
  transport?: Transport
}

export async function run(runner: Runner = actionsRunner(), seams: Seams = {}): Promise<void> {
  const config = await preflight(runner)
  if (!config) return
  // The preflight masked these with the runner; the redactor is our own second line.
  const redact = createRedactor(secretForms(runner.env))
  const clock = seams.clock ?? systemClock()
  const deadline = new Deadline(clock, config.timeoutSeconds * 1000)
  const step: Step = { config, runner, log: safeLogger(runner, redact), redact, clock, deadline }
  let report: Report
  try {
    const files = await loadFiles(config, runner.env.GITHUB_WORKSPACE || process.cwd())
    const { result, failure } = await execute(step, files, seams.transport)
    const leftOut = new Set<string>()
    const tooLarge = (name: string, message: string): void => {
      leftOut.add(name)
      runner.warning(redact(message))
      result.report.notes.push(`Warning: ${message}`)
    }
    const outputs = redactDeep(result.outputs, redact)
    const unsafe = writeOutputs(outputs, (name, value) => runner.setOutput(name, redact(value)), tooLarge)
    report = result.report
    for (const table of report.tables) if (table.fullData) table.fullData = fullDataAfter(table.fullData, leftOut)
    if (unsafe) {
      report.outcome = 'failed'
      report.notes.push(unsafe)
    }
    if (failure || unsafe) runner.fail(redact([failure, unsafe].filter(Boolean).join('\n')))
  } catch (error) {
    const failed = failStep(error, config, runner, redact)
    report = failed.report
    await failureComment(step, report, failed.message)
  }
  await runner.appendSummary(redact(renderSummary(redactDeep(report, redact)))).catch((error: unknown) => {
    runner.warning(`Could not write the job summary: ${redact(error instanceof Error ? error.message : String(error))}`)
  })
}

/** Runs the operation and its follow-ups; the failure joins the operation's and the test runs'. */
async function execute(
  step: Step,
  files: StepFiles,
  seamTransport: Transport | undefined
): Promise<{ result: OperationResult; failure?: string }> {
  const { config, runner, log, clock, deadline } = step
  const transport = seamTransport ?? createHttpTransport(USER_AGENT)
  const { baseUrl, apiKey, agentId } = config
  const client = new PolyAiClient({ baseUrl, apiKey, agentId, userAgent: USER_AGENT, transport, clock, deadline, log })
  for (const line of config.ignored) log.info(line)
  log.info(`${config.operation} for agent ${agentId} at ${baseUrl}${isDryRun(config) ? ' (dry run)' : ''}`)
  try {
    const ctx = { config, client, log, clock, deadline, files, github: githubRunFromEnv(runner.env) }
    const result = await runOperation(ctx, config.operation)
    const testRunFailure = await followUps(step, ctx, result)
    const failures = [result.failure, testRunFailure].filter((f): f is string => Boolean(f))
    return failures.length ? { result, failure: failures.join('; ') } : { result }
  } finally {
    transport.close()
    log.debug(`${client.requestCount} request(s) sent`)
  }
}
