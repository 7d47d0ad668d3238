/** How a call waits out a 429: Retry-After in full plus growing jitter, cut to what the budget affords. */
import { withNote } from './errors.js'
import type { CallSpec, Failed } from './exchange.js'
import {
  type Deadline,
  formatSeconds,
  MIN_REQUEST_TIMEOUT_MS,
  RATE_LIMIT_MAX_WAIT_MS,
  rateLimitDelay
} from '../core/clock.js'

/** The 429s one call got, and how long it waited on them. */
export interface Limited {
  count: number
  waitedMs: number
}

/** "rate limited: HTTP 429 7 times, 58 s of waiting in all", for the final error. */
export function rateLimitedSoFar(limited: Limited): string {
  return (
    `rate limited: HTTP 429 ${limited.count} time${limited.count === 1 ? '' : 's'}, ` +
    `${formatSeconds(limited.waitedMs)} of waiting in all`
  )
}

export function ordinal(n: number): string {
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}

/**
 * How long to wait after a 429: rateLimitDelay() (Retry-After, never less, plus growing full
 * jitter), cut so that a request still fits in the budget. Throws when the budget cannot afford
 * Retry-After itself, or when Retry-After is longer than one wait may be: sending sooner than the
 * server asked is never done.
 */
export function rateLimitWait(
  spec: CallSpec<unknown>,
  deadline: Deadline,
  failed: Failed,
  limited: Limited,
  random: () => number
): number {
  const { error } = failed
  const retryAfter = failed.retryAfterMs ?? 0
  if (retryAfter > RATE_LIMIT_MAX_WAIT_MS) {
    throw withNote(
      error,
      `${rateLimitedSoFar(limited)}; the server asks to wait ${formatSeconds(retryAfter)} ` +
        `(Retry-After), longer than the ${formatSeconds(RATE_LIMIT_MAX_WAIT_MS)} a step waits at ` +
        `once: re-run later, or space out the jobs sharing this key`
    )
  }
  const room = deadline.remainingMs() - MIN_REQUEST_TIMEOUT_MS
  if (retryAfter > room || room <= 0) {
    throw withNote(
      error,
      `${rateLimitedSoFar(limited)}; timed out: ${deadline.describe()} has ` +
        `${formatSeconds(deadline.remainingMs())} left, not enough to wait ` +
        `${formatSeconds(retryAfter)}${failed.retryAfterMs !== undefined ? ' (Retry-After)' : ''} ` +
        `and send ${spec.method} ${spec.path} again`
    )
  }
  return Math.min(rateLimitDelay(failed.retryAfterMs, limited.count, random), room)
}
