/**
 * Time as the step sees it: an injectable clock (so retry tests run instantly), the step's overall
 * deadline, and the retry delays (capped exponential backoff with full jitter, Retry-After honoured).
 */

export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

/**
 * The real clock. POLYAI_ACTION_SLEEP_SCALE (a number, default 1) scales every wait: the test suite
 * sets it to 0 so the end-to-end fault matrix does not sit through real back-off.
 */
export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const raw = Number(env.POLYAI_ACTION_SLEEP_SCALE)
  const scale = env.POLYAI_ACTION_SLEEP_SCALE !== undefined && Number.isFinite(raw) && raw >= 0 ? raw : 1
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms * scale))),
    random: Math.random
  }
}

export class DeadlineExceededError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DeadlineExceededError'
  }
}

/** The step's time budget (timeoutSeconds), shared by every request, wait and retry. */
export class Deadline {
  private readonly endsAt: number

  constructor(
    private readonly clock: Clock,
    readonly budgetMs: number
  ) {
    this.endsAt = clock.now() + budgetMs
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock.now())
  }

  expired(): boolean {
    return this.remainingMs() <= 0
  }

  /** Throws when the budget is spent, naming what the step was about to do. */
  check(doing: string): void {
    if (this.expired()) {
      throw new DeadlineExceededError(
        `timed out: the step's ${Math.round(this.budgetMs / 1000)} s budget (timeoutSeconds) ran out while ${doing}`
      )
    }
  }
}

export interface BackoffPolicy {
  /** First retry waits up to this long. */
  baseMs: number
  /** No single wait is longer than this, Retry-After included. */
  capMs: number
  /** Attempts in all, the first included. */
  maxAttempts: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 20_000, maxAttempts: 5 }

/** Full jitter: a uniform wait between 0 and min(cap, base * 2^(attempt-1)). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.floor(random() * ceiling)
}

/**
 * Parses Retry-After in either form (delta-seconds or an HTTP date) into milliseconds from now,
 * capped; undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number,
  capMs: number
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Math.min(capMs, Number(text) * 1000)
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.min(capMs, Math.max(0, at - nowMs))
}
