/** The JSON syntax locator behind file annotations agrees with JSON.parse, and says where and why. */
import { describe, expect, test } from '@jest/globals'
import { findJsonSyntaxError, lineAndColumn, nestingDepth } from '../../src/core/files.js'
import { inexactNumbers, survivesDouble } from '../../src/core/json-syntax.js'

const VALID = [
  '{}',
  '[]',
  ' {"a": [1, -2.5e+3, 0, 0.25, true, false, null, "x\\"y\\\\z\\u00e9\\n"], "b": {"c": {}}} ',
  '"just a string"',
  '-0',
  '[[], [[]], {"": ""}]'
]

/** A small deterministic generator, so the fuzz below is the same on every run. */
function prng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

describe('findJsonSyntaxError', () => {
  test.each(VALID)('valid: %s', (text) => {
    expect(findJsonSyntaxError(text)).toBeUndefined()
  })

  test.each([
    ['{"a": 1,}', 8, "expected a double-quoted property name, found '}'"],
    ['[1, 2,]', 6, "expected a value (a string, number, object, array, true, false or null), found ']'"],
    ['{"a" 1}', 5, "expected ':' after the property name, found '1'"],
    ['{"a": tru}', 6, "expected a value (a string, number, object, array, true, false or null), found 't'"],
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}', found '\"'"],
    ['[1 2]', 3, "expected ',' or ']', found '2'"],
    ['{"a": "x\ny"}', 8, 'a line break or control character inside a string (escape it)'],
    ['{"a": "\\q"}', 7, 'invalid escape in a string: \\q'],
    ['{"a": "abc', 10, 'a string that never ends (missing closing quote)'],
    ['{"a": [1, 2', 11, "expected ',' or ']', found the end of the file"],
    ['{} {}', 3, "unexpected '{' after the end of the JSON value"],
    ["{'a': 1}", 1, "expected a double-quoted property name, found '''"],
    ['', 0, 'expected a value (a string, number, object, array, true, false or null), found the end of the file'],
    ['01', 1, "unexpected '1' after the end of the JSON value"]
  ])('%j → offset %d: %s', (text, offset, reason) => {
    expect(findJsonSyntaxError(text)).toEqual({ offset, reason })
  })

  test('agrees with JSON.parse on 3000 random corruptions of valid documents', () => {
    const random = prng(42)
    const alphabet = '{}[]":,-+.0123456789eEtrufalsn \n\\u"ab'
    for (let n = 0; n < 3000; n++) {
      const chars = [...(VALID[n % VALID.length] as string)]
      const edits = 1 + Math.floor(random() * 3)
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (chars.length + 1))
        const c = alphabet[Math.floor(random() * alphabet.length)] as string
        const kind = random()
        if (kind < 0.33) chars.splice(at, 1)
        else if (kind < 0.66) chars.splice(at, 0, c)
        else chars.splice(at, 1, c)
      }
      const text = chars.join('')
      let parses = true
      try {
        JSON.parse(text)
      } catch {
        parses = false
      }
      expect({ text, valid: findJsonSyntaxError(text) === undefined }).toEqual({ text, valid: parses })
    }
  })

  test('100000-deep nesting: no stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999)
    expect(findJsonSyntaxError(deep)).toEqual({
      offset: 199_999,
      reason: "expected ',' or ']', found the end of the file"
    })
    expect(nestingDepth(deep, 64)).toEqual({ depth: 65, offset: 64 })
    expect(lineAndColumn(deep, 64)).toEqual({ line: 1, column: 65 })
  })
})

describe('numbers a double cannot hold (issue 16, item 2)', () => {
  test.each([
    // Survive: the double written back names the same decimal value.
    ['0', true],
    ['-0', true],
    ['1.0', true],
    ['1e2', true],
    ['100E-2', true],
    ['0.1', true],
    ['-2.50', true],
    ['1.5e300', true],
    ['0.30000000000000004', true],
    ['123.456e-2', true],
    ['9007199254740992', true],
    ['5e-324', true],
    ['1.7976931348623157e308', true],
    ['123456789012345678e2', false],
    // Do not: overflow, underflow, digits a double drops.
    ['1e400', false],
    ['-1e400', false],
    ['1e-400', false],
    ['12345678901234567891', false],
    ['12345678901234567892', false],
    ['9007199254740993', false],
    ['0.1000000000000000055511151231257827', false],
    ['1.00000000000000001', false],
    ['2e-324', false]
  ])('%s survives a double: %s', (token, expected) => {
    expect(survivesDouble(token)).toBe(expected)
  })

  test('inexactNumbers names each one by its JSON pointer, and reads strings (escapes included) as strings', () => {
    const text =
      JSON.stringify({ ok: 1 }).slice(0, -1) +
      ',"a\\"1e400":"1e400 \\" 12345678901234567891","list":[1,2,{"x~y/z":1e400}],"big":12345678901234567891,"deep":{"n":[0.5,-1e-400]}}'
    expect(JSON.parse(text)).toBeTruthy()
    expect(inexactNumbers(text).map((n) => [n.pointer, n.text])).toEqual([
      ['/list/2/x~0y~1z', '1e400'],
      ['/big', '12345678901234567891'],
      ['/deep/n/1', '-1e-400']
    ])
    expect(inexactNumbers('{"a": [1, 2.5, 1e2, "1e400"], "b": {"c": 0.1}}')).toEqual([])
    const at = inexactNumbers('{\n  "v": 1e999\n}')[0]
    expect(at).toEqual({ pointer: '/v', text: '1e999', offset: 9 })
  })
})
