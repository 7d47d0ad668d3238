/**
 * One attempt of a call, classified for the policy: a value, or a failure saying whether to retry and whether a
 * mutation may have landed.
 */
import { randomUUID } from 'node:crypto'
import { ApiError, defaultHint, excerpt, HINT_REDIRECT, networkHint, parseErrorBody } from './errors.js'
import { echoedId, type RequestIds, requestIdText } from './request-ids.js'
import { ShapeError } from './parse.js'
import {
  type BackoffPolicy,
  type Clock,
  clockTimeout,
  type Deadline,
  formatSeconds,
  parseRetryAfter,
  requestTimeout
} from '../core/clock.js'
import { type RawResponse, TOO_LARGE, type Transport, TransportError } from './transport.js'
import { nestingDepth } from '../core/files.js'
import { noteInexactNumbers } from '../core/json-syntax.js'

export interface Logger {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  debug(message: string): void
}

/** What every call is sent with: where, as whom, over what, on which clock. */
export interface Wire {
  baseUrl: string
  apiKey: string
  transport: Transport
  clock: Clock
  log: Logger
  /** Upper bound for one request; see requestTimeout() for how the budget cuts it. */
  requestTimeoutMs: number
  backoff: BackoffPolicy
  /** Requests sent so far (every attempt counts): the benchmark and tests read it. */
  counter: { requests: number }
}

/** One logical call, as the endpoint client describes it. */
export interface CallSpec<T> {
  /** What the step is doing, for messages: "promote deployment dep-1 to live". */
  action: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH'
  /** The full path, /v1/agents/{agentId}/… (see paths.ts). */
  path: string
  query?: Record<string, string>
  body?: unknown
  /** True when sending the request twice has the same effect as sending it once. */
  idempotent: boolean
  parse: (json: unknown) => T
  /** Fix-it hints by HTTP status, more specific than the defaults. */
  hints?: Partial<Record<number, string>>
  /**
   * Mutations: after an ambiguous failure, tells whether the change landed (its result) or not
   * (undefined), reading under the deadline it is given (the step's, or the landing check's grace).
   */
  verify?: (deadline: Deadline) => Promise<T | undefined>
  /** What a person should look for to tell whether the mutation landed, for the failure message. */
  lookFor?: string
  /** What the checks saw that might be it after all (new deployments without the mark), for the failure message. */
  unclaimed?: () => string | undefined
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504])

/** A failed attempt, with what the policy needs to decide what comes next. */
export interface Failed {
  error: ApiError
  retryable: boolean
  /** The request may have landed: a mutation must check before anything else. */
  ambiguous: boolean
  retryAfterMs?: number
  /** How long the attempt took: the server may have been working on it for as long. */
  elapsedMs: number
  /**
   * A 2xx whose body was a whole JSON answer, only of the wrong shape: the API itself answered,
   * after acting. Not set for an empty, cut or HTML body (a proxy's, with the API maybe still at work).
   */
  wholeAnswer?: boolean
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; failed: Failed }

export function apiError(
  spec: CallSpec<unknown>,
  d: Omit<ConstructorParameters<typeof ApiError>[0], 'action' | 'method' | 'path'>
): ApiError {
  return new ApiError({ action: spec.action, method: spec.method, path: spec.path, ...d })
}

/** "timed out: the step's 20 s budget (timeoutSeconds) ran out while …" (`requestId`: ours, of the request in flight). */
export function timeoutError(spec: CallSpec<unknown>, deadline: Deadline, what: string, requestId?: string): ApiError {
  return apiError(spec, {
    kind: 'timeout',
    message: `timed out: ${deadline.describe()} ran out ${what.startsWith('before') ? what : `while ${what}`}`,
    ...(requestId ? { requestId } : {})
  })
}

