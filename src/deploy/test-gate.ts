/** The test gate's rule: a run passes only when it unambiguously passed (docs/architecture.md). */
import type { TestRun } from '../api/parse.js'

export const RUNNING = new Set(['pending', 'running', 'in_progress'])
export const PASSED = new Set(['passed', 'completed'])
export const FAILED = new Set(['failed', 'error', 'errored', 'timed_out'])

/** How a test run ended for the step: only `passed` lets the step succeed. */
export type TestRunOutcome = 'passed' | 'failed' | 'timed_out' | 'unreadable'

export type CountName = 'passed' | 'failed' | 'error' | 'testCase' | 'skipped'

const SPELLINGS: Record<CountName, [string, string]> = {
  passed: ['passedCount', 'passed_count'],
  failed: ['failedCount', 'failed_count'],
  error: ['errorCount', 'error_count'],
  testCase: ['testCaseCount', 'test_case_count'],
  skipped: ['skippedCount', 'skipped_count']
}

/** A count as sent: absent, readable (a whole number ≥ 0) or unreadable (with what was sent). */
export type Count = { state: 'absent' } | { state: 'readable'; value: number } | { state: 'unreadable'; sent: string }

function readOne(value: unknown): Count {
  if (value === undefined || value === null) return { state: 'absent' }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { state: 'readable', value }
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return { state: 'readable', value: Number(value) }
  return { state: 'unreadable', sent: JSON.stringify(value) ?? String(value) }
}

/** Reads one count in every spelling; spellings that disagree make it unreadable. */
export function readCount(run: Record<string, unknown>, name: CountName): Count {
  const [camel, snake] = SPELLINGS[name]
  const a = readOne(run[camel])
  const b = readOne(run[snake])
  if (a.state === 'absent') return b
  if (b.state === 'absent') return a
  if (a.state === 'readable' && b.state === 'readable' && a.value === b.value) return a
  return {
    state: 'unreadable',
    sent: `${camel} ${JSON.stringify(run[camel])} and ${snake} ${JSON.stringify(run[snake])}`
  }
}

/** The readable value of a count, or null. */
export function countValue(run: Record<string, unknown> | undefined, name: CountName): number | null {
  if (!run) return null
  const c = readCount(run, name)
  return c.state === 'readable' ? c.value : null
}

export interface Verdict {
  result: TestRunOutcome
  detail?: string
}

/** Decides what an answer means; undefined while the run is still going (or its status is unknown). */
export function classify(run: TestRun): Verdict | undefined {
  const status = run.status.trim().toLowerCase()
  const counts = Object.fromEntries(
    (Object.keys(SPELLINGS) as CountName[]).map((n) => [n, readCount(run, n)])
  ) as Record<CountName, Count>
  const unreadable = (Object.keys(counts) as CountName[])
    .map((n) => [SPELLINGS[n][0], counts[n]] as const)
    .filter(([, c]) => c.state === 'unreadable')
    .map(([name, c]) => `${name} ${(c as { sent: string }).sent}`)
  const failed = counts.failed.state === 'readable' ? counts.failed.value : 0
  const errors = counts.error.state === 'readable' ? counts.error.value : 0
  if (FAILED.has(status)) return { result: 'failed' }
  if (!PASSED.has(status)) return undefined
  if (failed > 0 || errors > 0) return { result: 'failed', detail: `${status} with failing cases` }
  if (unreadable.length) {
    return {
      result: 'unreadable',
      detail: `${status}, but its counts cannot be read (${unreadable.join(', ')}), so it is not taken as a pass`
    }
  }
  const { passed, testCase } = counts
  const totals =
    passed.state === 'readable' && testCase.state === 'readable'
      ? { passed: passed.value, cases: testCase.value }
      : undefined
  if (totals && totals.passed !== totals.cases) {
    return {
      result: 'unreadable',
      detail:
        `${status}, but only ${totals.passed} of ${totals.cases} cases passed with no failures or ` +
        `errors counted, so it is not taken as a pass`
    }
  }
  const nothing = testedNothing(counts)
  if (nothing)
    return {
      result: 'unreadable',
      detail: `${status}, but ${nothing}: a run that tested nothing proves nothing, so it is not taken as a pass`
    }
  const zero = (c: Count): boolean => (c.state === 'readable' ? c.value === 0 : totals !== undefined)
  const verdict = otherVerdict(run)
  if (verdict) return { result: 'unreadable', detail: `${status}, but its ${verdict}, so it is not taken as a pass` }
  if (zero(counts.failed) && zero(counts.error)) return { result: 'passed' }
  return {
    result: 'unreadable',
    detail:
      `${status}, but its counts do not show zero failures and errors (it needs failedCount and ` +
      `errorCount, or passedCount equal to testCaseCount), so it is not taken as a pass`
  }
}

/** Why the counts show that no case ran and passed (0 cases, 0 passed, every case skipped), or undefined. */
function testedNothing(counts: Record<CountName, Count>): string | undefined {
  const value = (c: Count): number | undefined => (c.state === 'readable' ? c.value : undefined)
  const cases = value(counts.testCase)
  const passed = value(counts.passed)
  const skipped = value(counts.skipped)
  if (cases === 0) return 'it ran 0 test cases'
  if (cases !== undefined && skipped !== undefined && skipped >= cases)
    return `every one of its ${cases} cases was skipped`
  if (passed === 0) return `no case passed (0 passed${skipped ? `, ${skipped} skipped` : ''})`
  return undefined
}

/** Fields an API may give a finished run's verdict in, besides its status. */
const VERDICT_FIELDS = ['result', 'outcome', 'conclusion'] as const
const PASS_WORDS = new Set(['passed', 'pass', 'success', 'succeeded', 'successful', 'ok'])

/** `result says "failed"` when another verdict field is sent and does not say pass: a pass must be unambiguous. */
function otherVerdict(run: TestRun): string | undefined {
  for (const field of VERDICT_FIELDS) {
    const value = run[field]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string' || !PASS_WORDS.has(value.trim().toLowerCase()))
      return `${field} says ${JSON.stringify(value)}`
  }
  return undefined
}
