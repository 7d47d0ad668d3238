/** rollback: restore an older version in its own environment (by default the previous version). */
import { HINT_ROLLBACK_NOT_FOUND } from '../api/errors.js'
import { type OperationResult, shortVersion } from '../report/report.js'
import { StepError } from '../core/errors.js'
import { type ActiveDeployments, type Deployment, type Environment, ENVIRONMENTS, sameVersion } from '../core/types.js'
import { activeOf, entriesOf, findActive, warnActiveContradictions } from '../deploy/answers.js'
import type { CommonConfig, DeployConfig } from '../core/step-config.js'
import { defaultDeploymentMessage, type OperationContext } from '../core/context.js'
import { chooseRollback, listHint, ROLLBACK_HISTORY } from '../deploy/rollback-choice.js'
import { landingOf, whoseDeployment } from '../deploy/replaced.js'
import { madeByEarlierAttempt, markedMessage, type StepMark, stepMark } from '../deploy/ownership.js'
import { agentPath, PATHS } from '../api/paths.js'
import { planResult, skippedResult, EARLIER_ATTEMPT } from '../deploy/deployment-result.js'
import { landedResult } from '../deploy/landed.js'
import { DEPLOYMENT_OUTPUTS, deployInputs, type OperationSpec } from './operation.js'

/** rollback needs a deploymentId, a targetEnvironment, or both. */
export type RollbackConfig = { operation: 'rollback'; force: boolean } & DeployConfig &
  (
    | { deploymentId: string; targetEnvironment?: Environment }
    | { deploymentId?: undefined; targetEnvironment: Environment }
  )

export const rollback: OperationSpec<RollbackConfig> = {
  name: 'rollback',
  inputs: {
    deploymentId: true,
    targetEnvironment: {},
    deploymentMessage: true,
    dryRun: true,
    force: true,
    waitForTestRuns: true,
    testRunTimeoutSeconds: true,
    bakeSeconds: true,
    alertsProjectId: true
  },
  check: (values) =>
    values.deploymentId === '' && values.targetEnvironment.length === 0
      ? 'rollback needs deploymentId (the deployment whose version to restore) or targetEnvironment ' +
        '(to roll back there to the previous version)'
      : undefined,
  deploys: true,
  prComment: true,
  outputs: DEPLOYMENT_OUTPUTS,
  config: (values) => {
    const [first] = values.targetEnvironment
    const base = { operation: 'rollback', force: values.force, ...deployInputs(values) } as const
    // The check above guarantees one of the two.
    if (values.deploymentId)
      return { ...base, deploymentId: values.deploymentId, ...(first ? { targetEnvironment: first } : {}) }
    return { ...base, targetEnvironment: first ?? 'sandbox' }
  },
  run: rollbackStep
}

