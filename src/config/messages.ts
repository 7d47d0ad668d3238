/** Wording of schema and value problems, kept apart from where validation runs. */
import { DRAFT07_KEYWORDS } from './schema-walk.js'
import { preview } from './json.js'
import { closest } from '../core/spelling.js'

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
