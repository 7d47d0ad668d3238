/**
 * The PolyAI Agents API client. Every method has the same shape: describe the call, let `call()`
 * send it under the step's retry policy and deadline, and check the answer's shape before use.
 *
 * Retry policy (written for this API; http-client's own retries are switched off):
 * - Idempotent calls (GET, the schema PUT, the variables PATCH) retry on connection errors,
 *   timeouts, 408, 429 and 5xx (500/502/503/504), with capped exponential backoff and full jitter,
 *   honouring Retry-After (capped).
 * - Mutations (publish/promote/rollback POSTs) retry directly only when the request surely did not
 *   land (429, or a connection that was never made). After an ambiguous failure (timeout, reset,
 *   5xx, an unreadable 2xx) they ask `verify()` whether the change landed; if it did, that result is
 *   returned with a warning, if it did not, the call is retried. An attempt that took long (a
 *   timeout, a slow 504) may still be in the server's hands, so the server is first given as long
 *   again and the check repeated; when the budget cannot afford that, it is not resent. A check
 *   that fails stops the step: it is never resent blindly. One step never creates two.
 * - Time: each request gets its own timeout (requestTimeout(): at most half of what is left), and
 *   the step's deadline bounds requests, waits and retries. A landing check may overrun the deadline
 *   by LANDING_CHECK_GRACE_MS, so that even a timed-out step says whether it changed anything.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import type { ActiveDeployments, ConfigPage, Deployment, DeploymentMutation, Environment } from '../types.js'
import {
  ApiError,
  defaultHint,
  excerpt,
  type FailureKind,
  HINT_REDIRECT,
  parseErrorBody,
  withNote
} from './errors.js'
import {
  parseActive,
  parseConfigPage,
  parseConfigPages,
  parseDeploymentList,
  parseMutation,
  parseTestRun,
  ShapeError,
  type TestRun
} from './parse.js'
import {
  backoffDelay,
  type BackoffPolicy,
  type Clock,
  type Deadline,
  DEFAULT_BACKOFF,
  formatSeconds,
  MIN_REQUEST_TIMEOUT_MS,
  parseRetryAfter,
  requestTimeout
} from './timing.js'
import { type RawResponse, type Transport, TransportError } from './transport.js'
import { nestingDepth } from '../files.js'
import { redactSecrets } from '../sanitize.js'

export interface Logger {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  debug(message: string): void
}

export interface ClientOptions {
  baseUrl: string
  apiKey: string
  agentId: string
  userAgent: string
  transport: Transport
  clock: Clock
  deadline: Deadline
  log: Logger
  backoff?: BackoffPolicy
  /** Upper bound for one request (default 30 s); see requestTimeout() for how the budget cuts it. */
  requestTimeoutMs?: number
}

export interface CallSpec<T> {
  /** What the step is doing, for messages: "promote deployment dep-1 to live". */
  action: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH'
  /** Path below /v1/agents/{agentId}. */
  path: string
  query?: Record<string, string>
  body?: unknown
  /** True when sending the request twice has the same effect as sending it once. */
  idempotent: boolean
  parse: (json: unknown) => T
  /** Fix-it hints by HTTP status, more specific than the defaults. */
  hints?: Partial<Record<number, string>>
  /** Mutations: after an ambiguous failure, tells whether the change landed (its result) or not (undefined). */
  verify?: () => Promise<T | undefined>
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504])

/** How far past the step's deadline a landing check may run: without it a timed-out step could not say what it changed. */
export const LANDING_CHECK_GRACE_MS = 5_000
/** A mutation attempt that failed after at least this long may still be in the server's hands: it is re-checked after a pause before any resend. */
const SETTLE_THRESHOLD_MS = 500

/** A failed attempt the loop may retry, with the error to raise if it may not. */
interface Failed {
  error: ApiError
  retryable: boolean
  /** The request may have landed: mutations must verify before retrying. */
  ambiguous: boolean
  retryAfterMs?: number
  /** How long the attempt took: the server may have been working on it for as long. */
  elapsedMs: number
}

