/**
 * Every operation against a purpose-built server that answers at the loosest PolyAI's published
 * contract allows: environments as free text in entries the step does not act on, stages missing
 * from the active map, other keys in it, optional fields absent, `metadata: null`, extra fields,
 * `clientEnv: ""`, schema and variables absent. No such 2xx becomes a failure; where a step truly
 * needs a missing piece, it fails with a one-line reason. In-process, real HTTP, a manual clock.
 */
import { describe, expect, test } from '@jest/globals'
import { runInProcess } from '../helpers/in-process.js'
import { fakeClock } from '../helpers/clock.js'
import { type Answer, deployment, type Received, serveContract } from '../helpers/contract-server.js'

/** Only the required fields, metadata null, plus a field the action does not know. */
const loose = (id: string, env: string, version: string): Record<string, unknown> =>
  deployment(id, env, version, { metadata: null, addedLater: { x: 1 } })

/** The loosest answers the contract allows, for every endpoint the action calls. */
function looseApi(req: Received): Answer | undefined {
  const { method, path } = req
  if (method === 'GET' && path === '/deployments/active') {
    // live missing entirely, pre-release null, and an environment the action does not know.
    return {
      body: {
        activeDeployments: {
          sandbox: loose('dep-s2', 'sandbox', 'v2'),
          'pre-release': null,
          'eu-canary': loose('dep-c', 'eu-canary', 'v9')
        }
      }
    }
  }
  if (method === 'GET' && path === '/deployments') {
    const env = req.query.environment ?? ''
    // Newest first; one entry names an environment the action does not know ("odd" but allowed).
    return {
      body: {
        deployments: [
          loose(`${env}-3`, env, 'v3'),
          loose('odd-1', 'Live (EU)', 'v7'),
          { id: `${env}-2`, environment: env, version: 'v2' },
          loose(`${env}-1`, env, 'v1')
        ]
      }
    }
  }
  if (method === 'POST' && path === '/deployments/publish') {
    // publish's contract makes testRunIds optional.
    return { status: 201, body: { deployment: loose('dep-new', 'sandbox', 'v4') } }
  }
  if (method === 'POST' && path.endsWith('/promote')) {
    return {
      body: {
        deployment: deployment(
          'dep-new',
          (req.body as { targetEnvironment?: string }).targetEnvironment ?? 'pre-release',
          'v2'
        ),
        testRunIds: []
      }
    }
  }
  if (method === 'POST' && path.endsWith('/rollback')) {
    // The version of the deployment rolled back to (live-2 in the history below).
    return { body: { deployment: deployment('dep-new', 'live', 'v2', { metadata: null }), testRunIds: [] } }
  }
  if (method === 'GET' && path === '/real-time-configs') {
    return {
      body: {
        configPages: [
          { clientEnv: '' },
          { clientEnv: 'sandbox', schema: null, variables: null },
          { clientEnv: 'eu-canary', extra: true }
        ]
      }
    }
  }
  // A page starts as only {"clientEnv": ""}; a write answers that loosely too, but is kept, as PolyAI keeps it
  // (a config write re-reads the page before its last write and after a schema write).
  const env = /^\/real-time-configs\/([^/]+)/.exec(path)?.[1] ?? ''
  const stored = kept.get(env) ?? {}
  kept.set(env, stored)
  if (method === 'GET' && path.startsWith('/real-time-configs/')) return { body: { clientEnv: '', ...stored } }
  if (method === 'PUT' && path.endsWith('/schema')) {
    stored.schema = (req.body as { schema?: unknown }).schema
    return { body: { clientEnv: '' } }
  }
  if (method === 'PATCH' && path.endsWith('/variables')) {
    const before = (stored.variables ?? {}) as Record<string, unknown>
    stored.variables = { ...before, ...(req.body as { variables?: Record<string, unknown> }).variables }
    return { body: { clientEnv: '', lastUpdated: '2026-01-01T00:00:00Z' } }
  }
  return undefined
}

/** What the server was sent, per environment: emptied by run() for each test's server. */
const kept = new Map<string, Record<string, unknown>>()

async function run(inputs: Record<string, string>, handler = looseApi, files?: Record<string, string>) {
  kept.clear()
  const server = await serveContract(handler)
  const result = await runInProcess({
    inputs: server.inputs(inputs),
    options: { clock: fakeClock() },
    ...(files ? { files } : {})
  })
  const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error'))
  const warnings = result.stdout.split('\n').filter((l) => l.startsWith('::warning'))
  return { result, errors, warnings, server }
}

