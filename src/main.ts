/**
 * run() only wires the parts together: the preflight (mask the secrets, check the inputs), then,
 * for good inputs, read and check the files, build the client, run the operation and its optional
 * follow-ups (test run wait, GitHub deployment record), write outputs and the summary. Nothing is
 * sent before the inputs and files are known good; every expected failure ends as one readable
 * line, never a stack trace. A deployment whose test runs fail still writes its outputs: it did
 * happen. Everything printed or written passes through the redactor, and info lines stay one line.
 *
 * Called with no arguments (as src/index.ts and `npx @github/local-action` call it) it talks to
 * the runner through @actions/core; tests pass an in-memory runner, a clock and a transport.
 */
import { type Config, isDeploying, isDryRun, stepIdentity } from './core/step-config.js'
import { FileInputError, loadJsonSource } from './core/files.js'
import { newReport, type OperationResult, type Report } from './report/report.js'
import { renderSummary } from './report/summary.js'
import { fullDataAfter, writeOutputs } from './report/outputs.js'
import { preflight, secretForms } from './inputs/preflight.js'
import { actionsRunner } from './github/actions-runner.js'
import type { Runner } from './github/runner.js'
import { StepError } from './core/errors.js'
import { ExpectedError } from './core/errors.js'
import {
  createRedactor,
  cut,
  defuseBidi,
  oneLine,
  type Redact,
  redactDeep,
  redactMaskedValues
} from './report/sanitize.js'
import { type Logger, PolyAiClient } from './api/client.js'
import { type Clock, Deadline, systemClock } from './core/clock.js'
import { createHttpTransport, type Transport } from './api/transport.js'
import { githubRunFromEnv, type StepFiles } from './core/context.js'
import { runOperation } from './operations/index.js'
import { awaitTestRuns } from './deploy/test-runs.js'
import { recordGithubDeployment } from './github/deployment-record.js'
import { resolveOutputFolder } from './config/pull-files.js'
import { COMMENT_GRACE_MS, type CommentRequest, postPlanComment } from './github/pr-comment.js'
import { USER_AGENT } from './core/version.js'

/** The seams besides the runner: time and HTTP. Production passes nothing. */
export interface Seams {
  clock?: Clock
  transport?: Transport
}

export async function run(runner: Runner = actionsRunner(), seams: Seams = {}): Promise<void> {
  const config = await preflight(runner)
  if (!config) return
  // The preflight masked these with the runner; the redactor is our own second line. What is printed
  // (log, summary, comment, failure) also loses the config values maskValues hides (the operations
  // register them as they read them), and bidi controls are defused; outputs lose the secrets.
  const secretsOnly = createRedactor(secretForms(runner.env))
  const redact: Redact = (text) => defuseBidi(redactMaskedValues(secretsOnly(text)))
  const log = safeLogger(runner, redact)
  const clock = seams.clock ?? systemClock()
  const deadline = new Deadline(clock, config.timeoutSeconds * 1000)
  const step: Step = { config, runner, log, redact, clock, deadline }
  let report: Report
  try {
    const files = await loadFiles(config, runner.env.GITHUB_WORKSPACE || process.cwd())
    const { result, failure } = await execute(step, files, clock, seams.transport)
    const leftOut = new Set<string>()
    const tooLarge = (name: string, message: string): void => {
      leftOut.add(name)
      runner.warning(redact(message))
      result.report.notes.push(`Warning: ${message}`)
    }
    const unsafe = writeOutputs(
      redactDeep(result.outputs, secretsOnly),
      (name, value) => runner.setOutput(name, secretsOnly(value)),
      tooLarge
    )
    report = result.report
    for (const table of report.tables) if (table.fullData) table.fullData = fullDataAfter(table.fullData, leftOut)
    if (unsafe) {
      report.outcome = 'failed'
      report.notes.push(unsafe)
    }
    if (failure || unsafe) runner.fail(redact([failure, unsafe].filter(Boolean).join('\n')))
  } catch (error) {
    const failed = fail(error, config, runner, redact)
    report = failed.report
    // The comment would otherwise go on showing an earlier push's plan ("no changes", say).
    if (config.prComment && config.githubToken)
      await comment(step, report, failureLead(config, failed.message), COMMENT_GRACE_MS)
  }
  await runner.appendSummary(redact(renderSummary(redactDeep(report, redact)))).catch((error: unknown) => {
    runner.warning(`Could not write the job summary: ${redact(error instanceof Error ? error.message : String(error))}`)
  })
}

/** What every part of a run shares once the inputs are known good. */
interface Step {
  config: Config
  runner: Runner
  log: Logger
  redact: Redact
  /** The step's clock: every wait and request timeout, GitHub's included, runs on it. */
  clock: Clock
  /** The step's budget (timeoutSeconds), from the end of the preflight. */
  deadline: Deadline
}

