/**
 * How a failed call names its request (the correlation id only when the server echoed it) and the
 * fix for a connection that could not be made.
 */
import { describe, expect, test } from '@jest/globals'
import { type ApiErrorDetails, formatApiError, networkHint } from '../../src/api/errors.js'
import { echoedId, requestIdText } from '../../src/api/request-ids.js'

const READ: ApiErrorDetails = {
  action: 'read the active deployments',
  method: 'GET',
  path: '/v1/agents/a/deployments/active',
  kind: 'network',
  message: 'connection failed (ENOTFOUND)'
}

describe('request ids', () => {
  test('no answer: the id is ours, and the server never saw an answer to give', () => {
    expect(formatApiError({ ...READ, requestId: 'r-1' })).toBe(
      'Failed to read the active deployments: GET /v1/agents/a/deployments/active → connection failed (ENOTFOUND) (request id r-1, ours: the server did not answer)'
    )
    expect(requestIdText({ requestId: 'r-1' })).toBe('request id r-1, ours: the server did not answer')
  })

  test('an answer that did not echo it: ours, and said so', () => {
    expect(formatApiError({ ...READ, kind: 'http', status: 502, message: 'non-JSON response', requestId: 'r-1' })).toBe(
      'Failed to read the active deployments: GET /v1/agents/a/deployments/active → HTTP 502: non-JSON response (request id r-1, ours: the answer did not echo it)'
    )
  })

  test('echoed: the correlation id; another id than ours names both', () => {
    expect(requestIdText({ requestId: 'r-1', correlationId: 'r-1' }, true)).toBe('correlation id r-1')
    expect(requestIdText({ requestId: 'r-1', correlationId: 'srv-9' }, true)).toBe(
      'correlation id srv-9; our request id r-1'
    )
    expect(requestIdText({})).toBeUndefined()
  })

  test('the echo is read from the answer header, trimmed and cut', () => {
    expect(echoedId({ 'x-polyai-correlation-id': ' r-1 ' })).toEqual({ correlationId: 'r-1' })
    expect(echoedId({ 'x-polyai-correlation-id': ['r-2', 'r-3'] })).toEqual({ correlationId: 'r-2' })
    expect(echoedId({ 'x-polyai-correlation-id': '  ' })).toEqual({})
    expect(echoedId({})).toEqual({})
    expect(echoedId({ 'x-polyai-correlation-id': 'x'.repeat(500) }).correlationId!.length).toBeLessThanOrEqual(101)
  })
})

describe('networkHint', () => {
  const CHECK =
    'check region (us, eu, uk, studio or dev: https://api.{region}.poly.ai) and baseUrl, and the proxy settings if the runner uses a proxy (https_proxy, no_proxy)'

  test.each([
    ['ENOTFOUND', `the name api.eu.poly.ai does not resolve: ${CHECK}`],
    ['EAI_AGAIN', `looking up api.eu.poly.ai failed for now (DNS); if it keeps failing, ${CHECK}`],
    ['ECONNREFUSED', `nothing accepts connections at api.eu.poly.ai: ${CHECK}`],
    ['EHOSTUNREACH', `api.eu.poly.ai cannot be reached from the runner: ${CHECK}`]
  ])('%s', (code, hint) => {
    expect(networkHint(code, 'https://api.eu.poly.ai')).toEqual({ hint })
  })

  test('a port is named; a reset (not a connection failure) gets no hint', () => {
    expect(networkHint('ECONNREFUSED', 'http://127.0.0.1:8080/base').hint).toMatch(
      /^nothing accepts connections at 127\.0\.0\.1:8080: /
    )
    expect(networkHint('ECONNRESET', 'https://api.eu.poly.ai')).toEqual({})
    expect(networkHint(undefined, 'https://api.eu.poly.ai')).toEqual({})
  })
})