/** Sends one attempt under `deadline`; throws only when the deadline ran out before it could be sent. */
export async function sendAttempt<T>(
  wire: Wire,
  spec: CallSpec<T>,
  deadline: Deadline,
  attempt: number,
  previous: ApiError | undefined
): Promise<Attempt<T>> {
  const { clock, log } = wire
  if (deadline.expired()) {
    throw timeoutError(
      spec,
      deadline,
      `before attempt ${attempt} could be sent${previous ? `; the previous attempt failed: ${previous.details.message}` : ''}`
    )
  }
  // Ours until the server echoes it: only then is it the request's correlation id.
  const requestId = randomUUID()
  const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : ''
  const headers: Record<string, string> = {
    'X-API-KEY': wire.apiKey,
    'X-PolyAI-Correlation-Id': requestId,
    Accept: 'application/json'
  }
  let body: string | undefined
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body)
    headers['Content-Type'] = 'application/json'
  }
  // A mutation gets a smaller share: after a timeout it must be able to wait as long again and check again.
  const timeoutMs = requestTimeout(deadline.remainingMs(), wire.requestTimeoutMs, spec.idempotent ? 1 / 2 : 1 / 3)
  const url = `${wire.baseUrl}${spec.path}${query}`
  // Never the headers: they carry the key.
  log.debug(
    `${spec.method} ${url} (attempt ${attempt}, timeout ` +
      `${formatSeconds(timeoutMs)}${body !== undefined ? `, ${Buffer.byteLength(body)} byte body` : ''})`
  )
  const started = clock.now()
  wire.counter.requests++
  // The request's timeout runs on the step's clock; it is cancelled as soon as the exchange ends.
  const timeout = clockTimeout(clock, timeoutMs)
  let response: RawResponse
  try {
    // The body is kept as the server sent it: what is parsed and acted on is never redacted. Only what
    // is printed from it (an excerpt, an error message) is, with the key this client was given.
    response = await wire.transport.send({
      method: spec.method,
      url,
      headers,
      timeoutMs,
      signal: timeout.signal,
      ...(body !== undefined ? { body } : {})
    })
  } catch (error) {
    if (!(error instanceof TransportError)) throw error
    const ms = Math.round(clock.now() - started)
    log.info(`${spec.method} ${spec.path} → ${error.message} after ${ms} ms (${requestIdText({ requestId })})`)
    const timedOut = error.failure === 'timeout'
    const outOfTime = timedOut && deadline.expired()
    const kind = timedOut ? 'timeout' : 'network'
    const failedError = outOfTime
      ? timeoutError(spec, deadline, `${spec.method} ${spec.path} was in flight (attempt ${attempt})`, requestId)
      : apiError(spec, { kind, message: error.message, requestId, ...networkHint(error.code, wire.baseUrl) })
    // Asking again gets the same: a name that does not resolve (ENOTFOUND; EAI_AGAIN, a lookup failed for now, may
    // resolve next time), or an answer over the size limit, which arrived whole (or was on its way).
    const final = outOfTime || error.code === 'ENOTFOUND' || error.code === TOO_LARGE
    return {
      ok: false,
      failed: { error: failedError, retryable: !final, ambiguous: error.failure !== 'not-sent', elapsedMs: ms }
    }
  } finally {
    timeout.cancel()
  }
  const ms = Math.round(clock.now() - started)
  const ids = { requestId, ...echoedId(response.headers) }
  log.info(`${spec.method} ${spec.path} → ${response.status} in ${ms} ms (${requestIdText(ids, true)})`)
  return interpret(wire, spec, response, ids, ms)
}

