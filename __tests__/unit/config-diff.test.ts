/** The readable schema diff the summary shows, and the canonical "changed?" test. */
import { describe, expect, test } from '@jest/globals'
import { describeSchema, diffSchemas as diffRows, ROOT, schemaChanged } from '../../src/config/diff.js'

/** The rows without the classification (covered in config-breaking.test.ts). */
const diffSchemas = (
  ...args: Parameters<typeof diffRows>
): Array<{ property: string; change: string; details: string }> =>
  diffRows(...args).map(({ property, change, details }) => ({ property, change, details }))

const SEED = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 } },
  required: ['greeting']
}

describe('schemaChanged', () => {
  test('key order does not count as a change', () => {
    const reordered = {
      required: ['greeting'],
      properties: { maxRetries: { minimum: 0, type: 'integer' }, greeting: { type: 'string' } },
      type: 'object',
      $schema: 'http://json-schema.org/draft-07/schema#'
    }
    expect(schemaChanged(SEED, reordered)).toBe(false)
    expect(diffSchemas(SEED, reordered)).toEqual([])
  })
  test('a page without a schema differs from any schema', () => {
    expect(schemaChanged(null, SEED)).toBe(true)
    expect(schemaChanged(undefined, null)).toBe(false)
  })
})

describe('diffSchemas', () => {
  test('names added and removed properties, type and constraint changes, and required changes', () => {
    const next = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        greeting: { type: 'string', description: 'First words' },
        maxRetries: { type: 'number', minimum: 1, maximum: 9 },
        locale: { type: 'string', minLength: 2 }
      },
      required: ['locale']
    }
    expect(diffSchemas(SEED, next)).toEqual([
      { property: 'locale', change: 'added', details: 'string, minLength 2' },
      { property: 'greeting', change: 'annotations changed', details: 'description added: "First words"' },
      { property: 'maxRetries', change: 'type changed', details: '"integer" → "number"' },
      { property: 'maxRetries', change: 'constraints changed', details: 'minimum: 0 → 1' },
      { property: 'maxRetries', change: 'constraints changed', details: 'maximum added: 9' },
      { property: 'locale', change: 'now required', details: '' },
      { property: 'greeting', change: 'no longer required', details: '' }
    ])
  })

  test('reports removals, root keywords and nested object properties with dotted paths', () => {
    const before = {
      type: 'object',
      properties: { legacy: { type: 'boolean' }, address: { type: 'object', properties: { city: { type: 'string' } } } }
    }
    const after = {
      type: 'object',
      additionalProperties: false,
      properties: {
        address: {
          type: 'object',
          properties: { city: { type: 'string', maxLength: 40 }, zip: { type: 'string' } },
          required: ['zip']
        }
      }
    }
    expect(diffSchemas(before, after)).toEqual([
      { property: ROOT, change: 'constraints changed', details: 'additionalProperties added: false' },
      { property: 'legacy', change: 'removed', details: 'was boolean' },
      { property: 'address.zip', change: 'added', details: 'string' },
      { property: 'address.city', change: 'constraints changed', details: 'maxLength added: 40' },
      { property: 'address.zip', change: 'now required', details: '' }
    ])
  })

  test('a keyword removed shows what it was; a required name without a property says so', () => {
    const before = { properties: { a: { type: 'string', pattern: '^x' } } }
    const after = { properties: { a: { type: 'string' } }, required: ['ghost'] }
    expect(diffSchemas(before, after)).toEqual([
      { property: 'a', change: 'constraints changed', details: 'pattern removed (was ^x)' },
      { property: 'ghost', change: 'now required', details: 'not among the properties' }
    ])
  })

  test('boolean property schemas and a page without a schema', () => {
    expect(diffSchemas({ properties: { a: true } }, { properties: { a: false } })).toEqual([
      { property: 'a', change: 'constraints changed', details: 'any value → no value allowed' }
    ])
    const fromNothing = diffSchemas(null, { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })
    expect(fromNothing).toEqual([
      { property: ROOT, change: 'type changed', details: 'type added: "object"' },
      { property: 'a', change: 'added', details: 'string' },
      { property: 'a', change: 'now required', details: '' }
    ])
  })

  test('only array order changed: one "reordered" row, so a real difference is never silent', () => {
    const rows = diffSchemas({ required: ['a', 'b'] }, { required: ['b', 'a'] })
    expect(rows).toEqual([{ property: ROOT, change: 'reordered', details: expect.stringContaining('order') }])
  })

  test('describeSchema is short', () => {
    expect(describeSchema({ type: 'string', title: 'ignored', enum: ['a', 'b'] })).toBe('string, enum ["a","b"]')
    expect(describeSchema({})).toBe('any value')
    expect(describeSchema({ enum: ['x'.repeat(200)] }, 20)).toHaveLength(20)
    expect(describeSchema(3)).toBe('3')
  })
})
