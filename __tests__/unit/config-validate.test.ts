/**
 * The draft-07 checks with ajv: the schema document (meta-schema, remote $refs, patterns, unknown
 * keywords) and values against a schema, each problem named by JSON pointer and rule.
 */
import { describe, expect, test } from '@jest/globals'
import AjvModule from 'ajv'
import { checkSchemaDocument, compileValuesCheck, groupMetaErrors } from '../../src/config/validate.js'
import { walkSchema } from '../../src/config/schema-walk.js'
import { checksInline, INLINE_SCHEMA_CHARS, INLINE_VALUES_CHARS, isFlatSchema } from '../../src/config/inline-check.js'

type AjvClass = typeof AjvModule.default
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass)

const SEED = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 } },
  required: ['greeting']
}

describe('checkSchemaDocument', () => {
  test('a good draft-07 schema has no errors, warnings or notices', () => {
    expect(checkSchemaDocument(SEED)).toEqual({ errors: [], warnings: [], notices: [] })
    expect(
      checkSchemaDocument({ properties: { a: { $ref: '#/definitions/x' } }, definitions: { x: { type: 'string' } } })
        .errors
    ).toEqual([])
  })

  test('meta-schema violations name the pointer and the rule, one problem per pointer', () => {
    const { errors } = checkSchemaDocument({
      type: 'object',
      properties: { a: { type: 'strin' }, b: { minimum: 'zero' } },
      required: 'a'
    })
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/required', rule: 'type', message: 'must be array, found "a"' },
        { pointer: '/properties/b/minimum', rule: 'type', message: 'must be number, found "zero"' },
        {
          pointer: '/properties/a/type',
          rule: 'enum, type',
          message:
            '"strin" is not a type: did you mean "string"? (types: array, boolean, integer, null, number, object, string)'
        }
      ])
    )
    expect(errors).toHaveLength(3)
  })

  test('$schema must name draft-07', () => {
    const { errors } = checkSchemaDocument({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' })
    expect(errors).toEqual([
      { pointer: '/$schema', rule: '$schema', message: expect.stringContaining('is not draft-07') }
    ])
    expect(checkSchemaDocument({ $schema: 'http://json-schema.org/draft-07/schema', type: 'object' }).errors).toEqual(
      []
    )
  })

  test('a remote $ref is an error naming it (and the URI it resolves to), never a download', () => {
    const { errors } = checkSchemaDocument({
      $id: 'https://schemas.example.com/root.json',
      properties: {
        a: { $ref: 'defs.json#/a' },
        b: { $ref: 'https://other.example.com/b.json' },
        c: { $ref: '#/definitions/c' }
      },
      definitions: { c: { type: 'string' } }
    })
    expect(errors.map((e) => [e.pointer, e.rule])).toEqual([
      ['/properties/a/$ref', '$ref'],
      ['/properties/b/$ref', '$ref']
    ])
    expect(errors[0]!.message).toContain('"defs.json#/a" (https://schemas.example.com/defs.json#/a) is not allowed')
    expect(errors[1]!.message).toContain('"https://other.example.com/b.json" is not allowed')
  })

  test('a local $ref that points nowhere is located by the walk', () => {
    const { errors } = checkSchemaDocument({ properties: { a: { $ref: '#/definitions/missing' } } })
    expect(errors).toEqual([
      { pointer: '/properties/a/$ref', rule: '$ref', message: expect.stringContaining('cannot be resolved') }
    ])
  })

  test('an invalid regular expression in pattern or patternProperties is an error at its pointer', () => {
    const { errors } = checkSchemaDocument({
      properties: { a: { type: 'string', pattern: '(' } },
      patternProperties: { '[': {} }
    })
    expect(errors.map((e) => [e.pointer, e.rule])).toEqual([
      ['/properties/a/pattern', 'pattern'],
      ['/patternProperties/[', 'patternProperties']
    ])
  })

  test('unknown keywords are errors at their pointer with the keyword meant; formats the action cannot check are notices, once each', () => {
    const check = checkSchemaDocument({
      properties: { n: { type: 'integer', minimun: 3 }, e: { type: 'string', format: 'email' } }
    })
    expect(check.errors).toEqual([
      {
        pointer: '/properties/n/minimun',
        rule: 'unknown keyword',
        message: '"minimun" is not a draft-07 keyword, so it would constrain nothing: did you mean "minimum"?'
      }
    ])
    expect(check.warnings).toEqual([])
    const formats = checkSchemaDocument({
      properties: { n: { type: 'integer', minimum: 3 }, e: { type: 'string', format: 'email' } }
    })
    expect(formats.errors).toEqual([])
    expect(formats.notices).toEqual([
      {
        pointer: '/properties/e/format',
        rule: 'format',
        message: expect.stringContaining('format "email" is not checked')
      }
    ])
  })

  test('a schema that is not an object is refused', () => {
    expect(checkSchemaDocument([1]).errors).toEqual([
      { pointer: '', rule: 'type', message: 'a schema must be a JSON object' }
    ])
  })

  test('groupMetaErrors keeps an anyOf failure when it is the only error at its pointer', () => {
    expect(
      groupMetaErrors([
        {
          instancePath: '/x',
          schemaPath: '#/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf'
        }
      ])
    ).toEqual([{ pointer: '/x', rule: 'anyOf', message: 'must match a schema in anyOf' }])
  })
})

