/** Operation name → implementation. Loaded only after the inputs are known good. */
import type { OperationResult } from '../report.js'
import type { Operation } from '../types.js'
import type { OperationContext } from './context.js'
import { listDeployments } from './list-deployments.js'
import { promote } from './promote.js'
import { publish } from './publish.js'
import { pullConfig } from './pull-config.js'
import { getActiveDeployments, getConfigPage, listConfigPages } from './read.js'
import { rollback } from './rollback.js'
import { updateVariables } from './update-variables.js'
import { syncConfig } from './sync-config.js'
import { upsertSchema } from './upsert-schema.js'

export const OPERATION_HANDLERS: Record<Operation, (ctx: OperationContext) => Promise<OperationResult>> = {
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
