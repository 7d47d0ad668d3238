/** What the step writes to GitHub, last, from its final outcome: the Deployment record, then the PR comment. */
import { type Deadline, STEP_GRACE_MS } from '../core/clock.js'
import { githubRunFromEnv } from '../core/context.js'
import { isDryRun, stepIdentity } from '../core/step-config.js'
import { USER_AGENT } from '../core/version.js'
import { recordGithubDeployment } from '../github/deployment-record.js'
import { type CommentRequest, postPlanComment } from '../github/pr-comment.js'
import { type Config, OPERATION_SPECS, REGISTRY } from '../operations/registry.js'
import { SAFE_URL } from '../report/outputs.js'
import { cut, oneLine } from '../report/sanitize.js'
import { isDeploying } from './follow-ups.js'
import type { Step, StepOutcome } from './step.js'

/** The end of the budget kept for the GitHub writes (at most a third of it). */
export const GITHUB_RESERVE_MS = 15_000

/** Whether the step will write to GitHub: a comment, or the record of a deployment. */
function writesToGithub(config: Config): boolean {
  if (!config.githubToken) return false
  if (config.prComment && REGISTRY[config.operation].prComment) return true
  return isDeploying(config) && !config.dryRun
}

/** How much of the budget the operation leaves for the GitHub writes (0 when there are none). */
export function githubReserveMs(config: Config): number {
  return writesToGithub(config) ? Math.min(GITHUB_RESERVE_MS, (config.timeoutSeconds * 1000) / 3) : 0
}

/**
 * Writes the record and the comment from the step's final outcome, within `budget` (the step's
 * whole budget, not the operation's), at least STEP_GRACE_MS; sets the commentUrl output.
 */
export async function writeToGithub(step: Step, budget: Deadline, outcome: StepOutcome): Promise<void> {
  const { config, runner, log, clock } = step
  if (!config.githubToken) return
  const deadline = budget.withFloor(STEP_GRACE_MS)
  const github = githubRunFromEnv(runner.env)
  if (outcome.result && isDeploying(config)) {
    const failure = outcome.failure
    const request = { config, github, log, clock, deadline, userAgent: USER_AGENT, failure }
    await recordGithubDeployment(request, outcome.result)
    const rollback = outcome.rollback
    if (rollback?.result && rollback.config) {
      // The automatic rollback's own record (success: it now runs, unless its answer contradicts the
      // request: then failure, as the step cannot vouch for it); its row joins this step's summary.
      const made = { outputs: rollback.result.outputs, report: outcome.result.report }
      const doubt = rollback.result.failure
      const failed = doubt === undefined ? undefined : step.redact(doubt)
      await recordGithubDeployment({ ...request, config: rollback.config, failure: failed }, made)
    }
  }
  if (!config.prComment) return
  const url = await comment(step, deadline, outcome)
  if (url === undefined) return
  if (SAFE_URL.test(url)) runner.setOutput('commentUrl', url)
  else log.warning(`The commentUrl output was not written: GitHub answered ${JSON.stringify(cut(url, 80))}`)
}

/** The comment's lead: the result's own, or (a step that failed before it had one) that this push has none. */
function lead(
  config: Config,
  outcome: StepOutcome
): Partial<Pick<CommentRequest, 'title' | 'leadSuffix' | 'leadNotes'>> {
  if (!outcome.result) {
    const what = isDryRun(config) ? 'plan' : 'result'
    return {
      title: `No ${what} for this push: ${config.operation} failed for agent ${config.agentId}`,
      leadNotes: [
        `This push's ${what} could not be made, so what this comment showed for an earlier push no ` +
          `longer applies. Error: ${cut(oneLine(outcome.failure ?? ''), 500)}`,
        'The run linked below has the whole log.'
      ]
    }
  }
  // A refusal (failOnBreaking, values that fail the schema, a check that could not finish) is a result: it is commented as one.
  const breaking = outcome.result.outputs.breakingChanges?.length ?? 0
  return breaking ? { leadSuffix: `⚠️ ${breaking} breaking change${breaking === 1 ? '' : 's'}` } : {}
}

/** Posts or edits the step's pull request comment; returns its URL. Best effort: it warns, never throws. */
async function comment(step: Step, deadline: Deadline, outcome: StepOutcome): Promise<string | undefined> {
  const { config, runner, log, redact } = step
  if (!REGISTRY[config.operation].prComment) {
    const commented = OPERATION_SPECS.filter((spec) => spec.prComment).map((spec) => spec.name)
    log.notice(`prComment is ignored for ${config.operation}: it comments for ${commented.join(', ')}`)
    return undefined
  }
  try {
    return await postPlanComment({
      token: config.githubToken ?? '',
      step: stepIdentity(config),
      report: outcome.report,
      ...lead(config, outcome),
      github: githubRunFromEnv(runner.env),
      env: runner.env,
      clock: step.clock,
      deadline,
      userAgent: USER_AGENT,
      log,
      redact
    })
  } catch (error) {
    log.warning(
      `Could not write the pull request comment (the step itself is not affected): ` +
        `${error instanceof Error ? error.message : String(error)}`
    )
    return undefined
  }
}
