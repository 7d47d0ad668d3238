/**
 * run() only wires the parts together: mask the key, parse and check inputs (files included),
 * build the client, run the operation, write outputs and the summary. Nothing is sent before the
 * inputs are known good; every expected failure ends as one readable line, never a stack trace.
 * Everything printed or written passes through the redactor, and log lines are kept to one line.
 */
import { appendFile } from 'node:fs/promises'
import * as core from '@actions/core'
import { type Config, InputError, parseInputs } from './inputs.js'
import { type Annotation, FileInputError, type JsonSource } from './files.js'
import { newReport, type OperationResult, type Report } from './report.js'
import { renderSummary } from './summary.js'
import { writeOutputs } from './outputs.js'
import { StepError } from './step-error.js'
import { createRedactor, oneLine, type Redact, redactDeep } from './sanitize.js'
import type { Logger } from './api/client.js'
import type { Clock } from './api/timing.js'
import type { Transport } from './api/transport.js'

/** Seams for tests: the environment, the clock and the transport. Production passes nothing. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv
  clock?: Clock
  transport?: Transport
}

const EXPECTED_ERRORS = ['ApiError', 'StepError', 'InputError', 'FileInputError', 'DeadlineExceededError']

export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  const redact = maskSecrets(env)
  const log = safeLogger(redact)
  let config: Config | undefined
  let report: Report | undefined
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  try {
    config = await readConfig(env, workspace)
    const files = await loadFiles(config, workspace)
    const result = await execute(config, files, options, env, log)
    writeOutputs(redactDeep(result.outputs, redact), (name, value) => core.setOutput(name, redact(value)))
    report = result.report
  } catch (error) {
    report = fail(error, config, redact)
  }
  await writeSummary(report, env, redact)
}

/**
 * Masks the secrets before anything else can print them (the key in every form it may be read in,
 * and the GitHub token), and returns the redactor for everything the step prints or writes.
 */
function maskSecrets(env: NodeJS.ProcessEnv): Redact {
  const secrets: string[] = []
  for (const raw of [core.getInput('apiKey'), env.POLYAI_API_KEY ?? '', core.getInput('githubToken')]) {
    for (const form of new Set([raw, raw.trim()])) {
      if (form === '') continue
      core.setSecret(form)
      secrets.push(form)
    }
  }
  return createRedactor(secrets)
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

/**
 * Parses the inputs; when they are bad, also checks the path inputs (outside the workspace,
 * missing) so every problem is reported in one round.
 */
async function readConfig(env: NodeJS.ProcessEnv, workspace: string): Promise<Config> {
  const read = (name: string): string => core.getInput(name)
  try {
    return parseInputs(read, env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const { pathProblems } = await import('./files.js')
    const operation = read('operation')
    const paths = (['schemaPath', 'variablesPath'] as const)
      .filter((name) => !(operation === 'upsert-schema' && name === 'variablesPath'))
      .filter((name) => !(operation === 'update-variables' && name === 'schemaPath'))
      .map((name): [string, string] => [name, read(name)])
    const more = await pathProblems(paths, workspace)
    throw more.length ? new InputError([...error.problems, ...more]) : error
  }
}

async function loadFiles(config: Config, workspace: string): Promise<{ schema?: JsonSource; variables?: JsonSource }> {
  const { loadJsonSource } = await import('./files.js')
  const files: { schema?: JsonSource; variables?: JsonSource } = {}
  if (config.operation === 'upsert-schema' && config.schemaPath) {
    files.schema = await loadJsonSource(config.schemaPath, 'schemaPath', 'schema.json', config.environments, workspace)
  }
  if (config.operation === 'update-variables' && config.variablesPath) {
    files.variables = await loadJsonSource(config.variablesPath, 'variablesPath', 'data.json', config.environments, workspace)
  }
  return files
}

async function execute(
  config: Config,
  files: { schema?: JsonSource; variables?: JsonSource },
  options: RunOptions,
  env: NodeJS.ProcessEnv,
  log: Logger
): Promise<OperationResult> {
  // Loaded only now, so a run that fails input validation never pays for the HTTP stack.
  const [{ PolyAiClient }, { Deadline, systemClock }, { createHttpTransport }, { OPERATION_HANDLERS }, context, version] =
    await Promise.all([
      import('./api/client.js'),
      import('./api/timing.js'),
      import('./api/transport.js'),
      import('./operations/index.js'),
      import('./operations/context.js'),
      import('./version.js')
    ])
  const clock = options.clock ?? systemClock(env)
  const transport = options.transport ?? createHttpTransport(version.USER_AGENT)
  const client = new PolyAiClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    agentId: config.agentId,
    userAgent: version.USER_AGENT,
    transport,
    clock,
    deadline: new Deadline(clock, config.timeoutSeconds * 1000),
    log
  })
  log.info(`${config.operation} for agent ${config.agentId} at ${config.baseUrl}${config.dryRun ? ' (dry run)' : ''}`)
  try {
    const ctx = {
      config,
      client,
      log,
      clock,
      startedAt: clock.now(),
      files,
      github: context.githubRunFromEnv(env)
    }
    return await OPERATION_HANDLERS[config.operation](ctx)
  } finally {
    transport.close()
    log.debug(`${client.requestCount} request(s) sent`)
  }
}

/** Fails the step with one line (annotated on the file for file errors) and returns the failure report. */
function fail(error: unknown, config: Config | undefined, redact: Redact): Report {
  const raw = error instanceof Error ? error.message : String(error)
  const message = redact(raw)
  const expected = error instanceof Error && EXPECTED_ERRORS.includes(error.name)
  if (!expected && error instanceof Error && error.stack) core.debug(redact(error.stack))
  if (error instanceof FileInputError && error.annotation) {
    // One error, shown on the file and line: setFailed would add a second, unannotated one.
    core.error(message, annotationProperties(error.annotation))
    process.exitCode = core.ExitCode.Failure
  } else {
    core.setFailed(expected ? message : `Unexpected error: ${message}`)
  }
  const what = config ? `${config.operation} failed for agent ${config.agentId}` : 'The PolyAI step did not start'
  const report = newReport(what, 'failed')
  if (error instanceof InputError) {
    report.notes.push('Fix these inputs and run the workflow again; nothing was sent to PolyAI.')
    report.tables.push({ headers: ['Problem'], rows: error.problems.map((p) => [redact(p)]) })
  } else {
    report.facts.push(['Error', message])
    if (error instanceof StepError || error instanceof FileInputError) report.notes.push('Nothing was changed.')
  }
  return report
}

function annotationProperties(a: Annotation): core.AnnotationProperties {
  const props: core.AnnotationProperties = { title: 'Invalid JSON input', file: a.file }
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
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`)
  }
}
