/**
 * What sync-config adds to its plan (sync-plan.ts) for the three-way merge: the base annotation on
 * each write and the page's expected state after each (for the re-read before the last), and the
 * words for what a PATCH cannot do: remove a key. Never "fix the file" for a file that is right.
 */
import { withAnnotation } from './base.js'
import type { PageMerge } from './page-merge.js'
import { nameList } from './render.js'
import type { Phase } from './sync-plan.js'
import type { ValueProblem } from './validate.js'
import { configPath } from './outcome.js'
import { valueProblemText } from './render.js'
import type { Table } from '../report/report.js'
import type { Environment } from '../core/types.js'

/** A page's state, annotation left out. */
export type State = { schema: Record<string, unknown> | null; values: Record<string, unknown> }

/**
 * The plan's writes with the base annotation: the new base on the write that completes the sync
 * (after a PATCH, the same schema again carries it), the old one on a schema write on the way;
 * and the page's expected state after each write, for the re-read before the last one.
 */
export function annotate(
  planned: Phase[],
  merge: PageMerge,
  merged: Record<string, unknown>
): { phases: Phase[]; expected: State[] } {
  const phases: Phase[] = []
  const expected: State[] = []
  let state: State = { schema: merge.schema, values: merge.values }
  for (const [i, phase] of planned.entries()) {
    if (phase.kind === 'schema') {
      const last = i === planned.length - 1
      const annotation = last ? merge.finalAnnotation : merge.interimAnnotation(phase.schema)
      phases.push({ ...phase, schema: withAnnotation(phase.schema, annotation) })
      state = { ...state, schema: phase.schema }
    } else {
      phases.push(phase)
      state = { ...state, values: merged }
    }
    expected.push(state)
  }
  if (planned.at(-1)?.kind === 'values' && state.schema) {
    phases.push({ kind: 'schema', label: 'base', schema: withAnnotation(state.schema, merge.finalAnnotation) })
    expected.push(state)
  }
  return { phases, expected }
}

/** Keys the source drops that stay on the page: a PATCH cannot remove a key. */
export function staysLines(env: Environment, merge: PageMerge, valuesPath: string): string[] {
  if (!merge.stays.length) return []
  return [
    `${env}: ${nameList(merge.stays)} ${merge.stays.length === 1 ? 'is' : 'are'} no longer in ${valuesPath} but stay${merge.stays.length === 1 ? 's' : ''} on the page: the API only merges values (PATCH), so a key cannot be removed from here: remove it in Studio (see the removal runbook in docs/config-sync.md)`
  ]
}

/** How to get past values that fail the new schema, per kind of key (never "fix the file" for a file that is right). */
export function refusalFix(problems: ValueProblem[], merge: PageMerge, schemaPath: string, valuesPath: string): string {
  const keys = [...new Set(problems.map((p) => p.variable))]
  const kept = new Set(merge.report.kept.filter((d) => d.space === 'values').map((d) => d.unit))
  const sent = new Set(Object.keys(merge.desired ?? {}))
  const onPageOnly = keys.filter(
    (k) => !sent.has(k) && !kept.has(k) && Object.prototype.hasOwnProperty.call(merge.values, k)
  )
  const fromStudio = keys.filter((k) => kept.has(k))
  const fromFile = keys.filter((k) => !onPageOnly.includes(k) && !fromStudio.includes(k))
  const out: string[] = []
  if (fromFile.length) out.push(`Fix ${nameList(fromFile)} in ${valuesPath} or ${schemaPath}.`)
  if (onPageOnly.length)
    out.push(
      `${nameList(onPageOnly)} ${onPageOnly.length === 1 ? 'is' : 'are'} on the page but not in ${valuesPath} (which is right as it is): the API only merges values (PATCH), so this step cannot remove ${onPageOnly.length === 1 ? 'it' : 'them'}. Remove ${onPageOnly.length === 1 ? 'it' : 'them'} in Studio, then run this again (or keep ${onPageOnly.length === 1 ? 'it' : 'them'} allowed by ${schemaPath} until then).`
    )
  if (fromStudio.length)
    out.push(
      `${nameList(fromStudio)}: Studio's value is kept (edited there since the last sync) and fails the new schema: set a value it accepts in Studio, or set overwriteStudioEdits: true to write ${valuesPath}'s.`
    )
  return out.join(' ')
}

/** "PUT /v1/agents/…/schema" or "PATCH …/variables": the request a phase sends. */
export function request(agentId: string, env: Environment, phase: Phase): string {
  return phase.kind === 'schema'
    ? `PUT ${configPath(agentId, env, 'schema')}`
    : `PATCH ${configPath(agentId, env, 'variables')}`
}

/** What a phase sends, in words, for the plan table and the dry-run log. */
export function phaseWhat(phase: Phase): string {
  if (phase.kind === 'values') return `keys ${nameList(Object.keys(phase.patch))}`
  if (phase.label === 'transitional schema')
    return `the new schema, loosened: ${(phase.relaxed ?? []).map((r) => `${r.where}: ${r.what}`).join('; ')}`
  if (phase.label === 'base') return "the same schema again, recording this sync's base (keyed digests, no values)"
  return 'the schema in the repository'
}

/** The values after the merge that fail the new schema, as a summary table. */
export function problemTable(env: Environment, problems: ValueProblem[], mask: boolean): Table {
  return {
    caption: `${env}: values after the merge that fail the new schema`,
    headers: ['Variable', 'Rule', 'Problem'],
    rows: problems.map((p) => [p.variable, p.rule, valueProblemText(p, mask)])
  }
}
