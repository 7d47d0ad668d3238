/** Breaking-change classification of schema changes: breaking unless provably looser (docs/architecture.md). */
import { isJsonObject, jsonEqual, preview } from './json.js'
import { DRAFT07_KEYWORDS } from './schema-walk.js'

export type Impact = 'breaking' | 'compatible'

export interface Verdict {
  impact: Impact
  reason: string
}

/** Keywords that describe, and never accept or refuse a value. */
export const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$comment',
  'readOnly',
  'writeOnly',
  '$schema',
  '$id'
])

/** Lower bounds (a larger value is stricter) and what an absent one means. */
const LOWER: Record<string, number> = {
  minimum: -Infinity,
  exclusiveMinimum: -Infinity,
  minLength: 0,
  minItems: 0,
  minProperties: 0
}
/** Upper bounds (a smaller value is stricter). */
const UPPER = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'])
/** Keywords whose removal could make the schema refuse more (or break it): never assumed looser. */
const REMOVAL_UNSAFE = new Set(['$ref', 'definitions', '$defs'])

const breaking = (reason: string): Verdict => ({ impact: 'breaking', reason })
const compatible = (reason: string): Verdict => ({ impact: 'compatible', reason })

function typeSet(value: unknown): Set<string> | undefined {
  if (typeof value === 'string') return new Set([value])
  if (Array.isArray(value)) return new Set(value.filter((t): t is string => typeof t === 'string'))
  return undefined
}

function typeVerdict(before: unknown, after: unknown): Verdict {
  const was = typeSet(before)
  const now = typeSet(after)
  if (!now) return compatible('type removed: values of any type are accepted')
  if (!was) return breaking(`type ${preview(after)} added: values of other types are refused`)
  const covered = (t: string): boolean => now.has(t) || (t === 'integer' && now.has('number'))
  const lost = [...was].filter((t) => !covered(t))
  return lost.length
    ? breaking(`type narrowed: ${lost.join(', ')} values are refused now`)
    : compatible('type widened: every value accepted before still is')
}

function enumVerdict(before: unknown, after: unknown): Verdict {
  if (after === undefined) return compatible('enum removed: any value is accepted')
  if (!Array.isArray(after)) return breaking('enum changed to a non-list: the action cannot prove it looser')
  if (before === undefined) return breaking('enum added: only the listed values are accepted')
  if (!Array.isArray(before)) return compatible('enum is now a list of accepted values')
  const removed = before.filter((v) => !after.some((w) => jsonEqual(v, w)))
  return removed.length
    ? breaking(
        `enum values removed: ${removed.map((v) => preview(v, 30)).join(', ')} ${removed.length === 1 ? 'is' : 'are'} refused now`
      )
    : compatible('enum values only added: every value accepted before still is')
}

function boundVerdict(key: string, before: unknown, after: unknown): Verdict {
  const lower = key in LOWER
  const none = lower ? (LOWER[key] as number) : Infinity
  const was = before === undefined ? none : before
  const now = after === undefined ? none : after
  if (typeof was !== 'number' || typeof now !== 'number') {
    return after === undefined
      ? compatible(`${key} removed`)
      : breaking(`${key} changed to a form the action cannot compare`)
  }
  const stricter = lower ? now > was : now < was
  const show = (n: number): string => (Number.isFinite(n) ? String(n) : 'none')
  if (stricter) {
    return breaking(
      `stricter ${key} (${show(was)} → ${show(now)}): values ${lower ? 'below' : 'above'} the new bound are refused`
    )
  }
  return compatible(`looser ${key} (${show(was)} → ${show(now)}): every value accepted before still is`)
}

/**
 * Validators divide in floating point (10.2 / 0.01 = 1019.999…), so "every multiple of the old is a
 * multiple of the new" holds only for integers: any other change is breaking.
 */
function multipleOfVerdict(before: unknown, after: unknown): Verdict {
  if (after === undefined) return compatible('multipleOf removed')
  if (
    Number.isSafeInteger(before) &&
    Number.isSafeInteger(after) &&
    (after as number) > 0 &&
    (before as number) % (after as number) === 0
  ) {
    return compatible(`multipleOf ${before} → ${after}: every multiple of ${before} is a multiple of ${after}`)
  }
  return breaking(
    `multipleOf ${before === undefined ? 'added' : 'changed'}: values that are not multiples of ` +
      `${preview(after)} are ` +
      `refused${before !== undefined ? ' (only an integer dividing the old integer is looser: validators divide in floating point)' : ''}`
  )
}

function additionalVerdict(before: unknown, after: unknown): Verdict {
  if (before === false) return compatible('additionalProperties no longer false: keys outside properties are accepted')
  if (after === undefined || after === true)
    return compatible('additionalProperties loosened: keys outside properties are accepted')
  if (after === false) return breaking('additionalProperties: false added: keys not listed in properties are refused')
  return breaking('additionalProperties now constrains keys outside properties: the action cannot prove it looser')
}

/** Where a keyword changed, for the keywords whose effect depends on it. */
export interface KeywordContext {
  /** JSON pointer of the (sub)schema holding the keyword ('' = the root). */
  pointer: string
  /** That (sub)schema after the change. */
  after: Record<string, unknown>
}

