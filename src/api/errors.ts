import { cut, redactSecrets } from '../report/sanitize.js'
import { requestIdText } from './request-ids.js'

/**
 * Every way a call can fail, as one error type whose message is the single line a user reads:
 * what was attempted, how it failed, the request's id (the correlation id when the server echoed
 * it; otherwise named as the action's own), and the fix where we know it.
 */
import { ExpectedError } from '../core/errors.js'

export const HINT_AUTH =
  'check that apiKey (or POLYAI_API_KEY) is a current key for this workspace and that region/baseUrl matches the region the key belongs to'
export const HINT_PROMOTE_NOT_FOUND =
  'check deploymentId: it must be the id of an existing deployment of this agent (see the ' +
  'get-active-deployments operation), or leave it empty to promote the active deployment of ' +
  'the previous stage'
export const HINT_ROLLBACK_NOT_FOUND =
  'check deploymentId: it must be the id of an older deployment of this agent, or leave it ' +
  'empty and set targetEnvironment to roll back to the previous version there'
export const HINT_AGENT_NOT_FOUND = 'check agentId and that the key belongs to the workspace that owns the agent'
export const HINT_REDIRECT = 'the PolyAI API does not redirect: check baseUrl/region, or a proxy in between'
export const HINT_RATE_LIMIT = 'the API is rate limiting this key; retry later or space out jobs'

/**
 * The fix for a connection that could not be made, by its code, naming the host (from baseUrl,
 * or https://api.{region}.poly.ai): a name that does not resolve or a refused connection is almost
 * always a wrong region or baseUrl, or a proxy the runner needs or misuses.
 */
export function networkHint(code: string | undefined, baseUrl: string): { hint?: string } {
  let where: string
  try {
    const url = new URL(baseUrl)
    where = url.host
  } catch {
    where = baseUrl
  }
  const check =
    'check region (us, eu, uk, studio or dev: https://api.{region}.poly.ai) and baseUrl, and ' +
    'the proxy settings if the runner uses a proxy (https_proxy, no_proxy)'
  switch (code) {
    case 'ENOTFOUND':
      return { hint: `the name ${where} does not resolve: ${check}` }
    case 'EAI_AGAIN':
      return { hint: `looking up ${where} failed for now (DNS); if it keeps failing, ${check}` }
    case 'ECONNREFUSED':
      return { hint: `nothing accepts connections at ${where}: ${check}` }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { hint: `${where} cannot be reached from the runner: ${check}` }
    default:
      return {}
  }
}

export type FailureKind = 'http' | 'network' | 'timeout' | 'invalid-response' | 'redirect'

export interface ApiErrorDetails {
  /** What the step was doing, e.g. "promote deployment dep-1 to live". */
  action: string
  method: string
  path: string
  kind: FailureKind
  status?: number
  errorCode?: string
  message: string
  /** The id the server echoed for the request (its error_id, or the X-PolyAI-Correlation-Id of its answer). */
  correlationId?: string
  /** The id the action made up and sent as X-PolyAI-Correlation-Id: named as ours unless the server echoed it. */
  requestId?: string
  hint?: string
  location?: string
  /** What the step learned after the failure: retries, whether a mutation landed. */
  notes?: string[]
}

export class ApiError extends ExpectedError {
  readonly details: ApiErrorDetails

  constructor(details: ApiErrorDetails) {
    super(formatApiError(details))
    this.name = 'ApiError'
    this.details = details
  }

  get status(): number | undefined {
    return this.details.status
  }

  get errorCode(): string | undefined {
    return this.details.errorCode
  }
}

/** One line: `Failed to <action>: <METHOD> <path> → HTTP 404 CODE: message (correlation id …); <notes>. Hint: …` */
export function formatApiError(d: ApiErrorDetails): string {
  const outcome =
    d.status !== undefined ? `HTTP ${d.status}${d.errorCode ? ` ${d.errorCode}` : ''}: ${d.message}` : d.message
  const parts = [`Failed to ${d.action}: ${d.method} ${d.path} → ${outcome}`]
  if (d.location) parts.push(`(Location: ${d.location})`)
  const id = requestIdText(d, d.status !== undefined)
  if (id) parts.push(`(${id})`)
  let line = parts.join(' ')
  if (d.notes?.length) line += `; ${d.notes.join('; ')}`
  if (d.hint) line += `. Hint: ${d.hint}`
  return line
}

/** The same error with a note added (what happened after the failure). */
export function withNote(error: ApiError, note: string): ApiError {
  return new ApiError({ ...error.details, notes: [...(error.details.notes ?? []), note] })
}

/**
 * Cuts a non-JSON body (an HTML page from a proxy, say) to a short single-line excerpt. The
 * step's secrets are redacted first, in every form, and the cut never falls inside a redaction.
 */
export function excerpt(body: string, max = 120, secrets: readonly string[] = []): string {
  const flat = redactSecrets(body, secrets)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (!flat) return '(empty body)'
  return cut(flat, max, secrets)
}

/** Reads the PolyAI error envelope, tolerating anything else a proxy may send. */
export function parseErrorBody(
  body: string,
  secrets: readonly string[] = []
): { errorCode?: string; message: string; errorId?: string } {
  try {
    const parsed: unknown = JSON.parse(body)
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>
      const message =
        (typeof o.error_message === 'string' && redactSecrets(o.error_message, secrets)) ||
        (typeof o.error === 'string' && redactSecrets(o.error, secrets)) ||
        (typeof o.message === 'string' && redactSecrets(o.message, secrets)) ||
        excerpt(body, 120, secrets)
      const result: { errorCode?: string; message: string; errorId?: string } = { message }
      if (typeof o.error_code === 'string') result.errorCode = o.error_code
      if (typeof o.error_id === 'string') result.errorId = o.error_id
      return result
    }
  } catch {
    // not JSON: fall through to the excerpt
  }
  return { message: `non-JSON response: ${excerpt(body, 120, secrets)}` }
}

/** The fix we know for a status, if any; the operation may supply a more specific one. */
export function defaultHint(status: number, errorCode: string | undefined): string | undefined {
  if (status === 401 || status === 403) return HINT_AUTH
  if (status === 429) return HINT_RATE_LIMIT
  if (status === 404 && errorCode === 'AGENT_NOT_FOUND') return HINT_AGENT_NOT_FOUND
  return undefined
}
