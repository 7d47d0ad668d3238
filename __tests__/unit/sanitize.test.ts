/** Secrets out of everything printed, and log lines kept to one line. */
import { describe, expect, test } from '@jest/globals'
import {
  base64Runs,
  createRedactor,
  cut,
  defuseBidi,
  oneLine,
  redactDeep,
  redactSecrets,
  registerMaskedValues,
  registerSecrets,
  withStepRedaction
} from '../../src/report/sanitize.js'
import { ApiError, excerpt, formatApiError, withNote } from '../../src/api/errors.js'

const KEY = 'pk_live/9aZ+Qx7=Wm3rT8vB2nL5kH'
const b64 = (text: string): string => Buffer.from(text).toString('base64')

/** Every 10-character piece of every encoded form of KEY found in `text`. */
function fragments(text: string): string[] {
  const forms = [
    KEY,
    JSON.stringify(KEY),
    encodeURIComponent(KEY),
    encodeURIComponent(KEY).toLowerCase(),
    b64(KEY),
    ...base64Runs(KEY)
  ]
  const found = new Set<string>()
  for (const form of forms)
    for (let i = 0; i + 10 <= form.length; i++)
      if (text.includes(form.slice(i, i + 10))) found.add(form.slice(i, i + 10))
  return [...found]
}

