/**
 * sync-config's plan for one page: an order of writes the API accepts, the page valid after each
 * (docs/architecture.md).
 */
import { schemaChanged } from './diff.js'
import { type CheckValues, type Relaxation, transitionalSchema } from './transition.js'
import type { ValueProblem } from './validate.js'
import { isNoop, type MergePlan, planMerge } from './values.js'

/** One write of the plan. */
export type Phase =
  | {
      kind: 'schema'
      /** 'base': the same schema again, carrying the new base after a PATCH (page-merge.ts). */
      label: 'schema' | 'transitional schema' | 'final schema' | 'base'
      schema: Record<string, unknown>
      relaxed?: Relaxation[]
    }
  | { kind: 'values'; label: 'values'; patch: Record<string, unknown> }

export type SyncPlan =
  | { kind: 'unchanged' }
  | { kind: 'refused'; problems: ValueProblem[]; reason: string }
  | {
      kind: 'phases'
      order: 'values first' | 'schema first' | 'transitional' | 'values only' | 'schema only'
      phases: Phase[]
      merge: MergePlan
    }

export interface PageState {
  schema: Record<string, unknown> | null
  values: Record<string, unknown>
}

/** Problems of `values` under `schema`, or undefined when they cannot be checked here. */
async function problems(
  check: CheckValues,
  schema: Record<string, unknown>,
  values: Record<string, unknown>
): Promise<ValueProblem[] | undefined> {
  const found = await check(schema, values)
  return typeof found === 'string' ? undefined : found
}

/** Plans the writes that make `page` hold `schema` and the merge of `desired` (see the module comment). */
export async function planSync(
  page: PageState,
  schema: Record<string, unknown>,
  desired: Record<string, unknown>,
  check: CheckValues
): Promise<SyncPlan> {
  const merge = planMerge(page.values, desired)
  const schemaDiffers = schemaChanged(page.schema, schema)
  const valuesDiffer = !isNoop(merge)
  if (!schemaDiffers && !valuesDiffer) return { kind: 'unchanged' }

  const finalCheck = await check(schema, merge.merged)
  if (typeof finalCheck === 'string')
    return { kind: 'refused', problems: [], reason: `the new schema cannot be used to check the values: ${finalCheck}` }
  if (finalCheck.length) {
    return {
      kind: 'refused',
      problems: finalCheck,
      reason:
        'the values after the merge would fail the new schema, so no order of writes can reach it (a PATCH merges: it cannot remove keys)'
    }
  }
  const patch: Phase = { kind: 'values', label: 'values', patch: merge.patch }
  const put = (label: 'schema' | 'final schema'): Phase => ({ kind: 'schema', label, schema })
  if (!schemaDiffers) return { kind: 'phases', order: 'values only', phases: [patch], merge }
  if (!valuesDiffer) return { kind: 'phases', order: 'schema only', phases: [put('schema')], merge }

  const currentAccepts = page.schema === null ? [] : await problems(check, page.schema, merge.merged)
  if (currentAccepts?.length === 0)
    return { kind: 'phases', order: 'values first', phases: [patch, put('schema')], merge }
  const newAccepts = await problems(check, schema, page.values)
  if (newAccepts?.length === 0) return { kind: 'phases', order: 'schema first', phases: [put('schema'), patch], merge }

  const transition = await transitionalSchema(schema, page.values, merge.merged, check)
  if (!transition.ok) return { kind: 'refused', problems: [], reason: transition.reason }
  return {
    kind: 'phases',
    order: 'transitional',
    phases: [
      { kind: 'schema', label: 'transitional schema', schema: transition.schema, relaxed: transition.relaxed },
      patch,
      put('final schema')
    ],
    merge
  }
}

/** Why the plan has this order, for the summary. */
export function orderReason(order: string): string {
  switch (order) {
    case 'values first':
      return 'the current schema accepts the new values, so they go first'
    case 'schema first':
      return 'the current values pass the new schema, so it goes first'
    case 'transitional':
      return 'the current schema refuses the new values and the current values fail the new schema: a transitional schema accepts both'
    case 'values only':
      return 'the schema already matches'
    default:
      return 'the values already match'
  }
}
