/** get-config-page: one environment's config page (schema and values). Changes nothing. */
import { newReport, type OperationResult } from '../report/report.js'
import { pageWithoutBase } from '../config/base.js'
import { PAGE_HEADERS, pageRows } from '../report/pages.js'
import type { Environment } from '../core/types.js'
import type { CommonConfig } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import type { OperationSpec } from './operation.js'

export type GetConfigPageConfig = { operation: 'get-config-page'; targetEnvironment: Environment }

export const getConfigPage: OperationSpec<GetConfigPageConfig> = {
  name: 'get-config-page',
  inputs: {
    targetEnvironment: {
      required: 'config page environment (sandbox, pre-release, live) so nothing writes to live by accident'
    }
  },
  deploys: false,
  prComment: false,
  outputs: ['configPage'],
  config: (values) => ({ operation: 'get-config-page', targetEnvironment: values.targetEnvironment[0] ?? 'sandbox' }),
  run: readPage
}

async function readPage(ctx: OperationContext<CommonConfig & GetConfigPageConfig>): Promise<OperationResult> {
  const env = ctx.config.targetEnvironment
  // The base annotation is the action's own: the output shows the page as Studio and the repository see it.
  const page = pageWithoutBase(await ctx.client.getConfigPage(env))
  const report = newReport(`Config page ${env} of agent ${ctx.config.agentId}`)
  report.tables.push({ headers: PAGE_HEADERS, rows: pageRows([page]) })
  return { outputs: { changed: false, configPage: page }, report }
}
