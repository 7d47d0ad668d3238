/**
 * A readable diff between two config-page schemas for the summary, each change classified and located by JSON
 * pointer.
 */
import {
  addedPropertyVerdict,
  ANNOTATIONS,
  classifyKeyword,
  classifyReplacement,
  type Impact,
  PROPERTY_VERDICTS,
  type Verdict
} from './breaking.js'
import { childPointer, isJsonObject, jsonEqual, preview } from './json.js'
import { bothTargets, type RefTargets, targetUnder } from './ref-targets.js'
import { cut } from '../report/sanitize.js'

/** The kinds of change the summary's diff table names. */
export type ChangeKind =
  | 'added'
  | 'removed'
  | 'type changed'
  | 'constraints changed'
  | 'annotations changed'
  | 'now required'
  | 'no longer required'
  | 'reordered'

/**
 * One row of the diff: the property (dotted path, or "(root)" for the schema itself), what, details,
 * where (JSON pointer into the schema: the property, or the keyword that changed) and its impact on
 * the values a page may hold, with the reason.
 */
export interface SchemaChange {
  property: string
  change: ChangeKind
  details: string
  pointer: string
  impact: Impact
  reason: string
}

/** The property name rows about the schema itself carry. */
export const ROOT = '(root)'

/** Handled by recursing into the object's properties, not as keyword changes (so is a single `items` schema). */
const STRUCTURE = new Set(['properties', 'required'])

/** True when the two schemas differ other than in object key order. */
export function schemaChanged(current: unknown, next: unknown): boolean {
  return !jsonEqual(current ?? null, next ?? null)
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  return isJsonObject(schema) && isJsonObject(schema.properties) ? schema.properties : {}
}

function requiredOf(schema: unknown): string[] {
  return isJsonObject(schema) && Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === 'string')
    : []
}

/** "type "string", minLength 1" — the keywords of a property schema, for added/removed rows. */
export function describeSchema(schema: unknown, max = 80): string {
  if (schema === true) return 'any value'
  if (schema === false) return 'no value allowed'
  if (!isJsonObject(schema)) return preview(schema, max)
  const parts = Object.entries(schema)
    .filter(([key]) => !ANNOTATIONS.has(key))
    .map(([key, value]) => (key === 'type' && typeof value === 'string' ? value : `${key} ${preview(value, 30)}`))
  const text = parts.join(', ') || 'any value'
  return text.length > max ? cut(text, max - 1) : text
}

function row(property: string, change: ChangeKind, details: string, pointer: string, verdict: Verdict): SchemaChange {
  return { property, change, details, pointer, impact: verdict.impact, reason: verdict.reason }
}

/**
 * A compatible verdict stands only where no `$ref` leads into what changed: a `$ref` may point into an
 * annotation, an `x-` keyword or enum data, which the classifier does not read as a schema. Anything
 * it cannot follow (a `$ref` it cannot locate) counts as breaking too.
 */
function throughRefs(verdict: Verdict, at: string, targets: RefTargets): Verdict {
  if (verdict.impact === 'breaking') return verdict
  const unlocated = targets.unlocated[0]
  if (unlocated !== undefined) {
    return {
      impact: 'breaking',
      reason: `the schema has a $ref the action cannot follow (${preview(unlocated)}), so no change can be proven harmless`
    }
  }
  const target = targetUnder(targets, at)
  if (target === undefined) return verdict
  return {
    impact: 'breaking',
    reason: `a $ref leads into what changed (#${target}), a place the action does not classify: counted as breaking`
  }
}

