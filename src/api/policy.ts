/**
 * The call policy: retries, waits, timeouts and landing checks for mutations that are never resent
 * (docs/architecture.md).
 */
import { ApiError, withNote } from './errors.js'
import { type CallSpec, type Failed, sendAttempt, type Wire } from './exchange.js'
import { backoffDelay, type Deadline, formatSeconds, MIN_REQUEST_TIMEOUT_MS } from '../core/clock.js'
import { type Limited, ordinal, rateLimitedSoFar, rateLimitWait } from './rate-limit.js'

/** How far past the step's deadline a landing check may run: without it a timed-out step could not say what it changed. */
export const LANDING_CHECK_GRACE_MS = 5_000
/** The first pause between landing checks; it doubles up to RECHECK_CAP_MS. */
const RECHECK_FIRST_MS = 2_000
const RECHECK_CAP_MS = 15_000

type Check<T> = { landed: true; value: T } | { landed: false; error: ApiError }

/** Sends one logical call under the policy; see the module comment. */
export async function callWithPolicy<T>(wire: Wire, spec: CallSpec<T>, deadline: Deadline): Promise<T> {
  const { backoff, clock, log } = wire
  let previous: ApiError | undefined
  /** Attempts that failed other than by a rate limit: only these count towards backoff.maxAttempts. */
  let failures = 0
  const limited: Limited = { count: 0, waitedMs: 0 }
  for (let sent = 1; ; sent++) {
    const outcome = await sendAttempt(wire, spec, deadline, sent, previous)
    if (outcome.ok) return outcome.value
    const failed = outcome.failed
    const error = failed.error
    if (failed.ambiguous && !spec.idempotent && spec.verify) {
      const check = await checkLanding(wire, spec, deadline, failed)
      if (check.landed) return check.value
      throw check.error
    }
    if (!failed.retryable) throw limited.count ? withNote(error, rateLimitedSoFar(limited)) : error
    let wait: number
    if (error.details.status === 429) {
      limited.count++
      try {
        wait = rateLimitWait(spec, deadline, failed, limited, clock.random)
      } catch (stop) {
        if (!(stop instanceof ApiError) || spec.idempotent || !spec.verify) throw stop
        // Not sent again; but a gateway can answer 429 after the backend acted: say which it was.
        return lastLook(wire, spec, deadline, stop)
      }
      const retryAfter = failed.retryAfterMs ?? 0
      log.info(
        `  rate limited (HTTP 429, ${ordinal(limited.count)} time for this call): retrying ` +
          `${spec.method} ${spec.path} in ${formatSeconds(wait)} ` +
          `(${failed.retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${formatSeconds(retryAfter)}`} + ` +
          `${formatSeconds(Math.max(0, wait - retryAfter))} jitter)`
      )
      limited.waitedMs += wait
    } else {
      failures++
      if (failures >= backoff.maxAttempts) {
        throw withNote(
          error,
          `gave up after ${failures} attempts${limited.count ? ` (and ${rateLimitedSoFar(limited)})` : ''}`
        )
      }
      const fromServer = failed.retryAfterMs !== undefined
      wait =
        failed.retryAfterMs !== undefined
          ? Math.min(backoff.capMs, failed.retryAfterMs)
          : backoffDelay(failures, backoff, clock.random)
      if (wait >= deadline.remainingMs()) {
        throw withNote(
          error,
          `timed out: ${deadline.describe()} has ${formatSeconds(deadline.remainingMs())} left, not ` +
            `enough to wait ${formatSeconds(wait)}${fromServer ? ' (Retry-After)' : ''} and retry ` +
            `(attempt ${failures} of ${backoff.maxAttempts})`
        )
      }
      log.info(
        `  retrying ${spec.method} ${spec.path} in ` +
          `${formatSeconds(wait)}${fromServer ? ' (Retry-After)' : ''} (attempt ${failures + 1} of ` +
          `${backoff.maxAttempts}): ${failed.error.details.message}`
      )
    }
    await clock.sleep(wait)
    if (!spec.idempotent && spec.verify && error.details.status !== undefined) {
      // A 429 says "refused", but a gateway can send one after the backend acted: look before resending.
      // (A connection that was never made needs no look: nothing reached the server.)
      const check = await runCheck(spec.verify, deadline)
      if ('error' in check) {
        const note = `not sent again: whether it landed despite the ${how(error)} could not be checked (${check.error})`
        throw withNote(error, limited.count ? `${note}; ${rateLimitedSoFar(limited)}` : note)
      }
      if (check.value !== undefined) {
        log.warning(
          `The ${spec.method} ${error.details.path} request did land despite the ${how(error)}; ` +
            `reporting that result without sending it again`
        )
        return check.value
      }
      // A new deployment that may be this one (no readable mark, or an altered one): resending could make a second.
      const doubt = spec.unclaimed?.()
      if (doubt) {
        const lookFor = spec.lookFor ? ` (${spec.lookFor})` : ''
        throw withNote(error, `not sent again: ${doubt}; check the agent's deployments${lookFor} before re-running`)
      }
    }
    previous = error
  }
}

