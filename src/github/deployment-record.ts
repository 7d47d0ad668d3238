/** githubToken: records a deployment the step made as a GitHub Deployment. Best effort: failures only warn. */
import { type Deadline, withClockTimeout } from '../core/clock.js'
import { type OperationContext, runUrl } from '../core/context.js'
import { storedMessage, withoutMark } from '../deploy/ownership.js'
import { type OperationResult, shortVersion } from '../report/report.js'
import type { DeployingConfig } from '../core/step-config.js'
import { cut } from '../report/sanitize.js'

/** One GitHub request may take this long (less when the step's budget is nearly spent). */
const REQUEST_TIMEOUT_MS = 15_000
/** GitHub's limit for a deployment status description. */
const MAX_DESCRIPTION = 140

/** The GitHub environment a PolyAI environment is recorded in. */
export function githubEnvironment(environment: string): string {
  return `polyai-${environment}`
}

function short(text: string): string {
  return text.length > MAX_DESCRIPTION ? cut(text, MAX_DESCRIPTION - 1) : text
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
        ? '. Hint: give the job `permissions: deployments: write` and pass githubToken: ${{ github.token }} (or a token with that access to this repository)'
        : ''
  return `HTTP ${status}: ${message}${hint}`
}

/** Records `result`'s deployment on GitHub when githubToken is set (status success, or failure when its test runs failed); notes the outcome in the report. */
export async function recordGithubDeployment(
  ctx: OperationContext<DeployingConfig>,
  result: OperationResult,
  deadline: Deadline,
  userAgent: string,
  state: 'success' | 'failure' = 'success'
): Promise<void> {
  const { config, github, log, clock } = ctx
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
  const timeoutMs = Math.min(REQUEST_TIMEOUT_MS, deadline.remainingMs())
  if (timeoutMs < 1000) {
    warn("the step's time budget (timeoutSeconds) is spent")
    return
  }

  // The environment the step reported (the API's text for an environment name it does not know can differ).
  const polyaiEnvironment = result.outputs.environment ?? d.environment
  const environment = githubEnvironment(polyaiEnvironment)
  const stored = storedMessage(d)
  const description = short(
    stored !== undefined ? withoutMark(stored) : `PolyAI ${config.operation}: version ${shortVersion(d.version)}`
  )
  let id: number | undefined
  try {
    // Kept lazy: evaluated at start-up, @actions/github alone takes a read operation to the 1.5× line.
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(token, {
      baseUrl: github.apiUrl,
      userAgent,
      log: { debug: log.debug, info: log.debug, warn: log.debug, error: log.debug }
    })
    // Each request's timeout runs on the step's clock.
    const created = await withClockTimeout(clock, timeoutMs, (signal) =>
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
    const logUrl = runUrl(github)
    await withClockTimeout(clock, Math.max(1000, Math.min(REQUEST_TIMEOUT_MS, deadline.remainingMs())), (signal) =>
      octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: deploymentId,
        state,
        environment,
        description,
        ...(logUrl ? { log_url: logUrl } : {}),
        request: { signal }
      })
    )
    log.info(
      `Recorded GitHub deployment ${id} (${state}) in environment ${environment} (${owner}/${repo}@${ref.slice(0, 7)})`
    )
    result.report.facts.push(['GitHub deployment', `${id} in ${environment}`])
  } catch (error) {
    warn(
      `${id === undefined ? '' : `deployment ${id} was created but its status was not: `}${describeGithubError(error)}`
    )
  }
}
