/**
 * Which values checks may run on the step's own thread, unbounded: a small schema built only from
 * keywords whose check visits each value once (no `pattern`, no `$ref`, no combinator, no
 * `uniqueItems`), against small values. Such a check takes milliseconds, and skips the worker's
 * start (a V8 isolate that loads the bundle and ajv). Everything else runs in the bounded worker.
 */
import { DRAFT07_KEYWORDS } from './schema-walk.js'
import { isJsonObject } from './json.js'

/** Schemas up to this size (JSON text) may be checked here: ajv compiles them in milliseconds. */
export const INLINE_SCHEMA_CHARS = 16 * 1024

/**
 * Values up to this size (JSON text) may be checked here, when the subschemas that reach many of them are
 * small enough (INLINE_WORK).
 */
export const INLINE_VALUES_CHARS = 32 * 1024

/** Keywords that check one value in time proportional to the value and the keyword's own size. */
const FLAT = new Set([
  'type',
  'enum',
  'const',
  'required',
  'multipleOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties'
])

/** Keywords ajv does not check values against (without ajv-formats, `format` is one of them). */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'format',
  'contentMediaType',
  'contentEncoding'
])

/** Keywords holding one subschema, applied to each value they reach once. */
const SINGLE = new Set(['additionalProperties', 'additionalItems'])

/**
 * The most work a check here may do: for the subschemas applied to every item or every other property
 * (`items`, `additionalItems`, `additionalProperties`), the text of their `enum`, `const` and `required`
 * plus REPEATED_NODE each, times the number of values (each value, item, key and member). Such a subschema's
 * `required` or `enum` is checked, and failed, once per value it reaches: 300 required names on 10,900
 * empty objects are 3.3 million errors, 16 s and 2 GB on this thread. At this bound the worst takes about
 * 0.3 s. Every other subschema reaches one value at most.
 */
export const INLINE_WORK = 1 << 18

/** What a repeated subschema costs per value besides its `enum`, `const` and `required`. */
const REPEATED_NODE = 16

/** Keywords whose check of one value costs as much as their own text. */
const SIZED = ['enum', 'const', 'required']

/** Whether every subschema uses only keywords that visit each value once, and what the repeated ones cost. */
function flatShape(schema: unknown): { flat: boolean; repeatedWork: number } {
  const pending: Array<[node: unknown, repeated: boolean]> = [[schema, false]]
  let repeatedWork = 0
  while (pending.length) {
    const [node, repeated] = pending.pop() as [unknown, boolean]
    if (typeof node === 'boolean') continue
    if (!isJsonObject(node)) return { flat: false, repeatedWork }
    if (repeated) {
      repeatedWork += REPEATED_NODE
      for (const key of SIZED) if (Object.hasOwn(node, key)) repeatedWork += JSON.stringify(node[key])?.length ?? 0
    }
    for (const [key, value] of Object.entries(node)) {
      // Keywords draft-07 does not know (x- annotations) are ignored by ajv, whatever they hold.
      if (!DRAFT07_KEYWORDS.has(key) || FLAT.has(key) || ANNOTATIONS.has(key)) continue
      if (SINGLE.has(key)) pending.push([value, true])
      else if (key === 'items') {
        if (Array.isArray(value)) for (const item of value) pending.push([item, repeated])
        else pending.push([value, true])
      } else if (key === 'properties' && isJsonObject(value))
        for (const sub of Object.values(value)) pending.push([sub, repeated])
      else return { flat: false, repeatedWork }
    }
  }
  return { flat: true, repeatedWork }
}

/** How many values `values` holds, itself included (each item, member and key counts). */
function countValues(values: unknown): number {
  let count = 0
  const pending: unknown[] = [values]
  while (pending.length) {
    const item = pending.pop()
    count++
    if (Array.isArray(item)) pending.push(...item)
    else if (item !== null && typeof item === 'object') {
      const members = Object.values(item)
      count += members.length
      pending.push(...members)
    }
  }
  return count
}

/** True when every subschema of `schema` uses only keywords whose check visits each value once. */
export function isFlatSchema(schema: unknown): boolean {
  return flatShape(schema).flat
}

/** Whether checking `values` against `schema` is cheap enough for the step's thread (see above). */
export function checksInline(schema: unknown, values: unknown): boolean {
  const schemaText = JSON.stringify(schema)
  if (schemaText === undefined || schemaText.length > INLINE_SCHEMA_CHARS) return false
  const valuesText = JSON.stringify(values)
  if (valuesText === undefined || valuesText.length > INLINE_VALUES_CHARS) return false
  const { flat, repeatedWork } = flatShape(schema)
  return flat && (repeatedWork === 0 || repeatedWork * countValues(values) <= INLINE_WORK)
}
