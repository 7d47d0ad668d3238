/**
 * Draft-07 JSON Schema checks for real-time config pages, backed by ajv.
 */
import AjvModule, { type ValidateFunction } from 'ajv'

type AjvClass = typeof AjvModule.default

// ajv is CommonJS: under NodeNext/tsx/jest-ESM the default import is `module.exports`, which is the
// class itself and also carries `.default`. Take `.default` when present, else the import itself.
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass)

/**
 * Compiled schemas by their JSON text: a fresh ajv per schema (no cross-schema `$id` collisions, no
 * remote loading), compiled once. Suites drive thousands of requests over a handful of schemas, and
 * compiling (the meta-schema included) is most of a request's cost.
 */
const compiled = new Map<string, { ajv: InstanceType<AjvClass>; validate?: ValidateFunction; problem?: string }>()

function compile(schema: object): { ajv: InstanceType<AjvClass>; validate?: ValidateFunction; problem?: string } {
  const key = JSON.stringify(schema)
  let entry = compiled.get(key)
  if (!entry) {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false })
    try {
      entry = { ajv, validate: ajv.compile(schema) }
    } catch (err) {
      entry = { ajv, problem: err instanceof Error ? err.message : String(err) }
    }
    if (compiled.size >= 500) compiled.clear()
    compiled.set(key, entry)
  }
  return entry
}

/** Why a schema cannot be used as a config-page schema, or null when it compiles as draft-07. */
export function schemaProblem(schema: unknown): string | null {
  if (!isPlainObject(schema)) return 'schema must be a JSON object'
  return compile(schema).problem ?? null
}

/** Why `data` fails `schema` (ajv's error text), or null when it is valid. */
export function valuesProblem(schema: Record<string, unknown>, data: unknown): string | null {
  const { ajv, validate, problem } = compile(schema)
  if (!validate) return `stored schema does not compile: ${problem ?? ''}`
  return validate(data) ? null : ajv.errorsText(validate.errors, { dataVar: 'variables' })
}

/** True for `{...}` JSON values (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
