/** waitForTestRuns (experimental): polls a deployment's test runs until done or out of time, then reports them. */
import { ApiError } from '../api/errors.js'
import type { TestRun } from '../api/parse.js'
import type { Deadline } from '../core/clock.js'
import type { OperationContext } from '../core/context.js'
import type { OperationResult } from '../report/report.js'
import type { DeployingConfig } from '../core/step-config.js'
import { knownEnvironment } from '../core/types.js'
import { classify, countValue, RUNNING, type TestRunOutcome } from './test-gate.js'

export type { TestRunOutcome } from './test-gate.js'

/** PolyAI's CLI polls every 5 s; after a round with read errors the interval doubles up to a minute. */
export const POLL_INTERVAL_MS = 5_000
const MAX_POLL_INTERVAL_MS = 60_000
/** A run answered with a client error (404, 403…) this many times in a row is given up on. */
const GIVE_UP_AFTER = 3
/** The step's error names this many runs that did not pass; the rest are counted (a 20k-run list would be a megabyte-long line). */
export const NAMED_FAILURES = 10

/** One entry of the testRunResults output. */
export interface TestRunResult {
  id: string
  /** The last status the API reported ('unknown' when it was never read). */
  status: string
  result: TestRunOutcome
  passedCount: number | null
  failedCount: number | null
  errorCount: number | null
  testCaseCount: number | null
  /** Why it did not pass, in words. */
  detail?: string
}

interface Tracked {
  id: string
  last?: TestRun
  result?: TestRunOutcome
  detail?: string
  clientErrors: number
  lastError?: string
}

function toResult(t: Tracked): TestRunResult {
  const r: TestRunResult = {
    id: t.id,
    status: t.last?.status ?? 'unknown',
    result: t.result ?? 'timed_out',
    passedCount: countValue(t.last, 'passed'),
    failedCount: countValue(t.last, 'failed'),
    errorCount: countValue(t.last, 'error'),
    testCaseCount: countValue(t.last, 'testCase')
  }
  if (t.detail) r.detail = t.detail
  return r
}

/** The summary's Status cell: the API's word, and why it did not count when it did not. */
function statusCell(r: TestRunResult): string {
  if (r.result === 'timed_out') return `${r.status} (timed out)`
  if (r.result === 'unreadable')
    return r.status === 'unknown' ? 'unknown (unreadable)' : `${r.status} (not a clear pass)`
  return r.status
}

/** "tr-1 failed (1 failed, 0 errors of 3 cases)", "tr-2 did not finish: …", "tr-3 could not be read: …". */
export function describeFailure(r: TestRunResult): string {
  switch (r.result) {
    case 'timed_out':
      return `${r.id} did not finish: ${r.detail ?? r.status}`
    case 'unreadable':
      return r.status === 'unknown'
        ? `${r.id} could not be read: ${r.detail ?? 'no answer'}`
        : `${r.id} did not clearly pass: ${r.detail ?? r.status}`
    default: {
      const counts =
        r.failedCount !== null || r.errorCount !== null
          ? ` (${r.failedCount ?? 0} failed, ${r.errorCount ?? 0} errors${r.testCaseCount !== null ? ` of ${r.testCaseCount} cases` : ''})`
          : ''
      return `${r.id} ${r.status}${counts}`
    }
  }
}

/**
 * Waits for the step's test runs when waitForTestRuns is set. Adds testRunResults and a summary
 * table to `result`; returns the failure message when any run did not pass, else undefined.
 */
