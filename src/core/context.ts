/** What every operation is handed: the typed config, the client and the step's clock. */
import type { Logger, PolyAiClient } from '../api/client.js'
import type { Clock, Deadline } from './clock.js'
import type { OutputFolder } from '../config/pull-files.js'
import type { JsonSource } from './files.js'
import type { CommonConfig } from './step-config.js'

export interface OperationContext<C extends CommonConfig = CommonConfig> {
  config: C
  client: PolyAiClient
  log: Logger
  clock: Clock
  /** The step's deadline (timeoutSeconds), for work that is not a request (the bounded values check). */
  deadline: Deadline
  /** Files read and checked before any request (schemaPath / variablesPath), and pull-config's folder. */
  files: StepFiles
  /** The GitHub run, for default messages and deployment records. */
  github: GithubRun
}

/** The file inputs, checked before any request. */
export interface StepFiles {
  schema?: JsonSource
  variables?: JsonSource
  configFolder?: OutputFolder
}

/** The parts of the GitHub context the action uses, read from the runner's environment. */
export interface GithubRun {
  repository?: string
  sha?: string
  actor?: string
  serverUrl: string
  /** REST API root (GITHUB_API_URL): api.github.com, a GHES host, or a local fake in tests. */
  apiUrl: string
  runId?: string
  /** GITHUB_RUN_ATTEMPT: 1, then 2… for each re-run of the same run. */
  runAttempt?: string
  workflow?: string
  ref?: string
}

/** Reads the GitHub run from the runner's GITHUB_* variables (all optional outside Actions). */
export function githubRunFromEnv(env: NodeJS.ProcessEnv): GithubRun {
  const run: GithubRun = {
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  }
  if (env.GITHUB_REPOSITORY) run.repository = env.GITHUB_REPOSITORY
  if (env.GITHUB_SHA) run.sha = env.GITHUB_SHA
  if (env.GITHUB_ACTOR) run.actor = env.GITHUB_ACTOR
  if (env.GITHUB_RUN_ID) run.runId = env.GITHUB_RUN_ID
  if (env.GITHUB_RUN_ATTEMPT) run.runAttempt = env.GITHUB_RUN_ATTEMPT
  if (env.GITHUB_WORKFLOW) run.workflow = env.GITHUB_WORKFLOW
  if (env.GITHUB_REF) run.ref = env.GITHUB_REF
  return run
}

/** The workflow run's page, e.g. https://github.com/acme/agents/actions/runs/4242 (undefined outside Actions). */
export function runUrl(run: GithubRun): string | undefined {
  return run.repository && run.runId ? `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}` : undefined
}

/**
 * The deployment message used when none is given:
 * `acme/agents@0123456 by octocat — https://github.com/acme/agents/actions/runs/4242`.
 */
export function defaultDeploymentMessage(run: GithubRun): string | undefined {
  if (!run.repository) return undefined
  let message = run.repository
  if (run.sha) message += `@${run.sha.slice(0, 7)}`
  if (run.actor) message += ` by ${run.actor}`
  const url = runUrl(run)
  if (url) message += ` — ${url}`
  return message.slice(0, 300)
}