function interpret<T>(
  wire: Wire,
  spec: CallSpec<T>,
  response: RawResponse,
  ids: RequestIds,
  elapsedMs: number
): Attempt<T> {
  const { status } = response
  if (status >= 200 && status < 300) {
    // A body that did not arrive whole (empty, cut, a proxy's page) may come right on a retry; a
    // complete JSON body of the wrong shape will not: asking again gets the same answer.
    let transient = true
    try {
      const json = parseJsonBody(response, [wire.apiKey])
      transient = false
      return { ok: true, value: spec.parse(json) }
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error
      const complete = (error as ShapeError & { complete?: boolean }).complete === true
      // For a mutation the server said it acted; the policy checks whether it landed.
      const message = `unusable success response: ${error.message}`
      const failure = apiError(spec, { kind: 'invalid-response', status, message, ...ids })
      const wholeAnswer = !transient || complete
      return {
        ok: false,
        failed: { error: failure, retryable: spec.idempotent && !wholeAnswer, ambiguous: true, elapsedMs, wholeAnswer }
      }
    }
  }
  if (status >= 300 && status < 400) {
    const location = headerValue(response.headers.location)
    const error = apiError(spec, {
      kind: 'redirect',
      status,
      message: 'unexpected redirect (not followed)',
      ...ids,
      hint: HINT_REDIRECT,
      ...(location ? { location } : {})
    })
    // 301/302/303 turn a POST into a GET elsewhere: how a server says "done, see there" after acting
    // (303 especially), so a mutation checks whether it landed. 307/308 ask for the same request
    // elsewhere: nothing was done here.
    return {
      ok: false,
      failed: { error, retryable: false, ambiguous: status === 301 || status === 302 || status === 303, elapsedMs }
    }
  }
  const parsed = parseErrorBody(response.body, [wire.apiKey])
  // A Retry-After date is the server's clock: measure it from the server's own Date header, not the runner's clock.
  // Uncapped here: the policy caps it (a 429's in full or not at all: never sooner than the server asked).
  const serverNow = Date.parse(headerValue(response.headers.date) ?? '')
  const retryAfterMs = parseRetryAfter(
    response.headers['retry-after'],
    Number.isNaN(serverNow) ? wire.clock.now() : serverNow,
    Infinity
  )
  const hint = spec.hints?.[status] ?? defaultHint(status, parsed.errorCode)
  const error = apiError(spec, {
    kind: 'http',
    status,
    message: parsed.message,
    ...ids,
    ...(parsed.errorId ? { correlationId: parsed.errorId } : {}),
    ...(parsed.errorCode ? { errorCode: parsed.errorCode } : {}),
    ...(hint ? { hint } : {})
  })
  return {
    ok: false,
    failed: {
      error,
      // 429 means the request was refused, so even a mutation may simply be sent again.
      retryable: RETRY_STATUSES.has(status),
      // A 5xx (or 408) may come from a gateway after the backend acted: a mutation checks first.
      ambiguous: status >= 500 || status === 408,
      elapsedMs,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {})
    }
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** Deeper answers are refused: parsing would work, but copying or serializing them would overflow the stack. */
export const MAX_RESPONSE_NESTING = 256

/** Parses a success body as JSON, naming what a proxy or a cut connection left instead. */
export function parseJsonBody(response: RawResponse, secrets: readonly string[] = []): unknown {
  const text = response.body
  if (text.trim() === '') throw new ShapeError('the body is empty')
  if (nestingDepth(text, MAX_RESPONSE_NESTING).depth > MAX_RESPONSE_NESTING) {
    // Complete, and refused for what it is: not something a retry changes.
    throw Object.assign(new ShapeError(`the body nests deeper than ${MAX_RESPONSE_NESTING} levels`), { complete: true })
  }
  const type = headerValue(response.headers['content-type']) ?? ''
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    if (/html/i.test(type) || /^\s*</.test(text)) {
      throw new ShapeError(`the body is an HTML page, not JSON (a proxy?): ${excerpt(text, 120, secrets)}`)
    }
    throw new ShapeError(`the body is not valid JSON (truncated?): ${excerpt(text, 60, secrets)}`)
  }
  // Read by the steps that write a number back (config pages): one a double cannot hold is refused there.
  noteInexactNumbers(value, text)
  return value
}
