/**
 * What runs after the operation inside its deadline, from its result alone: test-run wait, bake, automatic
 * rollback.
 */
import { awaitTestRuns } from '../deploy/test-runs.js'
import { afterDeploy } from '../deploy/after-deploy.js'
import type { AutoRollback } from '../deploy/auto-rollback.js'
import type { BakePlan } from '../deploy/bake.js'
import type { OperationContext } from '../core/context.js'
import { type Config, type ConfigOf, REGISTRY } from '../operations/registry.js'
import type { DeployingOperation } from '../core/types.js'
import type { OperationResult } from '../report/report.js'
import type { Step } from './step.js'

export function isDeploying(config: Config): config is ConfigOf<DeployingOperation> {
  return REGISTRY[config.operation].deploys
}

/** The follow-ups' verdict: the test runs' and the bake's failure, and the automatic rollback when one ran. */
export interface FollowUps {
  failure?: string
  rollback?: AutoRollback
}

/** Waits for the test runs of `result`, then bakes (`bake`: what planBake read before the operation). */
export async function awaitFollowUps(
  step: Step,
  ctx: OperationContext<Config>,
  result: OperationResult,
  bake: BakePlan | undefined
): Promise<FollowUps> {
  const { config, deadline } = step
  if (!isDeploying(config)) return {}
  const deployed = { ...ctx, config }
  const testRunFailure = config.waitForTestRuns ? await awaitTestRuns(deployed, result, deadline) : undefined
  const after = await afterDeploy(deployed, result, bake, testRunFailure)
  const failure = [testRunFailure, after.failure].filter(Boolean).join('; ') || undefined
  return { ...(failure ? { failure } : {}), ...(after.rollback ? { rollback: after.rollback } : {}) }
}
