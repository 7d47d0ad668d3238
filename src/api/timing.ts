/**
 * Time as the step sees it: an injectable clock (so retry tests run instantly), the step's overall
 * deadline, the per-request timeout, and the retry delays (capped exponential backoff with full
 * jitter, Retry-After honoured).
 */

export interface Clock {
  now(): number
  /** A back-off wait: scaled by POLYAI_ACTION_SLEEP_SCALE in tests. */
  sleep(ms: number): Promise<void>
  random(): number
  /**
   * A wait for the server's own processing (never scaled: the server does not run faster in tests).
   * Defaults to sleep() for clocks that do not tell the two apart.
   */
  wait?(ms: number): Promise<void>
}

/**
 * The real clock. POLYAI_ACTION_SLEEP_SCALE (a number, default 1) scales every back-off wait: the
 * test suite sets it to 0 so the end-to-end fault matrix does not sit through real back-off. The
 * time a scaled sleep skipped still counts: now() runs ahead by it, so the step's deadline and
 * Retry-After dates behave as they would in production, only faster.
 */
export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const text = env.POLYAI_ACTION_SLEEP_SCALE?.trim() ?? ''
  const raw = Number(text)
  // Empty (an unset `${{ vars.X }}`) means the default, not Number('') = 0.
  const scale = text !== '' && Number.isFinite(raw) && raw >= 0 ? raw : 1
  let skipped = 0
  const realWait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
  return {
    now: () => Date.now() + skipped,
    sleep: async (ms) => {
      const real = Math.max(0, ms * scale)
      skipped += Math.max(0, ms - real)
      await realWait(real)
    },
    random: Math.random,
    wait: realWait
  }
}

/** The step's time budget (timeoutSeconds), shared by every request, wait and retry. */
export class Deadline {
  private readonly endsAt: number

  /** `graceMs` is set on a deadline made by withGrace(): it describes itself differently. */
  constructor(
    private readonly clock: Clock,
    readonly budgetMs: number,
    endsAt?: number,
    readonly graceMs?: number
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
    return new Deadline(this.clock, this.budgetMs, now + ms, ms)
  }

  /** "the step's 300 s budget (timeoutSeconds)", for messages. */
  describe(): string {
    const budget = `the step's ${Math.round(this.budgetMs / 1000)} s budget (timeoutSeconds)`
    return this.graceMs === undefined ? budget : `the ${formatSeconds(this.graceMs)} grace for checking whether the change landed (after ${budget} ran out)`
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
  if (/^\d+$/.test(text)) return Math.min(capMs, Number(text) * 1000)
  // An HTTP date names its weekday first (IMF-fixdate, RFC 850 and asctime forms); Date.parse alone
  // would also accept junk such as "1.5" or "-1" as dates in 2001.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.min(capMs, Math.max(0, at - nowMs))
}
