/**
 * failOnBreaking, as upsert-schema and sync-config share it: the breaking rows of the planned schema
 * changes, and (with failOnBreaking and no force) every planned write refused before the first is sent.
 */
import type { Logger } from '../api/client.js'
import type { Environment } from '../core/types.js'
import type { BreakingChange, Report } from '../report/report.js'
import type { SchemaChange } from './diff.js'
import type { EnvSync } from './outcome.js'

/** The breaking rows of the schema diffs, as the breakingChanges output lists them. */
export function breakingOf(diffs: ReadonlyArray<{ env: Environment; changes: SchemaChange[] }>): BreakingChange[] {
  return diffs.flatMap(({ env, changes }) =>
    changes
      .filter((c) => c.impact === 'breaking')
      .map((c) => ({ environment: env, pointer: c.pointer, change: `${c.property} ${c.change}`, reason: c.reason }))
  )
}

/**
 * The results with every planned write refused, when failOnBreaking stops them (undefined when it
 * does not). `words` say what was not sent and what force would do, e.g. "no schema was pushed", "push".
 */
export function refusedForBreaking(
  config: { failOnBreaking: boolean; force: boolean },
  breakingChanges: BreakingChange[],
  results: EnvSync[],
  words: { nothingSent: string; forceVerb: string },
  log: Logger
): EnvSync[] | undefined {
  if (!config.failOnBreaking || config.force || breakingChanges.length === 0) return undefined
  const where = [...new Set(breakingChanges.map((b) => b.environment))].join(', ')
  const reason =
    `Breaking schema changes are planned (${breakingChanges.length}, in ${where}) and ` +
    `failOnBreaking is true, so ${words.nothingSent}: ` +
    `${breakingChanges.map((b) => `${b.environment} ${b.change} (${b.reason})`).join('; ')}. ` +
    `Make the change compatible, or set force: true to ${words.forceVerb} it anyway.`
  log.info(`Refused: ${breakingChanges.length} breaking change(s) planned and failOnBreaking is true; nothing is sent`)
  return results.map((r) =>
    r.status === 'would update'
      ? { ...r, status: 'refused', details: `breaking changes (failOnBreaking): ${r.details}`, reason }
      : r
  )
}

/** The report's Breaking changes fact. */
export function breakingFact(report: Report, breakingChanges: BreakingChange[], failOnBreaking: boolean): void {
  report.facts.push([
    'Breaking changes',
    breakingChanges.length ? `${breakingChanges.length}${failOnBreaking ? ' (failOnBreaking: true)' : ''}` : 'none'
  ])
}
