/** The transitional schema sync-config pushes when neither order works: the new schema loosened where it fails. */
import { isJsonObject, preview, unescapePointerToken } from './json.js'
import type { ValueProblem } from './validate.js'

/** Validates values against a schema: the problems, or why the schema cannot be checked. */
export type CheckValues = (
  schema: Record<string, unknown>,
  values: Record<string, unknown>
) => Promise<ValueProblem[] | string>

/** What was loosened, for the plan: "(root): "locale" not yet required". */
export interface Relaxation {
  where: string
  what: string
}

export type Transition =
  { ok: true; schema: Record<string, unknown>; relaxed: Relaxation[] } | { ok: false; reason: string }

/**
 * Rounds of check-and-loosen before giving up. Every round changes the schema (a round that cannot
 * loosen anything stops), so the rounds end; this only bounds a schema that fails in very many
 * places the validator reports one at a time (the same key required by many allOf branches).
 */
const MAX_ROUNDS = 50

/** The schema node at a JSON pointer into `root` (undefined when there is none, or it is not an object). */
function nodeAt(root: unknown, tokens: string[]): unknown {
  let node = root
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[Number(token)]
    else if (isJsonObject(node)) node = node[token]
    else return undefined
  }
  return node
}

/** Loosens `schema` (a private copy of `original`) for one problem; false when it cannot. */
function loosen(
  schema: Record<string, unknown>,
  original: Record<string, unknown>,
  p: ValueProblem,
  relaxed: Relaxation[]
): boolean {
  const tokens = p.schemaPath.split('/').slice(1).map(unescapePointerToken)
  const keyword = tokens.pop()
  const where = tokens.length ? `/${tokens.join('/')}` : '(root)'
  if (keyword === undefined) return false
  if (keyword === 'false schema') {
    const key = tokens.pop()
    const parent = nodeAt(schema, tokens)
    if (key === undefined || !isJsonObject(parent)) return false
    parent[key] = true
    relaxed.push({ where: `/${[...tokens, key].join('/')}`, what: 'allows any value (false until the final schema)' })
    return true
  }
  const node = nodeAt(schema, tokens)
  if (!isJsonObject(node) || !(keyword in node)) return false
  if (keyword === 'required' && p.property !== undefined && Array.isArray(node.required)) {
    if (!node.required.includes(p.property)) return false
    node.required = node.required.filter((r) => r !== p.property)
    relaxed.push({ where, what: `"${p.property}" not yet required` })
    return true
  }
  if (keyword === 'additionalProperties' && p.property !== undefined) {
    const props = isJsonObject(node.properties) ? node.properties : {}
    if (props[p.property] === true) return false
    props[p.property] = true
    node.properties = props
    relaxed.push({ where, what: `"${p.property}" allowed until the final schema` })
    return true
  }
  // Shown as the repository has it (an earlier loosening in this round may have changed it here).
  const was = nodeAt(original, tokens)
  relaxed.push({
    where,
    what: `${keyword} lifted (was ${preview(isJsonObject(was) && keyword in was ? was[keyword] : node[keyword])})`
  })
  delete node[keyword]
  return true
}

/**
 * The transitional schema for moving a page from `before` values to `after` values while its
 * schema becomes `target`: both value sets pass it. Fails (with the reason) when loosening cannot
 * get there, e.g. a schema that cannot be compiled.
 */
export async function transitionalSchema(
  target: Record<string, unknown>,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  check: CheckValues
): Promise<Transition> {
  const schema = structuredClone(target)
  const relaxed: Relaxation[] = []
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const problems: ValueProblem[] = []
    for (const values of [before, after]) {
      const found = await check(schema, values)
      if (typeof found === 'string') return { ok: false, reason: found }
      problems.push(...found)
    }
    if (problems.length === 0) return { ok: true, schema, relaxed: dedupe(relaxed) }
    let progressed = false
    for (const p of problems) if (loosen(schema, target, p, relaxed)) progressed = true
    if (!progressed) {
      return {
        ok: false,
        reason:
          `no transitional schema accepts both the current and the new values ` +
          `(${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')})`
      }
    }
  }
  return { ok: false, reason: `no transitional schema was found within ${MAX_ROUNDS} rounds of loosening` }
}

function dedupe(relaxed: Relaxation[]): Relaxation[] {
  const seen = new Set<string>()
  return relaxed.filter((r) => {
    const key = `${r.where}\u0000${r.what}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
