/**
 * Answers that contradict the request are never a silent success: purpose-built servers that
 * answer a promote to live with a sandbox deployment or another version, list other environments'
 * deployments when asked for live's, or name environments the action does not know. In-process,
 * real HTTP, a manual clock. Also whole steps against answers a mock server generates from the
 * published contract alone ("string" everywhere): the exit code, the error line and the outputs.
 */
import { describe, expect, test } from '@jest/globals'
import { runInProcess } from '../helpers/in-process.js'
import { fakeClock } from '../helpers/clock.js'
import { type Answer, deployment, type Received, serveContract } from '../helpers/contract-server.js'

const ACTIVE = {
  activeDeployments: {
    sandbox: deployment('dep-s', 'sandbox', 'v3'),
    'pre-release': deployment('dep-p', 'pre-release', 'v2'),
    live: deployment('dep-l', 'live', 'v1')
  }
}

async function run(inputs: Record<string, string>, handler: (req: Received) => Answer | undefined) {
  const server = await serveContract(handler)
  const result = await runInProcess({ inputs: server.inputs(inputs), options: { clock: fakeClock() } })
  const lines = result.stdout.split('\n')
  return {
    result,
    server,
    errors: lines.filter((l) => l.startsWith('::error')),
    warnings: lines.filter((l) => l.startsWith('::warning'))
  }
}

/** A server that answers every promote with `answer` (and the active map above). */
const promoteAnswering =
  (answer: Record<string, unknown>) =>
  (req: Received): Answer | undefined => {
    if (req.path === '/deployments/active') return { body: ACTIVE }
    if (req.path.endsWith('/promote')) return { body: { deployment: answer, testRunIds: [] } }
    return undefined
  }

describe('a mutation answered with something else than was asked', () => {
  test('a promote to live answered with a deployment in sandbox fails, naming both, and is not resent', async () => {
    const { result, errors, server } = await run(
      { operation: 'promote', targetEnvironment: 'live' },
      promoteAnswering(deployment('dep-new', 'sandbox', 'v2'))
    )
    expect(result.code).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(
      'The answer contradicts the request: the API answered the promote of dep-p to live with deployment dep-new in sandbox.'
    )
    expect(result.stdout).not.toContain('Promoted dep-p to sandbox')
    expect(server.calls().filter((c) => c.startsWith('POST'))).toHaveLength(1)
    // The outputs say what the API answered; the summary says the step failed.
    expect(result.outputs).toMatchObject({ deploymentId: 'dep-new', environment: 'sandbox', changed: 'true' })
    expect(result.summary).toContain('## ❌')
  })

  test("a promote answered with another version than the source's fails, naming both versions", async () => {
    const { result, errors } = await run(
      { operation: 'promote', targetEnvironment: 'live' },
      promoteAnswering(deployment('dep-new', 'live', 'v9'))
    )
    expect(result.code).toBe(1)
    expect(errors[0]).toContain(
      'the API answered the promote of dep-p (source version v2) with deployment dep-new of version v9'
    )
  })

  test('an answer in an environment the action does not know is reported as the one asked for, with a warning', async () => {
    const { result, errors, warnings } = await run(
      { operation: 'promote', targetEnvironment: 'live' },
      promoteAnswering(deployment('dep-new', 'string', 'v2'))
    )
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(warnings.join('\n')).toContain(
      'The API answered the promote of dep-p to live with deployment dep-new in environment "string", a name the action does not know; reporting it as live, the environment asked for'
    )
    expect(result.outputs).toMatchObject({ deploymentId: 'dep-new', environment: 'live' })
    expect(result.summary).toContain('Warning: The API answered the promote')
  })

  test('a publish to sandbox answered in pre-release fails', async () => {
    const { result, errors } = await run({ operation: 'publish' }, (req) => {
      if (req.path === '/deployments/active') return { body: ACTIVE }
      if (req.path === '/deployments/publish')
        return { status: 201, body: { deployment: deployment('dep-new', 'pre-release', 'v4') } }
      return undefined
    })
    expect(result.code).toBe(1)
    expect(errors[0]).toContain('the API answered the publish to sandbox with deployment dep-new in pre-release')
  })
})

