/**
 * The test gate against purpose-built servers that spell a test run's answer differently from the
 * simulator (snake_case counts, numeric strings, both spellings in one answer, no counts, unknown
 * statuses): in-process, real HTTP, on a manual clock so the 5 s polls take no time. A run passes
 * only when it unambiguously passed.
 */
import { describe, expect, test } from '@jest/globals'
import { runInProcess } from '../helpers/in-process.js'
import { fakeClock } from '../helpers/clock.js'
import { deployment, serveContract } from '../helpers/contract-server.js'

/** A server where a promote to pre-release triggers one test run, answered with `run`. */
async function gateServer(run: Record<string, unknown>): Promise<Awaited<ReturnType<typeof serveContract>>> {
  return serveContract((req) => {
    if (req.path === '/deployments/active') {
      return {
        body: { activeDeployments: { sandbox: deployment('dep-1', 'sandbox', 'v1'), 'pre-release': null, live: null } }
      }
    }
    if (req.path === '/deployments/dep-1/promote') {
      return { body: { deployment: deployment('dep-2', 'pre-release', 'v1'), testRunIds: ['tr-1'] } }
    }
    if (req.path === '/testing/test-runs/tr-1') return { body: { id: 'tr-1', ...run } }
    return undefined
  })
}

async function gate(run: Record<string, unknown>, extra: Record<string, string> = {}) {
  const server = await gateServer(run)
  const result = await runInProcess({
    inputs: server.inputs({
      operation: 'promote',
      targetEnvironment: 'pre-release',
      waitForTestRuns: 'true',
      ...extra
    }),
    options: { clock: fakeClock() }
  })
  const error = result.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
  return { result, error, server }
}

