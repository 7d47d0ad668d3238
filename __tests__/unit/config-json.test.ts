/** The JSON helpers the config sync compares and shows values with. */
import { describe, expect, test } from '@jest/globals'
import { canonicalJson, childPointer, jsonEqual, preview, unescapePointerToken } from '../../src/config/json.js'
import { escapeComment } from '../../src/report/comment-render.js'
import { describeSchema } from '../../src/config/diff.js'

describe('jsonEqual', () => {
  test('compares keys named like Object methods as data (where fast-deep-equal would not)', () => {
    const a = JSON.parse('{"properties":{"constructor":{"type":"string"},"toString":1,"valueOf":"x"}}') as unknown
    const b = JSON.parse('{"properties":{"valueOf":"x","toString":1,"constructor":{"type":"string"}}}') as unknown
    expect(jsonEqual(a, b)).toBe(true)
    expect(
      jsonEqual(a, JSON.parse('{"properties":{"constructor":{"type":"number"},"toString":1,"valueOf":"x"}}'))
    ).toBe(false)
  })
  test('ignores object key order at every level', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(true)
  })
  test.each([
    [{ a: 1 }, { a: 1, b: 2 }],
    [
      { a: 1, b: 2 },
      { a: 1, c: 2 }
    ],
    [
      [1, 2],
      [2, 1]
    ],
    [[1], [1, 1]],
    [{ a: null }, { a: 0 }],
    [1, '1'],
    [{ a: [] }, { a: {} }],
    [null, {}]
  ])('tells %j from %j', (a, b) => {
    expect(jsonEqual(a, b)).toBe(false)
    expect(jsonEqual(b, a)).toBe(false)
  })
  test('canonicalJson is the same text for equal values', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe(canonicalJson({ a: { c: 2, d: 1 }, b: 1 }))
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
  })
})

/** No lone surrogate: text any JSON parser and UTF-8 encoder takes as it is. */
const wellFormed = (text: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)

describe('pointers and previews', () => {
  test('pointer tokens are escaped per RFC 6901 and back', () => {
    expect(childPointer('/properties', 'a/b~c')).toBe('/properties/a~1b~0c')
    expect(unescapePointerToken('a~1b~0c')).toBe('a/b~c')
    expect(childPointer('', 0)).toBe('/0')
  })
  test('a cut never splits an emoji into half a surrogate pair (text that is not well-formed Unicode)', () => {
    for (let n = 0; n < 8; n++) {
      const cut = preview('x'.repeat(n) + '😀'.repeat(30), 20)
      expect([n, wellFormed(cut)]).toEqual([n, true])
      expect(cut.endsWith('…')).toBe(true)
    }
    for (let max = 10; max < 16; max++)
      expect([max, wellFormed(describeSchema({ pattern: 'a😀😀😀😀' }, max))]).toEqual([max, true])
    expect(wellFormed(escapeComment('😀'.repeat(400)))).toBe(true)
    expect(wellFormed(escapeComment('x' + '😀'.repeat(400)))).toBe(true)
  })

  test('previews are compact JSON, cut with an ellipsis', () => {
    expect(preview('Hello')).toBe('"Hello"')
    expect(preview({ a: [1, 2] })).toBe('{"a":[1,2]}')
    expect(preview(undefined)).toBe('—')
    const long = preview('x'.repeat(100), 20)
    expect(long).toHaveLength(20)
    expect(long.endsWith('…')).toBe(true)
  })
})
