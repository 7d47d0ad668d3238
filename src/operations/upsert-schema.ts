/** upsert-schema: push the repository's JSON Schema to the config page of each named environment. */
import { fileFor } from '../files.js'
import { newReport, type OperationResult } from '../report.js'
import type { ConfigPage, Environment } from '../types.js'
import type { OperationContext } from './context.js'
import { agentPath } from './deployment-result.js'
import { PAGE_HEADERS, pageRows } from './read.js'

export async function upsertSchema(ctx: OperationContext): Promise<OperationResult> {
  const { config, client, files } = ctx
  const source = files.schema
  if (!source) throw new Error('upsert-schema needs the schema file loaded first')
  const pages = await Promise.all(
    config.environments.map(async (env): Promise<{ env: Environment; page?: ConfigPage }> => {
      const file = fileFor(source, env)
      if (!file) throw new Error(`no schema for ${env}`)
      if (config.dryRun) {
        ctx.log.info(`Dry run: would send PUT ${agentPath(ctx, `/real-time-configs/${env}/schema`)} from ${file.path}`)
        return { env }
      }
      return { env, page: await client.putSchema(env, file.value) }
    })
  )
  const written = pages.flatMap((p) => (p.page ? [p.page] : []))
  const report = newReport(
    config.dryRun ? `Plan: update the config schema of agent ${config.agentId}` : `Updated the config schema of agent ${config.agentId}`,
    config.dryRun ? 'dry run' : 'succeeded'
  )
  if (written.length) report.tables.push({ headers: PAGE_HEADERS, rows: pageRows(written) })
  const outputs: OperationResult['outputs'] = {
    changed: written.length > 0,
    configPages: written,
    changedEnvironments: written.map((p) => p.clientEnv as Environment)
  }
  if (written.length === 1) outputs.configPage = written[0] as ConfigPage
  return { outputs, report }
}
