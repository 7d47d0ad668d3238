/** JSON helpers the config sync shares: key-order-blind equality, JSON pointers, short previews. */
import { cut, redactSecrets } from '../report/sanitize.js'
import { isJsonObject } from '../core/types.js'

export { isJsonObject }

/**
 * Deep equality of JSON values where object key order does not matter (array order does).
 * Hand-written because fast-deep-equal reads `constructor`, `valueOf` and `toString` through the
 * object: a schema property of such a name would compare wrong or throw.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]))
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a)
    if (keys.length !== Object.keys(b).length) return false
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]))
  }
  return false
}

/** JSON text with object keys sorted at every level: equal for values that jsonEqual says are equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isJsonObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key])
  return out
}

/** One reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** The inverse of escapePointerToken. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** `base` + `/token` with the token escaped. */
export function childPointer(base: string, token: string | number): string {
  return `${base}/${escapePointerToken(String(token))}`
}

/** Compact JSON of a value cut to `max` characters (with …), for one-line logs and table cells; secrets redacted before the cut. */
export function preview(value: unknown, max = 40): string {
  const text = redactSecrets(value === undefined ? '—' : (JSON.stringify(value) ?? String(value)))
  return text.length > max ? cut(text, Math.max(1, max - 1)) : text
}
