/** Wording of schema and value problems, kept apart from where validation runs. */
import { DRAFT07_KEYWORDS } from './schema-walk.js'
import { preview } from './json.js'

/** The type names draft-07 knows. */
export const TYPE_NAMES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const

/** Keywords of later drafts that draft-07 spells differently (a distance would not find them). */
const LATER_DRAFTS: Record<string, string> = {
  dependentRequired: 'dependencies',
  dependentSchemas: 'dependencies',
  prefixItems: 'items (an array of schemas)',
  unevaluatedProperties: 'additionalProperties',
  unevaluatedItems: 'additionalItems',
  $anchor: '$id'
}

/** Levenshtein distance of two short words (case-insensitive), capped at `max` + 1. */
export function editDistance(a: string, b: string, max = 3): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  if (Math.abs(s.length - t.length) > max) return max + 1
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost)
    }
    prev = row
  }
  return Math.min(prev[t.length] ?? max + 1, max + 1)
}

/** The candidate closest to `word` when it is close enough to be a typo (a third of its length, at least 1). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const c of candidates) {
    const d = editDistance(word, c, limit)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}

/** Why an unknown keyword is refused, with the keyword it probably meant. */
export function unknownKeywordMessage(keyword: string): string {
  const meant = LATER_DRAFTS[keyword] ?? closest(keyword, DRAFT07_KEYWORDS)
  const hint = meant ? `did you mean "${meant}"?` : `use a draft-07 keyword, or prefix your own annotations with "x-"`
  return `"${keyword}" is not a draft-07 keyword, so it would constrain nothing: ${hint}`
}

/** True for keywords the action lets through although draft-07 does not know them (own annotations). */
export function isExtensionKeyword(keyword: string): boolean {
  return /^x-/i.test(keyword)
}

/**
 * A meta-schema problem reworded to show what was found: for `type`, the bad name and the type it
 * probably meant; otherwise the rule's message followed by the value found.
 */
export function metaProblemMessage(pointer: string, message: string, found: unknown): string {
  const shown = preview(found, 60)
  if (/\/type$/.test(pointer)) {
    const names = (Array.isArray(found) ? found : [found]).filter((n): n is string => typeof n === 'string')
    const bad = names.filter((n) => !(TYPE_NAMES as readonly string[]).includes(n))
    if (bad.length) {
      const hints = bad.map((n) => {
        const meant = closest(n, TYPE_NAMES)
        return `"${n}" is not a type${meant ? `: did you mean "${meant}"?` : ''}`
      })
      return `${hints.join('; ')} (types: ${TYPE_NAMES.join(', ')})`
    }
  }
  return found === undefined ? message : `${message}, found ${shown}`
}
