/**
 * githubToken: records a deployment as a GitHub Deployment, last, from the final outcome. Best effort: failures
 * only warn.
 */
import type { Logger } from '../api/client.js'
import { type Clock, type Deadline, withClockTimeout } from '../core/clock.js'
import { type GithubRun, runUrl } from '../core/context.js'
import { storedMessage, withoutMark } from '../deploy/ownership.js'
import { type OperationResult, shortVersion } from '../report/report.js'
import type { DeployingConfig } from '../core/step-config.js'
import { type Environment, knownEnvironment } from '../core/types.js'
import { cut, defuseBidi, oneLine, redactSecrets } from '../report/sanitize.js'

/** One GitHub request may take this long (less when the step's budget is nearly spent). */
const REQUEST_TIMEOUT_MS = 15_000
/** GitHub's limit for a deployment status description. */
const MAX_DESCRIPTION = 140

/** The GitHub environment a PolyAI environment is recorded in. */
export function githubEnvironment(environment: string): string {
  return `polyai-${environment}`
}

/** A description as GitHub shows it: secrets and masked values redacted (answers are not), bidi controls defused, cut to fit. */
function short(text: string): string {
  const safe = defuseBidi(redactSecrets(text))
  return safe.length > MAX_DESCRIPTION ? cut(safe, MAX_DESCRIPTION - 1) : safe
}

/** One line for a failed GitHub call, with the fix where the status tells it. */
export function describeGithubError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const status = (error as { status?: unknown } | null)?.status
  const answered = typeof status === 'number' && (error as { response?: unknown }).response !== undefined
  if (!answered) return `no answer from GitHub (${message})`
  const hint =
    status === 401
      ? '. Hint: githubToken is not a valid token'
      : status === 403 || status === 404
        ? '. Hint: give the job `permissions: deployments: write` and pass githubToken: ${{ ' +
          'github.token }} (or a token with that access to this repository)'
        : ''
  return `HTTP ${status}: ${message}${hint}`
}

/** What a record is made from: the step's final outcome, and what it may spend. */
export interface RecordRequest {
  config: DeployingConfig
  github: GithubRun
  log: Logger
  clock: Clock
  /** What is left for the GitHub writes (the end of the step's budget, see step/github-writes.ts). */
  deadline: Deadline
  userAgent: string
  /** Why the step failed, when it did (redacted): the record's status is then failure, never success. */
  failure?: string | undefined
}

/**
 * The GitHub environment's stage: only ever one of the three, never the API's text. The stage the
 * step asked for comes first (an answer naming another is a contradiction the step already failed
 * for); else the stage the API named, when it is one of the three; else none (nothing is recorded).
 */
export function recordedEnvironment(config: DeployingConfig, result: OperationResult): Environment | undefined {
  const asked = 'targetEnvironment' in config ? knownEnvironment(config.targetEnvironment) : undefined
  return (
    asked ?? knownEnvironment(result.outputs.environment) ?? knownEnvironment(result.outputs.deployment?.environment)
  )
}

/**
 * Records `result`'s deployment on GitHub when githubToken is set: status success only when the
 * step succeeded (its test runs passed, every output was written), failure otherwise; notes the
 * outcome in the report.
 */
export async function recordGithubDeployment(req: RecordRequest, result: OperationResult): Promise<void> {
  const { config, github, log, clock, deadline, userAgent } = req
  const token = config.githubToken
  if (!token) return
  const d = result.outputs.deployment
  if (config.dryRun || !result.outputs.changed || !d) {
    log.info('No GitHub deployment recorded: this step deployed nothing')
    return
  }
  const warn = (why: string): void => {
    log.warning(`Could not record a GitHub deployment (the PolyAI deployment ${d.id} is not affected): ${why}`)
    result.report.notes.push(`Not recorded as a GitHub deployment: ${why}`)
  }
  const [owner, repo, ...rest] = (github.repository ?? '').split('/')
  const ref = github.sha ?? github.ref
  if (!owner || !repo || rest.length > 0 || !ref) {
    warn('GITHUB_REPOSITORY and GITHUB_SHA (or GITHUB_REF) are not set: is this running in GitHub Actions?')
    return
  }
  const polyaiEnvironment = recordedEnvironment(config, result)
  if (!polyaiEnvironment) {
    warn(
      `the API answered with an environment the action does not know ` +
        `(${JSON.stringify(cut(d.environment, 40))}) and the step asked for none, so there is no ` +
        `GitHub environment to record it in`
    )
    return
  }
  if (d.environment !== polyaiEnvironment) {
    log.warning(
      `The API answered deployment ${d.id}'s environment as ` +
        `${JSON.stringify(cut(d.environment, 40))}: it is recorded in ` +
        `${githubEnvironment(polyaiEnvironment)}, the environment ` +
        `${'targetEnvironment' in config && config.targetEnvironment ? 'the step asked for' : 'the answer named'}, never in the API's text`
    )
  }
  // Each request only while a second is left, and never past the deadline.
  const timeoutMs = (): number => Math.min(REQUEST_TIMEOUT_MS, deadline.remainingMs())
  if (timeoutMs() < 1000) {
    warn("the step's time budget (timeoutSeconds) is spent")
    return
  }

  const environment = githubEnvironment(polyaiEnvironment)
  const state = req.failure === undefined ? 'success' : 'failure'
  const stored = storedMessage(d)
  const description = short(
    stored !== undefined ? withoutMark(stored) : `PolyAI ${config.operation}: version ${shortVersion(d.version)}`
  )
  const statusDescription = req.failure === undefined ? description : short(`The step failed: ${oneLine(req.failure)}`)
  let id: number | undefined
  try {
    // Kept lazy (evaluated at start-up it takes a read operation to 1.5× the minimal script); eager = no chunk.
    const { getOctokit } = await import(/* webpackMode: "eager" */ '@actions/github')
    const octokit = getOctokit(token, {
      baseUrl: github.apiUrl,
      userAgent,
      log: { debug: log.debug, info: log.debug, warn: log.debug, error: log.debug }
    })
    // Each request's timeout runs on the step's clock.
    const created = await withClockTimeout(clock, timeoutMs(), (signal) =>
      octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref,
        environment,
        auto_merge: false,
        required_contexts: [],
        payload: { polyaiDeploymentId: d.id, version: d.version, agentId: config.agentId, operation: config.operation },
        description,
        transient_environment: false,
        production_environment: polyaiEnvironment === 'live',
        request: { signal }
      })
    )
    const data: { id?: unknown; message?: unknown } = created.data
    if (typeof data.id !== 'number') {
      warn(
        `GitHub did not create it (HTTP ${created.status}: ${typeof data.message === 'string' ? data.message : 'no id in the answer'})`
      )
      return
    }
    const deploymentId = (id = data.id)
    if (timeoutMs() < 1000) throw new Error("the step's time budget (timeoutSeconds) is spent")
    const logUrl = runUrl(github)
    await withClockTimeout(clock, timeoutMs(), (signal) =>
      octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: deploymentId,
        state,
        environment,
        description: statusDescription,
        ...(logUrl ? { log_url: logUrl } : {}),
        request: { signal }
      })
    )
    log.info(
      `Recorded GitHub deployment ${id} (${state}) in environment ${environment} (${owner}/${repo}@${ref.slice(0, 7)})`
    )
    result.report.facts.push(['GitHub deployment', `${id} in ${environment} (${state})`])
  } catch (error) {
    warn(
      `${id === undefined ? '' : `deployment ${id} was created but its status was not: `}${describeGithubError(error)}`
    )
  }
}
