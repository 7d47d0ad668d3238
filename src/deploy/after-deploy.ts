/** What follows a deploy once its test runs are known: the bake and the automatic rollback (docs/architecture.md). */
import type { OperationContext } from '../core/context.js'
import type { DeployingConfig } from '../core/step-config.js'
import type { Config } from '../operations/registry.js'
import type { OperationResult } from '../report/report.js'
import { condition, describeAlert } from '../api/alerts.js'
import { type AutoRollback, autoRollback } from './auto-rollback.js'
import { type BakeOutcome, type BakePlan, duration, prepareBake, runBake } from './bake.js'
import { EARLIER_ATTEMPT } from './deployment-result.js'
import { formatSeconds } from '../core/clock.js'
import { ApiError } from '../api/errors.js'
import { readServerTime } from '../api/alerts.js'
import { type Deployment, ENVIRONMENTS } from '../core/types.js'

export interface AfterDeploy {
  failure?: string
  /** The automatic rollback, when one ran (for the GitHub Deployment record). */
  rollback?: AutoRollback
}

/** Reads the alert rules before anything is sent, when the step bakes; undefined when it does not. */
export async function planBake(ctx: OperationContext<Config>): Promise<BakePlan | undefined> {
  const { config } = ctx
  if (!('bakeSeconds' in config) || config.bakeSeconds === 0) return undefined
  return prepareBake(ctx, config.bakeSeconds, config.alertsProjectId, config.agentId)
}

/** The bake and the automatic rollback after a deploy (see the module comment). */
export async function afterDeploy(
  ctx: OperationContext<DeployingConfig>,
  result: OperationResult,
  plan: BakePlan | undefined,
  testRunFailure: string | undefined
): Promise<AfterDeploy> {
  const { config, log } = ctx
  if (config.dryRun) {
    if (plan) planned(result, plan, config.rollbackOnFailure)
    return {}
  }
  const deployment = result.outputs.deployment
  const ours = result.outputs.changed || result.testRunsUnknown === EARLIER_ATTEMPT
  if (testRunFailure) {
    if (plan) note(result, 'No bake: the test runs did not pass.')
    const failed = (result.outputs.testRunResults ?? []).some((r) => (r as { result?: string }).result === 'failed')
    if (!config.rollbackOnFailure || !ours) return {}
    if (!failed) {
      const stays = deployment
        ? `${deployment.id} stays active in ${result.outputs.environment ?? deployment.environment}`
        : 'the deployment stands'
      const said =
        `Not rolled back: no test run failed (those that did not pass could not be read or did not ` +
        `finish, which says nothing about the deployment); ${stays}.`
      note(result, said)
      return { failure: said }
    }
    return rollBack(ctx, result, 'its test runs failed')
  }
  if (!plan) return {}
  if (result.failure) {
    note(result, 'No bake: the answer to the deploy contradicts the request.')
    return {}
  }
  if (!ours || !deployment) {
    note(result, 'No bake: this step deployed nothing.')
    log.info('No bake: this step deployed nothing')
    return {}
  }
  const outcome = await runBake(ctx, plan, await withServerCreatedAt(ctx.client, deployment))
  result.outputs.health = outcome.health
  result.outputs.alerts = outcome.counted
  if (outcome.health === 'healthy') {
    log.info(`Bake: healthy: ${outcome.reason}`)
    section(result, plan, outcome, 'none needed')
    return {}
  }
  if (outcome.health === 'unknown') {
    const failure =
      `Bake: the health of deployment ${deployment.id} cannot be told: ${outcome.reason}. Nothing ` +
      `was rolled back: it stays active in live.`
    section(result, plan, outcome, 'none (an unknown verdict never rolls back)')
    return fail(result, failure)
  }
  const failure = `Bake: unhealthy: ${outcome.reason}`
  if (!config.rollbackOnFailure) {
    section(result, plan, outcome, 'none (rollbackOnFailure is false)')
    return fail(
      result,
      `${failure}. Nothing was rolled back (rollbackOnFailure is false): ${deployment.id} stays ` +
        `active in live; to undo it, run operation rollback with targetEnvironment live.`
    )
  }
  result.report.notes.push(`${failure}.`)
  const rolled = await rollBack(ctx, result, `alert ${outcome.counted.map((a) => `"${a.name}"`).join(', ')} fired`)
  section(result, plan, outcome, rolled.rollback?.said ?? '')
  return { ...rolled, failure: `${failure}; ${rolled.rollback?.said ?? ''}` }
}

/**
 * The deployment with the server's createdAt: when the deploy's answer gave none that can be read,
 * the active map's entry for it (same id) is asked; without it every alert would count, and a
 * hotfix would be rolled back for the very alert it fixes.
 */
