/** run() wires the stages (docs/architecture.md draws them and the flow of one request). */
import type { OperationResult } from './report/report.js'
import { renderSummary } from './report/summary.js'
import { fullDataAfter, writeOutputs } from './report/outputs.js'
import { preflight, secretForms } from './inputs/preflight.js'
import { loadFiles } from './inputs/load-files.js'
import { actionsRunner } from './github/actions-runner.js'
import type { Runner } from './github/runner.js'
import {
  createRedactor,
  defuseBidi,
  type Redact,
  redactDeep,
  redactMaskedValues,
  withStepRedaction
} from './report/sanitize.js'
import { PolyAiClient } from './api/client.js'
import { type Clock, Deadline, systemClock } from './core/clock.js'
import { createHttpTransport, type Transport } from './api/transport.js'
import { githubRunFromEnv, type StepFiles } from './core/context.js'
import { isDryRun } from './core/step-config.js'
import { runOperation } from './operations/registry.js'
import { failStep, safeLogger, type Step, type StepOutcome } from './step/step.js'
import { awaitFollowUps, type FollowUps } from './step/follow-ups.js'
import { githubReserveMs, writeToGithub } from './step/github-writes.js'
import { planBake } from './deploy/after-deploy.js'
import { USER_AGENT } from './core/version.js'

/** The seams besides the runner: time and HTTP. Production passes nothing. */
export interface Seams {
  clock?: Clock
  transport?: Transport
}

/** One step: what it registers to redact (secrets, masked values) is its own, even beside another step. */
export function run(runner: Runner = actionsRunner(), seams: Seams = {}): Promise<void> {
  return withStepRedaction(() => runStep(runner, seams))
}

async function runStep(runner: Runner, seams: Seams): Promise<void> {
  const config = await preflight(runner)
  if (!config) return
  // The preflight masked these with the runner; the redactor is our own second line. What is printed
  // (log, summary, comment, failure) also loses the config values maskValues hides (the operations
  // register them as they read them), and bidi controls are defused; outputs lose the secrets.
  const secretsOnly = createRedactor(secretForms(runner.env))
  const redact: Redact = (text) => defuseBidi(redactMaskedValues(secretsOnly(text)))
  const clock = seams.clock ?? systemClock()
  const budget = new Deadline(clock, config.timeoutSeconds * 1000)
  // The operation ends early enough to leave the GitHub writes, made last, the end of the budget.
  const deadline = budget.reserving(githubReserveMs(config))
  const step: Step = { config, runner, log: safeLogger(runner, redact), redact, clock, deadline }
  let outcome: StepOutcome
  try {
    const files = await loadFiles(config, runner.env.GITHUB_WORKSPACE || process.cwd())
    const { result, failure, rollback } = await execute(step, files, seams.transport)
    outcome = { ...finish(step, secretsOnly, result, failure), rollback }
  } catch (error) {
    const failed = failStep(error, config, runner, redact)
    outcome = { report: failed.report, failure: failed.message }
  }
  await writeToGithub(step, budget, outcome)
  const { report } = outcome
  await runner.appendSummary(redact(renderSummary(redactDeep(report, redact)))).catch((error: unknown) => {
    runner.warning(`Could not write the job summary: ${redact(error instanceof Error ? error.message : String(error))}`)
  })
}

/** Writes the outputs (an unsafe one fails the step) and fails the step when it failed: its final outcome. */
function finish(step: Step, secretsOnly: Redact, result: OperationResult, failed: string | undefined): StepOutcome {
  const { runner, redact } = step
  const leftOut = new Set<string>()
  const tooLarge = (name: string, message: string): void => {
    leftOut.add(name)
    runner.warning(redact(message))
    result.report.notes.push(`Warning: ${message}`)
  }
  // Outputs lose the secrets only: configPages carries the values maskValues hides from what is printed.
  const outputs = redactDeep(result.outputs, secretsOnly)
  const unsafe = writeOutputs(outputs, (name, value) => runner.setOutput(name, secretsOnly(value)), tooLarge)
  const report = result.report
  for (const table of report.tables) if (table.fullData) table.fullData = fullDataAfter(table.fullData, leftOut)
  if (unsafe) report.notes.push(unsafe)
  const failures = [failed, unsafe].filter((f): f is string => Boolean(f))
  if (!failures.length) return { report, result }
  // Whatever failed it, the step's report (and so its comment) says failed.
  report.outcome = 'failed'
  const failure = redact(failures.join('\n'))
  runner.fail(failure)
  return { report, result, failure }
}

/** Runs the operation, its test-run wait and bake; the failure joins the operation's, the test runs' and the bake's. */
async function execute(
  step: Step,
  files: StepFiles,
  seamTransport: Transport | undefined
): Promise<{ result: OperationResult; failure?: string } & Pick<FollowUps, 'rollback'>> {
  const { config, runner, log, clock, deadline } = step
  const transport = seamTransport ?? createHttpTransport(USER_AGENT)
  const { baseUrl, apiKey, agentId } = config
  const client = new PolyAiClient({ baseUrl, apiKey, agentId, userAgent: USER_AGENT, transport, clock, deadline, log })
  for (const line of config.ignored) log.info(line)
  log.info(`${config.operation} for agent ${agentId} at ${baseUrl}${isDryRun(config) ? ' (dry run)' : ''}`)
  try {
    const ctx = { config, client, log, clock, deadline, files, github: githubRunFromEnv(runner.env) }
    // A bake reads the agent's alert rules before anything is sent: unreadable, or none, stops here.
    const bake = await planBake(ctx)
    const result = await runOperation(ctx, config.operation)
    const after = await awaitFollowUps(step, ctx, result, bake)
    const failures = [result.failure, after.failure].filter((f): f is string => Boolean(f))
    const rollback = after.rollback ? { rollback: after.rollback } : {}
    return failures.length ? { result, failure: failures.join('; '), ...rollback } : { result, ...rollback }
  } finally {
    transport.close()
    log.debug(`${client.requestCount} request(s) sent`)
  }
}