const SCHEMA = JSON.stringify({ type: 'object', properties: { greeting: { type: 'string' } } })

describe('the loosest answers the contract allows are accepted', () => {
  test('get-active-deployments: a missing stage, a null stage and an unknown environment key', async () => {
    const { result, errors } = await run({ operation: 'get-active-deployments' })
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    const active = JSON.parse(result.outputs.activeDeployments!)
    expect(active.live).toBeNull()
    expect(active['pre-release']).toBeNull()
    expect(active.sandbox.metadata).toBeNull()
    expect(active['eu-canary'].id).toBe('dep-c') // passed through as the API gave it
    expect(result.summary).toContain('| eu-canary |')
  })

  test('promote: metadata null, no live entry, extra fields', async () => {
    const { result, errors, server } = await run({ operation: 'promote', targetEnvironment: 'pre-release' })
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      deploymentId: 'dep-new',
      environment: 'pre-release',
      version: 'v2',
      changed: 'true'
    })
    // After the POST the step reads live's history to say whether anything changed underneath it.
    expect(server.calls()).toEqual(['GET /deployments/active', 'POST /deployments/dep-s2/promote', 'GET /deployments'])
  })

  test('rollback: an odd history entry (an environment the action does not know, no metadata) does not block it', async () => {
    // Here the active map names live-3 as running in live (the loose map above has no live entry).
    const { result, errors, warnings, server } = await run(
      { operation: 'rollback', targetEnvironment: 'live' },
      (req) =>
        req.path === '/deployments/active'
          ? { body: { activeDeployments: { sandbox: null, 'pre-release': null, live: loose('live-3', 'live', 'v3') } } }
          : looseApi(req)
    )
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(server.calls()).toEqual([
      'GET /deployments',
      'GET /deployments/active',
      'POST /deployments/live-2/rollback',
      'GET /deployments'
    ])
    expect(warnings.join('\n')).toContain(
      '1 deployment(s) of other environments ("Live (EU)" ×1) when asked for live\'s; they were left out'
    )
    expect(result.outputs).toMatchObject({
      deploymentId: 'dep-new',
      environment: 'live',
      previousDeploymentId: 'live-3'
    })
  })

  test('rollback: an active map with no live entry means nothing runs there: nothing is rolled back', async () => {
    const { result, errors, server } = await run({ operation: 'rollback', targetEnvironment: 'live' })
    expect(result.code).toBe(1)
    expect(errors[0]).toContain("Nothing to roll back in live: the API's active deployments name none there")
    expect(server.calls()).toEqual(['GET /deployments', 'GET /deployments/active'])
  })

  test('publish: no testRunIds, metadata null', async () => {
    const { result, errors } = await run({ operation: 'publish' })
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ deploymentId: 'dep-new', environment: 'sandbox', testRunIds: '[]' })
  })

  test('list-config-pages: clientEnv "", null and absent schema and variables, unknown environments', async () => {
    const { result, errors } = await run({ operation: 'list-config-pages' })
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs.configPages!)).toHaveLength(3)
    expect(result.summary).toContain('| eu-canary | no schema | 0 | — |')
  })

  test('get-config-page: a page that is only {"clientEnv": ""}', async () => {
    const { result, errors } = await run({ operation: 'get-config-page', targetEnvironment: 'live' })
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs.configPage!)).toEqual({ clientEnv: '' })
  })

  test('upsert-schema: a page with no schema or values gets the schema; the answer is only {"clientEnv": ""}', async () => {
    const { result, errors, server } = await run(
      { operation: 'upsert-schema', targetEnvironment: 'live', schemaPath: 'schema.json' },
      looseApi,
      {
        'schema.json': SCHEMA
      }
    )
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs.changed).toBe('true')
    // The answer lacks the page, so it is read again: the values pass the schema, the base survived.
    expect(server.calls()).toEqual([
      'GET /real-time-configs/live',
      'PUT /real-time-configs/live/schema',
      'GET /real-time-configs/live'
    ])
  })

  test('update-variables: a page with no schema or values takes the values', async () => {
    const { result, errors, server } = await run(
      { operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'data.json' },
      looseApi,
      { 'data.json': JSON.stringify({ greeting: 'hi' }) }
    )
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(server.requests.at(-1)?.body).toEqual({ variables: { greeting: 'hi' } })
  })
})

