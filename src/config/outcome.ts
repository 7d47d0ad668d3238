/** What the two config syncs share: environments run concurrently, then outputs, summary and one verdict. */
import { StepError } from '../core/errors.js'
import { ApiError } from '../api/errors.js'
import { agentPath, PATHS } from '../api/paths.js'
import { newReport, type OperationResult } from '../report/report.js'
import { pageWithoutBase } from './base.js'
import type { ConfigPage, Environment } from '../core/types.js'

/** How one environment ended: the Result column of the summary. */
export type SyncStatus = 'unchanged' | 'updated' | 'would update' | 'refused' | 'failed'

/** The result of syncing one environment. */
export interface EnvSync {
  env: Environment
  status: SyncStatus
  /** The page after the step: the written page, else the page as read (absent when the read failed). */
  page?: ConfigPage
  /** One line for the Environments table. */
  details: string
  /** Refused or failed: why, as the step's error says it. */
  reason?: string
  /** Failed after some of its writes landed (sync-config stopped in a later phase). */
  wrote?: boolean
}

/** Runs `sync` for every environment at once and waits for all of them, whatever happens to each. */
export async function syncEach(
  environments: readonly Environment[],
  sync: (env: Environment) => Promise<EnvSync>
): Promise<EnvSync[]> {
  const settled = await Promise.allSettled(environments.map((env) => sync(env)))
  return settled.map((s, i): EnvSync => {
    if (s.status === 'fulfilled') return s.value
    const error: unknown = s.reason
    // An API error (the API said no, or the step ran out of time) or a StepError (its page cannot be used)
    // belongs to one environment; others are bugs.
    if (!(error instanceof ApiError || error instanceof StepError)) throw error
    return { env: environments[i] as Environment, status: 'failed', details: error.message, reason: error.message }
  })
}

/** What syncResult needs to report a whole sync. */
export interface SyncReportInput {
  /** "config schema", "config values". */
  subject: string
  agentId: string
  dryRun: boolean
  results: EnvSync[]
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function list(envs: EnvSync[]): string {
  return envs.map((r) => r.env).join(', ')
}

/** Outputs, the report's title, notes and Environments table, and the failure message if any. */
export function syncResult(input: SyncReportInput): OperationResult {
  const { results, subject, agentId } = input
  const of = (status: SyncStatus): EnvSync[] => results.filter((r) => r.status === status)
  const bad = results.filter((r) => r.status === 'refused' || r.status === 'failed')
  const updated = of('updated')
  const planned = of('would update')
  const partly = results.filter((r) => r.wrote === true)

  let report
  if (bad.length) {
    report = newReport(
      `${capitalize(subject)} of agent ${agentId}: ${bad.map((r) => `${r.env} ${r.status}`).join(', ')}`,
      'failed'
    )
  } else if (input.dryRun) {
    report = newReport(
      `Plan: ${subject} of agent ${agentId}: ${planned.length ? `would update ${list(planned)}` : 'no changes'}`,
      'dry run'
    )
  } else if (updated.length) {
    report = newReport(`Updated the ${subject} of agent ${agentId} in ${list(updated)}`, 'succeeded')
  } else {
    report = newReport(`No changes to the ${subject} of agent ${agentId}`, 'unchanged')
  }
  if (input.dryRun) report.notes.push('Dry run: nothing was sent that changes state.')
  if (!bad.length && !updated.length && !planned.length) {
    report.notes.push(
      `No changes: ${list(results)} already ${results.length === 1 ? 'matches' : 'match'} the repository; nothing was sent.`
    )
  }
  report.tables.push({
    caption: 'Environments',
    headers: ['Environment', 'Result', 'Details'],
    rows: results.map((r) => [r.env, r.status, r.details])
  })

  // The base annotation is the action's own: outputs show the page as Studio and the repository see it.
  const pages = results.flatMap((r) => (r.page ? [pageWithoutBase(r.page)] : []))
  const outputs: OperationResult['outputs'] = {
    changed: updated.length + partly.length > 0,
    changedEnvironments: [...updated, ...planned, ...partly].map((r) => r.env).sort(byStage(results)),
    configPages: pages
  }
  if (results.length === 1 && pages[0]) outputs.configPage = pages[0]

  const result: OperationResult = { outputs, report }
  if (bad.length) result.failure = failureMessage(bad, results)
  return result
}

function byStage(results: EnvSync[]): (a: Environment, b: Environment) => number {
  const order = results.map((r) => r.env)
  return (a, b) => order.indexOf(a) - order.indexOf(b)
}

/** The step's error: the reason itself for one environment, one line per environment otherwise. */
function failureMessage(bad: EnvSync[], results: EnvSync[]): string {
  if (results.length === 1) return bad[0]?.reason ?? 'failed'
  const others = results.filter((r) => !bad.includes(r)).map((r) => `${r.env} ${r.status}`)
  return [
    ...bad.map((r) => `${r.env}: ${r.reason ?? r.status}`),
    ...(others.length ? [`The other environments were still synced: ${others.join(', ')}.`] : [])
  ].join('\n')
}

/** The path a config write goes to, as the client sends it (for dry-run log lines). */
export function configPath(agentId: string, env: Environment, suffix: 'schema' | 'variables'): string {
  return agentPath(agentId, PATHS[suffix](env))
}
