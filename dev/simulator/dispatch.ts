/**
 * From a request to the result the client sees: the key check, routing to the agent's state and
 * handler, and every failure as a PolyAI error envelope.
 */
import { ApiError, envelope } from './errors.js'
import type { HandlerResult } from './http.js'
import { resolve } from './routes.js'
import { alertsRoute } from './alerts.js'
import type { SimState } from './state.js'

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])

/** Turns a thrown value into the result the client sees (unexpected errors become 500s). */
export function errorResult(err: unknown, correlationId: string): HandlerResult {
  if (err instanceof ApiError) {
    return { status: err.status, body: envelope(err.code, err.message, correlationId), headers: err.headers }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { status: 500, body: envelope('INTERNAL_SERVER_ERROR', `Simulator bug: ${message}`, correlationId) }
}

/** 401 when the X-API-KEY header is missing or wrong. */
export function checkAuth(given: string | undefined, apiKey: string): void {
  if (given === undefined || given === '')
    throw new ApiError(401, 'AUTH_USER_MISSING_API_KEY', 'Missing API key: send it in the X-API-KEY header.')
  if (given !== apiKey) throw new ApiError(401, 'AUTH_USER_UNAUTHORIZED', 'Invalid API key.')
}

/** Routes a request to its handler and runs it; every failure comes back as an error result. */
export function dispatch(
  states: ReadonlyMap<string, SimState>,
  method: string,
  url: URL,
  raw: string,
  correlationId: string
): HandlerResult {
  try {
    // The Alerts API is account-wide: the first agent's state holds the account's rules.
    const account = states.values().next().value
    const alerts = account && alertsRoute(account.alerts, method, url.pathname, Object.fromEntries(url.searchParams))
    if (alerts) return alerts
    const found = resolve(method, url.pathname)
    if (found.kind === 'not-found') throw new ApiError(404, 'NOT_FOUND', `No route for ${method} ${url.pathname}.`)
    const state = states.get(found.agentId)
    if (!state) throw new ApiError(404, 'AGENT_NOT_FOUND', `Agent ${found.agentId} does not exist.`)
    if (found.kind === 'method-not-allowed') {
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}.`, {
        Allow: found.allow.join(', ')
      })
    }
    let body: unknown
    if (WITH_BODY.has(method) && raw.trim() !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        throw new ApiError(400, 'INVALID_JSON', 'Request body is not valid JSON.')
      }
    }
    const query = Object.fromEntries(url.searchParams)
    return found.handler({ state, params: found.params, query, body })
  } catch (err) {
    return errorResult(err, correlationId)
  }
}
