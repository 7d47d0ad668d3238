import { classifyNetworkError, TransportError } from '../../src/api/transport.js'

function withCode(code: unknown, message = 'socket error'): Error {
  return Object.assign(new Error(message), { code })
}

describe('classifyNetworkError', () => {
  test('ECONNREFUSED: the request was not sent', () => {
    const error = classifyNetworkError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('TransportError')
    expect(error.message).toBe('connection failed (ECONNREFUSED)')
    expect(error.failure).toBe('not-sent')
    expect(error.code).toBe('ECONNREFUSED')
  })

  test.each(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL'])(
    '%s: not sent',
    (code) => {
      const error = classifyNetworkError(withCode(code))
      expect([error.message, error.failure, error.code]).toEqual([`connection failed (${code})`, 'not-sent', code])
    }
  )

  test('ECONNRESET: it may have landed', () => {
    const error = classifyNetworkError(withCode('ECONNRESET', 'read ECONNRESET'))
    expect([error.message, error.failure, error.code]).toEqual([
      'connection lost (ECONNRESET)',
      'ambiguous',
      'ECONNRESET'
    ])
  })

  test.each(['EPIPE', 'ECONNABORTED', 'ETIMEDOUT'])('%s is ambiguous', (code) => {
    const error = classifyNetworkError(withCode(code))
    expect([error.message, error.failure, error.code]).toEqual([`connection lost (${code})`, 'ambiguous', code])
  })

  test("http-client's 'Request timeout' is a timeout", () => {
    const error = classifyNetworkError(new Error('Request timeout: /v1/agents/a/deployments/active'))
    expect([error.message, error.failure, error.code]).toEqual([
      'the connection went idle (socket timeout)',
      'timeout',
      'ETIMEDOUT'
    ])
  })

  test('the code decides before the message', () => {
    expect(classifyNetworkError(withCode('ECONNREFUSED', 'Request timeout')).failure).toBe('not-sent')
  })

  test("'Request timeout' only at the start counts", () => {
    expect(classifyNetworkError(new Error('upstream said: Request timeout')).failure).toBe('ambiguous')
  })

  test('an error without a code shows its message', () => {
    const error = classifyNetworkError(new Error('socket hang up'))
    expect([error.message, error.failure, error.code]).toEqual([
      'connection lost (socket hang up)',
      'ambiguous',
      undefined
    ])
  })

  test('a non-string code is ignored', () => {
    const error = classifyNetworkError(withCode(61, 'refused'))
    expect([error.message, error.failure, error.code]).toEqual(['connection lost (refused)', 'ambiguous', undefined])
  })

  test.each([
    ['boom', 'connection lost (boom)'],
    [null, 'connection lost (null)'],
    [undefined, 'connection lost (undefined)'],
    [{ code: 'ENOTFOUND' }, 'connection failed (ENOTFOUND)']
  ])('a thrown non-Error %j', (thrown, message) => {
    expect(classifyNetworkError(thrown).message).toBe(message)
  })
})
