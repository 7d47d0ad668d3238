/** list-config-pages: every environment's config page, as an overview. Changes nothing. */
import { newReport, type OperationResult } from '../report/report.js'
import { pageWithoutBase } from '../config/base.js'
import { PAGE_HEADERS, pageRows } from '../report/pages.js'
import type { OperationContext } from '../core/context.js'
import type { OperationSpec } from './operation.js'

export const listConfigPages: OperationSpec<{ operation: 'list-config-pages' }> = {
  name: 'list-config-pages',
  inputs: {},
  deploys: false,
  prComment: false,
  outputs: ['configPages'],
  config: () => ({ operation: 'list-config-pages' }),
  run: listPages
}

async function listPages(ctx: OperationContext): Promise<OperationResult> {
  // The base annotation is the action's own: the output shows the pages as Studio and the repository see them.
  const pages = (await ctx.client.listConfigPages()).map(pageWithoutBase)
  const report = newReport(`Config pages of agent ${ctx.config.agentId}`)
  report.tables.push({ headers: PAGE_HEADERS, rows: pageRows(pages) })
  return { outputs: { changed: false, configPages: pages }, report }
}