/** Keyword-level changes of one schema (other than properties/required), one row per keyword. */
function keywordChanges(
  path: string,
  pointer: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  targets: RefTargets
): SchemaChange[] {
  const out: SchemaChange[] = []
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  for (const key of keys) {
    const was = has(before, key) ? before[key] : undefined
    const now = has(after, key) ? after[key] : undefined
    if (STRUCTURE.has(key) || jsonEqual(was, now) || (key === 'items' && isJsonObject(was) && isJsonObject(now)))
      continue
    const kind: ChangeKind =
      key === 'type' ? 'type changed' : ANNOTATIONS.has(key) ? 'annotations changed' : 'constraints changed'
    let text: string
    if (!has(before, key)) text = `${key} added: ${preview(now)}`
    else if (!has(after, key)) text = `${key} removed (was ${preview(was)})`
    else text = key === 'type' ? `${preview(was)} → ${preview(now)}` : `${key}: ${preview(was)} → ${preview(now)}`
    const at = childPointer(pointer, key)
    out.push(row(path, kind, text, at, throughRefs(classifyKeyword(key, was, now, { pointer, after }), at, targets)))
  }
  return out
}

/** Own keys only: a property named "constructor" or "toString" is not on every object. */
function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key)
}

function diffObject(
  path: string,
  pointer: string,
  before: unknown,
  after: unknown,
  out: SchemaChange[],
  targets: RefTargets
): void {
  const prefix = path === ROOT ? '' : `${path}.`
  const at = (name: string): string => childPointer(childPointer(pointer, 'properties'), name)
  const beforeProps = propertiesOf(before)
  const afterProps = propertiesOf(after)
  for (const [name, schema] of Object.entries(afterProps)) {
    if (!has(beforeProps, name))
      out.push(
        row(prefix + name, 'added', describeSchema(schema), at(name), addedPropertyVerdict(name, before, schema))
      )
  }
  for (const [name, schema] of Object.entries(beforeProps)) {
    if (!has(afterProps, name))
      out.push(row(prefix + name, 'removed', `was ${describeSchema(schema)}`, at(name), PROPERTY_VERDICTS.removed))
  }
  for (const [name, schema] of Object.entries(afterProps)) {
    if (has(beforeProps, name)) diffNode(prefix + name, at(name), beforeProps[name], schema, out, targets)
  }
  const beforeRequired = requiredOf(before)
  const afterRequired = requiredOf(after)
  for (const name of afterRequired.filter((r) => !beforeRequired.includes(r))) {
    out.push(
      row(
        prefix + name,
        'now required',
        has(afterProps, name) ? '' : 'not among the properties',
        at(name),
        PROPERTY_VERDICTS.nowRequired
      )
    )
  }
  for (const name of beforeRequired.filter((r) => !afterRequired.includes(r))) {
    out.push(row(prefix + name, 'no longer required', '', at(name), PROPERTY_VERDICTS.noLongerRequired))
  }
}

function diffNode(
  path: string,
  pointer: string,
  before: unknown,
  after: unknown,
  out: SchemaChange[],
  targets: RefTargets
): void {
  if (jsonEqual(before, after)) return
  if (!isJsonObject(before) || !isJsonObject(after)) {
    out.push(
      row(
        path,
        'constraints changed',
        `${describeSchema(before)} → ${describeSchema(after)}`,
        pointer,
        throughRefs(classifyReplacement(before, after), pointer, targets)
      )
    )
    return
  }
  out.push(...keywordChanges(path, pointer, before, after, targets))
  diffObject(path, pointer, before, after, out, targets)
  // One schema for every list item: compared like a property's ("list[].key"), not as one opaque keyword.
  if (isJsonObject(before.items) && isJsonObject(after.items))
    diffNode(`${path}[]`, childPointer(pointer, 'items'), before.items, after.items, out, targets)
}

/**
 * The rows that turn `current` (the page's schema, null when it has none) into `next`. Empty when
 * they are equal; a single "reordered" row when they differ only in the order of array items.
 */
export function diffSchemas(
  current: Record<string, unknown> | null | undefined,
  next: Record<string, unknown>
): SchemaChange[] {
  if (!schemaChanged(current, next)) return []
  const out: SchemaChange[] = []
  diffNode(ROOT, '', current ?? {}, next, out, bothTargets(current, next))
  if (out.length === 0) {
    out.push(
      row(
        ROOT,
        'reordered',
        'only the order of array items changed (required, enum, type…)',
        '',
        PROPERTY_VERDICTS.reordered
      )
    )
  }
  return out
}
