/**
 * What runs after the operation, from its result alone (never its internals), in two parts:
 *
 * - inside the operation's deadline: the test-run wait of a deployment (its verdict is part of
 *   the step's outcome);
 * - last, once the outputs were checked and the step's outcome is final (github-writes.ts): the
 *   GitHub Deployment record and the pull request comment, with the time the operation left them.
 */
import { awaitTestRuns } from '../deploy/test-runs.js'
import type { OperationContext } from '../core/context.js'
import { type Config, type ConfigOf, REGISTRY } from '../operations/registry.js'
import type { DeployingOperation } from '../core/types.js'
import type { OperationResult } from '../report/report.js'
import type { Step } from './step.js'

export function isDeploying(config: Config): config is ConfigOf<DeployingOperation> {
  return REGISTRY[config.operation].deploys
}

/** Waits for the test runs of `result` when the step asks to; returns their failure, if any. */
export async function awaitFollowUps(
  step: Step,
  ctx: OperationContext<Config>,
  result: OperationResult
): Promise<string | undefined> {
  const { config, deadline } = step
  if (!isDeploying(config) || !config.waitForTestRuns) return undefined
  return awaitTestRuns({ ...ctx, config }, result, deadline)
}
