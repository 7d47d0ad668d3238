/** list-deployments: an environment's recent deployments, marking the active one and what rollback would restore. */
import { newReport, type OperationResult, type DeploymentSummary, shortVersion } from '../report/report.js'
import type { Deployment, Environment } from '../core/types.js'
import type { CommonConfig } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import { storedMessage } from '../deploy/ownership.js'
import { chooseRollback, ROLLBACK_HISTORY, rollbackSequence } from '../deploy/rollback-choice.js'
import { activeOf, entriesOf } from '../deploy/answers.js'
import type { OperationSpec } from './operation.js'

export type ListDeploymentsConfig = { operation: 'list-deployments'; targetEnvironment: Environment; limit: number }

export const listDeployments: OperationSpec<ListDeploymentsConfig> = {
  name: 'list-deployments',
  inputs: {
    targetEnvironment: { required: 'environment to list' },
    limit: { max: 100, what: 'the number of deployments list-deployments shows' }
  },
  deploys: false,
  prComment: false,
  outputs: ['environment', 'deployments'],
  config: (values) => ({
    operation: 'list-deployments',
    targetEnvironment: values.targetEnvironment[0] ?? 'live',
    limit: values.limit
  }),
  run: list
}

/** One row of the `deployments` output. */
export function summarize(d: Deployment, active: boolean): DeploymentSummary {
  return {
    id: d.id,
    version: d.version,
    createdAt: d.createdAt,
    createdBy: d.createdBy ?? null,
    message: storedMessage(d) ?? null,
    active
  }
}

/** The Rollback column: which rollback would restore this row, or why none would. */
function rollbackMark(
  d: Deployment,
  picks: Deployment[],
  activeEntry: Deployment | undefined,
  activeVersion: string | undefined,
  rolledBack: Set<string>,
  newer: ReadonlySet<Deployment>
): string {
  if (d === activeEntry) return 'active'
  if (newer.has(d)) return 'newer than the active one: not running'
  const n = picks.findIndex((p) => p === d)
  if (n === 0) return 'next rollback restores this'
  if (n > 0) return `rollback no. ${n + 1} in a row restores this`
  if (d.version === activeVersion) return 'same version as active'
  if (rolledBack.has(d.version)) return 'skipped: a rollback replaced this version'
  return picks.some((p) => p.version === d.version) ? 'same version as a pick' : 'only with deploymentId'
}

async function list(ctx: OperationContext<CommonConfig & ListDeploymentsConfig>): Promise<OperationResult> {
  const { config, client, log } = ctx
  const env = config.targetEnvironment
  const limit = config.limit
  // As rollback reads it: only env's own entries (others are left out and named in a warning).
  const history = entriesOf(await client.listDeployments(env, Math.max(limit, ROLLBACK_HISTORY)), env, log)
  // What runs is what the active map says, read every time; a row is active only when its id is that one's.
  const running = await activeOf(history, env, client, `list ${env}'s deployments`, log)
  const shown = history.slice(0, limit)
  const { active, target, rolledBack } = chooseRollback(history, running)
  const picks = rollbackSequence(history, running)
  const activeEntry = running ? history.find((d) => d.id === running.id) : undefined
  const newer = new Set(activeEntry ? history.slice(0, history.indexOf(activeEntry)) : [])

  const report = newReport(`Deployments in ${env} of agent ${config.agentId}: the ${shown.length} newest`, 'succeeded')
  report.facts.push(['Agent', config.agentId], ['Environment', env])
  report.facts.push(['Active', active ? `${active.id} (version ${shortVersion(active.version)})` : 'none'])
  report.facts.push([
    'Rollback without deploymentId',
    target
      ? `restores version ${shortVersion(target.version)} (deployment ` +
        `${target.id}${shown.includes(target) ? '' : `, older than the ${limit} shown`})`
      : active
        ? `nothing to roll back to in the last ${history.length} deployments`
        : 'nothing: no deployments'
  ])
  report.tables.push({
    caption: `${env}, newest first`,
    headers: ['Deployment', 'Version', 'Created', 'By', 'Message', 'Rollback'],
    rows: shown.map((d) => [
      d.id,
      shortVersion(d.version),
      d.createdAt || '—',
      d.createdBy ?? '—',
      storedMessage(d) ?? '—',
      rollbackMark(d, picks, activeEntry, active?.version, rolledBack, newer)
    ])
  })
  if (shown.length) {
    report.notes.push(
      `To restore another version: operation rollback, targetEnvironment ${env}, deploymentId <a ` +
        `deployment above> (it must be among the last ${ROLLBACK_HISTORY} in ${env}).`
    )
  }
  for (const d of shown)
    log.info(
      `${env}: ${d.id} version ${shortVersion(d.version)} ` +
        `${d.createdAt}${d === activeEntry ? ' (active)' : ''}${d === target ? ' (next rollback target)' : ''}`
    )
  return {
    outputs: { changed: false, environment: env, deployments: shown.map((d) => summarize(d, d === activeEntry)) },
    report
  }
}