describe('the operations added later read as loosely', () => {
  test('list-deployments: an entry of an environment the action does not know is left out and named; metadata null is fine', async () => {
    const { result, errors, warnings } = await run({ operation: 'list-deployments', targetEnvironment: 'live' })
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(warnings.join('\n')).toContain('("Live (EU)" ×1)')
    expect(JSON.parse(result.outputs.deployments!).map((d: { id: string }) => d.id)).toEqual([
      'live-3',
      'live-2',
      'live-1'
    ])
  })

  test('sync-config: a page that is only {"clientEnv": ""} takes schema and values', async () => {
    const { result, errors, server } = await run(
      { operation: 'sync-config', targetEnvironment: 'live', schemaPath: 's.json', variablesPath: 'v.json' },
      looseApi,
      { 's.json': SCHEMA, 'v.json': JSON.stringify({ greeting: 'hi' }) }
    )
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    // Values first, then the schema (carrying the base); the page is read before the last write and after it.
    expect(server.calls().filter((c) => !c.startsWith('GET'))).toHaveLength(2)
  })

  test('pull-config: a page without schema or values writes the (empty) values and skips the schema', async () => {
    const { result, errors } = await run({ operation: 'pull-config', targetEnvironment: 'live', configPath: '.' })
    expect(errors).toEqual([])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('live has no schema')
  })
})

describe('where a step needs a piece the answer lacks, it fails with a one-line reason', () => {
  const without = (patch: (req: Received) => Answer | undefined) => (req: Received) => patch(req) ?? looseApi(req)

  test('update-variables: values that are not an object cannot be merged; nothing is sent', async () => {
    const handler = without((req) =>
      req.method === 'GET' ? { body: { clientEnv: 'live', variables: 'oops' } } : undefined
    )
    const { result, errors, server } = await run(
      { operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'data.json' },
      handler,
      {
        'data.json': '{"a":1}'
      }
    )
    expect(result.code).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(
      `The variables field of the API's live config page is not a JSON object ("oops"), so the step cannot compare or check it; nothing was sent to live`
    )
    expect(server.calls()).toEqual(['GET /real-time-configs/live'])
  })

  test('promote: the source entry the step acts on has no version', async () => {
    const handler = without((req) =>
      req.path === '/deployments/active'
        ? { body: { activeDeployments: { sandbox: { ...loose('dep-s', 'sandbox', 'v'), version: undefined } } } }
        : undefined
    )
    const { result, errors, server } = await run({ operation: 'promote', targetEnvironment: 'pre-release' }, handler)
    expect(result.code).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(
      'GET /v1/agents/agent-c/deployments/active → HTTP 200: unusable success response: activeDeployments.sandbox has no version'
    )
    expect(server.calls().every((c) => c.startsWith('GET'))).toBe(true)
  })
})

describe('free-text environments never make a landed mutation look lost', () => {
  test('a promote answered 502 after it landed, listed under live with environment "Live (EU)", is found and not resent', async () => {
    let landed: Record<string, unknown> | null = null
    const { result, server, warnings } = await run({ operation: 'promote', targetEnvironment: 'live' }, (req) => {
      if (req.path === '/deployments/active') {
        return {
          body: { activeDeployments: { 'pre-release': deployment('dep-p', 'Pre-release (EU)', 'v2'), live: landed } }
        }
      }
      if (req.path === '/deployments') return { body: { deployments: landed ? [landed] : [] } }
      if (req.path.endsWith('/promote')) {
        // Stored with the message sent (it carries the step's mark), then the gateway fails.
        const message = (req.body as { deploymentMessage: string }).deploymentMessage
        landed = deployment('dep-new', 'Live (EU)', 'v2', {
          createdAt: '2099-01-01T00:00:00Z',
          metadata: { deployment_message: message }
        })
        return {
          status: 502,
          body: {
            success: false,
            error: 'bad gateway',
            error_id: 'e',
            error_code: 'BAD_GATEWAY',
            error_message: 'bad gateway',
            data: null
          }
        }
      }
      return undefined
    })
    expect(server.calls().filter((c) => c.startsWith('POST'))).toHaveLength(1)
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ deploymentId: 'dep-new', environment: 'live' })
    expect(warnings.join('\n')).toContain('did land despite the failure')
  })

  test('a skipped promote reports the environment by its key, not the free text the entry names', async () => {
    const { result, server } = await run({ operation: 'promote', targetEnvironment: 'live' }, (req) =>
      req.path === '/deployments/active'
        ? {
            body: {
              activeDeployments: {
                'pre-release': deployment('dep-p', 'pre-release', 'v2'),
                live: deployment('dep-l', 'Live (EU)', 'v2')
              }
            }
          }
        : undefined
    )
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ changed: 'false', deploymentId: 'dep-l', environment: 'live' })
    expect(server.calls()).toEqual(['GET /deployments/active'])
  })
})
