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

/**
 * One diff table per distinct diff, captioned with the environments that share it, one row per
 * property: a key "added" and "now required" is one row, breaking when any of its changes is.
 */
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
    rows: onePerProperty(g.changes).map((c) => [c.property, c.change, c.details, impactCell(c)])
  }))
}

/** The changes of each property joined into one: kinds and details in order, breaking reasons kept. */
export function onePerProperty(
  changes: readonly SchemaChange[]
): Array<Omit<SchemaChange, 'change'> & { change: string }> {
  const byProperty = new Map<string, SchemaChange[]>()
  for (const c of changes) byProperty.set(c.property, [...(byProperty.get(c.property) ?? []), c])
  return [...byProperty.values()].map((group) => {
    const first = group[0] as SchemaChange
    if (group.length === 1) return first
    const breaking = group.filter((c) => c.impact === 'breaking')
    const unique = (texts: string[]): string => [...new Set(texts.filter(Boolean))].join('; ')
    return {
      ...first,
      change: [...new Set(group.map((c) => c.change))].join(', '),
      details: unique(group.map((c) => c.details)),
      impact: breaking.length ? 'breaking' : 'compatible',
      reason: unique((breaking.length ? breaking : group).map((c) => c.reason))
    }
  })
}

/**
 * Per-environment tables, one set for the environments whose tables are the same: `tables(shown)`
 * builds an environment's tables naming it as `shown` where it appears inside them (a request path),
 * so environments that share a plan share one set, captioned with all their names.
 */
export function tablesByEnvironment(
  envs: readonly Environment[],
  tablesOf: ReadonlyMap<Environment, ReadonlyArray<(shown: string) => Table>>
): Table[] {
  const PLACEHOLDER = '{environment}'
  const groups = new Map<string, { envs: Environment[]; tables: (shown: string) => Table[] }>()
  for (const env of envs) {
    const tables = (shown: string): Table[] => (tablesOf.get(env) ?? []).map((t) => t(shown))
    const key = canonicalJson(tables(PLACEHOLDER))
    const group = groups.get(key) ?? { envs: [], tables }
    group.envs.push(env)
    groups.set(key, group)
  }
  return [...groups.values()].flatMap((g) => {
    const one = g.envs.length === 1
    return g.tables(one ? (g.envs[0] as string) : PLACEHOLDER).map((t) => ({
      ...t,
      caption: `${g.envs.join(', ')}: ${t.caption ?? ''}`
    }))
  })
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

/**
 * A plan's order in words: "values only", "values only, then base" (not "values only: values"),
 * "values first: values → schema".
 */
export function orderDetails(order: string, phases: ReadonlyArray<{ label: string }>): string {
  const labels = phases.map((p) => p.label)
  if (!order.endsWith(' only')) return `${order}: ${labels.join(' → ')}`
  return labels.length > 1 ? `${order}, then ${labels.slice(1).join(' → ')}` : order
}

/**
 * Lines that say the same of several environments ("sandbox: no base …", "live: no base …") as one
 * line naming them all ("sandbox, live: no base …"); other lines as they are, in order.
 */
export function byEnvironment(lines: readonly string[], envs: readonly Environment[]): string[] {
  const out = new Map<string, Environment[]>()
  for (const line of lines) {
    const env = envs.find((e) => line.startsWith(`${e}: `))
    const rest = env ? line.slice(env.length + 2) : line
    const key = env ? `env:${rest}` : `line:${rest}`
    out.set(key, [...(out.get(key) ?? []), ...(env ? [env] : [])])
  }
  return [...out].map(([key, named]) =>
    key.startsWith('env:') ? `${named.join(', ')}: ${key.slice(4)}` : key.slice(5)
  )
}
