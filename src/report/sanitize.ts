/** Makes text safe to emit: secrets redacted in every encoding, log lines kept to one line (docs/architecture.md). */
import { AsyncLocalStorage } from 'node:async_hooks'

/** A function that replaces every given secret, in every form, in a text with `***`. */
export type Redact = (text: string) => string

/** What a redacted secret reads as. */
export const REDACTED = '***'

/**
 * Secrets shorter than this are left to the runner's masking: replacing every "k" would garble
 * every message, and no real key is that short.
 */
export const MIN_REDACTED_LENGTH = 4

/** Base64 runs shorter than this are not redacted: they would match ordinary words. */
const MIN_BASE64_RUN = 8

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

/** `%2F` as a pattern that also matches `%2f`. */
function hexPattern(hex: string): string {
  return hex.replace(/[A-F]/g, (h) => `[${h}${h.toLowerCase()}]`)
}

/** The named HTML entities a server may write a key's characters as. */
const HTML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Every way one character of a secret can appear: plain, %-encoded, JSON-escaped, `+` for a space. */
function charPattern(c: string): string {
  const bytes = Array.from(Buffer.from(c, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
  const forms = [escapeRegExp(c), hexPattern(bytes.join(''))]
  for (const unit of Array.from({ length: c.length }, (_, i) => c.charCodeAt(i))) {
    if (c.length === 1) forms.push(`\\\\u${hexPattern(unit.toString(16).toUpperCase().padStart(4, '0'))}`)
  }
  // HTML entities: decimal or hex numeric (of the code point), with leading zeros, and the named ones.
  const code = c.codePointAt(0) ?? 0
  forms.push(`&#0*${code};`, `&#[xX]0*${code.toString(16)};`)
  const named = HTML_NAMED[c]
  if (named) forms.push(named)
  if (c === '/' || c === '"' || c === '\\') forms.push(escapeRegExp(`\\${c}`))
  if (c === ' ') forms.push('\\+')
  return forms.length === 1 ? (forms[0] as string) : `(?:${forms.join('|')})`
}

/** The parts of base64(x + secret) that depend on the secret alone, for each length of x mod 3. */
export function base64Runs(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const runs: string[] = []
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    const run = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6))
    if (run.length >= MIN_BASE64_RUN) runs.push(run, run.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...new Set(runs)]
}

/** The hex of a text's UTF-8 bytes (matched in either case). */
function hexOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex')
}

/** The pattern that finds `secret` in any of its forms (the regex runs case-insensitively). */
function secretPattern(secret: string): string {
  const chars = Array.from(secret).map(charPattern).join('')
  return [chars, hexOf(secret), ...base64Runs(secret).map(escapeRegExp)].join('|')
}

function usable(secrets: ReadonlyArray<string | undefined>): string[] {
  return [
    ...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_REDACTED_LENGTH))
  ].sort((a, b) => b.length - a.length)
}

/** The longest text one secret can take in any of its forms (12 characters per character: `\\u` or three `%XX`). */
function reachOf(secrets: readonly string[]): number {
  return 12 * Math.max(0, ...secrets.map((s) => s.length))
}

/** A piece this long of any form of a secret is redacted too: a server may echo part of a key. */
export const FRAGMENT_LENGTH = 10

/** Every FRAGMENT_LENGTH-unit piece of the secrets' forms, and a hash of each (see withoutFragments). */
interface Fragments {
  pieces: ReadonlySet<string>
  hashes: ReadonlySet<number>
}

const HASH_BASE = 31
/** HASH_BASE ** (FRAGMENT_LENGTH - 1), wrapped to 32 bits: what the unit leaving the window added. */
const HASH_HIGH = Array.from({ length: FRAGMENT_LENGTH - 1 }).reduce<number>((h) => Math.imul(h, HASH_BASE), 1)

/** The hash of text[from, from + FRAGMENT_LENGTH) (32-bit, wrapping). */
function windowHash(text: string, from: number): number {
  let hash = 0
  for (let i = from; i < from + FRAGMENT_LENGTH; i++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i)) | 0
  return hash
}

