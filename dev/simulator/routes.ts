/**
 * The route table for /v1/agents/{agentId}/...: request validation and calls into SimState.
 * Pure request -> result: no sockets, no faults, no auth (the server does those).
 */
import { ApiError } from './errors.js'
import { isPlainObject } from './schema.js'
import { isEnvironment, type Environment, type SimState } from './state.js'
import type { HandlerResult } from './http.js'

/** What a route handler gets: the state, path params, query and the parsed JSON body. */
export interface RouteContext {
  state: SimState
  params: Record<string, string>
  query: Record<string, string>
  body: unknown
}

type Handler = (ctx: RouteContext) => HandlerResult

interface Route {
  method: string
  /** Segments after /v1/agents/{agentId}; `:name` captures one non-empty segment. */
  pattern: string[]
  handler: Handler
}

const ok = (body: unknown, status = 200): HandlerResult => ({ status, body })

const validationFailed = (message: string): ApiError => new ApiError(400, 'DEPLOYMENTS_VALIDATION_FAILED', message)

/** Reads an optional deployment-action body that may only hold `allowed` non-empty string fields. */
function strictStringBody(body: unknown, allowed: readonly string[]): Record<string, string> {
  if (body === undefined || body === null) return {}
  if (!isPlainObject(body)) throw validationFailed('Request body must be a JSON object.')
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if (!allowed.includes(key))
      throw validationFailed(`Unrecognized field \`${key}\`: only ${allowed.join(', ')} are allowed.`)
    if (typeof value !== 'string') throw validationFailed(`Field \`${key}\` must be a string.`)
    if (value === '') throw validationFailed(`Field \`${key}\` must not be empty.`)
    out[key] = value
  }
  return out
}

const invalidEnvironment = (): ApiError =>
  new ApiError(400, 'DEPLOYMENTS_INVALID_ENVIRONMENT', 'Invalid or missing `environment` query parameter.')

function listDeployments({ state, query }: RouteContext): HandlerResult {
  const env = query['environment']
  if (!isEnvironment(env)) throw invalidEnvironment()
  const limit = query['limit']
  if (limit !== undefined && !/^\d+$/.test(limit)) throw validationFailed('`limit` must be a non-negative integer.')
  const all = state.history(env)
  return ok({ deployments: limit === undefined ? all : all.slice(0, Number(limit)) })
}

function activeDeployments({ state }: RouteContext): HandlerResult {
  return ok({
    activeDeployments: {
      sandbox: state.active('sandbox'),
      'pre-release': state.active('pre-release'),
      live: state.active('live')
    }
  })
}

function publish({ state, body }: RouteContext): HandlerResult {
  const input = body ?? {}
  if (!isPlainObject(input)) throw validationFailed('Request body must be a JSON object.')
  const { deploymentMessage = '', environment = 'sandbox' } = input
  if (typeof deploymentMessage !== 'string') throw validationFailed('Field `deploymentMessage` must be a string.')
  if (!isEnvironment(environment)) {
    throw new ApiError(400, 'DEPLOYMENTS_INVALID_ENVIRONMENT', `Unknown environment \`${String(environment)}\`.`)
  }
  return ok({ deployment: state.publish(environment, deploymentMessage), testRunIds: [] }, 201)
}

function promote({ state, params, body }: RouteContext): HandlerResult {
  const input = strictStringBody(body, ['deploymentMessage', 'targetEnvironment'])
  const target = input['targetEnvironment']
  let targetEnv: Environment | undefined
  if (target !== undefined) {
    if (!isEnvironment(target)) throw validationFailed('Field `targetEnvironment` must be one of pre-release, live.')
    targetEnv = target // 'sandbox' is a known environment but never a later stage: SimState says 400 INVALID_ENVIRONMENT
  }
  return ok(state.promote(params['deploymentId'] ?? '', targetEnv, input['deploymentMessage'] ?? ''))
}

function rollback({ state, params, body }: RouteContext): HandlerResult {
  const input = strictStringBody(body, ['deploymentMessage'])
  return ok({
    deployment: state.rollback(params['deploymentId'] ?? '', input['deploymentMessage'] ?? ''),
    testRunIds: []
  })
}

