/** Runs the operation the config names, handing it the config narrowed to that operation. */
import type { OperationResult } from '../report.js'
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

export function runOperation(ctx: OperationContext): Promise<OperationResult> {
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
      return upsertSchema({ ...ctx, config })
    case 'update-variables':
      return updateVariables({ ...ctx, config })
    case 'sync-config':
      return syncConfig({ ...ctx, config })
    case 'pull-config':
      return pullConfig({ ...ctx, config })
  }
}
