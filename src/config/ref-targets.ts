/**
 * Where a schema's $refs lead, so the breaking-change classifier trusts no harmless verdict on a $ref'd subschema.
 */
import { childPointer, isJsonObject } from './json.js'

export interface RefTargets {
  /** Pointers of the places `$ref`s lead to ('' = the root). */
  pointers: string[]
  /** `$ref` values whose target could not be located in the document. */
  unlocated: string[]
}

/** `#/a/b%20c` → `/a/b c` (URI-decoded; undefined when it is not a pointer fragment). */
function fragmentPointer(fragment: string): string | undefined {
  if (fragment !== '' && !fragment.startsWith('/')) return undefined
  try {
    return decodeURIComponent(fragment)
  } catch {
    return undefined
  }
}

/** Every `$ref` and `$id` in the document, wherever it stands, with the pointer of the object holding it. */
function collect(schema: unknown): { refs: string[]; ids: Array<{ id: string; pointer: string }> } {
  const refs: string[] = []
  const ids: Array<{ id: string; pointer: string }> = []
  const stack: Array<[unknown, string]> = [[schema, '']]
  while (stack.length) {
    const [node, pointer] = stack.pop() as [unknown, string]
    if (Array.isArray(node)) node.forEach((item, i) => stack.push([item, childPointer(pointer, i)]))
    else if (isJsonObject(node)) {
      if (typeof node.$ref === 'string') refs.push(node.$ref)
      if (typeof node.$id === 'string') ids.push({ id: node.$id, pointer })
      for (const [key, value] of Object.entries(node)) stack.push([value, childPointer(pointer, key)])
    }
  }
  return { refs, ids }
}

/** Where each `$ref` of `schema` leads (see the module comment). */
export function refTargets(schema: unknown): RefTargets {
  const { refs, ids } = collect(schema)
  const found: RefTargets = { pointers: [], unlocated: [] }
  for (const ref of refs) {
    const hash = ref.indexOf('#')
    const doc = hash < 0 ? ref : ref.slice(0, hash)
    const fragment = hash < 0 ? '' : ref.slice(hash + 1)
    // The document part: this one ('' or the root's own $id), or a subschema named by its $id.
    let base: string | undefined
    if (doc === '') base = ''
    else {
      const named = ids.filter((i) => i.id === doc || i.id === `${doc}#`)
      base = named.length === 1 ? named[0]?.pointer : undefined
    }
    const pointer = base === undefined ? undefined : fragmentPointer(fragment)
    if (base !== undefined && pointer !== undefined) {
      found.pointers.push(base + pointer)
      continue
    }
    // `#name`: a plain-name anchor, an `$id` that ends with it (draft-07), wherever it stands.
    const anchored = ids.filter((i) => i.id === ref || (doc === '' && i.id.endsWith(`#${fragment}`)))
    if (fragment !== '' && anchored.length === 1) found.pointers.push(anchored[0]?.pointer ?? '')
    else found.unlocated.push(ref)
  }
  return found
}

/** Targets of both schemas together. */
export function bothTargets(before: unknown, after: unknown): RefTargets {
  const a = refTargets(before)
  const b = refTargets(after)
  return { pointers: [...new Set([...a.pointers, ...b.pointers])], unlocated: [...a.unlocated, ...b.unlocated] }
}

/** The first `$ref` target at or under `pointer` (undefined when none leads there). */
export function targetUnder(targets: RefTargets, pointer: string): string | undefined {
  return targets.pointers.find((p) => p === pointer || p.startsWith(`${pointer}/`))
}
