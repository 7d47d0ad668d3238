/** Secrets out of everything printed, and log lines kept to one line. */
import { describe, expect, test } from '@jest/globals'
import { createRedactor, oneLine, redactDeep } from '../../src/sanitize.js'
import { ApiError, formatApiError, withNote } from '../../src/api/errors.js'

describe('createRedactor', () => {
  test('replaces every occurrence of every secret, longest first', () => {
    const redact = createRedactor(['abcd-1234', 'abcd-1234-extra', undefined, ''])
    expect(redact('x abcd-1234-extra y abcd-1234 z abcd-1234')).toBe('x *** y *** z ***')
  })
  test('leaves secrets too short to be keys to the runner, rather than garble every message', () => {
    expect(createRedactor(['k', 'ab'])('keep blocks as they are')).toBe('keep blocks as they are')
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
    expect(formatApiError({ action: 'x', method: 'GET', path: '/p', kind: 'network', message: 'connection lost' })).toBe('Failed to x: GET /p → connection lost')
  })
})