describe('the test gate fails closed', () => {
  test.each([
    [
      '0 test cases',
      { status: 'passed', failedCount: 0, errorCount: 0, passedCount: 0, testCaseCount: 0 },
      'it ran 0 test cases'
    ],
    [
      'every case skipped',
      { status: 'completed', failedCount: 0, errorCount: 0, testCaseCount: 3, skippedCount: 3 },
      'every one of its 3 cases was skipped'
    ]
  ])('a run with %s does not pass, and the summary says why', async (_, run, why) => {
    const { result, error } = await gate(run)
    expect(result.code).toBe(1)
    expect(error).toContain(why)
    expect(result.summary).toContain(`${why}: a run that tested nothing proves nothing`)
  })

  test('completed with failedCount "2" (a numeric string) fails the step, naming the count', async () => {
    const { result, error } = await gate({
      status: 'completed',
      failedCount: '2',
      errorCount: 0,
      passedCount: 1,
      testCaseCount: 3
    })
    expect(result.code).toBe(1)
    expect(error).toContain('Test runs did not pass: tr-1 completed (2 failed, 0 errors of 3 cases)')
    expect(JSON.parse(result.outputs.testRunResults!)[0]).toMatchObject({ result: 'failed', failedCount: 2 })
    expect(result.outputs.deploymentId).toBe('dep-2') // the deployment itself stands
  })

  test('completed with failedCount "2" beside error_count (two spellings in one answer, no case count) fails the step', async () => {
    const server = await serveContract((req) => {
      if (req.path === '/deployments/active')
        return { body: { activeDeployments: { sandbox: deployment('dep-1', 'sandbox', 'v1') } } }
      if (req.path === '/deployments/dep-1/promote')
        return { body: { deployment: deployment('dep-2', 'pre-release', 'v1'), testRunIds: ['tr-1'] } }
      if (req.path === '/testing/test-runs/tr-1')
        return { body: { id: 'tr-1', status: 'completed', failedCount: '2', error_count: 0 } }
      return undefined
    })
    const run = await runInProcess({
      inputs: server.inputs({ operation: 'promote', targetEnvironment: 'pre-release', waitForTestRuns: 'true' })
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('::error::Test runs did not pass: tr-1 completed (2 failed, 0 errors)')
    expect(JSON.parse(run.outputs.testRunResults!)[0]).toMatchObject({
      result: 'failed',
      failedCount: 2,
      errorCount: 0
    })
  })

  test('completed with failed_count (snake_case) fails the step', async () => {
    const { result, error } = await gate({ status: 'completed', failed_count: 2, error_count: 0 })
    expect(result.code).toBe(1)
    expect(error).toContain('tr-1 completed (2 failed, 0 errors)')
  })

  test('an answer about another test run (its id) is not this run passing', async () => {
    const { result, error } = await gate({
      id: 'tr-9',
      status: 'passed',
      failedCount: 0,
      errorCount: 0,
      passedCount: 3,
      testCaseCount: 3
    })
    expect(result.code).toBe(1)
    expect(error).toContain('tr-1 did not clearly pass: the API answered with test run tr-9')
    expect(JSON.parse(result.outputs.testRunResults!)[0]).toMatchObject({ id: 'tr-1', result: 'unreadable' })
  })

  test.each([
    ['result', 'failed'],
    ['outcome', 'FAILURE'],
    ['conclusion', 'failure'],
    ['result', 'error']
  ])('completed with zero counts but %s "%s" is not a pass', async (field, value) => {
    const { result, error } = await gate({
      status: 'completed',
      [field]: value,
      failedCount: 0,
      errorCount: 0,
      passedCount: 3,
      testCaseCount: 3
    })
    expect(result.code).toBe(1)
    expect(error).toContain(`tr-1 did not clearly pass: completed, but its ${field} says ${JSON.stringify(value)}`)
  })

  test('completed without any counts is not a pass', async () => {
    const { result, error } = await gate({ status: 'completed' })
    expect(result.code).toBe(1)
    expect(error).toContain('tr-1 did not clearly pass: completed, but its counts do not show zero failures and errors')
    expect(JSON.parse(result.outputs.testRunResults!)[0]).toMatchObject({ status: 'completed', result: 'unreadable' })
  })

  test('an unknown status never passes: the wait ends with the budget', async () => {
    const { result, error, server } = await gate(
      { status: 'succeeded', failedCount: 0, errorCount: 0 },
      { testRunTimeoutSeconds: '10' }
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('reports an unknown status "succeeded"; treating it as not finished yet')
    expect(error).toContain('tr-1 did not finish: still succeeded after 10 s (testRunTimeoutSeconds)')
    expect(server.calls().filter((c) => c.includes('test-runs'))).toHaveLength(3)
  })

  test('snake_case zero counts in numeric strings pass', async () => {
    const { result } = await gate({
      status: 'passed',
      failed_count: '0',
      error_count: '0',
      passed_count: '3',
      test_case_count: '3'
    })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs.testRunResults!)[0]).toEqual({
      id: 'tr-1',
      status: 'passed',
      result: 'passed',
      passedCount: 3,
      failedCount: 0,
      errorCount: 0,
      testCaseCount: 3
    })
  })

  test('test run ids that are not all strings make the runs unknown: the gate fails, the deployment stands', async () => {
    const server = await serveContract((req) => {
      if (req.path === '/deployments/active')
        return { body: { activeDeployments: { sandbox: deployment('dep-1', 'sandbox', 'v1') } } }
      if (req.path === '/deployments/dep-1/promote')
        return { body: { deployment: deployment('dep-2', 'pre-release', 'v1'), testRunIds: ['tr-1', 5] } }
      return undefined
    })
    const run = await runInProcess({
      inputs: server.inputs({ operation: 'promote', targetEnvironment: 'pre-release', waitForTestRuns: 'true' }),
      options: { clock: fakeClock() }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      '::error::waitForTestRuns: cannot check the test runs of deployment dep-2: the API answered with testRunIds that are not a list of ids (["tr-1",5])'
    )
    expect(run.outputs).toMatchObject({ deploymentId: 'dep-2', testRunIds: '["tr-1"]' })
  })
})