describe('messages', () => {
  test('a type name with no close match gets the list, not a guess', () => {
    expect(checkSchemaDocument({ type: 'whatever' }).errors[0]!.message).toBe(
      '"whatever" is not a type (types: array, boolean, integer, null, number, object, string)'
    )
    expect(checkSchemaDocument({ type: ['strng', 'null'] }).errors[0]!.message).toContain(
      '"strng" is not a type: did you mean "string"?'
    )
  })

  test('unknown keywords: the closest draft-07 keyword, later-draft spellings, own x- annotations pass', () => {
    const messages = (schema: object): string[] =>
      checkSchemaDocument(schema).errors.map((e) => `${e.pointer} ${e.message}`)
    expect(messages({ requried: ['a'] })).toEqual([
      '/requried "requried" is not a draft-07 keyword, so it would constrain nothing: did you mean "required"?'
    ])
    expect(messages({ properties: { a: { dependentRequired: {} } } })[0]).toContain('did you mean "dependencies"?')
    expect(messages({ zzzzzz: 1 })[0]).toContain('use a draft-07 keyword, or prefix your own annotations with "x-"')
    expect(messages({ 'x-owner': 'voice team', properties: { requried: { type: 'string' } } })).toEqual([])
  })
})

describe('compileValuesCheck', () => {
  test('names each failing variable with its rule, all errors at once', () => {
    const check = compileValuesCheck({
      ...SEED,
      properties: {
        ...SEED.properties,
        maxRetries: { type: 'integer', minimum: 5 },
        locale: { type: 'string' },
        address: { type: 'object', properties: { city: { type: 'string' } } }
      },
      required: ['greeting', 'locale'],
      additionalProperties: false
    })
    if (!check.ok) throw new Error(check.reason)
    expect(check.validate({ greeting: 'Hi', maxRetries: 3 })).toEqual(
      expect.arrayContaining([
        {
          variable: 'locale',
          pointer: '',
          schemaPath: '/required',
          property: 'locale',
          hasValue: false,
          rule: 'required',
          message: 'is required but has no value'
        },
        {
          variable: 'maxRetries',
          pointer: '/maxRetries',
          schemaPath: '/properties/maxRetries/minimum',
          hasValue: true,
          value: 3,
          rule: 'minimum',
          message: 'must be >= 5'
        }
      ])
    )
    expect(check.validate({ greeting: 'Hi', locale: 'en', extra: 1, address: { city: 7 } })).toEqual([
      {
        variable: 'extra',
        pointer: '',
        schemaPath: '/additionalProperties',
        property: 'extra',
        hasValue: true,
        value: 1,
        rule: 'additionalProperties',
        message: 'is not allowed by the schema (additionalProperties: false)'
      },
      {
        variable: 'address',
        pointer: '/address/city',
        schemaPath: '/properties/address/properties/city/type',
        hasValue: true,
        value: 7,
        rule: 'type',
        message: 'at /address/city: must be string'
      }
    ])
    expect(check.validate({ greeting: 'Hi', locale: 'en' })).toEqual([])
  })

  test('a root-level failure that names no property is about all values', () => {
    const check = compileValuesCheck({ minProperties: 2 })
    if (!check.ok) throw new Error(check.reason)
    expect(check.validate({ a: 1 })).toEqual([
      {
        variable: '(all values)',
        pointer: '',
        schemaPath: '/minProperties',
        hasValue: false,
        rule: 'minProperties',
        message: 'must NOT have fewer than 2 properties'
      }
    ])
  })

  test('a schema that needs a download, or does not compile, says why instead', () => {
    expect(compileValuesCheck({ $ref: 'https://example.com/s.json' })).toEqual({
      ok: false,
      reason: expect.stringContaining('https://example.com/s.json')
    })
    expect(compileValuesCheck({ type: 'nope' })).toEqual({
      ok: false,
      reason: expect.stringContaining('schema is invalid')
    })
  })

  test('a schema the meta-schema refuses is refused in the words of ajv checking it itself, every time', () => {
    const invalid = { type: 'object', properties: { a: { type: 'strin' }, b: { minimum: 'x' } } }
    let own = ''
    try {
      new Ajv({ strict: false, allErrors: true }).compile(invalid)
    } catch (error) {
      own = (error as Error).message
    }
    expect(own).toMatch(/^schema is invalid: /)
    // The meta-schema is compiled once and shared: the second check must not see the first one's errors.
    expect(compileValuesCheck(invalid)).toEqual({ ok: false, reason: own })
    expect(compileValuesCheck({ type: 'object' }).ok).toBe(true)
    expect(compileValuesCheck(invalid)).toEqual({ ok: false, reason: own })
    expect(checkSchemaDocument({ type: 'object' }).errors).toEqual([])
    expect(checkSchemaDocument(invalid).errors.map((e) => e.pointer)).toEqual([
      '/properties/a/type',
      '/properties/b/minimum'
    ])
  })

  test('two schemas with the same $id are checked one after the other without colliding', () => {
    const first = { $id: 'https://acme.test/page.json', type: 'object', properties: { a: { type: 'string' } } }
    const second = { $id: 'https://acme.test/page.json', type: 'object', properties: { a: { type: 'integer' } } }
    expect(checkSchemaDocument(first).errors).toEqual([])
    expect(checkSchemaDocument(second).errors).toEqual([])
    const check = compileValuesCheck(second)
    expect(check.ok && check.validate({ a: 'text' }).map((p) => p.rule)).toEqual(['type'])
  })
})

