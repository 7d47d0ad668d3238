/**
 * sync-config's planning, in-process: which order of writes reaches the repository's schema and
 * values without a refused write, and the transitional schema when neither plain order works
 * (additionalProperties: false, patternProperties, nested objects, tightened constraints).
 * Every plan is replayed here to prove the page stays valid after each write.
 */
import { describe, expect, test } from '@jest/globals'
import { compileValuesCheck } from '../../src/config/validate.js'
import { type Phase, planSync, type SyncPlan } from '../../src/config/sync-plan.js'
import { type CheckValues, transitionalSchema } from '../../src/config/transition.js'

const check: CheckValues = async (schema, values) => {
  const c = compileValuesCheck(schema)
  return c.ok ? c.validate(values) : c.reason
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'object',
  properties,
  ...extra
})

/** Applies each phase as the API would (PATCH merges; the page is checked after each write). */
async function replay(
  start: { schema: Record<string, unknown> | null; values: Record<string, unknown> },
  phases: Phase[]
): Promise<{ schema: unknown; values: unknown; invalid: string[] }> {
  let { schema, values } = start
  const invalid: string[] = []
  for (const p of phases) {
    if (p.kind === 'schema') schema = p.schema
    else values = { ...values, ...p.patch }
    const problems = schema ? await check(schema, values) : []
    if (problems.length) invalid.push(`after ${p.label}: ${JSON.stringify(problems)}`)
  }
  return { schema, values, invalid }
}

function phasesOf(plan: SyncPlan): Phase[] {
  if (plan.kind !== 'phases') throw new Error(`expected phases, got ${JSON.stringify(plan)}`)
  return plan.phases
}

describe('planSync: the order', () => {
  const S0 = obj({ a: { type: 'string' } }, { required: ['a'] })

  test('nothing to do: unchanged', async () => {
    expect(await planSync({ schema: S0, values: { a: 'x' } }, S0, { a: 'x' }, check)).toEqual({ kind: 'unchanged' })
  })

  test('values first when the current schema accepts them; schema first when the current values pass it', async () => {
    const looser = obj({ a: { type: 'string' }, b: { type: 'integer' } }, { required: ['a'] })
    const valuesFirst = await planSync({ schema: S0, values: { a: 'x' } }, looser, { b: 2 }, check)
    expect(valuesFirst).toMatchObject({ kind: 'phases', order: 'values first' })
    expect(phasesOf(valuesFirst).map((p) => p.label)).toEqual(['values', 'schema'])

    const closed = obj(
      { a: { type: 'string' }, b: { type: 'integer' } },
      { required: ['a'], additionalProperties: false }
    )
    const closedNow = obj({ a: { type: 'string' } }, { additionalProperties: false })
    const schemaFirst = await planSync({ schema: closedNow, values: { a: 'x' } }, closed, { b: 2 }, check)
    expect(schemaFirst).toMatchObject({ kind: 'phases', order: 'schema first' })
    expect(phasesOf(schemaFirst).map((p) => p.label)).toEqual(['schema', 'values'])
  })

  test('a page with no schema takes the values first', async () => {
    const plan = await planSync({ schema: null, values: {} }, S0, { a: 'x' }, check)
    expect(plan).toMatchObject({ order: 'values first' })
  })

  test('refused, with every problem, when the merged values would fail the new schema (a PATCH cannot remove keys)', async () => {
    const plan = await planSync(
      { schema: null, values: { old: 1 } },
      obj({ a: { type: 'string' } }, { additionalProperties: false }),
      { a: 'x' },
      check
    )
    expect(plan).toMatchObject({ kind: 'refused', problems: [{ variable: 'old', rule: 'additionalProperties' }] })
  })
})

describe('planSync: the transitional schema', () => {
  const cases: Array<
    [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]
  > = [
    [
      'new required key, additionalProperties: false',
      obj({ a: { type: 'string' } }, { required: ['a'], additionalProperties: false }),
      { a: 'x' },
      obj({ a: { type: 'string' }, k: { type: 'string' } }, { required: ['a', 'k'], additionalProperties: false }),
      { k: 'new' }
    ],
    [
      'new required key matched by patternProperties, additionalProperties: false',
      obj({ a: { type: 'string' } }, { additionalProperties: false }),
      { a: 'x' },
      obj(
        { a: { type: 'string' } },
        { patternProperties: { '^flag_': { type: 'boolean' } }, required: ['flag_new'], additionalProperties: false }
      ),
      { flag_new: true }
    ],
    [
      'a nested object gains a required key (PATCH replaces the nested object whole)',
      obj(
        { contact: obj({ phone: { type: 'string' } }, { required: ['phone'], additionalProperties: false }) },
        { required: ['contact'] }
      ),
      { contact: { phone: '+1' } },
      obj(
        {
          contact: obj(
            { phone: { type: 'string' }, email: { type: 'string' } },
            { required: ['phone', 'email'], additionalProperties: false }
          )
        },
        { required: ['contact'], additionalProperties: false }
      ),
      { contact: { phone: '+1', email: 'a@b.c' } }
    ],
    [
      'a tightened minimum on a key that also becomes required elsewhere',
      obj({ n: { type: 'integer', minimum: 0 } }, { additionalProperties: false }),
      { n: 1 },
      obj(
        { n: { type: 'integer', minimum: 5 }, k: { type: 'string' } },
        { required: ['k'], additionalProperties: false }
      ),
      { n: 6, k: 'x' }
    ]
  ]

  test.each(cases)(
    '%s: three phases, no invalid page on the way, the final schema and values in place',
    async (_name, current, values, next, desired) => {
      const plan = await planSync({ schema: current, values }, next, desired, check)
      expect(plan).toMatchObject({ kind: 'phases', order: 'transitional' })
      const phases = phasesOf(plan)
      expect(phases.map((p) => p.label)).toEqual(['transitional schema', 'values', 'final schema'])
      const end = await replay({ schema: current, values }, phases)
      expect(end.invalid).toEqual([])
      expect(end.schema).toEqual(next)
      expect(end.values).toEqual({ ...values, ...desired })
      // The plain orders really are refused here (else the transitional schema would not be needed).
      expect(await check(current, { ...values, ...desired })).not.toEqual([])
      expect(await check(next, values)).not.toEqual([])
    }
  )

  test('says what it loosened', async () => {
    const [, current, values, next, desired] = cases[0]!
    const [first] = phasesOf(await planSync({ schema: current, values }, next, desired, check))
    expect(first).toMatchObject({ kind: 'schema', relaxed: [{ where: '(root)', what: '"k" not yet required' }] })
    expect(next.required).toEqual(['a', 'k']) // the repository's schema is never modified
  })
})

