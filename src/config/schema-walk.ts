/** Walks a draft-07 schema's subschemas for what ajv reports badly: remote $refs, unknown keywords, bad patterns. */
import { childPointer, isJsonObject } from './json.js'

/** Keywords of draft-07 (plus `$defs`, which ajv resolves too). */
export const DRAFT07_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema',
  '$id',
  '$ref',
  '$comment',
  '$defs',
  'title',
  'description',
  'default',
  'readOnly',
  'writeOnly',
  'examples',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'additionalItems',
  'items',
  'maxItems',
  'minItems',
  'uniqueItems',
  'contains',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'definitions',
  'properties',
  'patternProperties',
  'dependencies',
  'propertyNames',
  'const',
  'enum',
  'type',
  'format',
  'contentMediaType',
  'contentEncoding',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
  'not'
])

const SINGLE = ['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not']
const LISTS = ['allOf', 'anyOf', 'oneOf']
const MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']

/** The base URI of a document without `$id`; never fetched, only used to tell local from remote. */
const LOCAL_BASE = 'http://schema.invalid/root.json'
/** Documents ajv carries itself, so a `$ref` to them needs no download. */
const BUILT_IN = new Set(['http://json-schema.org/draft-07/schema'])

/** One `$ref` found in the document, and whether following it would need a download. */
export interface RefUse {
  /** Pointer of the `$ref` keyword in the schema document. */
  pointer: string
  ref: string
  /** The absolute URI it resolves to (against LOCAL_BASE when the document has no `$id`). */
  resolved: string
  /** True when the document it names is not this one (nor a built-in meta-schema). */
  remote: boolean
}

/** Everything the walk found, each with its JSON pointer. */
export interface SchemaWalk {
  refs: RefUse[]
  /** Pointer of each unknown keyword itself, e.g. /properties/maxRetries/minimun. */
  unknownKeywords: Array<{ pointer: string; keyword: string }>
  badPatterns: Array<{ pointer: string; rule: 'pattern' | 'patternProperties'; message: string }>
}

function withoutFragment(uri: string): string {
  const at = uri.indexOf('#')
  return at < 0 ? uri : uri.slice(0, at)
}

function resolveUri(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href
  } catch {
    return undefined
  }
}

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'u') // what ajv compiles patterns with
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** Walks `schema` and reports refs (local or remote), unknown keywords and invalid patterns. */
export function walkSchema(schema: unknown): SchemaWalk {
  const found: SchemaWalk = { refs: [], unknownKeywords: [], badPatterns: [] }
  const ids = new Set<string>(BUILT_IN)
  const pending: Array<{ pointer: string; ref: string; resolved: string }> = []

  const visit = (node: unknown, pointer: string, base: string): void => {
    if (!isJsonObject(node)) return // booleans are schemas too, with nothing inside
    let here = base
    if (typeof node.$id === 'string') {
      here = resolveUri(node.$id, base) ?? base
      ids.add(withoutFragment(here))
    }
    for (const [key, value] of Object.entries(node)) {
      const at = childPointer(pointer, key)
      if (!DRAFT07_KEYWORDS.has(key)) found.unknownKeywords.push({ pointer: at, keyword: key })
      else if (key === '$ref' && typeof value === 'string') {
        pending.push({ pointer: at, ref: value, resolved: resolveUri(value, here) ?? value })
      } else if (key === 'pattern' && typeof value === 'string') {
        const problem = regexProblem(value)
        if (problem) found.badPatterns.push({ pointer: at, rule: 'pattern', message: problem })
      } else if (SINGLE.includes(key)) visit(value, at, here)
      else if (key === 'items') {
        if (Array.isArray(value)) value.forEach((item, i) => visit(item, childPointer(at, i), here))
        else visit(value, at, here)
      } else if (LISTS.includes(key) && Array.isArray(value)) {
        value.forEach((item, i) => visit(item, childPointer(at, i), here))
      } else if (MAPS.includes(key) && isJsonObject(value)) {
        for (const [name, sub] of Object.entries(value)) {
          if (key === 'patternProperties') {
            const problem = regexProblem(name)
            if (problem)
              found.badPatterns.push({ pointer: childPointer(at, name), rule: 'patternProperties', message: problem })
          }
          visit(sub, childPointer(at, name), here) // arrays under dependencies are not schemas: skipped
        }
      }
    }
  }

  visit(schema, '', LOCAL_BASE)
  ids.add(LOCAL_BASE)
  for (const use of pending) found.refs.push({ ...use, remote: !ids.has(withoutFragment(use.resolved)) })
  return found
}