describe('createRedactor', () => {
  test('replaces every occurrence of every secret, longest first', () => {
    const redact = createRedactor(['abcd-1234', 'abcd-1234-extra', undefined, ''])
    expect(redact('x abcd-1234-extra y abcd-1234 z abcd-1234')).toBe('x *** y *** z ***')
  })
  test.each([
    ['raw', KEY],
    ['JSON-escaped slash', 'pk_live\\/9aZ+Qx7=Wm3rT8vB2nL5kH'],
    ['JSON unicode escapes', 'pk_live\\u002f9aZ\\u002BQx7\\u003dWm3rT8vB2nL5kH'],
    ['URL-encoded, upper-case hex', encodeURIComponent(KEY)],
    ['URL-encoded, lower-case hex', encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ['URL-encoded, mixed with plain characters', 'pk_live/9aZ%2BQx7%3dWm3rT8vB2nL5kH'],
    ['every character URL-encoded', Array.from(Buffer.from(KEY), (b) => `%${b.toString(16)}`).join('')],
    ['base64', b64(KEY)],
    ['base64url', b64(KEY).replace(/\+/g, '-').replace(/\//g, '_')],
    ['base64 inside a longer text (offset 1)', b64(`x${KEY}`)],
    ['base64 inside a longer text (offset 2)', b64(`Basic :${KEY}`)],
    ['base64 inside a longer text (offset 0)', b64(`abc${KEY}xyz`)]
  ])('redacts the key %s', (_form, echoed) => {
    const redacted = createRedactor([KEY])(`before ${echoed} after`)
    expect(redacted).toContain('***')
    expect(redacted.startsWith('before ')).toBe(true)
    expect(fragments(redacted)).toEqual([])
  })
  test.each([
    ['a prefix echoed ("key pk_live/9aZ+Q… is expired")', `key ${KEY.slice(0, 13)}… is expired`],
    ['a suffix echoed (the last 12 characters)', `key …${KEY.slice(-12)} is expired`],
    ['split in two by a line break', `${KEY.slice(0, 14)}\n${KEY.slice(14)}`],
    [
      'HTML entities for / + = (an error page)',
      KEY.replace(/\//g, '&#x2F;').replace(/\+/g, '&#43;').replace(/=/g, '&#61;')
    ],
    ['a URL-encoded prefix', encodeURIComponent(KEY.slice(0, 16))],
    ['a base64 fragment', b64(KEY).slice(4, 20)]
  ])('leaves no 10-character fragment when the echo is %s', (_form, echoed) => {
    const redacted = createRedactor([KEY])(`before ${echoed} after`)
    expect(fragments(redacted)).toEqual([])
    expect(redacted.startsWith('before ')).toBe(true)
    expect(redacted.endsWith(' after')).toBe(true)
  })
  test('a space may be echoed as + (form encoding)', () => {
    expect(createRedactor(['two words here'])('q=two+words+here&x=1')).toBe('q=***&x=1')
  })
  test('leaves secrets too short to be keys to the runner, rather than garble every message', () => {
    expect(createRedactor(['k', 'ab'])('keep blocks as they are')).toBe('keep blocks as they are')
  })
})

describe('cut', () => {
  test('redacts before cutting and never cuts inside a redaction, whatever the cut point', () => {
    registerSecrets([KEY])
    try {
      const encoded = encodeURIComponent(KEY)
      for (let pad = 80; pad <= 125; pad++) {
        const text = `${'x'.repeat(pad)}${encoded} and more text after the key`
        const shown = cut(text, 120)
        expect(fragments(shown)).toEqual([])
        expect(shown).not.toMatch(/[^*]\*{1,2}…$/)
        expect(excerpt(`<p>${text}</p>`)).toBe(shown)
      }
    } finally {
      registerSecrets([])
    }
  })
  test('never cuts inside a surrogate pair: half an emoji is not valid Unicode (the summary, an ::error line)', () => {
    for (let pad = 0; pad < 4; pad++) {
      for (let max = 1; max < 12; max++) {
        const shown = cut('x'.repeat(pad) + '😀'.repeat(10), max)
        expect([
          pad,
          max,
          !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(shown)
        ]).toEqual([pad, max, true])
        expect(shown.length).toBeLessThanOrEqual(max + 1)
        expect(shown.length).toBeGreaterThanOrEqual(max)
      }
    }
    expect(cut('ab😀', 3)).toBe('ab…')
  })
  test('short texts are returned whole, long ones cut with …', () => {
    expect(cut('abc', 3)).toBe('abc')
    expect(cut('abcd', 3)).toBe('abc…')
    expect(cut(`ab ${KEY}`, 6, [KEY])).toBe('ab ***')
    expect(cut(`ab ${KEY} cd`, 4, [KEY])).toBe('ab …')
  })
})

describe('redactDeep', () => {
  test('redacts string values at any depth, never the keys', () => {
    const redact = createRedactor(['s3cret-value'])
    const data = { blocks: [{ text: 'has s3cret-value' }], n: 1, ok: true, none: null, s3: ['s3cret-value'] }
    expect(redactDeep(data, redact)).toEqual({ blocks: [{ text: 'has ***' }], n: 1, ok: true, none: null, s3: ['***'] })
  })
})

describe('oneLine', () => {
  test('no line break of any kind survives, so nothing can start a workflow command', () => {
    const text = oneLine('a\n::set-output name=x::y\r\nb\rc\u2028d')
    expect(text).not.toMatch(/[\r\n\u2028\u2029]/)
    expect(text).toBe('a ⏎ ::set-output name=x::y ⏎ b ⏎ c ⏎ d')
  })
})

describe('ApiError', () => {
  test('one line: call, outcome, Location, correlation id, notes, hint', () => {
    const error = withNote(
      new ApiError({
        action: 'read the active deployments',
        method: 'GET',
        path: '/v1/agents/a/deployments/active',
        kind: 'redirect',
        status: 302,
        message: 'unexpected redirect (not followed)',
        location: 'https://elsewhere',
        correlationId: 'c-1',
        hint: 'check baseUrl'
      }),
      'gave up after 1 attempts'
    )
    expect(error.message).toBe(
      'Failed to read the active deployments: GET /v1/agents/a/deployments/active → HTTP 302: unexpected redirect (not followed) (Location: https://elsewhere) (correlation id c-1); gave up after 1 attempts. Hint: check baseUrl'
    )
    expect(error.status).toBe(302)
    expect(error.errorCode).toBeUndefined()
    expect(
      formatApiError({ action: 'x', method: 'GET', path: '/p', kind: 'network', message: 'connection lost' })
    ).toBe('Failed to x: GET /p → connection lost')
  })
})

describe('a key echoed in another letter case, as hex or as HTML entities (issue 16, item 12)', () => {
  const key = 'pk_Live-9fQ2/Zx7&Kw'
  const redact = createRedactor([key])
  const hex = Buffer.from(key, 'utf8').toString('hex')
  const entities = (text: string, form: (code: number) => string): string =>
    Array.from(text, (c) => form(c.codePointAt(0) ?? 0)).join('')
  test.each([
    ['upper case', key.toUpperCase()],
    ['lower case', key.toLowerCase()],
    ['hex, lower case', hex],
    ['hex, upper case', hex.toUpperCase()],
    ['decimal entities', entities(key, (c) => `&#${c};`)],
    ['decimal entities with leading zeros', entities(key, (c) => `&#00${c};`)],
    ['hex entities', entities(key, (c) => `&#x${c.toString(16)};`)],
    ['hex entities, upper case', entities(key, (c) => `&#X${c.toString(16).toUpperCase()};`)],
    ['named entity for &, plain otherwise', key.replace('&', '&amp;')],
    ['entities and plain characters mixed', Array.from(key, (c, i) => (i % 2 ? `&#${c.charCodeAt(0)};` : c)).join('')],
    ['a 10-character fragment in another case', key.slice(3, 13).toUpperCase()],
    ['a fragment of the hex', hex.slice(6, 26)]
  ])('%s is redacted', (_, form) => {
    const out = redact(`the API said: bad key "${form}" (check it)`)
    expect(out).toContain('***')
    expect(out).not.toContain(form)
    expect(out).toContain('the API said: bad key')
  })

  test('ordinary text is left alone', () => {
    expect(redact('HTTP 401: the key &amp; its region do not match (deadbeef)')).toBe(
      'HTTP 401: the key &amp; its region do not match (deadbeef)'
    )
  })
})

describe('masked config values (maskValues)', () => {
  test('registered values are redacted in any form by redactSecrets and cut; short ones cannot be', () => {
    registerSecrets([])
    registerMaskedValues({ dbPassword: 'Tr0ub4dor&3', nested: { list: ['hunter2-secret', 98765] }, n: 7 })
    expect(redactSecrets('value "TR0UB4DOR&3" is invalid')).toBe('value "***" is invalid')
    expect(redactSecrets(`got ${Buffer.from('hunter2-secret').toString('hex')}`)).toBe('got ***')
    expect(redactSecrets('expected at most 1000, found 98765')).toBe('expected at most 1000, found ***')
    expect(cut(`${'x'.repeat(20)}hunter2-secret and more`, 22)).toBe(`${'x'.repeat(20)}…`)
    // 7 is one character: no redaction could tell it from any other 7.
    expect(redactSecrets('found 7')).toBe('found 7')
    registerSecrets([])
    expect(redactSecrets('hunter2-secret')).toBe('hunter2-secret')
  })
})

describe('fragments in any letter case where lower case depends on the letters around (Greek sigma)', () => {
  test('a 10-character piece of a Greek value is redacted as echoed, in lower case, and beside a letter that lengthens', () => {
    // Σ lower-cases to ς at a word's end and σ elsewhere: the piece ends a word where the value did not.
    const value = 'ΚΩΔΙΚΟΣ-ΠΡΟΣΒΑΣΗΣ-2024'
    const redact = createRedactor([value])
    for (const echoed of ['ΔΙΚΟΣ-ΠΡΟΣ', 'x ΔΙΚΟΣ-ΠΡΟΣ.', 'ωδικοσ-προ', 'ωδικος-προ', 'İ ΚΩΔΙΚΟΣ-ΠΡ', 'ΠΡΟΣΒΑΣΗΣ-'])
      expect(redact(echoed)).toContain('***')
    expect(redact('ΠΡΟΣΒΑΣΗ')).toBe('ΠΡΟΣΒΑΣΗ')
  })
})

describe('defuseBidi', () => {
  test('every bidi control becomes visible and inert', () => {
    expect(defuseBidi('live\u202e\u2066txt.exe\u2069\u200f')).toBe('live[U+202E][U+2066]txt.exe[U+2069][U+200F]')
    expect(defuseBidi('plain – text')).toBe('plain – text')
  })
})

describe('each step keeps its own registrations (withStepRedaction)', () => {
  test('a step starting beside another neither forgets nor borrows what the other registered', async () => {
    let release = (): void => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const first = withStepRedaction(async () => {
      registerSecrets(['pk_first_AbCdEfGhIj'])
      registerMaskedValues({ greeting: 'Welcome-to-Acme-Support' })
      await held // the second step runs its preflight meanwhile
      return redactSecrets('pk_first_AbCdEfGhIj said Welcome-to-Acme-Support to sk_other_9876543210')
    })
    const second = withStepRedaction(async () => {
      registerSecrets(['sk_other_9876543210']) // forgets the masked values of its own step only
      const text = redactSecrets('pk_first_AbCdEfGhIj said Welcome-to-Acme-Support to sk_other_9876543210')
      release()
      return text
    })
    expect(await second).toBe('pk_first_AbCdEfGhIj said Welcome-to-Acme-Support to ***')
    expect(await first).toBe('*** said *** to sk_other_9876543210')
  })
})

describe('fragments are found at every position of a long text (the rolling hash of the scan)', () => {
  test('a 10-character piece of the key, in either case, anywhere among 3,000 characters of other text, is redacted', () => {
    const key = 'pk_live_7f3a9c2e-SECRET_d0e4b1a8'
    const redact = createRedactor([key])
    const filler = Array.from({ length: 3000 }, (_, i) => 'abcdefghij0123456789 .-é€😀'[(i * 7) % 27]).join('')
    for (const at of [0, 1, 2, 9, 10, 11, 997, 1500, 2990]) {
      for (const piece of [key.slice(3, 13), key.slice(20, 30).toUpperCase()]) {
        const text = filler.slice(0, at) + piece + filler.slice(at)
        const out = redact(text)
        expect(out.toLowerCase()).not.toContain(piece.toLowerCase())
        expect(out).toContain('***')
      }
    }
    expect(redact(filler)).toBe(filler)
  })
})
