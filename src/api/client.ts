/**
 * The PolyAI Agents API client. Every method has the same shape: describe the call, let `call()`
 * send it under the step's retry policy and deadline, and check the answer's shape before use.
 *
 * Retry policy (written for this API; http-client's own retries are switched off):
 * - Idempotent calls (GET, the schema PUT, the variables PATCH) retry on connection errors,
 *   timeouts, 408, 429 and 5xx (500/502/503/504), with capped exponential backoff and full jitter,
 *   honouring Retry-After.
 * - Mutations (publish/promote/rollback POSTs) retry directly only when the request surely did not
 *   land (429, or a connection that was never made). After an ambiguous failure (timeout, reset,
 *   5xx, an unreadable 2xx) they ask `verify()` whether the change landed; if it did, that result is
 *   returned with a warning, if it did not, the call is retried. One step never creates two.
 */
import { randomUUID } from 'node:crypto'
import type { ActiveDeployments, ConfigPage, Deployment, DeploymentMutation, Environment } from '../types.js'
import {
  ApiError,
  defaultHint,
  excerpt,
  type FailureKind,
  HINT_REDIRECT,
  parseErrorBody
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
  parseRetryAfter
} from './timing.js'
import { type RawResponse, type Transport, TransportError } from './transport.js'

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
  /** Upper bound for one request; the step's remaining budget may cut it shorter. */
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

/** A failed attempt the loop may retry, with the error to raise if it may not. */
interface Failed {
  error: ApiError
  retryable: boolean
  /** The request may have landed: mutations must verify before retrying. */
  ambiguous: boolean
  retryAfterMs?: number
}

export class PolyAiClient {
  private readonly opts: ClientOptions
  private readonly backoff: BackoffPolicy
  private readonly requestTimeoutMs: number
  /** Requests sent so far (every attempt counts): the benchmark and tests read it. */
  requestCount = 0

  constructor(options: ClientOptions) {
    this.opts = options
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000
  }

  get agentId(): string {
    return this.opts.agentId
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
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec, fullPath, attempt)
      if (outcome.ok) return outcome.value
      const failed = outcome.failed
      if (failed.ambiguous && !spec.idempotent) {
        const landed = await this.verifyLanded(spec, failed.error)
        if (landed !== undefined) return landed
      }
      if (!failed.retryable || attempt >= this.backoff.maxAttempts) throw failed.error
      const wait = failed.retryAfterMs ?? backoffDelay(attempt, this.backoff, this.opts.clock.random)
      if (wait >= this.opts.deadline.remainingMs()) {
        throw this.timeoutError(spec, fullPath, `${failed.error.details.message}; no time left to retry`)
      }
      this.opts.log.info(
        `  retrying ${spec.method} ${fullPath} in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.backoff.maxAttempts}): ${failed.error.details.message}`
      )
      await this.opts.clock.sleep(wait)
    }
  }

  private async verifyLanded<T>(spec: CallSpec<T>, cause: ApiError): Promise<T | undefined> {
    if (!spec.verify) return undefined
    this.opts.log.warning(
      `${spec.method} ${cause.details.path} failed ambiguously (${cause.details.status !== undefined ? `HTTP ${cause.details.status}` : cause.details.message}); checking whether it landed before deciding to retry`
    )
    let landed: T | undefined
    try {
      landed = await spec.verify()
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      throw new ApiError({
        ...cause.details,
        message: `${cause.details.message}; and it could not be checked whether the change landed, so it was not retried (${why})`
      })
    }
    if (landed !== undefined) {
      this.opts.log.warning(
        `The ${spec.method} ${cause.details.path} request did land despite the failure; reporting that result without sending it again`
      )
    } else {
      this.opts.log.info('  the change did not land; it is safe to send it again')
    }
    return landed
  }

  private async attempt<T>(
    spec: CallSpec<T>,
    fullPath: string,
    attempt: number
  ): Promise<{ ok: true; value: T } | { ok: false; failed: Failed }> {
    const { clock, deadline, log } = this.opts
    if (deadline.expired()) throw this.timeoutError(spec, fullPath, 'before the request could be sent')
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
    const timeoutMs = Math.min(this.requestTimeoutMs, deadline.remainingMs())
    const started = clock.now()
    this.requestCount++
    let response: RawResponse
    try {
      response = await this.opts.transport.send({
        method: spec.method,
        url: `${this.opts.baseUrl}${fullPath}${query}`,
        headers,
        timeoutMs,
        ...(body !== undefined ? { body } : {})
      })
    } catch (error) {
      if (!(error instanceof TransportError)) throw error
      const ms = clock.now() - started
      log.info(`${spec.method} ${fullPath} → ${error.message} after ${ms} ms (correlation id ${correlationId})`)
      const outOfTime = error.failure === 'timeout' && deadline.expired()
      const kind: FailureKind = error.failure === 'timeout' ? 'timeout' : 'network'
      const failedError = outOfTime
        ? this.timeoutError(spec, fullPath, `${spec.method} ${fullPath} was in flight (attempt ${attempt})`, correlationId)
        : this.error(spec, fullPath, { kind, message: error.message, correlationId })
      return {
        ok: false,
        failed: {
          error: failedError,
          retryable: !outOfTime,
          ambiguous: error.failure !== 'not-sent'
        }
      }
    }
    const ms = clock.now() - started
    log.info(`${spec.method} ${fullPath} → ${response.status} in ${ms} ms (correlation id ${correlationId})`)
    return this.interpret(spec, fullPath, response, correlationId)
  }

  private interpret<T>(
    spec: CallSpec<T>,
    fullPath: string,
    response: RawResponse,
    correlationId: string
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
            ambiguous: true
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
          ambiguous: false
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
    const retryStatus = RETRY_STATUSES.has(status)
    return {
      ok: false,
      failed: {
        error,
        // 429 means the request was refused, so even a mutation may simply be sent again.
        retryable: retryStatus,
        ambiguous: retryStatus && status !== 429,
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

  private timeoutError(spec: CallSpec<unknown>, fullPath: string, what: string, correlationId?: string): ApiError {
    return this.error(spec, fullPath, {
      kind: 'timeout',
      message: `timed out: the step's ${Math.round(this.opts.deadline.budgetMs / 1000)} s budget (timeoutSeconds) ran out; ${what}`,
      ...(correlationId ? { correlationId } : {})
    })
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** Parses a success body as JSON, naming what a proxy or a cut connection left instead. */
export function parseJsonBody(response: RawResponse): unknown {
  const text = response.body
  if (text.trim() === '') throw new ShapeError('the body is empty')
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
