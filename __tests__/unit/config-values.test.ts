/** The update-variables plan: shallow merge as the API applies it, sending only changed keys. */
import { describe, expect, test } from '@jest/globals'
import { isNoop, planMerge } from '../../src/config/values.js'

describe('planMerge', () => {
  test('adds new keys, changes different ones and leaves equal ones out of the patch', () => {
    const plan = planMerge(
      { greeting: 'Hello', maxRetries: 3, nested: { a: 1, b: 2 } },
      { greeting: 'Hello', maxRetries: 5, locale: 'en-GB', nested: { b: 2, a: 1 } }
    )
    expect(plan.added).toEqual(['locale'])
    expect(plan.changed).toEqual(['maxRetries'])
    expect(plan.patch).toEqual({ maxRetries: 5, locale: 'en-GB' })
    expect(plan.merged).toEqual({ greeting: 'Hello', maxRetries: 5, nested: { a: 1, b: 2 }, locale: 'en-GB' })
    expect(isNoop(plan)).toBe(false)
  })

  test('is shallow: a nested object is replaced whole, not merged', () => {
    const plan = planMerge({ nested: { a: 1, b: 2 } }, { nested: { a: 1 } })
    expect(plan.changed).toEqual(['nested'])
    expect(plan.merged).toEqual({ nested: { a: 1 } })
  })

  test('keeps keys the file does not mention, and treats a page without values as {}', () => {
    expect(planMerge(null, { a: 1 })).toEqual({ merged: { a: 1 }, patch: { a: 1 }, added: ['a'], changed: [] })
    expect(planMerge({ keep: true }, {}).merged).toEqual({ keep: true })
  })

  test('null is a value like any other', () => {
    expect(planMerge({ a: 1 }, { a: null }).changed).toEqual(['a'])
    expect(isNoop(planMerge({ a: null }, { a: null }))).toBe(true)
  })

  test('nothing to send when every key already has its value', () => {
    const plan = planMerge({ a: 1, b: [1, 2] }, { b: [1, 2] })
    expect(isNoop(plan)).toBe(true)
    expect(plan.patch).toEqual({})
  })

  test('a "__proto__" key stays plain data, never a prototype', () => {
    const desired = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>
    const plan = planMerge({}, desired)
    expect(plan.added).toEqual(['__proto__'])
    expect(JSON.stringify(plan.patch)).toBe('{"__proto__":{"polluted":true}}')
    expect((plan.merged as { polluted?: unknown }).polluted).toBeUndefined()
  })
})
