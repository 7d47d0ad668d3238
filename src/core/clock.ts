/** Time as the step sees it: an injectable clock, the step's deadline, request timeouts and retry delays. */

export interface Clock {
  now(): number
  /**
   * Resolves after `ms` on this clock; resolves early (without error) when `signal` aborts, so a
   * request's timeout can be cancelled once its answer is in. Every wait of the step goes through
   * here: back-off, the landing check's pause, test-run polling and each request's timeout.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  random(): number
}

/**
 * The real clock. now() is monotonic (the process's start time plus the time elapsed since, read
 * from performance.now()): a runner whose wall clock is stepped mid-step (NTP on a self-hosted
 * runner) must not stretch or end the step's budget.
 */
export function systemClock(): Clock {
  return {
    now: () => performance.timeOrigin + performance.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve()
        const done = (): void => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          resolve()
        }
        const timer = setTimeout(done, Math.max(0, ms))
        signal?.addEventListener('abort', done, { once: true })
      }),
    random: Math.random
  }
}

/**
 * A request's timeout on the step's clock (never a real timer of its own, so tests on a fake clock
 * wait for nothing): `signal` aborts once `ms` have passed on `clock`, with the TimeoutError that
 * AbortSignal.timeout gives; `cancel()` disarms it once the exchange is over, so no timer outlives it.
 */
export function clockTimeout(clock: Clock, ms: number): { signal: AbortSignal; cancel: () => void } {
  const timeout = new AbortController()
  const answered = new AbortController()
  void clock.sleep(ms, answered.signal).then(() => {
    if (!answered.signal.aborted)
      timeout.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
  })
  return { signal: timeout.signal, cancel: () => answered.abort() }
}

/** Runs `call` with a clockTimeout of `ms`, disarmed when the call settles. */
export async function withClockTimeout<T>(
  clock: Clock,
  ms: number,
  call: (signal: AbortSignal) => Promise<T>
): Promise<T> {
  const { signal, cancel } = clockTimeout(clock, ms)
  try {
    return await call(signal)
  } finally {
    cancel()
  }
}

/**
 * How far past timeoutSeconds a step may run, at most: only the check whether a change landed
 * (withGrace) and the GitHub writes of a step whose budget left them less than this (withFloor).
 */
export const STEP_GRACE_MS = 5_000

/** The step's time budget (timeoutSeconds), shared by every request, wait and retry. */
export class Deadline {
  private readonly endsAt: number

  /**
   * `graceMs` is set on a deadline made by withGrace(), `reservedMs` on one made by reserving() (and
   * the grace deadlines made from it): each describes itself differently.
   */
  constructor(
    private readonly clock: Clock,
    readonly budgetMs: number,
    endsAt?: number,
    readonly graceMs?: number,
    readonly reservedMs?: number
  ) {
    this.endsAt = endsAt ?? clock.now() + budgetMs
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock.now())
  }

  expired(): boolean {
    return this.remainingMs() <= 0
  }

  /**
   * A deadline at least `ms` from now. Checking whether a mutation landed is worth a short overrun:
   * without it a step that ran out of time could not say whether it changed anything.
   */
  withGrace(ms: number): Deadline {
    const now = this.clock.now()
    if (this.endsAt - now >= ms) return this
    return new Deadline(this.clock, this.budgetMs, now + ms, ms, this.reservedMs)
  }

  /**
   * This deadline `ms` earlier: the operation's, when the step keeps the end of its budget for what
   * it writes last (the pull request comment and the GitHub Deployment record).
   */
  reserving(ms: number): Deadline {
    if (ms <= 0) return this
    return new Deadline(this.clock, this.budgetMs, this.endsAt - ms, undefined, ms)
  }

  /**
   * This deadline, but at least `ms` from now and never more than `ms` past its end: what the last
   * writes of a step get when the budget left them less than that (see STEP_GRACE_MS).
   */
  withFloor(ms: number): Deadline {
    const now = this.clock.now()
    if (this.endsAt - now >= ms) return this
    return new Deadline(this.clock, this.budgetMs, Math.max(this.endsAt, Math.min(this.endsAt, now) + ms))
  }

  /** "the step's 300 s budget (timeoutSeconds)", for messages. */
  describe(): string {
    const reserved = this.reservedMs
      ? `, less the last ${formatSeconds(this.reservedMs)} kept for the pull request comment and the GitHub Deployment record`
      : ''
    const budget = `the step's ${Math.round(this.budgetMs / 1000)} s budget (timeoutSeconds${reserved})`
    return this.graceMs === undefined
      ? budget
      : `the ${formatSeconds(this.graceMs)} grace for checking whether the change landed (after ${budget} ran out)`
  }
}

/** "12 s", "1.5 s", "0.2 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`
}

/** No request is given less than this, unless the deadline itself is closer. */
export const MIN_REQUEST_TIMEOUT_MS = 1_000

/**
 * The timeout of one request: at most `capMs`, and at most `share` of what is left (but at least
 * MIN_REQUEST_TIMEOUT_MS, and never past the deadline), so one hung request leaves time to check
 * whether a mutation landed and to retry.
 */
export function requestTimeout(remainingMs: number, capMs: number, share = 1 / 2): number {
  const floor = Math.min(MIN_REQUEST_TIMEOUT_MS, remainingMs)
  return Math.max(0, Math.min(capMs, Math.max(remainingMs * share, floor)))
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
  // Seconds; a fraction ("1.5", not the RFC's integer but plain in meaning) is waited in full, never read as none.
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(capMs, Math.ceil(Number(text) * 1000))
  // An HTTP date names its weekday first (IMF-fixdate, RFC 850 and asctime forms); Date.parse alone
  // would also accept junk such as "1.5" or "-1" as dates in 2001.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.min(capMs, Math.max(0, at - nowMs))
}

/** No single wait on a rate limit is longer than this; a Retry-After beyond it ends the call instead. */
export const RATE_LIMIT_MAX_WAIT_MS = 60_000
/** The jitter added on top of Retry-After grows with each 429 of a call, up to this. */
const RATE_LIMIT_JITTER_CAP_MS = 30_000
/** The jitter window's unit when the server names no Retry-After (or a very short one). */
const RATE_LIMIT_JITTER_MIN_MS = 1_000

/**
 * The wait after the `limited`-th HTTP 429 of a call: the server's Retry-After (never less), plus
 * full jitter over a window that grows with each 429 (1.5 × Retry-After, then × 1.5 each time, up
 * to 30 s), so that a matrix sharing one key spreads out instead of coming back in lockstep. The
 * whole wait is capped at RATE_LIMIT_MAX_WAIT_MS unless Retry-After alone is longer (the caller
 * refuses that: it never sends sooner than the server asked).
 */
export function rateLimitDelay(retryAfterMs: number | undefined, limited: number, random: () => number): number {
  const floor = Math.max(0, retryAfterMs ?? 0)
  const unit = Math.max(floor, RATE_LIMIT_JITTER_MIN_MS)
  const window = Math.min(RATE_LIMIT_JITTER_CAP_MS, unit * 1.5 ** Math.max(1, limited))
  const jitter = Math.floor(random() * window)
  return floor + Math.max(0, Math.min(jitter, RATE_LIMIT_MAX_WAIT_MS - floor))
}
