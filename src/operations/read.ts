/** The read-only operations: active deployments, config pages. They change nothing. */
import { describeDeployment, newReport, type OperationResult, shortVersion } from '../report.js'
import { type ConfigPage, ENVIRONMENTS } from '../types.js'
import type { ConfigOf } from '../step-config.js'
import type { OperationContext } from './context.js'
import { messageOf } from './deployment-result.js'

export async function getActiveDeployments(ctx: OperationContext): Promise<OperationResult> {
  const active = await ctx.client.getActiveDeployments()
  const report = newReport(`Active deployments of agent ${ctx.config.agentId}`)
  report.tables.push({
    headers: ['Environment', 'Deployment', 'Version', 'Created', 'Message'],
    rows: ENVIRONMENTS.map((env) => {
      const d = active[env]
      return d
        ? [env, d.id, shortVersion(d.version), d.createdAt || '—', messageOf(d) ?? '—']
        : [env, 'none', '—', '—', '—']
    })
  })
  for (const env of ENVIRONMENTS) ctx.log.info(`${env}: ${describeDeployment(active[env])}`)
  return { outputs: { changed: false, activeDeployments: active }, report }
}

/** Top-level property names of a page's schema, for the summary. */
export function schemaProperties(page: ConfigPage): string[] {
  const props = page.schema?.properties
  return props && typeof props === 'object' && !Array.isArray(props) ? Object.keys(props) : []
}

/** One summary row per page: environment, schema properties, variable count, last update. */
export function pageRows(pages: ConfigPage[]): string[][] {
  return pages.map((p) => [
    p.clientEnv,
    p.schema ? schemaProperties(p).join(', ') || '(no properties)' : 'no schema',
    p.variables ? String(Object.keys(p.variables).length) : '0',
    p.lastUpdated ?? '—'
  ])
}

export const PAGE_HEADERS = ['Environment', 'Schema properties', 'Variables', 'Last updated']

export async function listConfigPages(ctx: OperationContext): Promise<OperationResult> {
  const pages = await ctx.client.listConfigPages()
  const report = newReport(`Config pages of agent ${ctx.config.agentId}`)
  report.tables.push({ headers: PAGE_HEADERS, rows: pageRows(pages) })
  return { outputs: { changed: false, configPages: pages }, report }
}

export async function getConfigPage(ctx: OperationContext<ConfigOf<'get-config-page'>>): Promise<OperationResult> {
  const env = ctx.config.targetEnvironment
  const page = await ctx.client.getConfigPage(env)
  const report = newReport(`Config page ${env} of agent ${ctx.config.agentId}`)
  report.tables.push({ headers: PAGE_HEADERS, rows: pageRows([page]) })
  return { outputs: { changed: false, configPage: page }, report }
}
