/**
 * The base of a config page: what the repository held (values per top-level key; schema per top-level
 * property, `required` name and other top-level keyword) when this action last wrote the page. The
 * three-way merge (three-way.ts) needs it to tell a Studio edit from a repository change, and a
 * scheduled run has no history, so it is kept on the page itself, as the reserved annotation
 * BASE_KEYWORD in the schema the action PUTs (draft-07 ignores `x-` keywords).
 *
 * It never holds a value in clear: each unit is an HMAC-SHA256 digest (cut to 128 bits) under a key
 * derived from the API key and a random per-page salt. Whoever can test a guess against a digest
 * holds the API key, and so can read the values themselves; without it, a short value (`true`, `3`)
 * cannot be looked up or guessed against the digest. A `check` digest tells whether this API key
 * wrote the base: after a key rotation the base cannot be read and counts as absent.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { canonicalJson, isJsonObject } from './json.js'

/** The reserved annotation keyword, at the root of the schema. */
export const BASE_KEYWORD = 'x-polyai-deploy-base'

const VERSION = 1
const ABOUT =
  'Written by polyai-deploy-action: keyed digests (no values) of what the repository held at its last sync, so ' +
  'that Studio edits made since are kept. Do not edit or copy it.'

/** Digests per unit: values by key; schema by unit id (schemaUnits). */
export type Digests = Record<string, string>

/** A decoded base. `values`/`schema` are absent when that half was never recorded. */
export interface Base {
  salt: string
  values?: Digests
  schema?: Digests
  /** Schema units an unfinished sync wrote on its way (a transitional schema): not Studio edits. */
  interim?: Digests
  /** Value keys the repository does not set, as the page held them at that write: left alone, not news. */
  seen?: Digests
}

/** What a page's annotation gave: a base, none, or one this step cannot read. */
export type BaseRead =
  { kind: 'base'; base: Base; hasher: Hasher } | { kind: 'none' } | { kind: 'unreadable'; why: string }

/** Computes the digests of one page's base. */
export class Hasher {
  private readonly key: Buffer

  constructor(
    apiKey: string,
    readonly salt: string
  ) {
    this.key = createHmac('sha256', apiKey).update(`polyai-deploy-base/v${VERSION}\u0000${salt}`).digest()
  }

  /** The digest of one unit's content (undefined: the unit is absent). */
  digest(space: 'values' | 'schema', unit: string, value: unknown): string {
    const text = value === undefined ? '\u0001absent' : canonicalJson(value)
    return createHmac('sha256', this.key).update(`${space}\u0000${unit}\u0000${text}`).digest('base64url').slice(0, 22)
  }

  /** Proves the API key that wrote the base is this one. */
  check(): string {
    return this.digest('schema', '\u0000check', null)
  }
}

/** A hasher with a fresh random salt (a page without a readable base). */
export function freshHasher(apiKey: string): Hasher {
  return new Hasher(apiKey, randomBytes(16).toString('base64url'))
}

/** The schema without the annotation (null stays null); the page as Studio and the repository see it. */
export function withoutBase(schema: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!schema || !Object.prototype.hasOwnProperty.call(schema, BASE_KEYWORD)) return schema
  const rest = { ...schema }
  delete rest[BASE_KEYWORD]
  return rest
}

/** A config page (or any object with a `schema`) with the annotation taken out, for outputs and files. */
export function pageWithoutBase<T>(page: T): T {
  if (!isJsonObject(page) || !isJsonObject(page.schema)) return page
  return { ...page, schema: withoutBase(page.schema) }
}

