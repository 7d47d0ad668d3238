/**
 * The base annotation (config/base.ts) and the per-unit decision (config/three-way.ts) without I/O:
 * digests keyed by the API key (a rotated key reads no base), no value in clear, the units a schema
 * is cut into, and the decision table of docs/config-sync.md.
 */
import { describe, expect, test } from '@jest/globals'
import {
  BASE_KEYWORD,
  encodeBase,
  freshHasher,
  readBase,
  schemaDigests,
  schemaUnits,
  valueDigests,
  withAnnotation
} from '../../src/config/base.js'
import { decide, mergedSchema } from '../../src/config/three-way.js'

const KEY = 'key-one-0123456789'
const values = { enabled: true, retries: 3, greeting: 'Hi' }
const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a'] }

function annotated(apiKey = KEY): Record<string, unknown> {
  const hasher = freshHasher(apiKey)
  const base = { salt: hasher.salt, values: valueDigests(hasher, values), schema: schemaDigests(hasher, schema) }
  return withAnnotation(schema, encodeBase(base, hasher))
}

describe('the base annotation', () => {
  test('holds digests, never a value in clear, and reads back only with the API key that wrote it', () => {
    const page = annotated()
    const text = JSON.stringify(page[BASE_KEYWORD])
    for (const clear of ['"Hi"', 'true', ':3']) expect(text).not.toContain(clear)
    const read = readBase(page, KEY)
    expect(read.kind).toBe('base')
    if (read.kind !== 'base') return
    expect(Object.keys(read.base.values ?? {})).toEqual(['enabled', 'retries', 'greeting'])
    expect(read.base.values?.enabled).toBe(read.hasher.digest('values', 'enabled', true))
    expect(read.base.values?.enabled).not.toBe(read.hasher.digest('values', 'enabled', false))
    // The same value under another key, salt or unit digests differently.
    expect(read.hasher.digest('values', 'retries', 3)).not.toBe(read.hasher.digest('values', 'other', 3))
    expect(readBase(annotated(), KEY).kind).toBe('base')
    expect(readBase(page, 'a-rotated-key-987654')).toEqual({
      kind: 'unreadable',
      why: 'it was written with another API key (keys rotate)'
    })
    expect(readBase({ ...schema, [BASE_KEYWORD]: 'garbage' }, KEY).kind).toBe('unreadable')
    expect(readBase(schema, KEY)).toEqual({ kind: 'none' })
  })

  test('a schema is cut into properties, required names and other keywords', () => {
    expect([...schemaUnits(annotated()).keys()]).toEqual(['k:type', 'p:a', 'p:b', 'r:a'])
  })
})

describe('the three-way decision, per unit', () => {
  const hasher = freshHasher(KEY)
  const base = { digests: valueDigests(hasher, { a: 1, b: 1, c: 1, d: 1 }), hasher }
  const page = new Map<string, unknown>([
    ['a', 1],
    ['b', 2],
    ['c', 1],
    ['d', 2],
    ['e', 9]
  ])
  const repo = new Map<string, unknown>([
    ['a', 1],
    ['b', 1],
    ['c', 3],
    ['d', 3]
  ])

  test('unchanged, Studio only, repository only, both (conflict or overwrite), added in Studio', () => {
    const decided = Object.fromEntries(decide('values', page, repo, base, false).map((d) => [d.unit, d.decision]))
    expect(decided).toEqual({ a: 'same', b: 'studio', c: 'repo', d: 'conflict', e: 'studio' })
    const forced = Object.fromEntries(decide('values', page, repo, base, true).map((d) => [d.unit, d.decision]))
    expect(forced.d).toBe('overwrite')
    // Both changed to the same content: not a conflict.
    const same = decide('values', new Map([['a', 5]]), new Map([['a', 5]]), base, false)
    expect(same[0]?.decision).toBe('same')
  })

  test('no base: the repository wins, naming what it replaces; a value key it does not set is left alone', () => {
    const decided = decide('values', page, repo, undefined, false)
    expect(decided.map((d) => [d.unit, d.decision, d.overwrote])).toEqual([
      ['a', 'same', false],
      ['b', 'repo', true],
      ['c', 'repo', true],
      ['d', 'repo', true]
    ])
  })

  test("the merged schema keeps Studio's property and required name, the repository's order first", () => {
    const h = freshHasher(KEY)
    const old = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }
    const studio = { ...old, properties: { ...old.properties, s: { type: 'boolean' } }, required: ['a', 's'] }
    const repoSchema = { ...old, properties: { r: { type: 'integer' }, ...old.properties } }
    const ds = decide(
      'schema',
      schemaUnits(studio),
      schemaUnits(repoSchema),
      { digests: schemaDigests(h, old), hasher: h },
      false
    )
    expect(mergedSchema(repoSchema, studio, ds)).toEqual({
      type: 'object',
      properties: { r: { type: 'integer' }, a: { type: 'string' }, s: { type: 'boolean' } },
      required: ['a', 's']
    })
    expect(Object.keys(mergedSchema(repoSchema, studio, ds).properties as object)).toEqual(['r', 'a', 's'])
  })
})
