/**
 * rollback: restore an older version in its own environment (the API creates a new deployment).
 * With only targetEnvironment, the target is the newest deployment there whose version differs
 * from the active one, i.e. the previous version (skipping versions a rollback already replaced). Rolling back to the version already active is
 * skipped unless force is set, and a re-run of the workflow run that already rolled back is
 * skipped (otherwise "the previous version" would flip back).
 */
import { HINT_ROLLBACK_NOT_FOUND } from '../api/errors.js'
import { type OperationResult, shortVersion } from '../report.js'
import { StepError } from '../step-error.js'
import { type ActiveDeployments, type Deployment, ENVIRONMENTS } from '../types.js'
import { defaultDeploymentMessage, type OperationContext } from './context.js'
import { chooseRollback, listHint, ROLLBACK_HISTORY } from './rollback-choice.js'
import { landingOf, reportReplaced } from './replaced.js'
import { madeByEarlierAttempt, markedMessage, stepMark } from './ownership.js'
import { agentPath, PATHS } from '../api/paths.js'
import { deploymentResult, planResult, skippedResult, EARLIER_ATTEMPT } from './deployment-result.js'

export async function rollback(ctx: OperationContext): Promise<OperationResult> {
  const { config, client, log } = ctx
  const env = config.environments[0]
  const mark = stepMark('rollback', ctx.github)
  const deploymentMessage = markedMessage(config.deploymentMessage ?? defaultDeploymentMessage(ctx.github), mark)

  let before: Partial<ActiveDeployments>
  let source: Deployment | undefined
  if (env) {
    // The environment's history (newest first) tells both what is active and what came before.
    const history = await client.listDeployments(env, ROLLBACK_HISTORY)
    before = { [env]: history[0] ?? null }
    const active = history[0]
    if (config.deploymentId) {
      source = history.find((d) => d.id === config.deploymentId)
      if (!source) {
        throw new StepError(
          `Deployment ${config.deploymentId} is not among the last ${ROLLBACK_HISTORY} deployments in ${env}: rollback restores a deployment in its own environment. Check deploymentId and targetEnvironment. ${listHint(env)}`
        )
      }
    } else {
      if (!active) throw new StepError(`Nothing to roll back in ${env}: it has no deployments.`)
      if (madeByEarlierAttempt(active, mark)) {
        return skippedResult(
          ctx,
          'Rollback skipped for',
          active,
          `${env} already runs deployment ${active.id} (version ${active.version}), the rollback an earlier attempt of this workflow run made; nothing was rolled back again.`,
          undefined,
          EARLIER_ATTEMPT
        )
      }
      const { target, rolledBack } = chooseRollback(history)
      source = target
      if (!source) {
        throw new StepError(
          `Nothing to roll back to in ${env}: none of its last ${history.length} deployments runs another version than the active ${active.version}${rolledBack.size ? ` except versions already rolled back from (${[...rolledBack].map((v) => v.slice(0, 7)).join(', ')})` : ''}. ${listHint(env)}`
        )
      }
      log.info(`Rolling ${env} back from version ${active.version} to the previous version ${source.version} (deployment ${source.id})`)
    }
  } else {
    before = await client.getActiveDeployments()
    source = ENVIRONMENTS.map((e) => before[e]).find((d) => d?.id === config.deploymentId) ?? undefined
  }

  const sourceId = source?.id ?? (config.deploymentId as string)
  const targetEnv = source?.environment ?? env
  const previous = targetEnv ? before[targetEnv] : undefined

  if (source && previous && previous.version === source.version && !config.force) {
    return skippedResult(
      ctx,
      'Rollback skipped for',
      previous,
      `${previous.environment} already runs version ${source.version} (deployment ${previous.id}); nothing was rolled back. Set force: true to roll back anyway.`
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
      after: targetEnv ? { [targetEnv]: `new deployment of version ${source ? shortVersion(source.version) : '(that deployment\'s version)'}` } : {},
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
  const made = mutation.deployment
  log.info(`Rolled ${made.environment} back to version ${made.version}: new deployment ${made.id}`)
  const { notes, replaced } = await reportReplaced(ctx, before, made)
  return deploymentResult({
    notes,
    verb: 'Rolled back',
    outcome: 'succeeded',
    agentId: config.agentId,
    deployment: made,
    previous: replaced !== undefined ? replaced : (before[made.environment] ?? previous),
    testRunIds: mutation.testRunIds,
    testRunsUnknown: mutation.testRunsUnknown,
    message: deploymentMessage,
    changed: true
  })
}