export class PolyAiClient {
  private readonly opts: ClientOptions
  private readonly backoff: BackoffPolicy
  private readonly requestTimeoutMs: number
  /** Set while a landing check runs: its requests may use a short grace past the step's deadline. */
  private readonly graceDeadline = new AsyncLocalStorage<Deadline>()
  /** Requests sent so far (every attempt counts): the benchmark and tests read it. */
  requestCount = 0

  constructor(options: ClientOptions) {
    this.opts = options
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000
  }

  getActiveDeployments(): Promise<ActiveDeployments> {
    return this.call({
      action: 'read the active deployments',
      method: 'GET',
      path: '/deployments/active',
      idempotent: true,
      parse: parseActive
    })
  }

  listDeployments(environment: Environment, limit?: number): Promise<Deployment[]> {
    const query: Record<string, string> = { environment }
    if (limit !== undefined) query.limit = String(limit)
    return this.call({
      action: `list the ${environment} deployments`,
      method: 'GET',
      path: '/deployments',
      query,
      idempotent: true,
      parse: parseDeploymentList
    })
  }

  publish(
    body: { deploymentMessage?: string; environment?: Environment },
    verify: () => Promise<DeploymentMutation | undefined>
  ): Promise<DeploymentMutation> {
    return this.call({
      action: `publish to ${body.environment ?? 'sandbox'}`,
      method: 'POST',
      path: '/deployments/publish',
      body,
      idempotent: false,
      parse: parseMutation,
      verify
    })
  }

  promote(
    deploymentId: string,
    body: { deploymentMessage?: string; targetEnvironment?: Environment },
    verify: () => Promise<DeploymentMutation | undefined>,
    hint: string
  ): Promise<DeploymentMutation> {
    return this.call({
      action: `promote deployment ${deploymentId}${body.targetEnvironment ? ` to ${body.targetEnvironment}` : ''}`,
      method: 'POST',
      path: `/deployments/${encodeURIComponent(deploymentId)}/promote`,
      body,
      idempotent: false,
      parse: parseMutation,
      hints: { 404: hint },
      verify
    })
  }

  rollback(
    deploymentId: string,
    body: { deploymentMessage?: string },
    verify: () => Promise<DeploymentMutation | undefined>,
    hint: string
  ): Promise<DeploymentMutation> {
    return this.call({
      action: `roll back to deployment ${deploymentId}`,
      method: 'POST',
      path: `/deployments/${encodeURIComponent(deploymentId)}/rollback`,
      body,
      idempotent: false,
      parse: parseMutation,
      hints: { 404: hint },
      verify
    })
  }

  listConfigPages(): Promise<ConfigPage[]> {
    return this.call({
      action: 'list the config pages',
      method: 'GET',
      path: '/real-time-configs',
      idempotent: true,
      parse: parseConfigPages
    })
  }

  getConfigPage(environment: Environment): Promise<ConfigPage> {
    return this.call({
      action: `read the ${environment} config page`,
      method: 'GET',
      path: `/real-time-configs/${environment}`,
      idempotent: true,
      parse: (json) => parseConfigPage(json)
    })
  }

  /** PUT replaces the schema: sending the same schema twice leaves the same page, so it is retried freely. */
  putSchema(environment: Environment, schema: Record<string, unknown>): Promise<ConfigPage> {
    return this.call({
      action: `update the ${environment} config schema`,
      method: 'PUT',
      path: `/real-time-configs/${environment}/schema`,
      body: { schema },
      idempotent: true,
      parse: (json) => parseConfigPage(json)
    })
  }

  /**
   * PATCH shallow-merges the given keys. Applying the same keys twice gives the same values as
   * applying them once (no key is removed or computed from the old value), so a retry after an
   * ambiguous failure is harmless and it is treated as idempotent.
   */
  patchVariables(environment: Environment, variables: Record<string, unknown>): Promise<ConfigPage> {
    return this.call({
      action: `update the ${environment} config variables`,
      method: 'PATCH',
      path: `/real-time-configs/${environment}/variables`,
      body: { variables },
      idempotent: true,
      parse: (json) => parseConfigPage(json)
    })
  }

  /** Undocumented endpoint that PolyAI's CLI polls: GET /testing/test-runs/{id}. */
  getTestRun(testRunId: string): Promise<TestRun> {
    return this.call({
      action: `read test run ${testRunId}`,
      method: 'GET',
      path: `/testing/test-runs/${encodeURIComponent(testRunId)}`,
      idempotent: true,
      parse: (json) => parseTestRun(json, testRunId)
    })
  }

