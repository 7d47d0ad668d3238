/**
 * promote: copy a deployment's version to a later stage. Without deploymentId the source is the
 * active deployment of the stage before the target; a target already on the source's version is
 * left alone (changed=false) unless force is set, and so is one an earlier attempt of this
 * workflow run already made (force or not). One read before the POST, never two POSTs.
 */
import { HINT_PROMOTE_NOT_FOUND } from '../api/errors.js'
import { type OperationResult, shortVersion } from '../report/report.js'
import { StepError } from '../core/errors.js'
import {
  type Deployment,
  type Environment,
  ENVIRONMENTS,
  knownEnvironment,
  nextStage,
  previousStage,
  sameVersion
} from '../core/types.js'
import { applyAnswerCheck, checkAnswer, findActive, warnActiveContradictions } from '../deploy/answers.js'
import type { ConfigOf } from '../core/step-config.js'
import { defaultDeploymentMessage, type OperationContext } from '../core/context.js'
import { landingOf, reportReplaced } from '../deploy/replaced.js'
import { madeByEarlierAttempt, markedMessage, stepMark } from '../deploy/ownership.js'
import { agentPath, PATHS } from '../api/paths.js'
import { deploymentResult, planResult, skippedResult, EARLIER_ATTEMPT } from '../deploy/deployment-result.js'

/** Where a promote can land when the API picks the target: never sandbox, the first stage. */
const LATER_STAGES: readonly Environment[] = ENVIRONMENTS.filter((env) => previousStage(env) !== undefined)

export async function promote(ctx: OperationContext<ConfigOf<'promote'>>): Promise<OperationResult> {
  const { config, client, log } = ctx
  const requestedTarget = config.targetEnvironment
  const before = await client.getActiveDeployments()
  warnActiveContradictions(before, log)

  let source: Deployment | undefined
  // Where the source is active, by the active map's key (its own environment field is free text).
  let sourceEnv: Environment | undefined
  let sourceId: string
  if (config.deploymentId) {
    sourceId = config.deploymentId
    const found = findActive(before, config.deploymentId)
    source = found?.deployment
    sourceEnv = found?.env
    if (found)
      log.info(
        `Source: deployment ${found.deployment.id} (version ${found.deployment.version}), active in ${found.env}`
      )
    else log.info(`Source: deployment ${config.deploymentId} (not active in any environment; the API resolves it)`)
  } else {
    const target = requestedTarget ?? 'pre-release'
    sourceEnv = previousStage(target) as Environment
    const active = before[sourceEnv]
    if (!active) {
      throw new StepError(
        `Nothing to promote to ${target}: ${sourceEnv} has no active deployment. Publish${sourceEnv === 'sandbox' ? '' : ` and promote to ${sourceEnv}`} first, or set deploymentId.`
      )
    }
    source = active
    sourceId = active.id
    log.info(`Source: the active ${sourceEnv} deployment ${source.id} (version ${source.version})`)
  }

  const target: Environment | undefined = requestedTarget ?? (sourceEnv ? nextStage(sourceEnv) : undefined)
  if (source && !target) {
    throw new StepError(`Deployment ${source.id} is in live, the last stage: there is nothing to promote it to.`)
  }
  if (source && sourceEnv && target && ENVIRONMENTS.indexOf(target) <= ENVIRONMENTS.indexOf(sourceEnv)) {
    throw new StepError(
      `Cannot promote deployment ${source.id} from ${sourceEnv} to ${target}: promote only moves to a later stage (sandbox → pre-release → live). Use rollback to go back.`
    )
  }
  const previous = target ? before[target] : undefined
  const mark = stepMark('promote', ctx.github)
  const deploymentMessage = markedMessage(config.deploymentMessage ?? defaultDeploymentMessage(ctx.github), mark)

  const alreadyThere = source !== undefined && sameVersion(previous?.version, source.version)
  const rerun = madeByEarlierAttempt(previous, mark) && (source === undefined || alreadyThere)
  if (previous && ((alreadyThere && !config.force) || rerun)) {
    const note = rerun
      ? `${target} already runs deployment ${previous.id} (version ${previous.version}), made by an earlier attempt of this workflow run; nothing was promoted again.`
      : `${target} already runs version ${previous.version} (deployment ${previous.id}); nothing was promoted. Set force: true to promote anyway.`
    return skippedResult(
      ctx,
      'Promotion skipped for',
      previous,
      note,
      source ?? null,
      rerun ? EARLIER_ATTEMPT : undefined,
      target
    )
  }

  const body: { deploymentMessage: string; targetEnvironment?: Environment } = { deploymentMessage }
  if (requestedTarget) body.targetEnvironment = requestedTarget

  if (config.dryRun) {
    return planResult(ctx, {
      title: `Plan: promote ${sourceId} to ${target ?? 'the next stage'}`,
      agentId: config.agentId,
      method: 'POST',
      path: agentPath(config.agentId, PATHS.promote(sourceId)),
      body,
      before,
      after: target
        ? { [target]: `new deployment of version ${source ? shortVersion(source.version) : '(source version)'}` }
        : {},
      previous,
      source
    })
  }

  const mutation = await client.promote(
    sourceId,
    body,
    landingOf(before, target ? [target] : LATER_STAGES, source?.version, mark),
    HINT_PROMOTE_NOT_FOUND
  )
  const made = mutation.deployment
  const check = checkAnswer(made, {
    what: `promote of ${sourceId}`,
    environment: target,
    version: source?.version,
    agentId: config.agentId,
    before,
    mark: mark.text
  })
  if (!check.failure && !check.unchanged)
    log.info(`Promoted ${sourceId} to ${check.environment}: new deployment ${made.id} (version ${made.version})`)
  const landedIn = knownEnvironment(check.environment)
  const { notes, replaced } = await reportReplaced(
    ctx,
    before,
    made,
    check.failure || check.unchanged ? undefined : landedIn,
    mutation.history
  )
  const result = deploymentResult({
    notes,
    verb: 'Promoted',
    outcome: check.unchanged ? 'unchanged' : 'succeeded',
    agentId: config.agentId,
    from: source ?? null,
    deployment: made,
    environment: check.environment,
    previous: replaced !== undefined ? replaced : landedIn ? before[landedIn] : undefined,
    testRunIds: mutation.testRunIds,
    testRunsUnknown: mutation.testRunsUnknown,
    message: deploymentMessage,
    changed: !check.unchanged
  })
  return applyAnswerCheck(result, check, log)
}
