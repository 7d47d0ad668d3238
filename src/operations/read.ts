/** The read-only operations: active deployments, config pages. They change nothing. */
import { describeDeployment, newReport, type OperationResult, shortVersion } from '../report/report.js'
import { type ConfigPage, ENVIRONMENTS, isEnvironment } from '../core/types.js'
import type { ConfigOf } from '../core/step-config.js'
import { warnActiveContradictions } from '../deploy/answers.js'
import type { OperationContext } from '../core/context.js'
import { messageOf } from '../deploy/deployment-result.js'
import { pageWithoutBase } from '../config/base.js'

export async function getActiveDeployments(ctx: OperationContext): Promise<OperationResult> {
  const active = await ctx.client.getActiveDeployments()
  warnActiveContradictions(active, ctx.log)
  const report = newReport(`Active deployments of agent ${ctx.config.agentId}`)
  // Environments the action does not know are shown as the API named them, unread.
  const others = Object.keys(active).filter((key) => !isEnvironment(key))
  report.tables.push({
    headers: ['Environment', 'Deployment', 'Version', 'Created', 'Message'],
    rows: [
      ...ENVIRONMENTS.map((env) => {
        const d = active[env]
        return d
          ? [env, d.id, shortVersion(d.version), d.createdAt || '—', messageOf(d) ?? '—']
          : [env, 'none', '—', '—', '—']
      }),
      ...others.map((key) => [
        key,
        '(an environment the action does not know; see the activeDeployments output)',
        '—',
        '—',
        '—'
      ])
    ]
  })
  for (const env of ENVIRONMENTS) ctx.log.info(`${env}: ${describeDeployment(active[env])}`)
  for (const key of others)
    ctx.log.info(`${key}: listed too (an environment the action does not know; kept as the API gave it)`)
  return { outputs: { changed: false, activeDeployments: active }, report }
}

/** Top-level property names of a page's schema, for the summary. */
export function schemaProperties(page: ConfigPage): string[] {
  const props = isObject(page.schema) ? page.schema.properties : undefined
  return isObject(props) ? Object.keys(props) : []
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One summary row per page: environment, schema properties, variable count, last update. */
export function pageRows(pages: ConfigPage[]): string[][] {
  // Every field may be absent or odd in the contract: the summary shows what is there.
  return pages.map((p) => [
    typeof p.clientEnv === 'string' && p.clientEnv !== '' ? p.clientEnv : '—',
    isObject(p.schema) ? schemaProperties(p).join(', ') || '(no properties)' : 'no schema',
    isObject(p.variables) ? String(Object.keys(p.variables).length) : '0',
    typeof p.lastUpdated === 'string' && p.lastUpdated !== '' ? p.lastUpdated : '—'
  ])
}

export const PAGE_HEADERS = ['Environment', 'Schema properties', 'Variables', 'Last updated']

export async function listConfigPages(ctx: OperationContext): Promise<OperationResult> {
  const pages = (await ctx.client.listConfigPages()).map(pageWithoutBase)
  const report = newReport(`Config pages of agent ${ctx.config.agentId}`)
  report.tables.push({ headers: PAGE_HEADERS, rows: pageRows(pages) })
  return { outputs: { changed: false, configPages: pages }, report }
}

export async function getConfigPage(ctx: OperationContext<ConfigOf<'get-config-page'>>): Promise<OperationResult> {
  const env = ctx.config.targetEnvironment
  const page = pageWithoutBase(await ctx.client.getConfigPage(env))
  const report = newReport(`Config page ${env} of agent ${ctx.config.agentId}`)
  report.tables.push({ headers: PAGE_HEADERS, rows: pageRows([page]) })
  return { outputs: { changed: false, configPage: page }, report }
}
