/** get-active-deployments: the deployment active in each environment. Changes nothing. */
import { describeDeployment, newReport, type OperationResult, shortVersion } from '../report/report.js'
import { ENVIRONMENTS, isEnvironment } from '../core/types.js'
import { warnActiveContradictions } from '../deploy/answers.js'
import type { OperationContext } from '../core/context.js'
import { storedMessage } from '../deploy/ownership.js'
import type { OperationSpec } from './operation.js'

export const getActiveDeployments: OperationSpec<{ operation: 'get-active-deployments' }> = {
  name: 'get-active-deployments',
  inputs: {},
  deploys: false,
  prComment: false,
  outputs: ['activeDeployments'],
  config: () => ({ operation: 'get-active-deployments' }),
  run: readActive
}

async function readActive(ctx: OperationContext): Promise<OperationResult> {
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
          ? [env, d.id, shortVersion(d.version), d.createdAt || '—', storedMessage(d) ?? '—']
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
