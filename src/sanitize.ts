/**
 * Makes text safe to emit: secrets replaced (in case the API or a proxy echoed one back; the
 * runner's masking is the second line of defence, not the first), and log lines kept to one line
 * so a value with a newline cannot start a workflow command (`::set-output`, `::add-mask::`, …).
 */

/** A function that replaces every given secret in a text with `***`. */
export type Redact = (text: string) => string

/**
 * Secrets shorter than this are left to the runner's masking: replacing every "k" would garble
 * every message, and no real key is that short.
 */
export const MIN_REDACTED_LENGTH = 4

/** Builds the redactor for these secrets (longer ones are replaced first). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redact {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_REDACTED_LENGTH))].sort(
    (a, b) => b.length - a.length
  )
  return (text) => list.reduce((out, secret) => out.split(secret).join('***'), text)
}

/** One log line: line breaks become a visible `⏎`, so no part of the value starts a new line. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ⏎ ')
}

/** Redacts every string value inside plain data (a report, outputs) before it is escaped or serialized. */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T
  }
  return value
}
