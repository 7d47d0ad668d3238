/** The test gate's rule (src/deploy/test-gate.ts): a run passes only when it unambiguously passed. */
import { describe, expect, test } from '@jest/globals'
import { classify, countValue, readCount } from '../../src/deploy/test-gate.js'

const run = (fields: Record<string, unknown>): { id: string; status: string; [k: string]: unknown } => ({
  id: 'tr-1',
  status: 'completed',
  ...fields
})

describe('counts', () => {
  test.each([
    [{ failedCount: 2 }, { state: 'readable', value: 2 }],
    [{ failed_count: 2 }, { state: 'readable', value: 2 }],
    [{ failedCount: '2' }, { state: 'readable', value: 2 }],
    [{ failed_count: ' 0 ' }, { state: 'readable', value: 0 }],
    [
      { failedCount: 1, failed_count: '1' },
      { state: 'readable', value: 1 }
    ],
    [{}, { state: 'absent' }],
    [{ failedCount: null }, { state: 'absent' }]
  ])('%j reads as %j', (fields, expected) => {
    expect(readCount(run(fields), 'failed')).toEqual(expected)
  })

  test.each([
    { failedCount: 'two' },
    { failedCount: -1 },
    { failedCount: 1.5 },
    { failedCount: {} },
    { failedCount: true },
    { failedCount: '' },
    { failedCount: 0, failed_count: 2 }
  ])('%j is unreadable', (fields) => {
    expect(readCount(run(fields), 'failed').state).toBe('unreadable')
    expect(countValue(run(fields), 'failed')).toBeNull()
  })
})

describe('verdicts', () => {
  test.each([
    ['camelCase zero counts', { status: 'passed', failedCount: 0, errorCount: 0 }],
    [
      'snake_case zero counts',
      { status: 'completed', failed_count: 0, error_count: 0, passed_count: 3, test_case_count: 3 }
    ],
    ['numeric-string zero counts', { status: 'COMPLETED', failedCount: '0', errorCount: '0' }],
    ['all cases passed, no failure counts sent', { status: 'passed', passedCount: 4, testCaseCount: '4' }],
    [
      'zero failures sent, errors implied by totals',
      { status: 'passed', failedCount: 0, passedCount: 4, testCaseCount: 4 }
    ]
  ])('passes: %s', (_, fields) => {
    expect(classify(run(fields))).toEqual({ result: 'passed' })
  })

  test.each([
    ['failedCount as a string', { failedCount: '2', errorCount: 0 }],
    ['failed_count in snake_case', { failed_count: 2, error_count: 0 }],
    ['error_count in snake_case', { failedCount: 0, error_count: '1' }]
  ])('a completed run with %s fails', (_, fields) => {
    expect(classify(run(fields))).toEqual({ result: 'failed', detail: 'completed with failing cases' })
  })

  test.each([
    ['no counts at all', {}, /do not show zero failures and errors/],
    ['no error count and no totals', { failedCount: 0 }, /do not show zero failures and errors/],
    [
      'an unreadable failure count',
      { failedCount: 'none', errorCount: 0 },
      /counts cannot be read \(failedCount "none"\)/
    ],
    ['spellings that disagree', { failedCount: 0, failed_count: 1, errorCount: 0 }, /failedCount 0 and failed_count 1/],
    [
      'cases unaccounted for',
      { failedCount: 0, errorCount: 0, passedCount: 2, testCaseCount: 3 },
      /only 2 of 3 cases passed/
    ],
    // A run that tested nothing proves nothing (issue 16).
    [
      '0 test cases',
      { failedCount: 0, errorCount: 0, passedCount: 0, testCaseCount: 0 },
      /ran 0 test cases: a run that tested nothing/
    ],
    ['0 test cases, no other count', { testCaseCount: '0' }, /ran 0 test cases/],
    [
      'every case skipped',
      { failedCount: 0, errorCount: 0, testCaseCount: 4, skippedCount: 4 },
      /every one of its 4 cases was skipped/
    ],
    [
      'every case skipped (snake_case)',
      { failed_count: 0, error_count: 0, test_case_count: 2, skipped_count: 2 },
      /skipped/
    ],
    ['0 passed and nothing failed', { failedCount: 0, errorCount: 0, passedCount: 0 }, /no case passed \(0 passed\)/],
    ['an unreadable skipped count', { failedCount: 0, errorCount: 0, skippedCount: 'all' }, /skippedCount "all"/]
  ])('a completed run with %s is not a pass', (_, fields, detail) => {
    const verdict = classify(run(fields))
    expect(verdict?.result).toBe('unreadable')
    expect(verdict?.detail).toMatch(detail)
  })

  test.each(['failed', 'error', 'errored', 'timed_out', 'FAILED'])('%s fails whatever the counts say', (status) => {
    expect(classify(run({ status, failedCount: 0, errorCount: 0 }))?.result).toBe('failed')
  })

  test.each(['pending', 'running', 'in_progress', 'succeeded', 'ok', 'unknown-word'])(
    '%s is not finished (never a pass)',
    (status) => {
      expect(classify(run({ status, failedCount: 0, errorCount: 0 }))).toBeUndefined()
    }
  )
})