/** `mark`: another mark than a rollback step's own (the automatic rollback's, deploy/auto-rollback.ts). */
export async function rollbackStep(
  ctx: OperationContext<CommonConfig & RollbackConfig>,
  mark: StepMark = stepMark('rollback', ctx.github),
  /** The automatic rollback's: the deployment it undoes, which must still be what runs (never roll over another's). */
  undoing?: string
): Promise<OperationResult> {
  const { config, client, log } = ctx
  const deploymentMessage = markedMessage(config.deploymentMessage ?? defaultDeploymentMessage(ctx.github), mark)

  let before: Partial<ActiveDeployments>
  let source: Deployment | undefined
  /** Without targetEnvironment: where the source is active, by the active map's key. */
  let activeIn: Environment | undefined
  let sourceId: string
  /** With targetEnvironment: the ids listed there before the request. */
  let listedBefore: Set<string> | undefined
  if (config.targetEnvironment) {
    const env = config.targetEnvironment
    // The environment's history (newest first) tells both what is active and what came before.
    // Entries of other environments are left out (and named): live never rolls back to a sandbox deployment.
    const history = entriesOf(await client.listDeployments(env, ROLLBACK_HISTORY), env, log)
    listedBefore = new Set(history.map((d) => d.id))
    // What runs is what the active map says, read every time (never the history's first entry by position).
    const active = (await activeOf(history, env, client, `roll back ${env}`, log)) ?? undefined
    before = { [env]: active ?? null }
    if (undoing !== undefined && active?.id !== undoing) {
      throw new StepError(
        `nothing was rolled back: ${env} now runs ${active ? whoseDeployment(active) : 'no active deployment'}, ` +
          `not ${undoing}, and a rollback would undo it; check with its author`
      )
    }
    if (config.deploymentId) {
      source = active?.id === config.deploymentId ? active : history.find((d) => d.id === config.deploymentId)
      if (!source) {
        throw new StepError(
          `Deployment ${config.deploymentId} is not among the last ${ROLLBACK_HISTORY} deployments in ` +
            `${env}: rollback restores a deployment in its own environment. Check deploymentId and ` +
            `targetEnvironment. ${listHint(env)}`
        )
      }
    } else {
      if (!active)
        throw new StepError(
          history.length
            ? `Nothing to roll back in ${env}: the API's active deployments name none there (its history ` +
                `lists ${history.length}). ${listHint(env)}`
            : `Nothing to roll back in ${env}: it has no deployments.`
        )
      if (madeByEarlierAttempt(active, mark)) {
        return skippedResult(
          ctx,
          'Rollback skipped for',
          active,
          `${env} already runs deployment ${active.id} (version ${active.version}), the rollback an ` +
            `earlier attempt of this workflow run made; nothing was rolled back again.`,
          undefined,
          EARLIER_ATTEMPT
        )
      }
      const { target, rolledBack } = chooseRollback(history, active)
      source = target
      if (!source) {
        const skipped = [...rolledBack].map((v) => v.slice(0, 7)).join(', ')
        throw new StepError(
          `Nothing to roll back to in ${env}: none of its last ${history.length} deployments older ` +
            `than the active ${active.id} runs another version than the active ${active.version}` +
            `${rolledBack.size ? ` except versions already rolled back from (${skipped})` : ''}. ${listHint(env)}`
        )
      }
      log.info(
        `Rolling ${env} back from version ${active.version} to the previous version ${source.version} (deployment ${source.id})`
      )
    }
    sourceId = source.id
  } else {
    // Without targetEnvironment the inputs guarantee a deploymentId.
    const { deploymentId } = config
    const active = await client.getActiveDeployments()
    warnActiveContradictions(active, log)
    before = active
    const found = findActive(active, deploymentId)
    source = found?.deployment
    activeIn = found?.env
    sourceId = deploymentId
  }

  const targetEnv: Environment | undefined = config.targetEnvironment ?? activeIn
  const previous = targetEnv ? before[targetEnv] : undefined

  // A re-run whose earlier attempt already restored this version: never again, force or not.
  const rerun =
    source !== undefined && madeByEarlierAttempt(previous, mark) && sameVersion(previous?.version, source.version)
  if (previous && rerun) {
    return skippedResult(
      ctx,
      'Rollback skipped for',
      previous,
      `${targetEnv ?? previous.environment} already runs deployment ${previous.id} (version ` +
        `${previous.version}), the rollback an earlier attempt of this workflow run made; nothing ` +
        `was rolled back again.`,
      undefined,
      EARLIER_ATTEMPT,
      targetEnv
    )
  }
  if (source && previous && sameVersion(previous.version, source.version) && !config.force) {
    return skippedResult(
      ctx,
      'Rollback skipped for',
      previous,
      `${targetEnv ?? previous.environment} already runs version ${source.version} (deployment ` +
        `${previous.id}); nothing was rolled back. Set force: true to roll back anyway.`,
      undefined,
      undefined,
      targetEnv
    )
  }

  const body = { deploymentMessage }

  if (config.dryRun) {
    return planResult(ctx, {
      title: `Plan: roll back ${targetEnv ?? 'its environment'} to ${sourceId}`,
      agentId: config.agentId,
      method: 'POST',
      path: agentPath(config.agentId, PATHS.rollback(sourceId)),
      body,
      before,
      after: targetEnv
        ? {
            [targetEnv]: `new deployment of version ${source ? shortVersion(source.version) : "(that deployment's version)"}`
          }
        : {},
      previous,
      source
    })
  }

  const mutation = await client.rollback(
    sourceId,
    body,
    landingOf(before, targetEnv ? [targetEnv] : ENVIRONMENTS, source?.version, mark),
    HINT_ROLLBACK_NOT_FOUND
  )
  return landedResult(ctx, {
    mutation,
    asked: {
      what: `rollback to ${sourceId}`,
      environment: targetEnv,
      version: source?.version,
      before,
      mark: mark.text
    },
    verb: 'Rolled back',
    done: (env, made) => `Rolled ${env} back to version ${made.version}: new deployment ${made.id}`,
    previous: (landedIn) => (landedIn ? before[landedIn] : undefined) ?? previous,
    message: deploymentMessage,
    ...(listedBefore ? { listedBefore } : {})
  })
}