  /** Sends one logical call under the retry policy; see the module comment. */
  async call<T>(spec: CallSpec<T>): Promise<T> {
    const fullPath = `/v1/agents/${encodeURIComponent(this.opts.agentId)}${spec.path}`
    let previous: ApiError | undefined
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec, fullPath, attempt, previous)
      if (outcome.ok) return outcome.value
      const failed = outcome.failed
      const mayRetry = failed.retryable && attempt < this.backoff.maxAttempts
      let error = failed.error
      if (failed.ambiguous && !spec.idempotent && spec.verify) {
        const check = await this.checkLanding(spec, failed, mayRetry)
        if (check.landed) return check.value
        if (!check.resend) throw failed.retryable && !mayRetry ? withNote(check.error, `gave up after ${attempt} attempts`) : check.error
        error = check.error
      }
      if (!failed.retryable) throw error
      if (!mayRetry) throw withNote(error, `gave up after ${attempt} attempts`)
      const fromServer = failed.retryAfterMs !== undefined
      const wait = failed.retryAfterMs ?? backoffDelay(attempt, this.backoff, this.opts.clock.random)
      const deadline = this.deadline()
      if (wait >= deadline.remainingMs()) {
        throw withNote(
          error,
          `timed out: ${deadline.describe()} has ${formatSeconds(deadline.remainingMs())} left, not enough to wait ${formatSeconds(wait)}${fromServer ? ' (Retry-After)' : ''} and retry (attempt ${attempt} of ${this.backoff.maxAttempts})`
        )
      }
      this.opts.log.info(
        `  retrying ${spec.method} ${fullPath} in ${formatSeconds(wait)}${fromServer ? ' (Retry-After)' : ''} (attempt ${attempt + 1} of ${this.backoff.maxAttempts}): ${failed.error.details.message}`
      )
      await this.opts.clock.sleep(wait)
      previous = error
    }
  }

  /** The deadline in force: the step's, or a landing check's grace once the step's ran out. */
  private deadline(): Deadline {
    return this.graceDeadline.getStore() ?? this.opts.deadline
  }

  /**
   * After an ambiguous failure of a mutation: did it land? Returns the landed result, or the error
   * to raise (annotated with what the check found) and whether the mutation may be resent.
   * An attempt that took long may still be in the server's hands, so before a resend the server
   * is given as long again (a real-time pause) and the check is repeated; when the budget cannot
   * afford that pause and a resend, it is not resent.
   */
  private async checkLanding<T>(
    spec: CallSpec<T>,
    failed: Failed,
    mayRetry: boolean
  ): Promise<{ landed: true; value: T } | { landed: false; error: ApiError; resend: boolean }> {
    const verify = spec.verify as () => Promise<T | undefined>
    const { error, elapsedMs } = failed
    const { log } = this.opts
    const stop = (note: string): { landed: false; error: ApiError; resend: boolean } => ({
      landed: false,
      error: withNote(error, note),
      resend: false
    })
    const how =
      error.details.status === undefined
        ? error.details.message
        : `HTTP ${error.details.status}${error.details.kind === 'invalid-response' ? ' with an unreadable body' : ''}`
    log.warning(`${spec.method} ${error.details.path} failed ambiguously (${how}); checking whether it landed before deciding to retry`)
    const first = await this.runCheck(verify, error)
    if ('error' in first) return { landed: false, error: first.error, resend: false }
    let value = first.value
    const mayBeBusy = elapsedMs >= SETTLE_THRESHOLD_MS
    if (value === undefined && error.details.kind === 'invalid-response') {
      return stop(
        "the server answered with a success status, so the change may have landed, but no new deployment was found; it was not sent again: check the agent's deployments before re-running"
      )
    }
    if (value === undefined && !mayRetry) {
      return stop(
        mayBeBusy
          ? `checked: it had not landed, but the server may still be working on it (no answer for ${formatSeconds(elapsedMs)}): check the agent's deployments before re-running`
          : 'checked: it did not land, so nothing was changed'
      )
    }
    if (value === undefined && mayBeBusy) {
      const deadline = this.deadline()
      if (deadline.remainingMs() < elapsedMs + MIN_REQUEST_TIMEOUT_MS) {
        return stop(
          `checked: it had not landed, but the server may still be working on it (no answer for ${formatSeconds(elapsedMs)}); timed out: ${deadline.describe()} has ${formatSeconds(deadline.remainingMs())} left, not enough to give it as long again, check again and resend, so it was not sent again: check the agent's deployments before re-running`
        )
      }
      log.info(`  not landed yet; the server may still be working on it, so checking again in ${formatSeconds(elapsedMs)} before resending`)
      await (this.opts.clock.wait ?? this.opts.clock.sleep)(elapsedMs)
      const second = await this.runCheck(verify, error)
      if ('error' in second) return { landed: false, error: second.error, resend: false }
      value = second.value
    }
    if (value !== undefined) {
      log.warning(
        `The ${spec.method} ${error.details.path} request did land despite the failure; reporting that result without sending it again`
      )
      return { landed: true, value }
    }
    log.info('  the change did not land; it is safe to send it again')
    return { landed: false, error: withNote(error, 'checked: it did not land, so nothing was changed'), resend: true }
  }

  /** Runs a landing check under a grace deadline; a failed check becomes the error to raise (never retried blindly). */
  private async runCheck<T>(verify: () => Promise<T | undefined>, cause: ApiError): Promise<{ value: T | undefined } | { error: ApiError }> {
    try {
      const value = await this.graceDeadline.run(this.deadline().withGrace(LANDING_CHECK_GRACE_MS), verify)
      return { value }
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      return {
        error: withNote(
          cause,
          `whether it landed could not be checked, so it was not sent again: check the agent's deployments before re-running (${why})`
        )
      }
    }
  }

  private async attempt<T>(
    spec: CallSpec<T>,
    fullPath: string,
    attempt: number,
    previous: ApiError | undefined
  ): Promise<{ ok: true; value: T } | { ok: false; failed: Failed }> {
    const { clock, log } = this.opts
    const deadline = this.deadline()
    if (deadline.expired()) {
      const what = `before attempt ${attempt} could be sent${previous ? `; the previous attempt failed: ${previous.details.message}` : ''}`
      throw this.timeoutError(spec, fullPath, deadline, what)
    }
    const correlationId = randomUUID()
    const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : ''
    const headers: Record<string, string> = {
      'X-API-KEY': this.opts.apiKey,
      'X-PolyAI-Correlation-Id': correlationId,
      Accept: 'application/json'
    }
    let body: string | undefined
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body)
      headers['Content-Type'] = 'application/json'
    }
    // A mutation gets a smaller share: after a timeout it must be able to wait as long again,
    // check again and still resend within the budget.
    const timeoutMs = requestTimeout(deadline.remainingMs(), this.requestTimeoutMs, spec.idempotent ? 1 / 2 : 1 / 3)
    const url = `${this.opts.baseUrl}${fullPath}${query}`
    // Never the headers: they carry the key.
    log.debug(`${spec.method} ${url} (attempt ${attempt}, timeout ${formatSeconds(timeoutMs)}${body !== undefined ? `, ${Buffer.byteLength(body)} byte body` : ''})`)
    const started = clock.now()
    this.requestCount++
    let response: RawResponse
    try {
      response = withoutKey(
        await this.opts.transport.send({
          method: spec.method,
          url,
          headers,
          timeoutMs,
          ...(body !== undefined ? { body } : {})
        }),
        this.opts.apiKey
      )
    } catch (error) {
      if (!(error instanceof TransportError)) throw error
      const ms = clock.now() - started
      log.info(`${spec.method} ${fullPath} → ${error.message} after ${ms} ms (correlation id ${correlationId})`)
      const timedOut = error.failure === 'timeout'
      const outOfTime = timedOut && deadline.expired()
      const failedError = outOfTime
        ? this.timeoutError(spec, fullPath, deadline, `${spec.method} ${fullPath} was in flight (attempt ${attempt})`, correlationId)
        : this.error(spec, fullPath, { kind: timedOut ? 'timeout' : 'network', message: error.message, correlationId })
      return {
        ok: false,
        failed: {
          error: failedError,
          retryable: !outOfTime,
          ambiguous: error.failure !== 'not-sent',
          elapsedMs: ms
        }
      }
    }
    const ms = clock.now() - started
    log.info(`${spec.method} ${fullPath} → ${response.status} in ${ms} ms (correlation id ${correlationId})`)
    return this.interpret(spec, fullPath, response, correlationId, ms)
  }

  private interpret<T>(
    spec: CallSpec<T>,
    fullPath: string,
    response: RawResponse,
    correlationId: string,
    elapsedMs: number
  ): { ok: true; value: T } | { ok: false; failed: Failed } {
    const { status } = response
    if (status >= 200 && status < 300) {
      try {
        return { ok: true, value: spec.parse(parseJsonBody(response)) }
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error
        // A 2xx we cannot read: for a mutation it did land, and verify() will find it.
        return {
          ok: false,
          failed: {
            error: this.error(spec, fullPath, {
              kind: 'invalid-response',
              status,
              message: `unusable success response: ${error.message}`,
              correlationId
            }),
            retryable: spec.idempotent,
            ambiguous: true,
            elapsedMs
          }
        }
      }
    }
    if (status >= 300 && status < 400) {
      const location = headerValue(response.headers.location)
      return {
        ok: false,
        failed: {
          error: this.error(spec, fullPath, {
            kind: 'redirect',
            status,
            message: 'unexpected redirect (not followed)',
            correlationId,
            hint: HINT_REDIRECT,
            ...(location ? { location } : {})
          }),
          retryable: false,
          ambiguous: false,
          elapsedMs
        }
      }
    }
    const parsed = parseErrorBody(response.body)
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.opts.clock.now(), this.backoff.capMs)
    const hint = spec.hints?.[status] ?? defaultHint(status, parsed.errorCode)
    const error = this.error(spec, fullPath, {
      kind: 'http',
      status,
      message: parsed.message,
      correlationId: parsed.errorId ?? correlationId,
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

  private error(
    spec: CallSpec<unknown>,
    fullPath: string,
    d: {
      kind: FailureKind
      message: string
      status?: number
      errorCode?: string
      correlationId?: string
      hint?: string
      location?: string
    }
  ): ApiError {
    return new ApiError({ action: spec.action, method: spec.method, path: fullPath, ...d })
  }

  private timeoutError(
    spec: CallSpec<unknown>,
    fullPath: string,
    deadline: Deadline,
    what: string,
    correlationId?: string
  ): ApiError {
    return this.error(spec, fullPath, {
      kind: 'timeout',
      message: `timed out: ${deadline.describe()} ran out ${what.startsWith('before') ? what : `while ${what}`}`,
      ...(correlationId ? { correlationId } : {})
    })
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** Deeper answers are refused: parsing would work, but copying or serializing them would overflow the stack. */
export const MAX_RESPONSE_NESTING = 256

/**
 * Replaces the key (in every form: JSON-escaped, URL-encoded, base64…) wherever a server or proxy
 * echoed it in a body, before any part of the body is cut into an excerpt: a cut key would escape
 * both the runner's masking and our redaction.
 */
export function withoutKey(response: RawResponse, apiKey: string): RawResponse {
  const body = redactSecrets(response.body, [apiKey])
  return body === response.body ? response : { ...response, body }
}

/** Parses a success body as JSON, naming what a proxy or a cut connection left instead. */
export function parseJsonBody(response: RawResponse): unknown {
  const text = response.body
  if (text.trim() === '') throw new ShapeError('the body is empty')
  if (nestingDepth(text, MAX_RESPONSE_NESTING).depth > MAX_RESPONSE_NESTING) {
    throw new ShapeError(`the body nests deeper than ${MAX_RESPONSE_NESTING} levels`)
  }
  const type = headerValue(response.headers['content-type']) ?? ''
  try {
    return JSON.parse(text)
  } catch {
    if (/html/i.test(type) || /^\s*</.test(text)) {
      throw new ShapeError(`the body is an HTML page, not JSON (a proxy?): ${excerpt(text)}`)
    }
    throw new ShapeError(`the body is not valid JSON (truncated?): ${excerpt(text, 60)}`)
  }
}