/**
 * The verdict for one keyword of one (sub)schema changing from `before` to `after` (undefined when
 * absent). `properties` and `required` are classified per property by the diff, not here.
 */
export function classifyKeyword(key: string, before: unknown, after: unknown, context?: KeywordContext): Verdict {
  if (key === '$id' && context && context.pointer !== '') {
    return breaking('$id of a subschema changed: a $ref naming it may now resolve to another subschema')
  }
  if (key === 'patternProperties' && after === undefined && context) {
    const rest = context.after.additionalProperties
    if (rest !== undefined && rest !== true) {
      return breaking(
        'patternProperties removed: keys that matched a pattern now fall to additionalProperties, which may refuse them'
      )
    }
  }
  if (ANNOTATIONS.has(key)) return compatible('annotation only: no value is accepted or refused differently')
  if (!DRAFT07_KEYWORDS.has(key)) return compatible(`${key} is not a draft-07 keyword: validators ignore it`)
  if (key === 'type') return typeVerdict(before, after)
  if (key === 'enum') return enumVerdict(before, after)
  if (key in LOWER || UPPER.has(key)) return boundVerdict(key, before, after)
  if (key === 'multipleOf') return multipleOfVerdict(before, after)
  if (key === 'additionalProperties') return additionalVerdict(before, after)
  if (key === 'uniqueItems') {
    return after === true && before !== true
      ? breaking('uniqueItems added: lists with repeated items are refused')
      : compatible('uniqueItems no longer required')
  }
  if (key === 'const') {
    return after === undefined
      ? compatible('const removed: any value is accepted')
      : breaking(`const ${before === undefined ? 'added' : 'changed'}: only ${preview(after)} is accepted`)
  }
  if (key === 'pattern' || key === 'format') {
    return after === undefined
      ? compatible(`${key} removed: any string is accepted`)
      : breaking(
          `${key} ${before === undefined ? 'added' : 'changed'}: strings ` +
            `${before === undefined ? 'that do not match' : 'that matched the old one'} may be refused`
        )
  }
  if (after === undefined && !REMOVAL_UNSAFE.has(key)) return compatible(`${key} removed: one constraint fewer`)
  return breaking(
    `${key} ${before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'}: ` +
      `the action cannot prove every value accepted before still is`
  )
}

/** A property (sub)schema replaced where one side is not an object (`true`, `false`). */
export function classifyReplacement(before: unknown, after: unknown): Verdict {
  if (after === true || before === false) return compatible('the property accepts every value accepted before')
  if (isJsonObject(after) && Object.keys(after).every((k) => ANNOTATIONS.has(k))) {
    return compatible('the property accepts any value')
  }
  return breaking('the property schema was replaced: the action cannot prove every value accepted before still is')
}

/** Whether a property schema accepts every value (true, {} or annotations only). */
function acceptsAll(schema: unknown): boolean {
  return schema === true || (isJsonObject(schema) && Object.keys(schema).every((k) => ANNOTATIONS.has(k)))
}

/** Whether a patternProperties value holds any pattern (never run here: a schema's regex may backtrack for hours). */
function hasPatterns(patterns: unknown): boolean {
  return isJsonObject(patterns) && Object.keys(patterns).length > 0
}

/**
 * A property added to a (sub)schema that was `before`: compatible when the old schema refused the
 * key (additionalProperties: false, no pattern) or the new property accepts anything; breaking when
 * the key may have been checked already (by an additionalProperties schema, or under any
 * patternProperties: its patterns are never run here, so a match is assumed), as the new property
 * schema may refuse what that accepted; otherwise the usual "new optional property".
 */
export function addedPropertyVerdict(name: string, before: unknown, schema: unknown): Verdict {
  if (acceptsAll(schema)) return PROPERTY_VERDICTS.added
  const node = isJsonObject(before) ? before : {}
  if (hasPatterns(node.patternProperties)) {
    // Whether a pattern matches the name is not tested: a schema's regex is never run on the main thread.
    return breaking(
      `new property "${name}": keys may have been checked by a patternProperties pattern before ` +
        `(the patterns are not run here), and the new schema may refuse what it accepted`
    )
  }
  const rest = node.additionalProperties
  if (rest === false)
    return compatible(
      'new property: the old schema refused this key (additionalProperties: false), so no value held it'
    )
  if (rest !== undefined && rest !== true) {
    return breaking(
      `new property "${name}": keys outside properties were checked by additionalProperties ` +
        `before, and the new schema may refuse what it accepted`
    )
  }
  return PROPERTY_VERDICTS.added
}

/** Verdicts of the per-property changes the diff finds. */
export const PROPERTY_VERDICTS = {
  added: compatible('new optional property: values without it stay valid'),
  removed: breaking(
    'property removed: its values lose their definition (refused where additionalProperties is false) and whatever reads it breaks'
  ),
  nowRequired: breaking('newly required: values without it are refused'),
  noLongerRequired: compatible('no longer required: values without it are accepted'),
  reordered: compatible('only the order of array items changed')
} as const