function digestsOf(value: unknown): Digests | undefined {
  if (!isJsonObject(value)) return undefined
  const out: Digests = {}
  for (const [unit, digest] of Object.entries(value)) {
    if (typeof digest !== 'string') return undefined
    Object.defineProperty(out, unit, { value: digest, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/** Reads the base from a page's schema (as PolyAI holds it), for this API key. */
export function readBase(schema: Record<string, unknown> | null, apiKey: string): BaseRead {
  if (!schema || !Object.prototype.hasOwnProperty.call(schema, BASE_KEYWORD)) return { kind: 'none' }
  const raw = schema[BASE_KEYWORD]
  if (!isJsonObject(raw) || raw.version !== VERSION || typeof raw.salt !== 'string' || typeof raw.check !== 'string')
    return { kind: 'unreadable', why: 'it is not one this version of the action wrote' }
  const hasher = new Hasher(apiKey, raw.salt)
  if (hasher.check() !== raw.check)
    return { kind: 'unreadable', why: 'it was written with another API key (keys rotate)' }
  const base: Base = { salt: raw.salt }
  for (const half of ['values', 'schema', 'interim', 'seen'] as const) {
    if (raw[half] === undefined) continue
    const digests = digestsOf(raw[half])
    if (!digests) return { kind: 'unreadable', why: `its ${half} part is malformed` }
    base[half] = digests
  }
  return { kind: 'base', base, hasher }
}

/** The annotation to PUT for `base`. */
export function encodeBase(base: Base, hasher: Hasher): Record<string, unknown> {
  return {
    about: ABOUT,
    version: VERSION,
    salt: hasher.salt,
    check: hasher.check(),
    ...(base.values ? { values: base.values } : {}),
    ...(base.schema ? { schema: base.schema } : {}),
    ...(base.interim ? { interim: base.interim } : {}),
    ...(base.seen ? { seen: base.seen } : {})
  }
}

/** `schema` (without any annotation) with `annotation` set, or without one when undefined. */
export function withAnnotation(
  schema: Record<string, unknown>,
  annotation: Record<string, unknown> | undefined
): Record<string, unknown> {
  const plain = withoutBase(schema) ?? {}
  return annotation ? { ...plain, [BASE_KEYWORD]: annotation } : plain
}

/** Digests of every top-level value key. */
export function valueDigests(hasher: Hasher, values: Record<string, unknown>): Digests {
  const out: Digests = {}
  for (const [key, value] of Object.entries(values)) setOwn(out, key, hasher.digest('values', key, value))
  return out
}

/**
 * A schema cut into the units the merge decides one by one: `p:<name>` per top-level property,
 * `r:<name>` per required name (content true), `k:<keyword>` per other top-level keyword.
 */
export function schemaUnits(schema: Record<string, unknown> | null): Map<string, unknown> {
  const units = new Map<string, unknown>()
  for (const [keyword, value] of Object.entries(withoutBase(schema) ?? {})) {
    if (keyword === 'properties' && isJsonObject(value)) {
      for (const [name, prop] of Object.entries(value)) units.set(`p:${name}`, prop)
    } else if (keyword === 'required' && Array.isArray(value)) {
      for (const name of value) if (typeof name === 'string') units.set(`r:${name}`, true)
    } else {
      units.set(`k:${keyword}`, value)
    }
  }
  return units
}

/** Digests of every schema unit. */
export function schemaDigests(hasher: Hasher, schema: Record<string, unknown> | null): Digests {
  const out: Digests = {}
  for (const [unit, value] of schemaUnits(schema)) setOwn(out, unit, hasher.digest('schema', unit, value))
  return out
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A `$ref` in the schema that points into the annotation (an input error: the annotation is the action's). */
export function refsIntoBase(schema: unknown): string[] {
  const found: string[] = []
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (isJsonObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && pointsIntoBase(value)) found.push(value)
        else walk(value)
      }
    }
  }
  walk(schema)
  return found
}

function pointsIntoBase(ref: string): boolean {
  let fragment = ref.startsWith('#') ? ref.slice(1) : ''
  try {
    fragment = decodeURIComponent(fragment)
  } catch {
    // left as written
  }
  return fragment === `/${BASE_KEYWORD}` || fragment.startsWith(`/${BASE_KEYWORD}/`)
}