function getTestRun({ state, params }: RouteContext): HandlerResult {
  return ok(state.pollTestRun(params['testRunId'] ?? ''))
}

/** The `{clientEnv}` path param as an Environment, or 400 UNKNOWN_CLIENT_ENVIRONMENT. */
function clientEnv(params: Record<string, string>): Environment {
  const env = params['clientEnv']
  if (!isEnvironment(env)) {
    throw new ApiError(
      400,
      'REAL_TIME_CONFIG_UNKNOWN_CLIENT_ENVIRONMENT',
      `Unknown client environment \`${env ?? ''}\`.`
    )
  }
  return env
}

/** The required top-level field of a config body, or 400 REAL_TIME_CONFIG_VALIDATION_FAILED. */
function requiredField(body: unknown, field: string): unknown {
  if (!isPlainObject(body) || !(field in body)) {
    throw new ApiError(400, 'REAL_TIME_CONFIG_VALIDATION_FAILED', `Missing required field \`${field}\`.`)
  }
  return body[field]
}

function listConfigPages({ state }: RouteContext): HandlerResult {
  return ok({ configPages: [state.configPages.sandbox, state.configPages['pre-release'], state.configPages.live] })
}

function getConfigPage({ state, params }: RouteContext): HandlerResult {
  return ok(state.configPages[clientEnv(params)])
}

function putSchema({ state, params, body }: RouteContext): HandlerResult {
  const env = clientEnv(params)
  return ok(state.setSchema(env, requiredField(body, 'schema')))
}

function patchVariables({ state, params, body }: RouteContext): HandlerResult {
  const env = clientEnv(params)
  const variables = requiredField(body, 'variables')
  if (!isPlainObject(variables)) {
    throw new ApiError(400, 'REAL_TIME_CONFIG_VALIDATION_FAILED', 'Field `variables` must be a JSON object.')
  }
  return ok(state.patchVariables(env, variables))
}

const route = (method: string, path: string, handler: Handler): Route => ({
  method,
  pattern: path.split('/').slice(1),
  handler
})

/** Every endpoint the simulator serves, relative to /v1/agents/{agentId}. */
export const ROUTES: readonly Route[] = [
  route('GET', '/deployments', listDeployments),
  route('GET', '/deployments/active', activeDeployments),
  route('POST', '/deployments/publish', publish),
  route('POST', '/deployments/:deploymentId/promote', promote),
  route('POST', '/deployments/:deploymentId/rollback', rollback),
  route('GET', '/testing/test-runs/:testRunId', getTestRun),
  route('GET', '/real-time-configs', listConfigPages),
  route('GET', '/real-time-configs/:clientEnv', getConfigPage),
  route('PUT', '/real-time-configs/:clientEnv/schema', putSchema),
  route('PATCH', '/real-time-configs/:clientEnv/variables', patchVariables)
]

/** Result of resolving a pathname: the agent id it names plus either the handler or the allowed methods. */
export type Resolution =
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; agentId: string; allow: string[] }
  | { kind: 'found'; agentId: string; handler: Handler; params: Record<string, string> }

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null
  const params: Record<string, string> = {}
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? ''
    if (part.startsWith(':')) {
      if (segment === '') return null
      params[part.slice(1)] = segment
    } else if (part !== segment) {
      return null
    }
  }
  return params
}

/** Finds the route for `method pathname` (404 and 405 are told apart here). */
export function resolve(method: string, pathname: string): Resolution {
  let segments: string[]
  try {
    segments = pathname.split('/').slice(1).map(decodeURIComponent)
  } catch {
    return { kind: 'not-found' } // malformed %-escape
  }
  const [v1, agents, agentId, ...rest] = segments
  if (v1 !== 'v1' || agents !== 'agents' || !agentId) return { kind: 'not-found' }
  const allow: string[] = []
  for (const r of ROUTES) {
    const params = matchPattern(r.pattern, rest)
    if (!params) continue
    if (r.method === method) return { kind: 'found', agentId, handler: r.handler, params }
    allow.push(r.method)
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', agentId, allow } : { kind: 'not-found' }
}