/**
 * Posts or edits the step's pull request comment; returns its URL. Best effort: it warns, never
 * throws. Within the step's budget, or up to `graceMs` past it (a failed step's comment, so that a
 * step that ran out of time does not leave an earlier push's plan on the pull request).
 */
async function comment(
  step: Step,
  report: Report,
  lead: Partial<Pick<CommentRequest, 'title' | 'leadSuffix' | 'leadNotes'>> = {},
  graceMs = 0
): Promise<string | undefined> {
  const { config, runner, log, redact } = step
  try {
    return await postPlanComment({
      token: config.githubToken ?? '',
      step: stepIdentity(config),
      report,
      ...lead,
      github: githubRunFromEnv(runner.env),
      env: runner.env,
      clock: step.clock,
      deadline: graceMs ? step.deadline.extendedBy(graceMs) : step.deadline,
      userAgent: USER_AGENT,
      log,
      redact
    })
  } catch (error) {
    log.warning(
      `Could not write the pull request comment (the step itself is not affected): ${error instanceof Error ? error.message : String(error)}`
    )
    return undefined
  }
}

/** The comment of a step that failed before it had a plan or result: says so, with the error. */
function failureLead(config: Config, message: string): Pick<CommentRequest, 'title' | 'leadNotes'> {
  const what = isDryRun(config) ? 'plan' : 'result'
  return {
    title: `No ${what} for this push: ${config.operation} failed for agent ${config.agentId}`,
    leadNotes: [
      `This push's ${what} could not be made, so what this comment showed for an earlier push no longer applies. Error: ${cut(oneLine(message), 500)}`,
      'The run linked below has the whole log.'
    ]
  }
}

/** The logger operations and the client use: redacted, and info lines kept to one line. */
function safeLogger(runner: Runner, redact: Redact): Logger {
  return {
    info: (m) => runner.info(oneLine(redact(m))),
    notice: (m) => runner.notice(redact(m)),
    warning: (m) => runner.warning(redact(m)),
    debug: (m) => runner.debug(redact(m))
  }
}

async function loadFiles(config: Config, workspace: string): Promise<StepFiles> {
  const files: StepFiles = {}
  if (config.operation === 'upsert-schema' || config.operation === 'sync-config') {
    files.schema = await loadJsonSource(config.schemaPath, 'schemaPath', 'schema.json', config.environments, workspace)
  }
  if (config.operation === 'update-variables' || config.operation === 'sync-config') {
    files.variables = await loadJsonSource(
      config.variablesPath,
      'variablesPath',
      'data.json',
      config.environments,
      workspace
    )
  }
  if (config.operation === 'pull-config') {
    files.configFolder = await resolveOutputFolder(config.configPath, 'configPath', workspace)
  }
  return files
}

async function execute(
  step: Step,
  files: StepFiles,
  clock: Clock,
  seamTransport: Transport | undefined
): Promise<{ result: OperationResult; failure?: string }> {
  const { config, runner, log, deadline } = step
  const transport = seamTransport ?? createHttpTransport(USER_AGENT)
  const client = new PolyAiClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    agentId: config.agentId,
    userAgent: USER_AGENT,
    transport,
    clock,
    deadline,
    log
  })
  for (const line of config.ignored) log.info(line)
  log.info(
    `${config.operation} for agent ${config.agentId} at ${config.baseUrl}${isDryRun(config) ? ' (dry run)' : ''}`
  )
  try {
    const ctx = { config, client, log, clock, deadline, files, github: githubRunFromEnv(runner.env) }
    const result = await runOperation(ctx)
    const failures = result.failure ? [result.failure] : []
    let testRunFailure: string | undefined
    if (isDeploying(config)) {
      const deployed = { ...ctx, config }
      if (config.waitForTestRuns) {
        testRunFailure = await awaitTestRuns(deployed, result, deadline)
        if (testRunFailure) failures.push(testRunFailure)
      }
      // After the test runs, so the record says whether the deployment passed them (or its answer contradicted the request).
      if (config.githubToken) {
        await recordGithubDeployment(
          deployed,
          result,
          deadline,
          USER_AGENT,
          testRunFailure || result.failure ? 'failure' : 'success'
        )
      }
    }
    if (config.prComment && config.githubToken) {
      // A refusal (failOnBreaking, values that fail the schema, a check that could not finish) is a result: it is commented as one.
      const breaking = result.outputs.breakingChanges?.length ?? 0
      const url = await comment(
        step,
        result.report,
        breaking ? { leadSuffix: `⚠️ ${breaking} breaking change${breaking === 1 ? '' : 's'}` } : {}
      )
      if (url) result.outputs.commentUrl = url
    }
    return failures.length ? { result, failure: failures.join('; ') } : { result }
  } finally {
    transport.close()
    log.debug(`${client.requestCount} request(s) sent`)
  }
}

/** Fails the step with one line (annotated on the file for file errors) and returns the failure report. */
function fail(error: unknown, config: Config, runner: Runner, redact: Redact): { report: Report; message: string } {
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
