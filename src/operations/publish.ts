/**
 * publish: deploy the current draft (to sandbox unless targetEnvironment says otherwise).
 * 409 DEPLOYMENTS_ALREADY_PUBLISHED (a merge already published it) is not a failure: the deployment
 * active now (read again: a colleague may have published since) is reported with changed=false, so
 * re-running a workflow is safe.
 */
import { ApiError } from '../api/errors.js'
import type { OperationResult } from '../report/report.js'
import type { Deployment, Environment } from '../core/types.js'
import type { ConfigOf } from '../core/step-config.js'
import { applyAnswerCheck, checkAnswer, warnActiveContradictions } from '../deploy/answers.js'
import { defaultDeploymentMessage, type OperationContext } from '../core/context.js'
import { landingOf, reportReplaced, whoseDeployment } from '../deploy/replaced.js'
import { markedMessage, stepMark } from '../deploy/ownership.js'
import { agentPath, PATHS } from '../api/paths.js'
import { deploymentResult, planResult, skippedResult } from '../deploy/deployment-result.js'

export async function publish(ctx: OperationContext<ConfigOf<'publish'>>): Promise<OperationResult> {
  const { config, client, log } = ctx
  const env = config.targetEnvironment
  const before = await client.getActiveDeployments()
  warnActiveContradictions(before, log)
  const previous = before[env]

  const mark = stepMark('publish', ctx.github)
  const deploymentMessage = markedMessage(config.deploymentMessage ?? defaultDeploymentMessage(ctx.github), mark)
  const body: { deploymentMessage: string; environment: Environment } = { deploymentMessage, environment: env }

  if (config.dryRun) {
    return planResult(ctx, {
      title: `Plan: publish the draft to ${env}`,
      agentId: config.agentId,
      method: 'POST',
      path: agentPath(config.agentId, PATHS.publish),
      body,
      before,
      after: { [env]: 'new deployment of the current draft' },
      previous
    })
  }

  try {
    const mutation = await client.publish(body, landingOf(before, [env], undefined, mark))
    const made = mutation.deployment
    const check = checkAnswer(made, {
      what: 'publish',
      environment: env,
      agentId: config.agentId,
      before,
      mark: mark.text
    })
    if (!check.failure && !check.unchanged)
      log.info(`Published to ${check.environment}: new deployment ${made.id} (version ${made.version})`)
    const { notes, replaced } = await reportReplaced(
      ctx,
      before,
      made,
      check.failure || check.unchanged ? undefined : env,
      mutation.history
    )
    const result = deploymentResult({
      notes,
      verb: 'Published',
      outcome: check.unchanged ? 'unchanged' : 'succeeded',
      agentId: config.agentId,
      deployment: made,
      environment: check.environment,
      previous: replaced !== undefined ? replaced : previous,
      testRunIds: mutation.testRunIds,
      testRunsUnknown: mutation.testRunsUnknown,
      message: deploymentMessage,
      changed: !check.unchanged
    })
    return applyAnswerCheck(result, check, log)
  } catch (error) {
    // Only "already published to sandbox" means the draft is in place: any other conflict, or a
    // publish to a later stage that the draft never reached, is a real failure.
    const alreadyPublished =
      error instanceof ApiError &&
      error.status === 409 &&
      (error.errorCode === undefined || error.errorCode === 'DEPLOYMENTS_ALREADY_PUBLISHED')
    if (alreadyPublished && env === 'sandbox') {
      // Someone may have published the draft since it was read: name what sandbox runs now.
      const now = (await activeNow(ctx, env)) ?? previous
      if (now) {
        const note = `The draft is already published (${error.errorCode ?? 'HTTP 409'}); ${env} keeps deployment ${now.id}.`
        const result = skippedResult(ctx, 'Publish skipped for', now, note, undefined, undefined, env)
        if (now.id !== previous?.id) {
          const changed = `${env} changed while this step ran: ${whoseDeployment(now)} published the draft, not ${previous ? previous.id : 'nothing'} as read before the request.`
          log.warning(changed)
          result.report.notes.push(changed)
        }
        return result
      }
    }
    throw error
  }
}

/** The deployment active in env now (undefined when it cannot be read; the caller falls back). */
async function activeNow(ctx: OperationContext, env: Environment): Promise<Deployment | null | undefined> {
  try {
    return (await ctx.client.getActiveDeployments())[env]
  } catch (error) {
    ctx.log.warning(`Could not read what ${env} runs now: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
}