export async function awaitTestRuns(
  ctx: OperationContext<DeployingConfig>,
  result: OperationResult,
  deadline: Deadline
): Promise<string | undefined> {
  const { config, log } = ctx
  const ids = result.outputs.testRunIds ?? []
  if (result.testRunsUnknown) {
    // Passing here would let a re-run (or a lost answer) turn a failed test gate green.
    result.outputs.testRunResults = []
    return (
      `waitForTestRuns: cannot check the test runs of deployment ` +
      `${result.outputs.deploymentId ?? ''}: ${result.testRunsUnknown}. Check them in PolyAI ` +
      `Studio`
    )
  }
  if (ids.length === 0) {
    log.info(`waitForTestRuns: no test runs to wait for${result.outputs.changed ? '' : ' (nothing was deployed)'}`)
    result.outputs.testRunResults = []
    return undefined
  }

  // The wait's own budget and the step's deadline, both on the step's clock.
  const { clock } = ctx
  const budgetMs = config.testRunTimeoutSeconds * 1000
  const waitStarted = clock.now()
  const remainingMs = (): number => Math.max(0, budgetMs - (clock.now() - waitStarted))
  log.info(
    `Waiting for ${ids.length} test run(s) (experimental): ${ids.join(', ')}; up to ${config.testRunTimeoutSeconds} s`
  )
  if (budgetMs > deadline.remainingMs()) {
    log.warning(
      `testRunTimeoutSeconds is ${config.testRunTimeoutSeconds} s but only ` +
        `${Math.floor(deadline.remainingMs() / 1000)} s of the step's timeoutSeconds ` +
        `(${config.timeoutSeconds} s) remain, so the wait ends then: raise timeoutSeconds to wait ` +
        `longer`
    )
  }
  const runs: Tracked[] = [...new Set(ids)].map((id) => ({ id, clientErrors: 0 }))
  const unknownStatuses = new Set<string>()
  let interval = POLL_INTERVAL_MS

  for (;;) {
    let roundFailed = false
    for (const run of runs.filter((r) => !r.result)) {
      if (!(await poll(ctx, run, unknownStatuses))) roundFailed = true
    }
    const waiting = runs.filter((r) => !r.result)
    if (waiting.length === 0) break
    interval = roundFailed ? Math.min(MAX_POLL_INTERVAL_MS, interval * 2) : POLL_INTERVAL_MS
    const left = remainingMs()
    const reason =
      left <= 0
        ? `after ${config.testRunTimeoutSeconds} s (testRunTimeoutSeconds)`
        : deadline.remainingMs() <= Math.min(interval, left)
          ? `when the step's ${config.timeoutSeconds} s (timeoutSeconds) ran out`
          : undefined
    if (reason) {
      for (const run of waiting) {
        run.result = 'timed_out'
        run.detail = `still ${run.last?.status ?? 'unread'} ${reason}${run.lastError ? `; last read error: ${run.lastError}` : ''}`
      }
      break
    }
    await clock.sleep(Math.min(interval, left))
  }

  const results = runs.map(toResult)
  result.outputs.testRunResults = results
  result.report.tables.push({
    caption: 'Test runs',
    headers: ['Test run', 'Status', 'Passed', 'Failed', 'Errors', 'Total'],
    fullData: 'the testRunResults output',
    rows: results.map((r) => [
      r.id,
      statusCell(r),
      ...[r.passedCount, r.failedCount, r.errorCount, r.testCaseCount].map((n) => (n === null ? '—' : String(n)))
    ])
  })
  const bad = results.filter((r) => r.result !== 'passed')
  if (bad.length === 0) {
    log.info(`All ${results.length} test run(s) passed`)
    return undefined
  }
  const d = result.outputs.deployment
  // Only a stage the action knows is named (this text reaches the pull request comment), never the API's text.
  const env = knownEnvironment(result.outputs.environment) ?? knownEnvironment(d?.environment)
  const undo = env
    ? `active in ${env} (to undo it, run operation rollback with targetEnvironment ${env})`
    : 'active (to undo it, run operation rollback with its environment as targetEnvironment)'
  const message =
    `Test runs did not pass: ${namedFailures(bad)}.` +
    // With rollbackOnFailure, what happens to the deployment is said by the automatic rollback (deploy/after-deploy.ts).
    (d && result.outputs.changed && !config.rollbackOnFailure
      ? ` The deployment itself stands: ${d.id} is ${undo}.`
      : '')
  result.report.outcome = 'failed'
  result.report.notes.push(message)
  return message
}

/** The first NAMED_FAILURES runs that did not pass, and how many more (where they all are). */
function namedFailures(bad: TestRunResult[]): string {
  const named = bad.slice(0, NAMED_FAILURES).map(describeFailure).join('; ')
  const more = bad.length - NAMED_FAILURES
  return more > 0
    ? `${named}; and ${more} more (of ${bad.length}; see the job summary, and the testRunResults output when it fits GitHub's output limit)`
    : named
}

/** Reads one run once and records what it says; false when the read failed. */
async function poll(ctx: OperationContext, run: Tracked, unknownStatuses: Set<string>): Promise<boolean> {
  let read: TestRun
  try {
    read = await ctx.client.getTestRun(run.id)
  } catch (error) {
    // Any failure to read is a failed poll, never a thrown step: the deployment outputs must still be written.
    run.lastError = error instanceof Error ? error.message : String(error)
    const status = error instanceof ApiError ? error.status : undefined
    const clientError = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429
    run.clientErrors = clientError ? run.clientErrors + 1 : 0
    if (run.clientErrors >= GIVE_UP_AFTER) {
      run.result = 'unreadable'
      run.detail = `${GIVE_UP_AFTER} reads in a row failed; last: ${run.lastError}`
    }
    ctx.log.warning(
      `Could not read test run ${run.id}${run.result ? ', giving up on it' : ', will retry'}: ${run.lastError}`
    )
    return false
  }
  run.clientErrors = 0
  if (read.status !== run.last?.status) ctx.log.info(`Test run ${run.id}: ${read.status}`)
  run.last = read
  if (read.id !== run.id) {
    // An answer about another run says nothing about this one: never a pass.
    run.result = 'unreadable'
    run.detail = `the API answered with test run ${read.id}, not ${run.id}, so it is not taken as a pass`
    return true
  }
  const verdict = classify(read)
  if (verdict) {
    run.result = verdict.result
    if (verdict.detail) run.detail = verdict.detail
  } else if (!RUNNING.has(read.status.trim().toLowerCase()) && !unknownStatuses.has(read.status)) {
    unknownStatuses.add(read.status)
    ctx.log.warning(`Test run ${run.id} reports an unknown status "${read.status}"; treating it as not finished yet`)
  }
  return true
}
