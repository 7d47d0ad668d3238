/** promote: copy a deployment's version to a later stage; one read before the POST, never two POSTs. */
import { HINT_PROMOTE_NOT_FOUND } from '../api/errors.js'
import { type OperationResult, shortVersion } from '../report/report.js'
import { StepError } from '../core/errors.js'
import {
  type Deployment,
  type Environment,
  ENVIRONMENTS,
  nextStage,
  previousStage,
  sameVersion
} from '../core/types.js'
import { findActive, warnActiveContradictions } from '../deploy/answers.js'
import type { CommonConfig, DeployConfig } from '../core/step-config.js'
import { defaultDeploymentMessage, type OperationContext } from '../core/context.js'
import { landingOf } from '../deploy/replaced.js'
import { madeByEarlierAttempt, markedMessage, stepMark } from '../deploy/ownership.js'
import { agentPath, PATHS } from '../api/paths.js'
import { planResult, skippedResult, EARLIER_ATTEMPT } from '../deploy/deployment-result.js'
import { landedResult } from '../deploy/landed.js'
import { DEPLOYMENT_OUTPUTS, deployInputs, type OperationSpec } from './operation.js'

export type PromoteConfig = {
  operation: 'promote'
  deploymentId?: string
  targetEnvironment?: Environment
  force: boolean
} & DeployConfig

/** Where a promote can land when the API picks the target: never sandbox, the first stage. */
const LATER_STAGES: readonly Environment[] = ENVIRONMENTS.filter((env) => previousStage(env) !== undefined)

export const promote: OperationSpec<PromoteConfig> = {
  name: 'promote',
  inputs: {
    deploymentId: true,
    targetEnvironment: {
      check: ([env]) =>
        env === 'sandbox'
          ? 'targetEnvironment for promote must be pre-release or live (sandbox is reached by publish)'
          : undefined
    },
    deploymentMessage: true,
    dryRun: true,
    force: true,
    waitForTestRuns: true,
    testRunTimeoutSeconds: true,
    bakeSeconds: true,
    rollbackOnFailure: true,
    alertsProjectId: true
  },
  deploys: true,
  prComment: true,
  outputs: DEPLOYMENT_OUTPUTS,
  config: (values) => {
    const [targetEnvironment] = values.targetEnvironment
    return {
      operation: 'promote',
      force: values.force,
      ...deployInputs(values),
      ...(values.deploymentId ? { deploymentId: values.deploymentId } : {}),
      ...(targetEnvironment ? { targetEnvironment } : {})
    }
  },
  run: promoteStep
}

async function promoteStep(ctx: OperationContext<CommonConfig & PromoteConfig>): Promise<OperationResult> {
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
        `Nothing to promote to ${target}: ${sourceEnv} has no active deployment. ` +
          `Publish${sourceEnv === 'sandbox' ? '' : ` and promote to ${sourceEnv}`} first, or set ` +
          `deploymentId.`
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
      `Cannot promote deployment ${source.id} from ${sourceEnv} to ${target}: promote only moves ` +
        `to a later stage (sandbox → pre-release → live). Use rollback to go back.`
    )
  }
  const previous = target ? before[target] : undefined
  const mark = stepMark('promote', ctx.github)
  const deploymentMessage = markedMessage(config.deploymentMessage ?? defaultDeploymentMessage(ctx.github), mark)

  const alreadyThere = source !== undefined && sameVersion(previous?.version, source.version)
  const rerun = madeByEarlierAttempt(previous, mark) && (source === undefined || alreadyThere)
  if (previous && ((alreadyThere && !config.force) || rerun)) {
    const note = rerun
      ? `${target} already runs deployment ${previous.id} (version ${previous.version}), made by an ` +
        `earlier attempt of this workflow run; nothing was promoted again.`
      : `${target} already runs version ${previous.version} (deployment ${previous.id}); nothing ` +
        `was promoted. Set force: true to promote anyway.`
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
  return landedResult(ctx, {
    mutation,
    asked: { what: `promote of ${sourceId}`, environment: target, version: source?.version, before, mark: mark.text },
    verb: 'Promoted',
    done: (env, made) => `Promoted ${sourceId} to ${env}: new deployment ${made.id} (version ${made.version})`,
    from: source ?? null,
    previous: (landedIn) => (landedIn ? before[landedIn] : undefined),
    message: deploymentMessage
  })
}