describe('walkSchema', () => {
  test('walks only subschema positions: data under enum/const/default is never read as schema', () => {
    const walk = walkSchema({
      enum: [{ $ref: 'http://x/y' }],
      default: { notAKeyword: 1 },
      items: [{ $ref: '#/definitions/a' }, true],
      additionalItems: { typo1: 1 },
      allOf: [{ typo2: 1 }],
      dependencies: { a: ['b'], c: { typo3: 1 } },
      definitions: { a: { $id: '#anchor' } },
      $defs: { b: {} }
    })
    expect(walk.refs).toEqual([
      {
        pointer: '/items/0/$ref',
        ref: '#/definitions/a',
        resolved: 'http://schema.invalid/root.json#/definitions/a',
        remote: false
      }
    ])
    expect(walk.unknownKeywords.map((u) => u.pointer)).toEqual([
      '/additionalItems/typo1',
      '/allOf/0/typo2',
      '/dependencies/c/typo3'
    ])
  })

  test('a $ref to an embedded $id or to the draft-07 meta-schema is local', () => {
    const walk = walkSchema({
      definitions: { a: { $id: 'http://example.com/a.json', type: 'string' } },
      properties: { x: { $ref: 'http://example.com/a.json' }, m: { $ref: 'http://json-schema.org/draft-07/schema#' } }
    })
    expect(walk.refs.map((r) => r.remote)).toEqual([false, false])
  })
})

