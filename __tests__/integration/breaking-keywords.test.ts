/**
 * Changes of `items` and `multipleOf`, through the diff the summary shows and through failOnBreaking
 * (upsert-schema in process, real HTTP to the simulator): adding `items` where there was none, or
 * turning it into a tuple (an array of schemas) or back, is breaking wherever the list is (a
 * property, a list of lists); removing it is a compatible row, never no row. `multipleOf` is
 * compatible only between integers where the new one divides the old (decimals are compared in
 * binary floating point, where 0.6 is not a multiple of 0.01).
 */
import { describe, expect, test } from '@jest/globals'
import { SEED_SCHEMA, type Simulator } from '../../dev/simulator/index.js'
import { diffSchemas } from '../../src/config/diff.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'

let sim: Simulator
useSimulator((s) => (sim = s))

/** The seeded page schema with one more optional property, `tags` (the seeded values do not set it). */
const withTags = (tags: Record<string, unknown>): Record<string, unknown> => ({
  ...SEED_SCHEMA,
  properties: { ...(SEED_SCHEMA.properties as object), tags }
})

const list = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'array', ...extra })

interface Case {
  name: string
  before: Record<string, unknown>
  after: Record<string, unknown>
  pointer: string
}

const BREAKING_ITEMS: Case[] = [
  {
    name: 'items added',
    before: list(),
    after: list({ items: { type: 'string' } }),
    pointer: '/properties/tags/items'
  },
  {
    name: 'items turned into a tuple',
    before: list({ items: { type: 'string' } }),
    after: list({ items: [{ type: 'string' }] }),
    pointer: '/properties/tags/items'
  },
  {
    name: 'a tuple turned into one schema for every item',
    before: list({ items: [{ type: 'string' }] }),
    after: list({ items: { type: 'string' } }),
    pointer: '/properties/tags/items'
  },
  {
    name: 'a tuple given another item',
    before: list({ items: [{ type: 'string' }] }),
    after: list({ items: [{ type: 'string' }, { type: 'integer' }] }),
    pointer: '/properties/tags/items'
  },
  {
    name: 'items added to the items of a list of lists',
    before: list({ items: list() }),
    after: list({ items: list({ items: { type: 'integer' } }) }),
    pointer: '/properties/tags/items/items'
  }
]

const push = (schema: unknown, extra: Record<string, string> = {}) =>
  runInProcess({
    inputs: {
      ...actionInputs(sim),
      operation: 'upsert-schema',
      targetEnvironment: 'sandbox',
      schemaPath: 'schema.json',
      failOnBreaking: 'true',
      ...extra
    },
    files: { 'schema.json': JSON.stringify(schema) }
  })

const schemaWrites = (): string[] => sim.mutations().map((r) => `${r.method} ${r.path.replace(/.*\/real-time/, '')}`)

describe('items', () => {
  test.each(BREAKING_ITEMS)('$name: one breaking row, located', ({ before, after, pointer }) => {
    const rows = diffSchemas(withTags(before), withTags(after))
    expect(rows).toEqual([expect.objectContaining({ pointer, impact: 'breaking' })])
  })

  test.each([
    ['one schema for every item', { type: 'string' }],
    ['a tuple', [{ type: 'string' }]]
  ])('removing items (%s) is a compatible row that is shown', (_what, items) => {
    expect(diffSchemas(withTags(list({ items })), withTags(list()))).toEqual([
      expect.objectContaining({
        pointer: '/properties/tags/items',
        impact: 'compatible',
        reason: 'items removed: one constraint fewer'
      })
    ])
  })
})

describe('multipleOf', () => {
  const number = (multipleOf: number): Record<string, unknown> => ({ type: 'number', multipleOf })

  test.each([
    [0.6, 0.01],
    [2, 4],
    [3, 2],
    [0.1, 0.3]
  ])('%s → %s is breaking', (was, now) => {
    expect(diffSchemas(withTags(number(was)), withTags(number(now)))).toEqual([
      expect.objectContaining({ pointer: '/properties/tags/multipleOf', impact: 'breaking' })
    ])
  })

  test.each([
    [4, 2],
    [6, 3],
    [10, 1]
  ])('%s → %s is compatible (the new one divides the old)', (was, now) => {
    expect(diffSchemas(withTags(number(was)), withTags(number(now)))).toEqual([
      expect.objectContaining({ pointer: '/properties/tags/multipleOf', impact: 'compatible' })
    ])
  })
})

/** One schema holding every case: property `tags<i>` changes as case i says. */
const combined = (side: 'before' | 'after', cases: Case[]): Record<string, unknown> => ({
  ...SEED_SCHEMA,
  properties: {
    ...(SEED_SCHEMA.properties as object),
    ...Object.fromEntries(cases.map((c, i) => [`tags${i}`, (c[side].properties as Record<string, unknown>).tags]))
  }
})
const at = (i: number, pointer: string): string => pointer.replace('/properties/tags', `/properties/tags${i}`)

describe('through failOnBreaking (upsert-schema in process)', () => {
  const STRICTER_MULTIPLE: Case = {
    name: 'multipleOf 0.6 → 0.01',
    before: withTags({ type: 'number', multipleOf: 0.6 }),
    after: withTags({ type: 'number', multipleOf: 0.01 }),
    pointer: '/properties/tags/multipleOf'
  }
  const breakingCases = [
    ...BREAKING_ITEMS.map((c) => ({ ...c, before: withTags(c.before), after: withTags(c.after) })),
    STRICTER_MULTIPLE
  ]

  test('every breaking change above is refused and named, and nothing is sent; force sends it', async () => {
    sim.state.setSchema('sandbox', combined('before', breakingCases))
    const refused = await push(combined('after', breakingCases))
    expect(refused.code).toBe(1)
    expect(schemaWrites()).toEqual([])
    expect(refused.stdout).toContain('failOnBreaking is true, so no schema was pushed')
    const named = (JSON.parse(refused.outputs.breakingChanges ?? '[]') as Array<{ pointer: string }>).map(
      (b) => b.pointer
    )
    expect(named.sort()).toEqual(breakingCases.map((c, i) => at(i, c.pointer)).sort())
    const forced = await push(combined('after', breakingCases), { force: 'true' })
    expect(forced.code).toBe(0)
    expect(schemaWrites()).toEqual(['PUT -configs/sandbox/schema'])
  })

  test('removing items (either form) and multipleOf 4 → 2 go through', async () => {
    const looser: Case[] = [
      { name: '', before: withTags(list({ items: { type: 'string' } })), after: withTags(list()), pointer: '' },
      { name: '', before: withTags(list({ items: [{ type: 'string' }] })), after: withTags(list()), pointer: '' },
      {
        name: '',
        before: withTags({ type: 'number', multipleOf: 4 }),
        after: withTags({ type: 'number', multipleOf: 2 }),
        pointer: ''
      }
    ]
    sim.state.setSchema('sandbox', combined('before', looser))
    const run = await push(combined('after', looser))
    expect(run.code).toBe(0)
    expect(schemaWrites()).toEqual(['PUT -configs/sandbox/schema'])
    expect(JSON.parse(run.outputs.breakingChanges ?? '[]')).toEqual([])
  })
})
