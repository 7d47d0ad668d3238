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
import { type Config, isDeploying, isDryRun, stepIdentity } from './step-config.js'
import { FileInputError, loadJsonSource } from './files.js'
import { newReport, type OperationResult, type Report } from './report.js'
import { renderSummary } from './summary.js'
import { writeOutputs } from './outputs.js'
import { preflight, secretForms } from './preflight.js'
import { actionsRunner } from './actions-runner.js'
import type { Runner } from './runner.js'
import { StepError } from './step-error.js'
import { ExpectedError } from './expected-error.js'
import { createRedactor, oneLine, type Redact, redactDeep } from './sanitize.js'
import { type Logger, PolyAiClient } from './api/client.js'
import { type Clock, Deadline, systemClock } from './api/timing.js'
import { createHttpTransport, type Transport } from './api/transport.js'
import { githubRunFromEnv, type StepFiles } from './operations/context.js'
import { runOperation } from './operations/index.js'
import { awaitTestRuns } from './test-runs.js'
import { recordGithubDeployment } from './github-deployment.js'
import { resolveOutputFolder } from './config/pull-files.js'
import { postPlanComment } from './pr-comment.js'
import { USER_AGENT } from './version.js'

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
  const log = safeLogger(runner, redact)
  let report: Report
  try {
    const files = await loadFiles(config, runner.env.GITHUB_WORKSPACE || process.cwd())
    const { result, failure } = await execute(config, files, runner, seams, log, redact)
    const unsafe = writeOutputs(redactDeep(result.outputs, redact), (name, value) => runner.setOutput(name, redact(value)))
    report = result.report
    if (unsafe) {
      report.outcome = 'failed'
      report.notes.push(unsafe)
    }
    if (failure || unsafe) runner.fail(redact([failure, unsafe].filter(Boolean).join('\n')))
  } catch (error) {
    report = fail(error, config, runner, redact)
  }
  await runner.appendSummary(redact(renderSummary(redactDeep(report, redact)))).catch((error: unknown) => {
    runner.warning(`Could not write the job summary: ${redact(error instanceof Error ? error.message : String(error))}`)
  })
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
    files.variables = await loadJsonSource(config.variablesPath, 'variablesPath', 'data.json', config.environments, workspace)
  }
  if (config.operation === 'pull-config') {
    files.configFolder = await resolveOutputFolder(config.configPath, 'configPath', workspace)
  }
  return files
}

async function execute(
  config: Config,
  files: StepFiles,
  runner: Runner,
  seams: Seams,
  log: Logger,
  redact: Redact
): Promise<{ result: OperationResult; failure?: string }> {
  const clock = seams.clock ?? systemClock()
  const transport = seams.transport ?? createHttpTransport(USER_AGENT)
  const deadline = new Deadline(clock, config.timeoutSeconds * 1000)
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
  log.info(`${config.operation} for agent ${config.agentId} at ${config.baseUrl}${isDryRun(config) ? ' (dry run)' : ''}`)
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
        await recordGithubDeployment(deployed, result, deadline, USER_AGENT, testRunFailure || result.failure ? 'failure' : 'success')
      }
    }
    if (config.prComment && config.githubToken) {
      const breaking = result.outputs.breakingChanges?.length ?? 0
      const url = await postPlanComment({
        token: config.githubToken,
        step: stepIdentity(config),
        report: result.report,
        ...(breaking ? { leadSuffix: `⚠️ ${breaking} breaking change${breaking === 1 ? '' : 's'}` } : {}),
        github: ctx.github,
        env: runner.env,
        deadline,
        userAgent: USER_AGENT,
        log,
        redact
      })
      if (url) result.outputs.commentUrl = url
    }
    return failures.length ? { result, failure: failures.join('; ') } : { result }
  } finally {
    transport.close()
    log.debug(`${client.requestCount} request(s) sent`)
  }
}

/** Fails the step with one line (annotated on the file for file errors) and returns the failure report. */
function fail(error: unknown, config: Config, runner: Runner, redact: Redact): Report {
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
  return report
}
