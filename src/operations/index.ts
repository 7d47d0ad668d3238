/**
 * Runs the operation the config names, handing it the config narrowed to that operation. The
 * config operations are loaded only when used: they bring ajv (schema checks), which a deployment
 * or a read does not need at start-up.
 */
import type { OperationResult } from '../report/report.js'
import type { OperationContext } from '../core/context.js'
import { listDeployments } from './list-deployments.js'
import { promote } from './promote.js'
import { publish } from './publish.js'
import { getActiveDeployments, getConfigPage, listConfigPages } from './read.js'
import { rollback } from './rollback.js'

export async function runOperation(ctx: OperationContext): Promise<OperationResult> {
  const { config } = ctx
  switch (config.operation) {
    case 'promote':
      return promote({ ...ctx, config })
    case 'rollback':
      return rollback({ ...ctx, config })
    case 'publish':
      return publish({ ...ctx, config })
    case 'get-active-deployments':
      return getActiveDeployments(ctx)
    case 'list-deployments':
      return listDeployments({ ...ctx, config })
    case 'list-config-pages':
      return listConfigPages(ctx)
    case 'get-config-page':
      return getConfigPage({ ...ctx, config })
    case 'upsert-schema':
      return (await import('./config-operations.js')).upsertSchema({ ...ctx, config })
    case 'update-variables':
      return (await import('./config-operations.js')).updateVariables({ ...ctx, config })
    case 'sync-config':
      return (await import('./config-operations.js')).syncConfig({ ...ctx, config })
    case 'pull-config':
      return (await import('./config-operations.js')).pullConfig({ ...ctx, config })
  }
}
