/** What runs after the operation, from its result alone: test-run wait, GitHub Deployment record, PR comment. */
import { githubRunFromEnv } from '../core/context.js'
import { isDryRun, stepIdentity } from '../core/step-config.js'
import { USER_AGENT } from '../core/version.js'
import { awaitTestRuns } from '../deploy/test-runs.js'
import { recordGithubDeployment } from '../github/deployment-record.js'
import { COMMENT_GRACE_MS, type CommentRequest, postPlanComment } from '../github/pr-comment.js'
import type { OperationContext } from '../core/context.js'
import { type Config, type ConfigOf, OPERATION_SPECS, REGISTRY } from '../operations/registry.js'
import type { DeployingOperation } from '../core/types.js'
import type { OperationResult, Report } from '../report/report.js'
import { cut, oneLine } from '../report/sanitize.js'
import type { Step } from './step.js'

function isDeploying(config: Config): config is ConfigOf<DeployingOperation> {
  return REGISTRY[config.operation].deploys
}

/** Runs the follow-ups of `result`; returns the test runs' failure, if any. */
export async function followUps(
  step: Step,
  ctx: OperationContext<Config>,
  result: OperationResult
): Promise<string | undefined> {
  const { config, deadline } = step
  let testRunFailure: string | undefined
  if (isDeploying(config)) {
    const deployed = { ...ctx, config }
    if (config.waitForTestRuns) testRunFailure = await awaitTestRuns(deployed, result, deadline)
    // After the test runs, so the record says whether the deployment passed them (or its answer contradicted the request).
    if (config.githubToken) {
      const state = testRunFailure || result.failure ? 'failure' : 'success'
      await recordGithubDeployment(deployed, result, deadline, USER_AGENT, state)
    }
  }
  if (config.prComment && config.githubToken) {
    // A refusal (failOnBreaking, values that fail the schema, a check that could not finish) is a result: it is commented as one.
    const breaking = result.outputs.breakingChanges?.length ?? 0
    const lead = breaking ? { leadSuffix: `⚠️ ${breaking} breaking change${breaking === 1 ? '' : 's'}` } : {}
    const url = await comment(step, result.report, lead)
    if (url) result.outputs.commentUrl = url
  }
  return testRunFailure
}

/** The comment of a step that failed before it had a plan or result: says so, with the error. */
export async function failureComment(step: Step, report: Report, message: string): Promise<void> {
  const { config } = step
  // The comment would otherwise go on showing an earlier push's plan ("no changes", say).
  if (!config.prComment || !config.githubToken) return
  const what = isDryRun(config) ? 'plan' : 'result'
  const lead = {
    title: `No ${what} for this push: ${config.operation} failed for agent ${config.agentId}`,
    leadNotes: [
      `This push's ${what} could not be made, so what this comment showed for an earlier push no longer applies. Error: ${cut(oneLine(message), 500)}`,
      'The run linked below has the whole log.'
    ]
  }
  await comment(step, report, lead, COMMENT_GRACE_MS)
}

/**
 * Posts or edits the step's pull request comment; returns its URL. Best effort: it warns, never
 * throws. Within the step's budget, or up to `graceMs` past it (a failed step's comment, so that a
 * step that ran out of time does not leave an earlier push's plan on the pull request).
 */
async function comment(
  step: Step,
  report: Report,
  lead: Partial<Pick<CommentRequest, 'title' | 'leadSuffix' | 'leadNotes'>>,
  graceMs = 0
): Promise<string | undefined> {
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
