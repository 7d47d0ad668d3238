/** Plain-text pieces of the config sync's log lines and summary tables. */
import type { JsonSource } from '../core/files.js'
import type { Table } from '../report/report.js'
import type { Environment } from '../core/types.js'
import type { SchemaChange } from './diff.js'
import { canonicalJson, preview } from './json.js'
import type { MergePlan } from './values.js'

/** How a value cell reads when maskValues is on. */
export const MASKED = '(masked)'
/** Longest value shown in a log line or table cell. */
export const VALUE_PREVIEW_CHARS = 40

/** "/properties/a/type: must be string (rule: type)"; the root pointer reads "(root)". */
export function formatProblem(p: { pointer: string; rule: string; message: string }): string {
  return `${p.pointer || '(root)'}: ${p.message} (rule: ${p.rule})`
}

/** What a failing value is shown with: the problem and the value found ("must be >= 5, found 3"), masked with maskValues. */
export function valueProblemText(p: { message: string; hasValue?: boolean; value?: unknown }, mask: boolean): string {
  return p.hasValue ? `${p.message}, found ${showValue(p.value, mask)}` : p.message
}

/** "maxRetries: must be >= 5, found 3 (rule: minimum)" (the value "(masked)" with maskValues). */
export function formatValueProblem(
  p: { variable: string; rule: string; message: string; hasValue?: boolean; value?: unknown },
  mask = false
): string {
  return `${p.variable}: ${valueProblemText(p, mask)} (rule: ${p.rule})`
}

/** Names joined with ", ", cut after `max` ("… and 3 more"). */
export function nameList(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ')
  return names.length > max ? `${shown} and ${names.length - max} more` : shown
}

/** "locale added; maxRetries constraints changed", for one-line logs. */
export function changeLine(changes: readonly SchemaChange[]): string {
  return changes.map((c) => `${c.property} ${c.change}`).join('; ')
}

/** One diff table per distinct diff, captioned with the environments that share it. */
export function diffTables(diffs: ReadonlyArray<{ env: Environment; changes: SchemaChange[] }>): Table[] {
  const groups = new Map<string, { envs: Environment[]; changes: SchemaChange[] }>()
  for (const { env, changes } of diffs) {
    const key = canonicalJson(changes)
    const group = groups.get(key) ?? { envs: [], changes }
    group.envs.push(env)
    groups.set(key, group)
  }
  return [...groups.values()].map((g) => ({
    caption: `Schema changes: ${g.envs.join(', ')}`,
    headers: ['Property', 'Change', 'Details', 'Impact'],
    rows: g.changes.map((c) => [c.property, c.change, c.details, impactCell(c)])
  }))
}

/** "compatible", or "breaking: <why>". */
export function impactCell(c: Pick<SchemaChange, 'impact' | 'reason'>): string {
  return c.impact === 'breaking' ? `breaking: ${c.reason}` : 'compatible'
}

/** A value as a table cell or log fragment: compact JSON, truncated, or masked. */
export function showValue(value: unknown, mask: boolean): string {
  return mask ? MASKED : preview(value, VALUE_PREVIEW_CHARS)
}

/** Rows Key | Change | Before | After for the keys a merge adds or changes. */
export function valueChangeRows(before: Record<string, unknown>, plan: MergePlan, mask: boolean): string[][] {
  return [
    ...plan.added.map((key) => [key, 'added', '—', showValue(plan.patch[key], mask)]),
    ...plan.changed.map((key) => [key, 'changed', showValue(before[key], mask), showValue(plan.patch[key], mask)])
  ]
}

/** Log lines for the same changes: "maxRetries: 3 → 5", "locale added: "en-GB"" (or "(masked)"). */
export function valueChangeLines(before: Record<string, unknown>, plan: MergePlan, mask: boolean): string[] {
  return [
    ...plan.added.map((key) => `${key} added: ${showValue(plan.patch[key], mask)}`),
    ...plan.changed.map((key) =>
      mask
        ? `${key} changed: ${MASKED}`
        : `${key}: ${showValue(before[key], false)} → ${showValue(plan.patch[key], false)}`
    )
  ]
}

/** "config/schema.json", or "config (CLI layout: one schema.json per environment)". */
export function describeSource(source: JsonSource): string {
  if (source.kind === 'file') return source.file.path
  const name = Object.values(source.files)[0]?.path.split('/').pop() ?? 'file'
  return `${source.path} (CLI layout: one ${name} per environment)`
}
