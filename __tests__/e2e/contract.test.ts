/**
 * Loose and contradicting answers, whole steps against a server that answers from the published
 * contract: the exit code, the error line and the outputs. Policy, run in process (src/main.ts run()
 * over real HTTP, on the fake clock); the cases are also covered case by case in __tests__/contract/.
 */
import { describe, expect, test } from '@jest/globals'
import { runInProcess } from '../helpers/in-process.js'
import { deployment, serveContract } from '../helpers/contract-server.js'

/** What a mock server generates from the contract's schemas alone: every string is "string". */
const generated = deployment('string', 'string', 'string', { createdAt: 'string', metadata: {} })

describe('answers served from the published contract', () => {
  test('a publish answered as a contract mock answers ("string" everywhere) succeeds, reported in the environment asked for', async () => {
    const server = await serveContract((req) => {
      if (req.path === '/deployments/active') return { body: { activeDeployments: { additionalProp1: generated } } }
      if (req.path === '/deployments/publish')
        return { status: 201, body: { deployment: generated, testRunIds: ['string'] } }
      return undefined
    })
    const run = await runInProcess({ inputs: server.inputs({ operation: 'publish' }) })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ changed: 'true', deploymentId: 'string', environment: 'sandbox' })
    expect(run.stdout).toContain(
      '::warning::The API answered the publish to sandbox with deployment string in environment "string", a name the action does not know'
    )
  })

  test('a promote to live answered with a sandbox deployment exits 1 naming both sides, outputs written', async () => {
    const server = await serveContract((req) => {
      if (req.path === '/deployments/active') {
        return {
          body: {
            activeDeployments: { sandbox: null, 'pre-release': deployment('dep-p', 'pre-release', 'v2'), live: null }
          }
        }
      }
      if (req.path === '/deployments/dep-p/promote')
        return { body: { deployment: deployment('dep-new', 'sandbox', 'v2'), testRunIds: [] } }
      return undefined
    })
    const run = await runInProcess({ inputs: server.inputs({ operation: 'promote', targetEnvironment: 'live' }) })
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('the API answered the promote of dep-p to live with deployment dep-new in sandbox')
    expect(run.outputs).toMatchObject({ deploymentId: 'dep-new', environment: 'sandbox' })
    expect(server.calls().filter((c) => c.startsWith('POST'))).toHaveLength(1)
  })

  test('the test gate: a completed run whose failedCount is the string "2" fails the step', async () => {
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
})