/**
 * Every FRAGMENT_LENGTH-character piece of every literal form of the secrets (as is, JSON-escaped,
 * URL-encoded in either hex case, base64 and base64url at each alignment): a prefix the server
 * echoed, a key split across two lines, the plain runs between HTML entities.
 */
function fragmentsOf(secrets: readonly string[]): Fragments {
  const pieces = new Set<string>()
  for (const secret of secrets) {
    if (secret.length <= FRAGMENT_LENGTH) continue
    for (const form of [...maskForms(secret), ...base64Runs(secret), hexOf(secret)]) {
      const folded = fold(form)
      for (let i = 0; i + FRAGMENT_LENGTH <= folded.length; i++) pieces.add(folded.slice(i, i + FRAGMENT_LENGTH))
    }
  }
  return { pieces, hashes: new Set([...pieces].map((piece) => windowHash(piece, 0))) }
}

/**
 * Lower case, one UTF-16 unit for one (a character whose lower case is longer is kept as it is),
 * so positions in the folded text are positions in the text: fragments match in any letter case.
 * Every sigma is σ: Σ lower-cases to ς at a word's end, so a piece of a value can end a word it did not.
 */
function fold(text: string): string {
  const lower = text.toLowerCase()
  if (lower.length === text.length) return lower.includes('ς') ? lower.replace(/ς/g, 'σ') : lower
  let out = ''
  for (const c of text) {
    const l = c.toLowerCase()
    out += l === 'ς' ? 'σ' : l.length === c.length ? l : c
  }
  return out
}

/**
 * Replaces every stretch of text covered by known fragments (in any letter case) with one REDACTED: a
 * linear scan with a rolling hash of the window, so a piece is compared only where its hash matches
 * (most texts printed are long and hold no fragment).
 */
function withoutFragments(text: string, fragments: Fragments): string {
  if (fragments.pieces.size === 0 || text.length < FRAGMENT_LENGTH) return text
  const folded = fold(text)
  let out = ''
  let kept = 0 // text before this index is in `out`
  let coveredTo = -1 // end of the stretch being redacted
  let hash = windowHash(folded, 0)
  for (let i = 0; i + FRAGMENT_LENGTH <= text.length; i++) {
    if (i > 0) {
      const left = Math.imul(folded.charCodeAt(i - 1), HASH_HIGH)
      hash = (Math.imul(hash - left, HASH_BASE) + folded.charCodeAt(i + FRAGMENT_LENGTH - 1)) | 0
    }
    if (!fragments.hashes.has(hash) || !fragments.pieces.has(folded.slice(i, i + FRAGMENT_LENGTH))) continue
    if (i > coveredTo) {
      if (coveredTo >= 0) kept = coveredTo
      out += text.slice(kept, i) + REDACTED
    }
    coveredTo = i + FRAGMENT_LENGTH
  }
  if (coveredTo < 0) return text
  return out + text.slice(coveredTo)
}

/** Builds the redactor for these secrets (longer ones are replaced first), fragments included. */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redact {
  const list = usable(secrets)
  if (list.length === 0) return (text) => text
  const pattern = new RegExp(list.map(secretPattern).join('|'), 'gi')
  const fragments = fragmentsOf(list)
  return (text) => withoutFragments(text.replace(pattern, REDACTED), fragments)
}

/**
 * The forms worth registering with the runner (`::add-mask::`) besides the secret itself: the
 * runner masks whole strings only, so each encoding it may print is registered as a string.
 */