describe('a deployments list that ignores ?environment=', () => {
  /** Every environment's history, mixed, newest first: what a server that ignores the filter sends. */
  const mixed = [
    deployment('dep-s2', 'sandbox', 'v5'),
    deployment('dep-l2', 'live', 'v3'),
    deployment('dep-s1', 'sandbox', 'v4'),
    deployment('dep-p1', 'pre-release', 'v3'),
    deployment('dep-l1', 'live', 'v2')
  ]
  /** The active map: what runs (read by every rollback and listing). */
  const activeMap = (live: ReturnType<typeof deployment> | null): Answer => ({
    body: { activeDeployments: { sandbox: mixed[0], 'pre-release': null, live } }
  })
  const ignoring = (req: Received): Answer | undefined => {
    if (req.path === '/deployments/active') return activeMap(mixed[1] ?? null)
    if (req.method === 'GET' && req.path === '/deployments') return { body: { deployments: mixed } }
    if (req.path === '/deployments/dep-l1/rollback')
      return { body: { deployment: deployment('dep-l3', 'live', 'v2'), testRunIds: [] } }
    return undefined
  }

  test("never leads a rollback of live to a sandbox deployment: other environments' entries are left out, and named", async () => {
    const { result, errors, warnings, server } = await run(
      { operation: 'rollback', targetEnvironment: 'live' },
      ignoring
    )
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(server.requests[0]?.query).toEqual({ environment: 'live', limit: '50' })
    expect(server.calls()).toEqual([
      'GET /deployments',
      'GET /deployments/active',
      'POST /deployments/dep-l1/rollback',
      'GET /deployments'
    ])
    expect(warnings.join('\n')).toContain(
      "The API listed 3 deployment(s) of other environments (sandbox ×2, pre-release ×1) when asked for live's; they were left out"
    )
    expect(result.outputs).toMatchObject({
      deploymentId: 'dep-l3',
      environment: 'live',
      previousDeploymentId: 'dep-l2',
      version: 'v2'
    })
  })

  test('an explicit deploymentId that the list shows in another environment is refused before anything is sent', async () => {
    const { result, errors, server } = await run(
      { operation: 'rollback', targetEnvironment: 'live', deploymentId: 'dep-s1' },
      ignoring
    )
    expect(result.code).toBe(1)
    expect(errors[0]).toContain('Deployment dep-s1 is not among the last 50 deployments in live')
    expect(server.calls()).toEqual(['GET /deployments', 'GET /deployments/active'])
  })

  test('a list with no entry of the environment asked for is "nothing to roll back", not a rollback elsewhere', async () => {
    const { result, errors, server } = await run({ operation: 'rollback', targetEnvironment: 'pre-release' }, (req) =>
      req.path === '/deployments/active'
        ? activeMap(mixed[1] ?? null)
        : req.path === '/deployments'
          ? { body: { deployments: mixed.filter((d) => d.environment !== 'pre-release') } }
          : undefined
    )
    expect(result.code).toBe(1)
    expect(errors[0]).toContain('Nothing to roll back in pre-release: it has no deployments.')
    expect(server.calls()).toEqual(['GET /deployments', 'GET /deployments/active'])
  })
})

describe('the active map', () => {
  test('an entry whose own environment contradicts its key is used by its key, with a warning naming both', async () => {
    const active = {
      activeDeployments: { ...ACTIVE.activeDeployments, 'pre-release': deployment('dep-p', 'sandbox', 'v2') }
    }
    const { result, warnings, server } = await run({ operation: 'promote', targetEnvironment: 'live' }, (req) => {
      if (req.path === '/deployments/active') return { body: active }
      if (req.path.endsWith('/promote'))
        return { body: { deployment: deployment('dep-new', 'live', 'v2'), testRunIds: [] } }
      return undefined
    })
    expect(result.code).toBe(0)
    expect(warnings.join('\n')).toContain(
      'The API lists deployment dep-p as active in pre-release, but its environment says sandbox; going by the list (pre-release)'
    )
    expect(server.calls()).toContain('POST /deployments/dep-p/promote')
  })
})

describe('undocumented deployment_type spellings', () => {
  test('a re-run recognises its own earlier promote by its mark, whatever deployment_type says (promote, promotion, none)', async () => {
    for (const type of ['promote', 'promotion', undefined]) {
      // Attempt 1 of run 4242 promoted v2 to live; force would promote the same version again, but not a re-run's.
      const message = 'acme/agents@0123456 by octocat [promote run 4242.1 id 0a1b2c3d]'
      const live = deployment('dep-l', 'live', 'v2', {
        metadata: { deployment_message: message, ...(type ? { deployment_type: type } : {}) }
      })
      const server = await serveContract((req) =>
        req.path === '/deployments/active'
          ? {
              body: {
                activeDeployments: { sandbox: null, 'pre-release': deployment('dep-p', 'pre-release', 'v2'), live }
              }
            }
          : undefined
      )
      const result = await runInProcess({
        inputs: server.inputs({ operation: 'promote', targetEnvironment: 'live', force: 'true' }),
        env: { GITHUB_RUN_ATTEMPT: '2' },
        options: { clock: fakeClock() }
      })
      expect(result.code).toBe(0)
      expect(result.outputs.changed).toBe('false')
      expect(server.calls()).toEqual(['GET /deployments/active'])
    }
  })

  test('without any deployment_type, a history that restored an older version still keeps a rollback off the version it replaced', async () => {
    // Newest first: v1 was restored over the bad v2, with no type in the metadata.
    const history = [
      deployment('l4', 'live', 'v1'),
      deployment('l3', 'live', 'v2'),
      deployment('l2', 'live', 'v1'),
      deployment('l1', 'live', 'v0')
    ]
    const { result, server } = await run({ operation: 'rollback', targetEnvironment: 'live' }, (req) => {
      if (req.path === '/deployments/active')
        return { body: { activeDeployments: { sandbox: null, 'pre-release': null, live: history[0] } } }
      if (req.path === '/deployments') return { body: { deployments: history } }
      if (req.path === '/deployments/l1/rollback')
        return { body: { deployment: deployment('l5', 'live', 'v0'), testRunIds: [] } }
      return undefined
    })
    expect(result.code).toBe(0)
    expect(server.calls().filter((c) => c.startsWith('POST'))).toEqual(['POST /deployments/l1/rollback']) // v0, not the bad v2
  })
})

describe('answers served from the published contract', () => {
  /** What a mock server generates from the contract's schemas alone: every string is "string". */
  const generated = deployment('string', 'string', 'string', { createdAt: 'string', metadata: {} })

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
})
