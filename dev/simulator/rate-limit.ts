/**
 * A rate limit per key, as PolyAI answers one: a token bucket (`perSecond` tokens a second, up to
 * `burst` at once) and, beyond it, 429 with Retry-After, the request not acted on. Retry-After is
 * delta-seconds, or an HTTP date sent with the server's own Date header. Every request a client
 * sends sooner than the Retry-After it was last given is recorded: the client broke the rule.
 */
import { ApiError } from './errors.js'

export interface RateLimitOptions {
  /** Tokens added per second (the sustained rate). */
  perSecond: number
  /** The bucket's size: requests allowed at once after a quiet spell (default: perSecond, at least 1). */
  burst?: number
  /** What Retry-After asks for, in whole seconds (default 2). */
  retryAfterSeconds?: number
  /** 'seconds' (default) or 'date': an HTTP date, with the server's Date header beside it. */
  retryAfterForm?: 'seconds' | 'date'
}

/** A request that came sooner than the Retry-After its client was given. */
export interface EarlyRequest {
  client: string
  method: string
  path: string
  at: number
  notBefore: number
}

/** What the limit did so far. */
export interface RateLimitReport {
  readonly options: Readonly<RateLimitOptions>
  admitted: number
  limited: number
  early: EarlyRequest[]
}

export interface RateLimiter {
  report: RateLimitReport
  /** Admits the request (a token taken) or throws the 429 to send; `client` is who is told to wait (the agent). */
  take(key: string, client: string, method: string, path: string): void
}

export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  if (!(options.perSecond > 0)) throw new Error('rate limit: perSecond must be a positive number')
  const burst = Math.max(1, options.burst ?? options.perSecond)
  const retryAfterMs = Math.max(0, Math.round(options.retryAfterSeconds ?? 2)) * 1000
  const buckets = new Map<string, { tokens: number; at: number }>()
  const notBefore = new Map<string, number>()
  const report: RateLimitReport = { options: { ...options }, admitted: 0, limited: 0, early: [] }
  return {
    report,
    take(key, client, method, path) {
      const t = now()
      const due = notBefore.get(client)
      if (due !== undefined && t < due) report.early.push({ client, method, path, at: t, notBefore: due })
      const bucket = buckets.get(key) ?? { tokens: burst, at: t }
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) * options.perSecond) / 1000)
      bucket.at = t
      buckets.set(key, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        report.admitted++
        return
      }
      report.limited++
      let headers: Record<string, string>
      let until: number
      if (options.retryAfterForm === 'date') {
        // HTTP dates have whole seconds: the named second is never earlier than asked.
        until = Math.ceil((t + retryAfterMs) / 1000) * 1000
        headers = { 'Retry-After': new Date(until).toUTCString(), Date: new Date(t).toUTCString() }
      } else {
        until = t + retryAfterMs
        headers = { 'Retry-After': String(retryAfterMs / 1000) }
      }
      notBefore.set(client, Math.max(due ?? 0, until))
      throw new ApiError(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests for this API key: slow down.', headers)
    }
  }
}
