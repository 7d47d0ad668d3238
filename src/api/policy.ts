/**
 * The call policy: when a call is retried, how long it waits, how long it may take, and when and
 * how a mutation is checked for having landed. Pure policy: the exchange is sendAttempt()
 * (exchange.ts), time is the injected Clock, the step's Deadline is passed in.
 *
 * - Idempotent calls (GET, the schema PUT, the variables PATCH) retry on connection errors,
 *   timeouts, 408, 429 and 5xx (500/502/503/504), with capped exponential back-off and full
 *   jitter, honouring Retry-After (capped).
 * - Mutations (publish/promote/rollback POSTs) are resent directly only when the request surely
 *   did not land (429, or a connection that was never made). After an ambiguous failure (timeout,
 *   reset, 5xx, an unusable 2xx) they ask the call's verify() whether the change landed; if it did,
 *   that result is returned with a warning, if it did not, the call is retried. An attempt that
 *   took long (a timeout, a slow 504) may still be in the server's hands, so the server is first
 *   given as long again and the check repeated; when the budget cannot afford that, it is not
 *   resent. A check that fails stops the step: it is never resent blindly.
 * - Time: each request gets its own timeout (requestTimeout()), and the step's deadline bounds
 *   requests, waits and retries. A landing check reads under its own deadline, at least
 *   LANDING_CHECK_GRACE_MS long, so that even a timed-out step says whether it changed anything.
 */
import { type ApiError, withNote } from './errors.js'
import { type CallSpec, type Failed, sendAttempt, type Wire } from './exchange.js'
import { backoffDelay, type Deadline, formatSeconds, MIN_REQUEST_TIMEOUT_MS } from './timing.js'

/** How far past the step's deadline a landing check may run: without it a timed-out step could not say what it changed. */
export const LANDING_CHECK_GRACE_MS = 5_000
/** A mutation attempt that failed after at least this long may still be in the server's hands: it is re-checked after a pause before any resend. */
const SETTLE_THRESHOLD_MS = 500

type Check<T> = { landed: true; value: T } | { landed: false; error: ApiError; resend: boolean }

/** Sends one logical call under the policy; see the module comment. */
export async function callWithPolicy<T>(wire: Wire, spec: CallSpec<T>, deadline: Deadline): Promise<T> {
  const { backoff, clock, log } = wire
  let previous: ApiError | undefined
  for (let attempt = 1; ; attempt++) {
    const outcome = await sendAttempt(wire, spec, deadline, attempt, previous)
    if (outcome.ok) return outcome.value
    const failed = outcome.failed
    const mayRetry = failed.retryable && attempt < backoff.maxAttempts
    let error = failed.error
    if (failed.ambiguous && !spec.idempotent && spec.verify) {
      const check = await checkLanding(wire, spec, deadline, failed, mayRetry)
      if (check.landed) return check.value
      if (!check.resend) throw failed.retryable && !mayRetry ? withNote(check.error, `gave up after ${attempt} attempts`) : check.error
      error = check.error
    }
    if (!failed.retryable) throw error
    if (!mayRetry) throw withNote(error, `gave up after ${attempt} attempts`)
    const fromServer = failed.retryAfterMs !== undefined
    const wait = failed.retryAfterMs ?? backoffDelay(attempt, backoff, clock.random)
    if (wait >= deadline.remainingMs()) {
      throw withNote(
        error,
        `timed out: ${deadline.describe()} has ${formatSeconds(deadline.remainingMs())} left, not enough to wait ${formatSeconds(wait)}${fromServer ? ' (Retry-After)' : ''} and retry (attempt ${attempt} of ${backoff.maxAttempts})`
      )
    }
    log.info(
      `  retrying ${spec.method} ${spec.path} in ${formatSeconds(wait)}${fromServer ? ' (Retry-After)' : ''} (attempt ${attempt + 1} of ${backoff.maxAttempts}): ${failed.error.details.message}`
    )
    await clock.sleep(wait)
    previous = error
  }
}

/**
 * After an ambiguous failure of a mutation: did it land? Returns the landed result, or the error
 * to raise (annotated with what the check found) and whether the mutation may be resent.
 */
async function checkLanding<T>(wire: Wire, spec: CallSpec<T>, deadline: Deadline, failed: Failed, mayRetry: boolean): Promise<Check<T>> {
  const verify = spec.verify as NonNullable<CallSpec<T>['verify']>
  const { error, elapsedMs } = failed
  const { log } = wire
  const stop = (note: string): Check<T> => ({ landed: false, error: withNote(error, note), resend: false })
  const how =
    error.details.status === undefined
      ? error.details.message
      : `HTTP ${error.details.status}${error.details.kind === 'invalid-response' ? ' with an unreadable body' : ''}`
  log.warning(`${spec.method} ${error.details.path} failed ambiguously (${how}); checking whether it landed before deciding to retry`)
  const first = await runCheck(verify, deadline, error)
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
    if (deadline.remainingMs() < elapsedMs + MIN_REQUEST_TIMEOUT_MS) {
      return stop(
        `checked: it had not landed, but the server may still be working on it (no answer for ${formatSeconds(elapsedMs)}); timed out: ${deadline.describe()} has ${formatSeconds(deadline.remainingMs())} left, not enough to give it as long again, check again and resend, so it was not sent again: check the agent's deployments before re-running`
      )
    }
    log.info(`  not landed yet; the server may still be working on it, so checking again in ${formatSeconds(elapsedMs)} before resending`)
    await wire.clock.sleep(elapsedMs)
    const second = await runCheck(verify, deadline, error)
    if ('error' in second) return { landed: false, error: second.error, resend: false }
    value = second.value
  }
  if (value !== undefined) {
    log.warning(`The ${spec.method} ${error.details.path} request did land despite the failure; reporting that result without sending it again`)
    return { landed: true, value }
  }
  log.info('  the change did not land; it is safe to send it again')
  return { landed: false, error: withNote(error, 'checked: it did not land, so nothing was changed'), resend: true }
}

/** Runs a landing check under its grace deadline; a failed check becomes the error to raise (never retried blindly). */
async function runCheck<T>(
  verify: (deadline: Deadline) => Promise<T | undefined>,
  deadline: Deadline,
  cause: ApiError
): Promise<{ value: T | undefined } | { error: ApiError }> {
  try {
    return { value: await verify(deadline.withGrace(LANDING_CHECK_GRACE_MS)) }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return {
      error: withNote(cause, `whether it landed could not be checked, so it was not sent again: check the agent's deployments before re-running (${why})`)
    }
  }
}