describe('walkSchema edge cases', () => {
  test('a single items schema is walked; a $ref that is not a URI is reported as written', () => {
    const walk = walkSchema({ items: { typo: 1, $ref: 'http://[bad' } })
    expect(walk.unknownKeywords).toEqual([{ pointer: '/items/typo', keyword: 'typo' }])
    expect(walk.refs).toEqual([{ pointer: '/items/$ref', ref: 'http://[bad', resolved: 'http://[bad', remote: true }])
  })
})

describe('which values checks run on the step thread (inline-check.ts)', () => {
  const flat = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    'x-note': { pattern: '(a+)+$', anyOf: [] },
    properties: {
      greeting: { type: 'string', minLength: 1, maxLength: 200, format: 'email', description: 'd', default: 'Hi' },
      level: { enum: ['a', 'b'] },
      tags: { type: 'array', items: { type: 'string', const: 'x' }, maxItems: 3 },
      pair: { type: 'array', items: [{ type: 'integer', multipleOf: 2 }, true], additionalItems: false },
      nested: { type: 'object', properties: { n: { minimum: 0 } }, additionalProperties: { type: 'number' } }
    },
    required: ['greeting'],
    additionalProperties: false
  }

  test('keywords that visit each value once, annotations, x- keywords and boolean subschemas are flat', () => {
    expect(isFlatSchema(flat)).toBe(true)
    expect(isFlatSchema(true)).toBe(true)
    expect(checksInline(flat, { greeting: 'Hi' })).toBe(true)
  })

  test.each([
    ['pattern', { properties: { a: { type: 'string', pattern: '^a' } } }],
    ['patternProperties', { patternProperties: { '^a': true } }],
    ['$ref', { properties: { a: { $ref: '#/definitions/a' } }, definitions: { a: true } }],
    ['anyOf', { anyOf: [true] }],
    ['oneOf deep in items', { items: { items: [{ oneOf: [true] }] } }],
    ['allOf', { allOf: [true] }],
    ['not', { not: false }],
    ['if', { if: true, then: true }],
    ['uniqueItems', { items: { uniqueItems: true } }],
    ['contains', { contains: true }],
    ['dependencies', { dependencies: { a: ['b'] } }],
    ['propertyNames', { propertyNames: { maxLength: 3 } }],
    ['a subschema that is not a schema', { properties: { a: 'string' } }],
    ['a schema that is not a schema', 'object']
  ])('%s goes to the worker', (_name, schema) => {
    expect(isFlatSchema(schema)).toBe(false)
    expect(checksInline(schema, {})).toBe(false)
  })

  test.each([
    ['required', (n: number) => ({ required: Array.from({ length: n }, (_, i) => `k${i}`) }), {}],
    ['enum', (n: number) => ({ enum: Array.from({ length: n }, (_, i) => i) }), -1]
  ])(
    'a flat %s in a subschema that reaches every item or extra key goes to the worker when it would fail too often',
    (_name, keyword, item) => {
      // Each item fails each name (or the whole list): 300 names on 10,900 objects took 16 s and 2 GB here.
      const many = { v: Array.from({ length: 3000 }, () => item) }
      for (const schema of [
        { properties: { v: { items: keyword(60) } } },
        { properties: { v: { items: [true], additionalItems: keyword(60) } } },
        { additionalProperties: { items: keyword(60) } }
      ]) {
        expect(isFlatSchema(schema)).toBe(true)
        expect(checksInline(schema, many)).toBe(false)
        // Reached once (not through items), or on few values, it stays here.
        expect(checksInline({ properties: { v: keyword(60) } }, many)).toBe(true)
        expect(checksInline(schema, { v: [item] })).toBe(true)
      }
    }
  )

  test('a large schema or large values go to the worker, however flat', () => {
    const wide = { type: 'object', properties: { a: { description: 'x'.repeat(INLINE_SCHEMA_CHARS) } } }
    expect(isFlatSchema(wide)).toBe(true)
    expect(checksInline(wide, {})).toBe(false)
    expect(checksInline(flat, { greeting: 'x'.repeat(INLINE_VALUES_CHARS - 20) })).toBe(true)
    expect(checksInline(flat, { greeting: 'x'.repeat(INLINE_VALUES_CHARS) })).toBe(false)
  })
})