async function withServerCreatedAt(client: OperationContext['client'], d: Deployment): Promise<Deployment> {
  if (readServerTime(d.createdAt)) return d
  try {
    const map = await client.getActiveDeployments()
    const active = ENVIRONMENTS.map((env) => map[env]).find((a) => a?.id === d.id)
    return active && readServerTime(active.createdAt) ? { ...d, createdAt: active.createdAt } : d
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return d
  }
}

async function rollBack(
  ctx: OperationContext<DeployingConfig>,
  result: OperationResult,
  why: string
): Promise<AfterDeploy> {
  const rollback = await autoRollback(ctx, result, why)
  const id = rollback.result?.outputs.changed ? rollback.result.outputs.deploymentId : undefined
  if (id) result.outputs.rollbackDeploymentId = id
  if (rollback.result) {
    result.report.tables.push({
      caption: 'Automatic rollback',
      headers: ['Field', 'Value'],
      rows: rollback.result.report.facts.filter(([k]) => k !== 'Agent' && k !== 'Test runs')
    })
    result.report.notes.push(...rollback.result.report.notes.map((n) => `Automatic rollback: ${n}`))
  }
  result.report.notes.push(`Automatic rollback: ${rollback.said}.`)
  result.report.outcome = 'failed'
  return { rollback, failure: `Rolled back because ${why}: ${rollback.said}` }
}

function fail(result: OperationResult, failure: string): AfterDeploy {
  result.report.outcome = 'failed'
  result.report.notes.push(failure)
  return { failure }
}

function note(result: OperationResult, text: string): void {
  result.report.notes.push(text)
}

/** The dry run's bake: what it would watch, and for how long; it waits for nothing. */
function planned(result: OperationResult, plan: BakePlan, rollbackOnFailure: boolean): void {
  const back = result.outputs.previousDeploymentId
  result.report.facts.push([
    'Bake',
    `would watch ${plan.watched.length} alert rule(s) for ${duration(plan.seconds * 1000)} ` +
      `after the deploy, polling every ${formatSeconds(plan.intervalMs)}; on a new alert it would ` +
      `${rollbackOnFailure ? `roll live back${back ? ` to ${back}` : ''}` : 'fail without rolling back'}`
  ])
  result.report.tables.push(rulesTable(plan))
  result.report.notes.push('Dry run: the bake was planned, not run: nothing was waited for.')
}

function rulesTable(plan: BakePlan): { caption: string; headers: string[]; rows: string[][] } {
  return {
    caption: `Alert rules watched (project ${plan.projectId}; account-wide rules count too)`,
    headers: ['Rule', 'Name', 'Scope', 'Condition', 'Window', 'State'],
    rows: plan.watched.map((r) => [
      r.id,
      r.name,
      r.projectId === null ? 'account-wide' : 'this agent',
      condition(r),
      r.window || '—',
      r.state
    ])
  }
}

/** The summary's bake section: length, polls, rules, alerts, verdict, rollback. */
function section(result: OperationResult, plan: BakePlan, outcome: BakeOutcome, rollback: string): void {
  const { report } = result
  report.tables.push({
    caption: 'Bake',
    headers: ['Field', 'Value'],
    rows: [
      ['Length', `${duration(outcome.watchedMs)} of ${duration(plan.seconds * 1000)}`],
      ['Polls', `${outcome.polls}${outcome.failedPolls ? ` (${outcome.failedPolls} could not be read)` : ''}`],
      [
        'Rules watched',
        `${plan.watched.length} (${plan.watched.filter((r) => r.projectId === null).length} ` +
          `account-wide); ${plan.notWatched} other rule(s) of the account not watched`
      ],
      ['Verdict', `${outcome.health}: ${outcome.reason}`],
      ['Rollback', rollback || '—']
    ]
  })
  report.tables.push(rulesTable(plan))
  const alerts = [
    ...outcome.counted.map((a) => ({ a, counted: 'yes' })),
    ...outcome.preexisting.map((a) => ({ a, counted: 'no: firing before the deploy' }))
  ]
  if (alerts.length) {
    report.tables.push({
      caption: 'Alerts',
      headers: ['Rule', 'Name', 'Condition', 'Value', 'Since', 'Counted'],
      fullData: 'the alerts output',
      rows: alerts.map(({ a, counted }) => [
        a.ruleId,
        a.name,
        condition(a),
        a.currentValue === null ? '—' : String(a.currentValue),
        a.since ?? '—',
        counted
      ])
    })
  }
  for (const a of outcome.preexisting) {
    report.notes.push(
      `Warning: alert ${describeAlert(a)} was already firing when the deployment was made: not counted.`
    )
  }
}
