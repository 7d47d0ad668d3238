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
 * Values up to this size (JSON text) may be checked here: the slowest allowed keyword, `enum`, compares
 * each value with each listed one, so the work is at most the schema's size times this.
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

/** True when every subschema of `schema` uses only keywords whose check visits each value once. */
export function isFlatSchema(schema: unknown): boolean {
  const pending: unknown[] = [schema]
  while (pending.length) {
    const node = pending.pop()
    if (typeof node === 'boolean') continue
    if (!isJsonObject(node)) return false
    for (const [key, value] of Object.entries(node)) {
      // Keywords draft-07 does not know (x- annotations) are ignored by ajv, whatever they hold.
      if (!DRAFT07_KEYWORDS.has(key) || FLAT.has(key) || ANNOTATIONS.has(key)) continue
      if (SINGLE.has(key)) pending.push(value)
      else if (key === 'items') {
        if (Array.isArray(value)) pending.push(...value)
        else pending.push(value)
      } else if (key === 'properties' && isJsonObject(value)) pending.push(...Object.values(value))
      else return false
    }
  }
  return true
}

/** Whether checking `values` against `schema` is cheap enough for the step's thread (see above). */
export function checksInline(schema: unknown, values: unknown): boolean {
  const schemaText = JSON.stringify(schema)
  if (schemaText === undefined || schemaText.length > INLINE_SCHEMA_CHARS) return false
  const valuesText = JSON.stringify(values)
  if (valuesText === undefined || valuesText.length > INLINE_VALUES_CHARS) return false
  return isFlatSchema(schema)
}
