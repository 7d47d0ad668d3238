/**
 * run() only wires the parts together, for inputs the preflight found good: read and check the
 * files, build the client, run the operation and its optional follow-ups (GitHub deployment record,
 * test run wait), write outputs and the summary. Nothing is sent before the files are known good;
 * every expected failure ends as one readable line, never a stack trace. A deployment whose test
 * runs fail still writes its outputs: it did happen. Everything printed or written passes through
 * the redactor, and info log lines are kept to one line.
 */
import { appendFile } from 'node:fs/promises'
import * as core from '@actions/core'
import type { Config } from './inputs.js'
import { type Annotation, FileInputError, loadJsonSource } from './files.js'
import { newReport, type OperationResult, type Report } from './report.js'
import { renderSummary } from './summary.js'
import { writeOutputs } from './outputs.js'
import { StepError } from './step-error.js'
import { ExpectedError } from './expected-error.js'
import { secretForms } from './preflight.js'
import { createRedactor, oneLine, type Redact, redactDeep } from './sanitize.js'
import { type Logger, PolyAiClient } from './api/client.js'
import { type Clock, Deadline, systemClock } from './api/timing.js'
import { createHttpTransport, type Transport } from './api/transport.js'
import { githubRunFromEnv, type StepFiles } from './operations/context.js'
import { OPERATION_HANDLERS } from './operations/index.js'
import { USER_AGENT } from './version.js'

/** Seams for tests: the environment, the clock and the transport. Production passes nothing. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv
  clock?: Clock
  transport?: Transport
}

export async function run(config: Config, options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  // The preflight already masked these for the runner; the redactor is our own second line.
  const redact = createRedactor(secretForms(env))
  const log = safeLogger(redact)
  let report: Report | undefined
  try {
    const files = await loadFiles(config, env.GITHUB_WORKSPACE || process.cwd())
    const { result, failure } = await execute(config, files, options, env, log, redact)
    const unsafe = writeOutputs(redactDeep(result.outputs, redact), (name, value) => core.setOutput(name, redact(value)))
    report = result.report
    if (unsafe) {
      report.outcome = 'failed'
      report.notes.push(unsafe)
    }
    if (failure || unsafe) core.setFailed(redact([failure, unsafe].filter(Boolean).join('\n')))
  } catch (error) {
    report = fail(error, config, redact)
  }
  await writeSummary(report, env, redact)
}

/** The logger operations and the client use: redacted, and info lines kept to one line. */
function safeLogger(redact: Redact): Logger {
  return {
    info: (m) => core.info(oneLine(redact(m))),
    notice: (m) => core.notice(redact(m)),
    warning: (m) => core.warning(redact(m)),
    debug: (m) => core.debug(redact(m))
  }
}

async function loadFiles(config: Config, workspace: string): Promise<StepFiles> {
  const files: StepFiles = {}
  const both = config.operation === 'sync-config'
  if ((both || config.operation === 'upsert-schema') && config.schemaPath) {
    files.schema = await loadJsonSource(config.schemaPath, 'schemaPath', 'schema.json', config.environments, workspace)
  }
  if ((both || config.operation === 'update-variables') && config.variablesPath) {
    files.variables = await loadJsonSource(config.variablesPath, 'variablesPath', 'data.json', config.environments, workspace)
  }
  if (config.operation === 'pull-config') {
    const { resolveOutputFolder } = await import('./config/pull-files.js')
    files.configFolder = await resolveOutputFolder(config.configPath, 'configPath', workspace)
  }
  return files
}

async function execute(
  config: Config,
  files: StepFiles,
  options: RunOptions,
  env: NodeJS.ProcessEnv,
  log: Logger,
  redact: Redact
): Promise<{ result: OperationResult; failure?: string }> {
  const clock = options.clock ?? systemClock()
  const transport = options.transport ?? createHttpTransport(USER_AGENT)
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
  log.info(`${config.operation} for agent ${config.agentId} at ${config.baseUrl}${config.dryRun ? ' (dry run)' : ''}`)
  try {
    const ctx = {
      config,
      client,
      log,
      clock,
      deadline,
      files,
      github: githubRunFromEnv(env)
    }
    const result = await OPERATION_HANDLERS[config.operation](ctx)
    const failures = result.failure ? [result.failure] : []
    let testRunFailure: string | undefined
    if (config.waitForTestRuns) {
      const { awaitTestRuns } = await import('./test-runs.js')
      testRunFailure = await awaitTestRuns(ctx, result, deadline)
      if (testRunFailure) failures.push(testRunFailure)
    }
    if (config.githubToken) {
      // After the test runs, so the record says whether the deployment passed them (or its answer contradicted the request).
      const { recordGithubDeployment } = await import('./github-deployment.js')
      await recordGithubDeployment(ctx, result, deadline, USER_AGENT, testRunFailure || result.failure ? 'failure' : 'success')
    }
    if (config.prComment && config.githubToken) {
      const { postPlanComment } = await import('./pr-comment.js')
      const breaking = result.outputs.breakingChanges?.length ?? 0
      const url = await postPlanComment({
        token: config.githubToken,
        step: { agentId: config.agentId, operation: config.operation, environments: config.environments },
        report: result.report,
        ...(breaking ? { leadSuffix: `⚠️ ${breaking} breaking change${breaking === 1 ? '' : 's'}` } : {}),
        github: ctx.github,
        env,
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
function fail(error: unknown, config: Config, redact: Redact): Report {
  const message = redact(error instanceof Error ? error.message : String(error))
  const expected = error instanceof ExpectedError
  if (!expected && error instanceof Error && error.stack) core.debug(redact(error.stack))
  if (error instanceof FileInputError && error.annotation) {
    // One error, shown on the file and line: setFailed would add a second, unannotated one.
    core.error(message, annotationProperties(error.annotation))
    process.exitCode = core.ExitCode.Failure
  } else {
    core.setFailed(expected ? message : `Unexpected error: ${message}`)
  }
  const report = newReport(`${config.operation} failed for agent ${config.agentId}`, 'failed')
  report.facts.push(['Error', message])
  if (error instanceof StepError || error instanceof FileInputError) report.notes.push('Nothing was changed.')
  return report
}

function annotationProperties(a: Annotation): core.AnnotationProperties {
  const props: core.AnnotationProperties = { title: a.title ?? 'Invalid JSON input', file: a.file }
  if (a.startLine !== undefined) props.startLine = a.startLine
  if (a.startColumn !== undefined) props.startColumn = a.startColumn
  return props
}

/** Appends to the GITHUB_STEP_SUMMARY file (as core.summary.write does, without its cached path). */
async function writeSummary(report: Report, env: NodeJS.ProcessEnv, redact: Redact): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file) return
  try {
    await appendFile(file, redact(renderSummary(redactDeep(report, redact))), 'utf8')
  } catch (error) {
    core.warning(`Could not write the job summary: ${redact(error instanceof Error ? error.message : String(error))}`)
  }
}
