/**
 * Breaking-change classification: every kind of schema change, breaking or compatible, through the
 * diff the summary and the comment show, each located by a JSON pointer.
 */
import { describe, expect, test } from '@jest/globals'
import { diffSchemas } from '../../src/config/diff.js'
import { classifyKeyword, classifyReplacement } from '../../src/config/breaking.js'

/** A page schema with one property `p`. */
const one = (p: Record<string, unknown> | boolean, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'object',
  properties: { p },
  ...extra
})

type Row = [
  name: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  pointer: string,
  reason: RegExp
]

const BREAKING: Row[] = [
  [
    'removed property',
    { type: 'object', properties: { p: { type: 'string' }, q: {} } },
    one({ type: 'string' }, { properties: { q: {} } }),
    '/properties/p',
    /property removed/
  ],
  [
    'type narrowed (number → integer)',
    one({ type: 'number' }),
    one({ type: 'integer' }),
    '/properties/p/type',
    /narrowed: number/
  ],
  [
    'type narrowed (a type of a list dropped)',
    one({ type: ['string', 'null'] }),
    one({ type: 'string' }),
    '/properties/p/type',
    /null values are refused/
  ],
  ['type added where any was accepted', one({}), one({ type: 'string' }), '/properties/p/type', /type "string" added/],
  [
    'new required',
    one({ type: 'string' }),
    one({ type: 'string' }, { required: ['p'] }),
    '/properties/p',
    /newly required/
  ],
  [
    'enum values removed',
    one({ enum: ['a', 'b', 'c'] }),
    one({ enum: ['a', 'c'] }),
    '/properties/p/enum',
    /"b" is refused now/
  ],
  ['enum added', one({ type: 'string' }), one({ type: 'string', enum: ['a'] }), '/properties/p/enum', /enum added/],
  ['const added', one({}), one({ const: 1 }), '/properties/p/const', /only 1 is accepted/],
  ['minimum raised', one({ minimum: 0 }), one({ minimum: 5 }), '/properties/p/minimum', /stricter minimum \(0 → 5\)/],
  ['maximum added', one({}), one({ maximum: 9 }), '/properties/p/maximum', /stricter maximum \(none → 9\)/],
  [
    'exclusiveMaximum lowered',
    one({ exclusiveMaximum: 10 }),
    one({ exclusiveMaximum: 3 }),
    '/properties/p/exclusiveMaximum',
    /stricter exclusiveMaximum/
  ],
  ['minLength raised', one({ minLength: 1 }), one({ minLength: 2 }), '/properties/p/minLength', /stricter minLength/],
  [
    'maxLength lowered',
    one({ maxLength: 40 }),
    one({ maxLength: 20 }),
    '/properties/p/maxLength',
    /stricter maxLength \(40 → 20\)/
  ],
  [
    'maxItems added',
    one({ type: 'array' }),
    one({ type: 'array', maxItems: 3 }),
    '/properties/p/maxItems',
    /stricter maxItems/
  ],
  [
    'minProperties raised',
    one({ type: 'object' }),
    one({ type: 'object', minProperties: 1 }),
    '/properties/p/minProperties',
    /stricter minProperties \(0 → 1\)/
  ],
  [
    'pattern added',
    one({ type: 'string' }),
    one({ type: 'string', pattern: '^x' }),
    '/properties/p/pattern',
    /pattern added/
  ],
  ['pattern changed', one({ pattern: '^x' }), one({ pattern: '^xy' }), '/properties/p/pattern', /pattern changed/],
  [
    'format added',
    one({ type: 'string' }),
    one({ type: 'string', format: 'email' }),
    '/properties/p/format',
    /format added/
  ],
  [
    'multipleOf that does not divide the old one',
    one({ multipleOf: 2 }),
    one({ multipleOf: 3 }),
    '/properties/p/multipleOf',
    /multipleOf changed/
  ],
  [
    'uniqueItems added',
    one({ type: 'array' }),
    one({ type: 'array', uniqueItems: true }),
    '/properties/p/uniqueItems',
    /repeated items/
  ],
  [
    'additionalProperties: false added',
    one({}),
    one({}, { additionalProperties: false }),
    '/additionalProperties',
    /keys not listed in properties are refused/
  ],
  [
    'additionalProperties: a schema added',
    one({}),
    one({}, { additionalProperties: { type: 'string' } }),
    '/additionalProperties',
    /cannot prove/
  ],
  [
    'a nested property narrowed',
    one({ type: 'object', properties: { q: { type: 'number' } } }),
    one({ type: 'object', properties: { q: { type: 'integer' } } }),
    '/properties/p/properties/q/type',
    /narrowed/
  ],
  [
    'a composition rewritten',
    one({ anyOf: [{ type: 'string' }] }),
    one({ anyOf: [{ type: 'number' }] }),
    '/properties/p/anyOf',
    /cannot prove/
  ],
  ['a $ref removed', one({ $ref: '#/definitions/x' }), one({ type: 'string' }), '/properties/p/$ref', /\$ref removed/],
  ['a property schema replaced by false', one(true), one(false), '/properties/p', /replaced/],
  [
    'a property of list items narrowed',
    one({ type: 'array', items: { type: 'object', properties: { q: { type: 'number' } } } }),
    one({ type: 'array', items: { type: 'object', properties: { q: { type: 'integer' } } } }),
    '/properties/p/items/properties/q/type',
    /narrowed/
  ],
  [
    'list items newly require a key',
    one({ type: 'array', items: { type: 'object', properties: { q: {} } } }),
    one({ type: 'array', items: { type: 'object', properties: { q: {} }, required: ['q'] } }),
    '/properties/p/items/properties/q',
    /newly required/
  ],
  // Keys that matched a removed pattern fall to additionalProperties, which refuses them.
  [
    'patternProperties removed under additionalProperties: false',
    one({}, { patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false }),
    one({}, { additionalProperties: false }),
    '/patternProperties',
    /additionalProperties/
  ],
  [
    'patternProperties removed under an additionalProperties schema',
    one({}, { patternProperties: { '^x-': {} }, additionalProperties: { type: 'integer' } }),
    one({}, { additionalProperties: { type: 'integer' } }),
    '/patternProperties',
    /additionalProperties/
  ],
  // Property names that are also names on every object's prototype.
  [
    'a property named "constructor" removed',
    { type: 'object', properties: { constructor: { type: 'string' } }, additionalProperties: false },
    { type: 'object', properties: {}, additionalProperties: false },
    '/properties/constructor',
    /property removed/
  ],
  [
    'a property named "toString" removed',
    { properties: { toString: {}, p: {} } },
    { properties: { p: {} } },
    '/properties/toString',
    /property removed/
  ],
  // The key was already checked (by additionalProperties or a pattern): the new property schema may refuse what that accepted.
  [
    'a new property a constrained additionalProperties checked before',
    one({}, { additionalProperties: { type: 'string' } }),
    { type: 'object', properties: { p: {}, q: { type: 'integer' } }, additionalProperties: { type: 'string' } },
    '/properties/q',
    /additionalProperties/
  ],
  [
    'a new property a patternProperties pattern checked before',
    one({}, { patternProperties: { '^q': { type: 'string' } } }),
    { type: 'object', properties: { p: {}, q: { type: 'integer' } }, patternProperties: { '^q': { type: 'string' } } },
    '/properties/q',
    /pattern/
  ],
  // multipleOf: validators divide in floating point, so only an integer dividing the old integer is looser (issue 16, item 6).
  [
    'multipleOf 0.6 → 0.01 (10.2 passes the old, fails the new in floating point)',
    one({ multipleOf: 0.6 }),
    one({ multipleOf: 0.01 }),
    '/properties/p/multipleOf',
    /floating point/
  ],
  ['multipleOf 1 → 0.5', one({ multipleOf: 1 }), one({ multipleOf: 0.5 }), '/properties/p/multipleOf', /changed/],
  ['multipleOf 0.5 → 0.25', one({ multipleOf: 0.5 }), one({ multipleOf: 0.25 }), '/properties/p/multipleOf', /changed/],
  ['multipleOf 4 → -2', one({ multipleOf: 4 }), one({ multipleOf: -2 }), '/properties/p/multipleOf', /changed/],
  // A new property under patternProperties: the patterns are never run here (issue 16, item 7).
  [
    'a new property under a pattern that would not match it',
    one({}, { patternProperties: { '^zzz': { type: 'string' } } }),
    {
      type: 'object',
      properties: { p: {}, q: { type: 'integer' } },
      patternProperties: { '^zzz': { type: 'string' } }
    },
    '/properties/q',
    /not run here/
  ],
  // A $ref into a place the classifier does not walk (issue 16, item 5): what changed there counts as breaking.
  [
    'maxLength tightened inside an x- keyword a $ref leads to',
    one({ $ref: '#/x-shared/name' }, { 'x-shared': { name: { type: 'string', maxLength: 20 } } }),
    one({ $ref: '#/x-shared/name' }, { 'x-shared': { name: { type: 'string', maxLength: 5 } } }),
    '/x-shared',
    /\$ref leads into what changed \(#\/x-shared\/name\)/
  ],
  [
    'maxLength tightened inside default, reached by $ref',
    one(
      { default: { maxLength: 20 } },
      { properties: { p: { default: { maxLength: 20 } }, q: { $ref: '#/properties/p/default' } } }
    ),
    one(
      { default: { maxLength: 5 } },
      { properties: { p: { default: { maxLength: 5 } }, q: { $ref: '#/properties/p/default' } } }
    ),
    '/properties/p/default',
    /\$ref leads into/
  ],
  [
    'maxLength tightened inside examples, reached by $ref (URI-escaped pointer)',
    { properties: { 'a b': { examples: [{ maxLength: 9 }] }, q: { $ref: '#/properties/a%20b/examples/0' } } },
    { properties: { 'a b': { examples: [{ maxLength: 3 }] }, q: { $ref: '#/properties/a%20b/examples/0' } } },
    '/properties/a b/examples',
    /\$ref leads into/
  ],
  [
    'an $id anchor inside an annotation, reached by $ref',
    {
      properties: {
        p: { description: 'x', title: 't', examples: [{ $id: '#short', maxLength: 9 }] },
        q: { $ref: '#short' }
      }
    },
    {
      properties: {
        p: { description: 'x', title: 't', examples: [{ $id: '#short', maxLength: 2 }] },
        q: { $ref: '#short' }
      }
    },
    '/properties/p/examples',
    /\$ref leads into/
  ],
  [
    'an annotation change where a $ref cannot be located',
    one({ description: 'a' }, { properties: { p: { description: 'a' }, q: { $ref: '#nowhere' } } }),
    one({ description: 'b' }, { properties: { p: { description: 'b' }, q: { $ref: '#nowhere' } } }),
    '/properties/p/description',
    /cannot follow/
  ],
  // A $ref naming a subschema's $id now resolves to another subschema.
  [
    'a subschema $id moved',
    { properties: { a: { $id: '#t', type: 'string' }, b: { type: 'integer' }, c: { $ref: '#t' } } },
    { properties: { a: { type: 'string' }, b: { $id: '#t', type: 'integer' }, c: { $ref: '#t' } } },
    '/properties/b/$id',
    /\$ref/
  ]
]

const COMPATIBLE: Row[] = [
  [
    'new optional property',
    one({}),
    { type: 'object', properties: { p: {}, q: { type: 'string' } } },
    '/properties/q',
    /new optional property/
  ],
  [
    'type widened (integer → number)',
    one({ type: 'integer' }),
    one({ type: 'number' }),
    '/properties/p/type',
    /widened/
  ],
  [
    'type widened (null allowed)',
    one({ type: 'string' }),
    one({ type: ['string', 'null'] }),
    '/properties/p/type',
    /widened/
  ],
  ['type removed', one({ type: 'string' }), one({}), '/properties/p/type', /type removed/],
  ['no longer required', one({}, { required: ['p'] }), one({}), '/properties/p', /no longer required/],
  ['enum values added', one({ enum: ['a'] }), one({ enum: ['a', 'b'] }), '/properties/p/enum', /only added/],
  ['enum removed', one({ enum: ['a'] }), one({}), '/properties/p/enum', /enum removed/],
  ['const removed', one({ const: 1 }), one({}), '/properties/p/const', /const removed/],
  ['minimum lowered', one({ minimum: 5 }), one({ minimum: 0 }), '/properties/p/minimum', /looser minimum/],
  ['maxLength raised', one({ maxLength: 20 }), one({ maxLength: 40 }), '/properties/p/maxLength', /looser maxLength/],
  ['maximum removed', one({ maximum: 9 }), one({}), '/properties/p/maximum', /looser maximum \(9 → none\)/],
  [
    'minLength 0 added (no bound)',
    one({}),
    one({ minLength: 0 }),
    '/properties/p/minLength',
    /looser minLength \(0 → 0\)/
  ],
  ['pattern removed', one({ pattern: '^x' }), one({}), '/properties/p/pattern', /pattern removed/],
  [
    'multipleOf that divides the old one',
    one({ multipleOf: 4 }),
    one({ multipleOf: 2 }),
    '/properties/p/multipleOf',
    /every multiple of 4/
  ],
  [
    'integer multipleOf 6 → 3',
    one({ multipleOf: 6 }),
    one({ multipleOf: 3 }),
    '/properties/p/multipleOf',
    /every multiple of 6/
  ],
  [
    'an annotation changed while $refs lead elsewhere (the root, a property)',
    { properties: { p: { description: 'a' }, q: { $ref: '#/properties/p' }, r: { items: { $ref: '#' } } } },
    { properties: { p: { description: 'b' }, q: { $ref: '#/properties/p' }, r: { items: { $ref: '#' } } } },
    '/properties/p/description',
    /annotation only/
  ],
  ['uniqueItems removed', one({ uniqueItems: true }), one({}), '/properties/p/uniqueItems', /no longer required/],
  [
    'additionalProperties: false removed',
    one({}, { additionalProperties: false }),
    one({}),
    '/additionalProperties',
    /no longer false/
  ],
  [
    'additionalProperties: true',
    one({}, { additionalProperties: { type: 'string' } }),
    one({}, { additionalProperties: true }),
    '/additionalProperties',
    /loosened/
  ],
  [
    'description changed (annotation)',
    one({ description: 'a' }),
    one({ description: 'b' }),
    '/properties/p/description',
    /annotation only/
  ],
  ['title and default added (annotations)', one({}), one({ default: 1 }), '/properties/p/default', /annotation only/],
  [
    '$schema changed (annotation)',
    { $schema: 'http://json-schema.org/draft-07/schema#' },
    { $schema: 'http://json-schema.org/draft-07/schema' },
    '/$schema',
    /annotation only/
  ],
  [
    'an unknown keyword (ignored by validators)',
    one({}),
    one({ minimun: 3 }),
    '/properties/p/minimun',
    /not a draft-07 keyword/
  ],
  [
    'a composition removed',
    one({ allOf: [{ type: 'string' }] }),
    one({}),
    '/properties/p/allOf',
    /one constraint fewer/
  ],
  ['a property schema replaced by true', one({ type: 'string' }), one(true), '/properties/p', /accepts every value/],
  ['only the order of required changed', { required: ['a', 'b'] }, { required: ['b', 'a'] }, '', /order/],
  [
    'a new property where additionalProperties: false refused the key',
    one({}, { additionalProperties: false }),
    { type: 'object', properties: { p: {}, q: { type: 'integer' } }, additionalProperties: false },
    '/properties/q',
    /old schema refused this key/
  ],
  [
    'a new property that accepts any value',
    one({}, { additionalProperties: { type: 'string' } }),
    { type: 'object', properties: { p: {}, q: { description: 'any' } }, additionalProperties: { type: 'string' } },
    '/properties/q',
    /new optional property/
  ],
  [
    'a new optional property of list items',
    one({ type: 'array', items: { type: 'object', properties: { q: {} } } }),
    one({ type: 'array', items: { type: 'object', properties: { q: {}, r: { type: 'string' } } } }),
    '/properties/p/items/properties/r',
    /new optional property/
  ],
  [
    'patternProperties removed where any other key is accepted',
    one({}, { patternProperties: { '^x-': { type: 'string' } } }),
    one({}),
    '/patternProperties',
    /one constraint fewer/
  ],
  [
    'a property named "constructor" added',
    one({}),
    { type: 'object', properties: { p: {}, constructor: { type: 'string' } } },
    '/properties/constructor',
    /new optional property/
  ],
  [
    'the root $id changed',
    { $id: 'http://example.com/a.json', type: 'object' },
    { $id: 'http://example.com/b.json', type: 'object' },
    '/$id',
    /annotation only/
  ]
]

describe('breaking-change classification', () => {
  test.each(BREAKING)('breaking: %s', (_, before, after, pointer, reason) => {
    const rows = diffSchemas(before, after)
    const row = rows.find((r) => r.pointer === pointer)
    expect(row).toMatchObject({ impact: 'breaking', reason: expect.stringMatching(reason) })
  })

  test.each(COMPATIBLE)('compatible: %s', (_, before, after, pointer, reason) => {
    const rows = diffSchemas(before, after)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.impact === 'compatible')).toBe(true)
    expect(rows.find((r) => r.pointer === pointer)).toMatchObject({ reason: expect.stringMatching(reason) })
  })

  test('a pointer escapes property names (RFC 6901)', () => {
    const rows = diffSchemas(one({}), {
      type: 'object',
      properties: { p: {}, 'a/b~c': { type: 'string' } },
      required: ['a/b~c']
    })
    expect(rows.map((r) => [r.pointer, r.impact])).toEqual([
      ['/properties/a~1b~0c', 'compatible'],
      ['/properties/a~1b~0c', 'breaking']
    ])
  })

  test('a change the rules cannot compare is breaking (decided strictly)', () => {
    expect(classifyKeyword('minimum', 1, '2').impact).toBe('breaking')
    expect(classifyKeyword('enum', ['a'], 'a').impact).toBe('breaking')
    expect(classifyKeyword('definitions', { a: {} }, undefined).impact).toBe('breaking')
    expect(classifyKeyword('items', undefined, { type: 'string' }).impact).toBe('breaking')
    expect(classifyReplacement(false, { type: 'string' }).impact).toBe('compatible')
    expect(classifyReplacement(true, { title: 'only a title' }).impact).toBe('compatible')
    expect(classifyReplacement({ type: 'string' }, 5).impact).toBe('breaking')
  })
})