export function maskForms(secret: string): string[] {
  if (secret.length < MIN_REDACTED_LENGTH) return [secret]
  const url = encodeURIComponent(secret)
  const json = JSON.stringify(secret).slice(1, -1)
  const base64 = Buffer.from(secret, 'utf8').toString('base64')
  const forms = [
    secret,
    json,
    json.replace(/\//g, '\\/'),
    url,
    url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    url.replace(/%20/g, '+'),
    base64,
    base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    hexOf(secret),
    hexOf(secret).toUpperCase()
  ]
  return [...new Set(forms)]
}

/** What one step registered: its secrets (the preflight) and the config values maskValues hides. */
interface StepRedaction {
  secrets: Redact
  secretsReach: number
  maskedList: string[]
  masked: Redact
  maskedReach: number
}

const nothingRegistered = (): StepRedaction => ({
  secrets: (text) => text,
  secretsReach: 0,
  maskedList: [],
  masked: (text) => text,
  maskedReach: 0
})

/** Each step's registrations, kept apart when steps share a process (run() opens one scope per step). */
const stepScope = new AsyncLocalStorage<StepRedaction>()
const outsideAnyStep = nothingRegistered()
const registered = (): StepRedaction => stepScope.getStore() ?? outsideAnyStep

/** Runs a step with registrations of its own: what it registers is redacted in its texts only. */
export function withStepRedaction<T>(step: () => Promise<T>): Promise<T> {
  return stepScope.run(nothingRegistered(), step)
}

/** Registers the step's secrets: cut() and redactSecrets() redact them in every form. Forgets masked values. */
export function registerSecrets(secrets: ReadonlyArray<string | undefined>): void {
  Object.assign(registered(), nothingRegistered(), {
    secrets: createRedactor(secrets),
    secretsReach: reachOf(usable(secrets))
  })
}

/**
 * Registers config values the step must never print (maskValues: true), for everything printed
 * afterwards: each string and each number's text inside `value` (not the keys: those are names).
 * Like a secret, a value shorter than MIN_REDACTED_LENGTH characters cannot be hidden in free text.
 */
export function registerMaskedValues(value: unknown): void {
  const step = registered()
  const found = new Set(step.maskedList)
  const stack: unknown[] = [value]
  while (stack.length) {
    const item = stack.pop()
    if (typeof item === 'string') found.add(item)
    else if (typeof item === 'number' && Number.isFinite(item)) found.add(String(item))
    else if (Array.isArray(item)) stack.push(...item)
    else if (item !== null && typeof item === 'object') stack.push(...Object.values(item))
  }
  const list = usable([...found])
  if (list.length === step.maskedList.length) return
  step.maskedList = list
  step.masked = createRedactor(list)
  step.maskedReach = reachOf(list)
}

/** Redacts the masked values registered so far (nothing when maskValues is off). */
export function redactMaskedValues(text: string): string {
  return registered().masked(text)
}

const extraRedactors = new Map<string, Redact>()

/** Redacts the step's registered secrets, and `more` (the API key a client was given, say). */
export function redactSecrets(text: string, more: ReadonlyArray<string | undefined> = []): string {
  const extra = usable(more)
  const step = registered()
  if (extra.length === 0) return step.masked(step.secrets(text))
  const key = extra.join('\u0000')
  let redact = extraRedactors.get(key)
  if (!redact) {
    redact = createRedactor(extra)
    extraRedactors.set(key, redact)
  }
  return step.masked(step.secrets(redact(text)))
}

/** The first `length` UTF-16 units of `text`, one fewer rather than half of a surrogate pair (an emoji). */
export function headOf(text: string, length: number): string {
  const end = Math.max(0, length)
  const last = text.charCodeAt(end - 1)
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end)
}

/**
 * The first `max` characters of `text` after redaction, with `…` when cut; never cut inside a
 * redaction (the cut moves before it), so what is shown holds no part of a secret, nor inside a
 * surrogate pair (headOf), so what is shown is valid Unicode.
 */
export function cut(text: string, max: number, more: ReadonlyArray<string | undefined> = []): string {
  // Only the start can be shown: redact a window that holds every secret beginning before `max`.
  const step = registered()
  const reach = Math.max(step.secretsReach, step.maskedReach, reachOf(usable(more)))
  const window = text.length > max + reach ? text.slice(0, max + reach) : text
  const safe = redactSecrets(window, more)
  if (safe.length <= max && window === text) return safe
  let end = Math.min(max, safe.length)
  for (let at = safe.indexOf(REDACTED); at >= 0 && at < end; at = safe.indexOf(REDACTED, at + REDACTED.length)) {
    if (at + REDACTED.length > end) end = at
  }
  return `${headOf(safe, end)}…`
}

/** Bidirectional controls (embeddings, overrides, isolates, marks): they can make text read other than it is. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Each bidi control made visible and inert (`[U+202E]`), so a name or message cannot reorder what is shown. */
export function defuseBidi(text: string): string {
  return text.replace(BIDI, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`)
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