/**
 * A mutation answered 429 that will not be sent again (the budget or Retry-After forbids it): one
 * landing check, under its grace, so the step reports what it made, or says that it did not land.
 */
async function lastLook<T>(wire: Wire, spec: CallSpec<T>, deadline: Deadline, error: ApiError): Promise<T> {
  const check = await runCheck(spec.verify as NonNullable<CallSpec<T>['verify']>, deadline)
  if ('error' in check)
    throw withNote(error, `whether it landed despite the HTTP 429 could not be checked (${check.error})`)
  if (check.value !== undefined) {
    wire.log.warning(
      `The ${spec.method} ${error.details.path} request did land despite the HTTP 429; reporting that result without sending it again`
    )
    return check.value
  }
  const lookFor = spec.lookFor ? ` (${spec.lookFor})` : ''
  const doubt = spec.unclaimed?.()
  throw withNote(
    error,
    doubt
      ? `not sent again: ${doubt}; check the agent's deployments${lookFor} before re-running`
      : 'a last check found it had not landed: nothing was changed'
  )
}

/** "HTTP 429", "connection failed (ECONNREFUSED)": how an attempt failed, for messages. */
function how(error: ApiError): string {
  return error.details.status === undefined
    ? error.details.message
    : `HTTP ${error.details.status}${error.details.kind === 'invalid-response' ? ' with an unreadable body' : ''}`
}

/**
 * After an ambiguous failure of a mutation: did it land? Checks until it shows or the budget
 * ends; returns the landed result, or the error to raise (annotated with what the checks found).
 * The mutation is never sent again from here.
 */
async function checkLanding<T>(wire: Wire, spec: CallSpec<T>, deadline: Deadline, failed: Failed): Promise<Check<T>> {
  const verify = spec.verify as NonNullable<CallSpec<T>['verify']>
  const { error } = failed
  const { clock, log } = wire
  const lookFor = spec.lookFor ? ` (${spec.lookFor})` : ''
  const stop = (note: string): Check<T> => ({
    landed: false,
    error: withNote(
      error,
      `${note}; it was not sent again, because the server may still apply it: check the agent's deployments${lookFor} before re-running`
    )
  })
  log.warning(
    `${spec.method} ${error.details.path} failed ambiguously (${how(error)}); it will not be sent again: checking whether it landed`
  )
  const started = clock.now()
  let pause = RECHECK_FIRST_MS
  /** Why the latest check could not read the deployments, while no check has yet said "not landed". */
  let unread: string | undefined
  let read = false
  for (let checks = 1; ; checks++) {
    const check = await runCheck(verify, deadline)
    if ('error' in check && !check.transient) return stop(`whether it landed could not be checked (${check.error})`)
    if ('error' in check) {
      // The reads failed this time (the API is struggling, as it just was): the change may still show, so check again.
      unread = check.error
      log.info(`  could not check whether it landed (${check.error})`)
    } else if (check.value !== undefined) {
      log.warning(
        `The ${spec.method} ${error.details.path} request did land despite the failure; reporting that result without sending it again`
      )
      return { landed: true, value: check.value }
    } else {
      read = true
      unread = undefined
      if (failed.wholeAnswer) {
        // The API itself answered (a whole JSON body) after acting, and a committed change shows at once.
        const seen = spec.unclaimed?.()
        return stop(
          `the server answered with a success status, so the change may have landed, but ${seen ?? 'no deployment of this step was found'}`
        )
      }
    }
    // The last pause is cut short so that the last check comes just before the budget ends.
    const wait = Math.min(pause, deadline.remainingMs() - MIN_REQUEST_TIMEOUT_MS)
    if (wait <= 0) {
      const over = formatSeconds(clock.now() - started)
      const outcome = read ? (spec.unclaimed?.() ?? 'it had not landed') : 'none of them could read the deployments'
      return stop(
        `checked ${checks} time${checks === 1 ? '' : 's'} over ${over} until ${deadline.describe()} ` +
          `ran out: ${outcome}${unread ? ` (last check: ${unread})` : ''}`
      )
    }
    log.info(`  not landed (yet); checking again in ${formatSeconds(wait)}`)
    await clock.sleep(wait)
    pause = Math.min(RECHECK_CAP_MS, pause * 2)
  }
}

/**
 * Runs one landing check under its grace deadline; a failed check is reported, never followed by a
 * resend. `transient`: a read failed (checking again may work); otherwise the check itself could not
 * decide (a new deployment whose ownership cannot be told), and asking again will not change that.
 */
async function runCheck<T>(
  verify: (deadline: Deadline) => Promise<T | undefined>,
  deadline: Deadline
): Promise<{ value: T | undefined } | { error: string; transient: boolean }> {
  try {
    return { value: await verify(deadline.withGrace(LANDING_CHECK_GRACE_MS)) }
  } catch (error) {
    const status = error instanceof ApiError ? error.status : undefined
    // A read refused for good (401, 404…) will not come right by asking again.
    const refused = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429
    return {
      error: error instanceof Error ? error.message : String(error),
      transient: error instanceof ApiError && !refused
    }
  }
}
