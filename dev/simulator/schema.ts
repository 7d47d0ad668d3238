/**
 * Draft-07 JSON Schema checks for real-time config pages, backed by ajv.
 */
import AjvModule from 'ajv'

type AjvClass = typeof AjvModule.default

// ajv is CommonJS: under NodeNext/tsx/jest-ESM the default import is `module.exports`, which is the
// class itself and also carries `.default`. Take `.default` when present, else the import itself.
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass)

/** A fresh ajv per call: no cross-request `$id` cache collisions, no remote loading (no `loadSchema`). */
function newAjv(): InstanceType<AjvClass> {
  return new Ajv({ strict: false, allErrors: true, logger: false })
}

/** Why a schema cannot be used as a config-page schema, or null when it compiles as draft-07. */
export function schemaProblem(schema: unknown): string | null {
  if (!isPlainObject(schema)) return 'schema must be a JSON object'
  try {
    newAjv().compile(schema)
    return null
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/** Why `data` fails `schema` (ajv's error text), or null when it is valid. */
export function valuesProblem(schema: Record<string, unknown>, data: unknown): string | null {
  const ajv = newAjv()
  let validate
  try {
    validate = ajv.compile(schema)
  } catch (err) {
    return `stored schema does not compile: ${err instanceof Error ? err.message : String(err)}`
  }
  return validate(data) ? null : ajv.errorsText(validate.errors, { dataVar: 'variables' })
}

/** True for `{...}` JSON values (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
