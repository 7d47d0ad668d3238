/** rollbackOnFailure: the rollback operation, with its own mark, after an unhealthy bake or failing test runs. */
import type { OperationContext } from '../core/context.js'
import type { DeployingConfig } from '../core/step-config.js'
import { type Deployment, knownEnvironment } from '../core/types.js'
import type { ConfigOf } from '../operations/registry.js'
import { ExpectedError } from '../core/errors.js'
import type { OperationResult } from '../report/report.js'
import { cut } from '../report/sanitize.js'
import { rollbackStep } from '../operations/rollback.js'
import { entriesOf } from './answers.js'
import { stepMark } from './ownership.js'
import { whoseDeployment } from './replaced.js'

export interface AutoRollback {
  /** The rollback's result, when one was made (changed) or found already made. */
  result?: OperationResult
  /** The config it ran with (for the GitHub Deployment record). */
  config?: ConfigOf<'rollback'>
  /** What happened, one sentence for the step's failure message. */
  said: string
}

/** How many of the environment's newest deployments are read to find what came before this step's. */
const BEFORE_HISTORY = 10

/** Rolls back `made` (see the module comment); never throws an expected failure, it says it. */
export async function autoRollback(
  ctx: OperationContext<DeployingConfig>,
  made: OperationResult,
  why: string
): Promise<AutoRollback> {
  const { client, log } = ctx
  const ours = made.outputs.deployment
  const env = knownEnvironment(made.outputs.environment)
  if (!ours || !env) return { said: 'nothing was rolled back: the step cannot tell which deployment it made, or where' }
  try {
    const now = (await client.getActiveDeployments())[env]
    if (!now || now.id !== ours.id) {
      const said = now
        ? `nothing was rolled back: ${env} now runs ${whoseDeployment(now)}, deployed after this ` +
          `step's ${ours.id}, and a rollback would undo it; check with its author`
        : `nothing was rolled back: ${env} has no active deployment now, not this step's ${ours.id}`
      log.warning(`Automatic rollback: ${said}`)
      return { said }
    }
    const previous = await previousOf(ctx, made, ours, env)
    if (!previous) {
      const said = `nothing was rolled back: ${env} had no deployment before this step's ${ours.id} to go back to`
      log.warning(`Automatic rollback: ${said}`)
      return { said }
    }
    log.info(
      `Automatic rollback: rolling ${env} back from ${ours.id} (version ${ours.version}) to ` +
        `${previous.id}${previous.version ? ` (version ${previous.version})` : ''}, the deployment ` +
        `active before this step`
    )
    const config: ConfigOf<'rollback'> = {
      ...ctx.config,
      operation: 'rollback',
      force: false,
      dryRun: false,
      waitForTestRuns: false,
      bakeSeconds: 0,
      rollbackOnFailure: false,
      deploymentId: previous.id,
      targetEnvironment: env,
      deploymentMessage: cut(`Automatic rollback of ${ours.id}: ${why}`, 300)
    }
    // rollbackStep reads what runs again, and refuses unless it is still this step's deployment.
    const result = await rollbackStep({ ...ctx, config }, stepMark('auto-rollback', ctx.github), ours.id)
    const restored = result.outputs.deployment
    if (!result.outputs.changed || !restored) {
      const said = `nothing was rolled back: ${result.report.notes[0] ?? 'the rollback was skipped'}`
      return { result, config, said }
    }
    if (result.failure) return { result, config, said: `the automatic rollback is in doubt: ${result.failure}` }
    return {
      result,
      config,
      said: `${env} was rolled back to version ${restored.version} (deployment ${restored.id}, restoring ${previous.id})`
    }
  } catch (error) {
    if (!(error instanceof ExpectedError)) throw error
    const said = `the automatic rollback failed: ${error.message}`
    log.warning(said)
    return { said }
  }
}

/**
 * The deployment active before this step: the one it replaced as read back after the deploy
 * (previousDeploymentId), else the entry below it in the environment's history.
 */
async function previousOf(
  ctx: OperationContext,
  made: OperationResult,
  ours: Deployment,
  env: NonNullable<ReturnType<typeof knownEnvironment>>
): Promise<Deployment | undefined> {
  const history = entriesOf(await ctx.client.listDeployments(env, BEFORE_HISTORY), env, ctx.log)
  const id = made.outputs.previousDeploymentId
  if (id && id !== ours.id) {
    const found = history.find((d) => d.id === id)
    if (found) return found
    // Older than the history read: rollback() finds it in its longer one (or says it cannot).
    return { id, version: '', environment: env, createdAt: '' }
  }
  const at = history.findIndex((d) => d.id === ours.id)
  return at >= 0 ? history[at + 1] : undefined
}
