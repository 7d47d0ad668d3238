/** Every operation, by name: the one list the rest of the action reads (adding one: docs/architecture.md). */
import type { CommonConfig } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import type { OperationResult } from '../report/report.js'
import type { OperationSpec } from './operation.js'
import { getActiveDeployments } from './get-active-deployments.js'
import { getConfigPage } from './get-config-page.js'
import { listConfigPages } from './list-config-pages.js'
import { listDeployments } from './list-deployments.js'
import { promote } from './promote.js'
import { publish } from './publish.js'
import { pullConfig } from './pull-config.js'
import { rollback } from './rollback.js'
import { syncConfig } from './sync-config.js'
import { updateVariables } from './update-variables.js'
import { upsertSchema } from './upsert-schema.js'

/** In the order the action's messages list them. */
const SPECS = {
  promote,
  rollback,
  publish,
  'get-active-deployments': getActiveDeployments,
  'list-deployments': listDeployments,
  'list-config-pages': listConfigPages,
  'get-config-page': getConfigPage,
  'upsert-schema': upsertSchema,
  'update-variables': updateVariables,
  'sync-config': syncConfig,
  'pull-config': pullConfig
}

type Specs = typeof SPECS
export type Operation = keyof Specs
type ConfigMap = { [O in Operation]: ReturnType<Specs[O]['config']> }

/** The step's configuration: the common inputs and exactly the operation's own, a union on `operation`. */
export type Config = CommonConfig & ConfigMap[Operation]
/** The config of one operation. */
export type ConfigOf<O extends Operation> = CommonConfig & ConfigMap[O]

export const REGISTRY: { [O in Operation]: OperationSpec<ConfigMap[O]> & { name: O } } = SPECS

/** Every operation's declaration, in the registry's order. */
export const OPERATION_SPECS = Object.values(REGISTRY)
export const OPERATIONS: Operation[] = OPERATION_SPECS.map((spec) => spec.name)

export function isOperation(name: string): name is Operation {
  return Object.hasOwn(REGISTRY, name)
}

/** The operations that deploy, in the registry's order. */
export const DEPLOYING = OPERATION_SPECS.filter((spec) => spec.deploys).map((spec) => spec.name)

/** Runs the operation the config names, handing it the config narrowed to that operation. */
export function runOperation<O extends Operation>(
  ctx: OperationContext<ConfigOf<O>>,
  operation: O
): Promise<OperationResult> {
  const spec: OperationSpec<ConfigMap[O]> = REGISTRY[operation]
  return spec.run(ctx)
}
