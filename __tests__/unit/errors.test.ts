import {
  ApiError,
  type ApiErrorDetails,
  defaultHint,
  excerpt,
  formatApiError,
  HINT_AGENT_NOT_FOUND,
  HINT_AUTH,
  HINT_RATE_LIMIT,
  parseErrorBody
} from '../../src/api/errors.js'

const BASE: ApiErrorDetails = {
  action: 'promote deployment dep-1 to live',
  method: 'POST',
  path: '/v1/agents/agent-1/deployments/dep-1/promote',
  kind: 'http',
  message: 'Deployment not found'
}

describe('formatApiError', () => {
  test('every part, in order', () => {
    expect(
      formatApiError({
        ...BASE,
        status: 404,
        errorCode: 'DEPLOYMENT_NOT_FOUND',
        correlationId: 'corr-1',
        location: 'https://elsewhere.example/x',
        hint: 'check deploymentId'
      })
    ).toBe(
      'Failed to promote deployment dep-1 to live: POST /v1/agents/agent-1/deployments/dep-1/promote → HTTP 404 DEPLOYMENT_NOT_FOUND: Deployment not found (Location: https://elsewhere.example/x) (correlation id corr-1). Hint: check deploymentId'
    )
  })

  test('status without an error code', () => {
    expect(formatApiError({ ...BASE, status: 500, message: 'Internal error', correlationId: 'c' })).toBe(
      'Failed to promote deployment dep-1 to live: POST /v1/agents/agent-1/deployments/dep-1/promote → HTTP 500: Internal error (correlation id c)'
    )
  })

  test('no status (a network failure) shows the message alone', () => {
    expect(
      formatApiError({
        action: 'read the active deployments',
        method: 'GET',
        path: '/v1/agents/a/deployments/active',
        kind: 'network',
        message: 'connection failed (ECONNREFUSED)'
      })
    ).toBe(
      'Failed to read the active deployments: GET /v1/agents/a/deployments/active → connection failed (ECONNREFUSED)'
    )
  })

  test('status 0 still counts as a status', () => {
    expect(formatApiError({ ...BASE, status: 0, message: 'odd' })).toBe(
      'Failed to promote deployment dep-1 to live: POST /v1/agents/agent-1/deployments/dep-1/promote → HTTP 0: odd'
    )
  })

  test('the hint follows directly when there is no correlation id', () => {
    expect(formatApiError({ ...BASE, status: 401, hint: HINT_AUTH })).toBe(
      `Failed to promote deployment dep-1 to live: POST /v1/agents/agent-1/deployments/dep-1/promote → HTTP 401: Deployment not found. Hint: ${HINT_AUTH}`
    )
  })
})

describe('ApiError', () => {
  test('carries the details and formats its message', () => {
    const details: ApiErrorDetails = { ...BASE, status: 409, errorCode: 'CONFLICT' }
    const error = new ApiError(details)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ApiError')
    expect(error.message).toBe(formatApiError(details))
    expect(error.details).toBe(details)
    expect(error.status).toBe(409)
    expect(error.errorCode).toBe('CONFLICT')
  })

  test('status and errorCode are undefined when absent', () => {
    const error = new ApiError({ ...BASE, kind: 'timeout' })
    expect(error.status).toBeUndefined()
    expect(error.errorCode).toBeUndefined()
  })
})

describe('parseErrorBody', () => {
  test('the PolyAI envelope', () => {
    expect(
      parseErrorBody(
        JSON.stringify({ error_code: 'AGENT_NOT_FOUND', error_message: 'Agent not found', error_id: 'err-7' })
      )
    ).toStrictEqual({ errorCode: 'AGENT_NOT_FOUND', message: 'Agent not found', errorId: 'err-7' })
  })

  test('error_message wins over error, which wins over message', () => {
    expect(parseErrorBody('{"error_message":"a","error":"b","message":"c"}')).toStrictEqual({ message: 'a' })
    expect(parseErrorBody('{"error":"b","message":"c"}')).toStrictEqual({ message: 'b' })
    expect(parseErrorBody('{"message":"c"}')).toStrictEqual({ message: 'c' })
  })

  test('empty or non-string messages fall through', () => {
    expect(parseErrorBody('{"error_message":"","error":42,"message":"used"}')).toStrictEqual({ message: 'used' })
  })

  test('an object without a message shows an excerpt of itself', () => {
    expect(parseErrorBody('{"detail":"gone"}')).toStrictEqual({ message: '{"detail":"gone"}' })
  })

  test('non-string code and id are ignored', () => {
    expect(parseErrorBody('{"error_code":404,"error_id":null,"message":"m"}')).toStrictEqual({ message: 'm' })
  })

  test('an HTML page from a proxy', () => {
    expect(
      parseErrorBody(
        '<html>\n<head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1></body>\n</html>'
      )
    ).toStrictEqual({ message: 'non-JSON response: 502 Bad Gateway 502 Bad Gateway' })
  })

  test('plain text', () => {
    expect(parseErrorBody('upstream connect error')).toStrictEqual({
      message: 'non-JSON response: upstream connect error'
    })
  })

  test.each(['', '   \n'])('an empty body %j', (body) => {
    expect(parseErrorBody(body)).toStrictEqual({ message: 'non-JSON response: (empty body)' })
  })
})

describe('excerpt', () => {
  test('strips tags and collapses whitespace', () => {
    expect(excerpt('<p>Hello,\n\n   <b>world</b></p>')).toBe('Hello, world')
  })

  test('cuts to 120 characters by default', () => {
    expect(excerpt('a'.repeat(121))).toBe(`${'a'.repeat(120)}…`)
    expect(excerpt('a'.repeat(120))).toBe('a'.repeat(120))
  })

  test('honours a custom maximum', () => {
    expect(excerpt('abcdefghij', 4)).toBe('abcd…')
  })

  test.each(['', '   ', '<html><body></body></html>'])('nothing readable in %j', (body) => {
    expect(excerpt(body)).toBe('(empty body)')
  })
})

describe('defaultHint', () => {
  test.each([
    [401, undefined, HINT_AUTH],
    [403, 'FORBIDDEN', HINT_AUTH],
    [429, undefined, HINT_RATE_LIMIT],
    [404, 'AGENT_NOT_FOUND', HINT_AGENT_NOT_FOUND],
    [404, 'DEPLOYMENT_NOT_FOUND', undefined],
    [404, undefined, undefined],
    [500, undefined, undefined],
    [400, 'AGENT_NOT_FOUND', undefined]
  ])('%i %s', (status, code, hint) => {
    expect(defaultHint(status, code)).toBe(hint)
  })

  test('the auth hint names the fix', () => {
    expect(HINT_AUTH).toBe(
      'check that apiKey (or POLYAI_API_KEY) is a current key for this workspace and that region/baseUrl matches the region the key belongs to'
    )
  })
})