describe('transitionalSchema: edges', () => {
  test('a property the new schema forbids outright (false) is allowed until the final schema', async () => {
    const current = obj({ old: { type: 'string' }, k: { type: 'string' } }, { additionalProperties: false })
    const next = obj({ old: false, k: { type: 'string' }, n: { type: 'integer' } }, { required: ['n'] })
    // The page keeps "old" (a PATCH cannot remove it), so the final state fails: refused, not loosened.
    expect(await planSync({ schema: current, values: { old: 'x' } }, next, { n: 1 }, check)).toMatchObject({
      kind: 'refused'
    })
    const t = await transitionalSchema(next, { old: 'x' }, { old: 'x', n: 1 }, check)
    expect(t).toMatchObject({
      ok: true,
      relaxed: expect.arrayContaining([
        { where: '/properties/old', what: 'allows any value (false until the final schema)' }
      ])
    })
  })

  test('a schema the validator cannot compile gives the reason instead of a plan', async () => {
    const broken = { properties: { a: { $ref: '#/definitions/missing' } } }
    expect(await transitionalSchema(broken, {}, { a: 1 }, check)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('missing')
    })
    expect(await planSync({ schema: null, values: {} }, broken, { a: 1 }, check)).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('cannot be used to check the values')
    })
  })

  test('a nested object that closes (additionalProperties: false) while dropping many keys: every dropped key is allowed in one round', async () => {
    // Each key the current values hold but the new schema refuses is a separate problem: when
    // problems with the same message were merged, one key was allowed per round and the plan ran
    // out of rounds, refusing a change that has a valid order.
    const dropped = ['city', 'state', 'country', 'line2', 'line3', 'county', 'region', 'district']
    const address = Object.fromEntries(['street', ...dropped].map((k) => [k, 'x']))
    const current = obj({
      address: obj(Object.fromEntries(Object.keys(address).map((k) => [k, { type: 'string' }])), {
        required: Object.keys(address)
      })
    })
    const next = obj({
      address: obj(
        { street: { type: 'string' }, postcode: { type: 'string' } },
        { required: ['street', 'postcode'], additionalProperties: false }
      )
    })
    const values = { address }
    const desired = { address: { street: 'x', postcode: 'y' } }
    const plan = await planSync({ schema: current, values }, next, desired, check)
    expect(plan).toMatchObject({ kind: 'phases', order: 'transitional' })
    const end = await replay({ schema: current, values }, phasesOf(plan))
    expect(end.invalid).toEqual([])
    expect(end.schema).toEqual(next)
    const problems = await check(next, values)
    expect(
      typeof problems !== 'string' && problems.filter((p) => p.rule === 'additionalProperties').map((p) => p.property)
    ).toEqual(dropped)
    expect(typeof problems !== 'string' && problems.find((p) => p.property === 'city')?.message).toBe(
      '"city" is not allowed (additionalProperties: false)'
    )
  })

  test('the same key required in many places (allOf branches) is loosened everywhere; what was lifted is shown as the repository has it', async () => {
    const current = obj({ a: {} }, { additionalProperties: false })
    const next = obj(
      { a: {}, k: {}, z: {} },
      {
        additionalProperties: false,
        allOf: Array.from({ length: 8 }, () => ({ required: ['k'] })),
        anyOf: [{ required: ['z'] }, { required: ['k'] }]
      }
    )
    const plan = await planSync({ schema: current, values: { a: 1 } }, next, { k: 1 }, check)
    expect(plan).toMatchObject({ kind: 'phases', order: 'transitional' })
    const phases = phasesOf(plan)
    expect((await replay({ schema: current, values: { a: 1 } }, phases)).invalid).toEqual([])
    expect(phases[0]).toMatchObject({
      relaxed: expect.arrayContaining([
        { where: '(root)', what: 'anyOf lifted (was [{"required":["z"]},{"required":["k"]}])' }
      ])
    })
  })
})
