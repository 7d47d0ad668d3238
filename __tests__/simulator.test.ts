/**
 * Drives the PolyAI simulator (dev/simulator) over real HTTP with global fetch, so the action's
 * tests can trust what it answers and how it fails.
 */
import { startSimulator, type Deployment, type Environment, type Simulator } from '../dev/simulator/index.js'
import { fakeClock } from './helpers/clock.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted structurally
type Json = any

interface CallOptions {
  body?: unknown
  /** Sent verbatim instead of JSON.stringify(body). */
  raw?: string
  /** API key to send; null sends none; default the simulator's key. */
  key?: string | null
  headers?: Record<string, string>
  signal?: AbortSignal
}

interface Reply {
  status: number
  headers: Headers
  text: string
  json: Json
}

let sim: Simulator

beforeEach(async () => {
  sim = await startSimulator()
})

afterEach(async () => {
  await sim.close()
})

/** `/v1/agents/{agentId}` + rest. */
const agentPath = (rest: string): string => `/v1/agents/${sim.agentId}${rest}`

async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.key !== null) headers['X-API-KEY'] = options.key ?? sim.apiKey
  let body: string | undefined = options.raw
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] = 'application/json'
  }
  const init: RequestInit = { method, headers, redirect: 'manual' }
  if (body !== undefined) init.body = body
  if (options.signal) init.signal = options.signal
  const res = await fetch(sim.url + path, init)
  const text = await res.text()
  let json: Json
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

const api = (method: string, rest: string, options?: CallOptions): Promise<Reply> =>
  call(method, agentPath(rest), options)

/** Asserts the PolyAI error envelope and its code. */
function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status).toBe(status)
  expect(reply.json).toEqual({
    success: false,
    error: expect.any(String),
    error_id: reply.headers.get('x-polyai-correlation-id'),
    error_code: code,
    error_message: reply.json?.error,
    data: null
  })
}

const activeVersion = (env: Environment): string | undefined => sim.state.active(env)?.version

describe('startup and lifecycle', () => {
  it('listens on a random local port and exposes its defaults', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(sim.apiKey).toBe('sim-key')
    expect(sim.agentId).toBe('agent-1')
    expect(sim.latencyMs).toBe(0)
  })

  it('honours custom options and seed: false', async () => {
    const other = await startSimulator({ apiKey: 'k2', agentId: 'agent-x', seed: false })
    try {
      const res = await fetch(`${other.url}/v1/agents/agent-x/deployments/active`, { headers: { 'X-API-KEY': 'k2' } })
      expect(await res.json()).toEqual({ activeDeployments: { sandbox: null, 'pre-release': null, live: null } })
      expect(other.state.configPages.live).toEqual({
        clientEnv: 'live',
        schema: null,
        variables: null,
        lastUpdated: null
      })
      const publish = await fetch(`${other.url}/v1/agents/agent-x/deployments/publish`, {
        method: 'POST',
        headers: { 'X-API-KEY': 'k2' }
      })
      expect(publish.status).toBe(201)
    } finally {
      await other.close()
    }
  })

  it('close() is idempotent', async () => {
    const other = await startSimulator()
    await Promise.all([other.close(), other.close()])
    await expect(other.close()).resolves.toBeUndefined()
  })
})

describe('auth, correlation and routing', () => {
  it('rejects a missing API key', async () => {
    expectError(await api('GET', '/deployments/active', { key: null }), 401, 'AUTH_USER_MISSING_API_KEY')
  })

  it('rejects a wrong API key', async () => {
    expectError(await api('GET', '/deployments/active', { key: 'nope' }), 401, 'AUTH_USER_UNAUTHORIZED')
  })

  it('checks auth before faults fire', async () => {
    sim.faults.add({ path: '/deployments/active', fault: { type: 'status', status: 503 } })
    expectError(await api('GET', '/deployments/active', { key: 'nope' }), 401, 'AUTH_USER_UNAUTHORIZED')
    expect(sim.faults.pending()).toHaveLength(1)
  })

  it('echoes the correlation id in the header and error_id', async () => {
    const reply = await api('GET', '/deployments', { headers: { 'X-PolyAI-Correlation-Id': 'corr-123' } })
    expect(reply.headers.get('x-polyai-correlation-id')).toBe('corr-123')
    expectError(reply, 400, 'DEPLOYMENTS_INVALID_ENVIRONMENT')
    expect(reply.json.error_id).toBe('corr-123')
    const ok = await api('GET', '/deployments/active', { headers: { 'X-PolyAI-Correlation-Id': 'corr-ok' } })
    expect(ok.headers.get('x-polyai-correlation-id')).toBe('corr-ok')
  })

  it('generates a uuid correlation id when none is sent', async () => {
    const reply = await api('GET', '/nope')
    const id = reply.headers.get('x-polyai-correlation-id')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(reply.json.error_id).toBe(id)
  })

  it('answers 404 NOT_FOUND for unknown routes and AGENT_NOT_FOUND for unknown agents', async () => {
    expectError(await api('GET', '/nope'), 404, 'NOT_FOUND')
    expectError(await call('GET', '/v2/whatever'), 404, 'NOT_FOUND')
    expectError(await api('GET', '/deployments/dep-0001'), 404, 'NOT_FOUND')
    expectError(await call('GET', '/v1/agents/agent-404/deployments/active'), 404, 'AGENT_NOT_FOUND')
  })

  it('answers 405 with Allow for a wrong method', async () => {
    const reply = await api('DELETE', '/deployments/active')
    expectError(reply, 405, 'METHOD_NOT_ALLOWED')
    expect(reply.headers.get('allow')).toBe('GET')
    expectError(await api('GET', '/deployments/publish'), 405, 'METHOD_NOT_ALLOWED')
  })

  it('answers 400 INVALID_JSON for a malformed body and applies nothing', async () => {
    const before = sim.state.all().length
    expectError(await api('POST', '/deployments/publish', { raw: '{"deploymentMessage":' }), 400, 'INVALID_JSON')
    expectError(await api('PATCH', '/real-time-configs/live/variables', { raw: 'not json' }), 400, 'INVALID_JSON')
    expect(sim.state.all()).toHaveLength(before)
  })

  it('records every request and lists mutations', async () => {
    await api('GET', '/deployments?environment=live&limit=1', { headers: { 'X-Custom': 'Yes' } })
    await api('POST', '/deployments/publish', { body: { deploymentMessage: 'm' } })
    await api('PATCH', '/real-time-configs/live/variables', { raw: 'raw text' })
    await call('POST', '/elsewhere', { body: {} })
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${agentPath('/deployments')}`,
      `POST ${agentPath('/deployments/publish')}`,
      `PATCH ${agentPath('/real-time-configs/live/variables')}`,
      'POST /elsewhere'
    ])
    const [get, publish, patch] = sim.requests
    expect(get?.query).toEqual({ environment: 'live', limit: '1' })
    expect(get?.headers['x-custom']).toBe('Yes')
    expect(get?.headers['x-api-key']).toBe('sim-key')
    expect(get?.body).toBeUndefined()
    expect(publish?.body).toEqual({ deploymentMessage: 'm' })
    expect(patch?.body).toBe('raw text')
    expect(typeof get?.at).toBe('number')
    expect(sim.mutations().map((r) => r.method)).toEqual(['POST', 'PATCH'])
  })
})

describe('deployments: list and active', () => {
  it('lists an environment newest first with the documented shape', async () => {
    const reply = await api('GET', '/deployments?environment=sandbox')
    expect(reply.status).toBe(200)
    const deployments: Deployment[] = reply.json.deployments
    expect(deployments).toHaveLength(2)
    const [newer, older] = deployments
    expect(newer).toEqual({
      id: expect.stringMatching(/^dep-\d{4}$/),
      accountId: 'acct-1',
      agentId: 'agent-1',
      environment: 'sandbox',
      artifactVersion: expect.stringMatching(/^art-\d{4}$/),
      version: expect.stringMatching(/^[0-9a-f]{12}$/),
      createdBy: 'ci@example.com',
      createdAt: expect.any(String),
      metadata: { deployment_message: expect.any(String), deployment_type: 'publish' }
    })
    expect(new Date(newer!.createdAt).toISOString()).toBe(newer!.createdAt)
    expect(newer!.createdAt > older!.createdAt).toBe(true)
    expect(newer!.version).not.toBe(older!.version)
    expect(deployments).toEqual(sim.state.history('sandbox'))
  })

  it('honours limit and validates it', async () => {
    const reply = await api('GET', '/deployments?environment=sandbox&limit=1')
    expect(reply.json.deployments).toEqual([sim.state.active('sandbox')])
    expectError(await api('GET', '/deployments?environment=sandbox&limit=abc'), 400, 'DEPLOYMENTS_VALIDATION_FAILED')
  })

  it('rejects a missing or unknown environment', async () => {
    expectError(await api('GET', '/deployments'), 400, 'DEPLOYMENTS_INVALID_ENVIRONMENT')
    expectError(await api('GET', '/deployments?environment=prod'), 400, 'DEPLOYMENTS_INVALID_ENVIRONMENT')
  })

  it('reports the seeded active deployment per environment', async () => {
    const reply = await api('GET', '/deployments/active')
    expect(reply.status).toBe(200)
    const { sandbox, 'pre-release': preRelease, live } = reply.json.activeDeployments
    expect(sandbox).toEqual(sim.state.active('sandbox'))
    expect(preRelease.version).toBe(live.version)
    expect(sandbox.version).not.toBe(live.version) // sandbox is one build ahead
    expect(sim.state.history('sandbox')[1]?.version).toBe(live.version)
    expect(sim.state.all()).toHaveLength(4)
  })

  it('addDeployment makes a new active deployment, reusing a known version', async () => {
    const liveVersion = activeVersion('live')!
    const added = sim.state.addDeployment('sandbox', liveVersion)
    expect(added.metadata).toBeNull()
    expect(added.artifactVersion).toBe(sim.state.active('live')?.artifactVersion)
    const reply = await api('GET', '/deployments/active')
    expect(reply.json.activeDeployments.sandbox).toEqual(added)
    const fresh = sim.state.addDeployment('live')
    expect(fresh.version).not.toBe(liveVersion)
    expect(sim.state.active('live')).toBe(fresh)
  })
})

describe('deployments: publish', () => {
  it('publishes the draft once, then 409s until the draft changes', async () => {
    const known = new Set(sim.state.all().map((d) => d.version))
    const first = await api('POST', '/deployments/publish', { body: { deploymentMessage: 'ship it' } })
    expect(first.status).toBe(201)
    expect(first.json.testRunIds).toEqual([])
    const deployment: Deployment = first.json.deployment
    expect(deployment.environment).toBe('sandbox')
    expect(known.has(deployment.version)).toBe(false)
    expect(deployment.metadata).toEqual({ deployment_message: 'ship it', deployment_type: 'publish' })
    expect(sim.state.active('sandbox')).toEqual(deployment)
    expect(sim.state.draft.hasChanges).toBe(false)

    expectError(await api('POST', '/deployments/publish', { body: {} }), 409, 'DEPLOYMENTS_ALREADY_PUBLISHED')
    expect(sim.state.active('sandbox')?.id).toBe(deployment.id)

    sim.state.editDraft()
    const second = await api('POST', '/deployments/publish')
    expect(second.status).toBe(201)
    expect(second.json.deployment.version).not.toBe(deployment.version)
    expect(second.json.deployment.id).not.toBe(deployment.id)
    expect(second.json.deployment.metadata.deployment_message).toBe('')
  })

  it('publishes to another environment when asked', async () => {
    const reply = await api('POST', '/deployments/publish', { body: { environment: 'pre-release' } })
    expect(reply.status).toBe(201)
    expect(reply.json.deployment.environment).toBe('pre-release')
    expect(sim.state.active('pre-release')?.id).toBe(reply.json.deployment.id)
  })

  it('rejects an unknown environment or a bad message without consuming the draft', async () => {
    expectError(
      await api('POST', '/deployments/publish', { body: { environment: 'prod' } }),
      400,
      'DEPLOYMENTS_INVALID_ENVIRONMENT'
    )
    expectError(
      await api('POST', '/deployments/publish', { body: { deploymentMessage: 5 } }),
      400,
      'DEPLOYMENTS_VALIDATION_FAILED'
    )
    expect(sim.state.draft.hasChanges).toBe(true)
  })
})

describe('deployments: promote', () => {
  it('promotes sandbox -> pre-release -> live with new ids and the same version', async () => {
    const source = sim.state.active('sandbox')!
    const toPre = await api('POST', `/deployments/${source.id}/promote`)
    expect(toPre.status).toBe(200)
    const pre: Deployment = toPre.json.deployment
    expect(pre.environment).toBe('pre-release')
    expect(pre.id).not.toBe(source.id)
    expect(pre.version).toBe(source.version)
    expect(pre.artifactVersion).toBe(source.artifactVersion)
    expect(pre.metadata).toEqual({ deployment_message: '', deployment_type: 'promote' })
    expect(toPre.json.testRunIds).toEqual([expect.stringMatching(/^tr-\d{4}$/)])

    const toLive = await api('POST', `/deployments/${pre.id}/promote`, { body: { deploymentMessage: 'go live' } })
    expect(toLive.status).toBe(200)
    const live: Deployment = toLive.json.deployment
    expect(live.environment).toBe('live')
    expect(live.version).toBe(source.version)
    expect(new Set([source.id, pre.id, live.id]).size).toBe(3)
    expect(live.metadata?.deployment_message).toBe('go live')
    expect(toLive.json.testRunIds).toHaveLength(1)
    expect(toLive.json.testRunIds[0]).not.toBe(toPre.json.testRunIds[0])

    const active = (await api('GET', '/deployments/active')).json.activeDeployments
    expect(active.live.id).toBe(live.id)
    expect(active['pre-release'].id).toBe(pre.id)
  })

  it('can skip straight to live with targetEnvironment', async () => {
    const source = sim.state.active('sandbox')!
    const reply = await api('POST', `/deployments/${source.id}/promote`, { body: { targetEnvironment: 'live' } })
    expect(reply.status).toBe(200)
    expect(reply.json.deployment.environment).toBe('live')
    expect(activeVersion('live')).toBe(source.version)
  })

  it('is not idempotent: repeating creates a duplicate deployment', async () => {
    const source = sim.state.active('sandbox')!
    const a = await api('POST', `/deployments/${source.id}/promote`)
    const b = await api('POST', `/deployments/${source.id}/promote`)
    expect(a.json.deployment.id).not.toBe(b.json.deployment.id)
    expect(
      sim.state
        .history('pre-release')
        .slice(0, 2)
        .map((d) => d.version)
    ).toEqual([source.version, source.version])
  })

  it.each([
    [{ foo: 'bar' }, 'foo'],
    [{ deploymentMessage: '' }, 'deploymentMessage'],
    [{ targetEnvironment: '' }, 'targetEnvironment'],
    [{ deploymentMessage: 42 }, 'deploymentMessage'],
    [{ targetEnvironment: 'prod' }, 'targetEnvironment'],
    [{ deploymentMessage: 'ok', environment: 'live' }, 'environment']
  ])('rejects body %j naming the field %s', async (body, field) => {
    const before = sim.state.all().length
    const reply = await api('POST', `/deployments/${sim.state.active('sandbox')!.id}/promote`, { body })
    expectError(reply, 400, 'DEPLOYMENTS_VALIDATION_FAILED')
    expect(reply.json.error).toContain(field)
    expect(sim.state.all()).toHaveLength(before)
  })

  it('rejects a body that is not an object', async () => {
    expectError(
      await api('POST', `/deployments/${sim.state.active('sandbox')!.id}/promote`, { body: ['live'] }),
      400,
      'DEPLOYMENTS_VALIDATION_FAILED'
    )
  })

  it('rejects targets that are not a later stage', async () => {
    const pre = sim.state.active('pre-release')!
    const live = sim.state.active('live')!
    const sandbox = sim.state.active('sandbox')!
    const before = sim.state.all().length
    expectError(
      await api('POST', `/deployments/${pre.id}/promote`, { body: { targetEnvironment: 'pre-release' } }),
      400,
      'DEPLOYMENTS_INVALID_ENVIRONMENT'
    )
    expectError(
      await api('POST', `/deployments/${sandbox.id}/promote`, { body: { targetEnvironment: 'sandbox' } }),
      400,
      'DEPLOYMENTS_INVALID_ENVIRONMENT'
    )
    expectError(await api('POST', `/deployments/${live.id}/promote`), 400, 'DEPLOYMENTS_INVALID_ENVIRONMENT')
    expectError(
      await api('POST', `/deployments/${live.id}/promote`, { body: { targetEnvironment: 'live' } }),
      400,
      'DEPLOYMENTS_INVALID_ENVIRONMENT'
    )
    expect(sim.state.all()).toHaveLength(before)
    expect(sim.state.testRuns.size).toBe(0)
  })

  it('404s an unknown deployment id', async () => {
    expectError(await api('POST', '/deployments/dep-9999/promote'), 404, 'DEPLOYMENT_NOT_FOUND')
  })
})

describe('deployments: rollback', () => {
  it('re-deploys an older version in its own environment', async () => {
    const [current, older] = sim.state.history('sandbox')
    const reply = await api('POST', `/deployments/${older!.id}/rollback`, { body: { deploymentMessage: 'revert' } })
    expect(reply.status).toBe(200)
    expect(reply.json.testRunIds).toEqual([])
    const deployment: Deployment = reply.json.deployment
    expect(deployment.environment).toBe('sandbox')
    expect(deployment.version).toBe(older!.version)
    expect(deployment.version).not.toBe(current!.version)
    expect(deployment.id).not.toBe(older!.id)
    expect(deployment.metadata).toEqual({ deployment_message: 'revert', deployment_type: 'rollback' })
    expect(sim.state.active('sandbox')).toEqual(deployment)
    expect(sim.state.history('sandbox')).toHaveLength(3)
    expect(activeVersion('live')).toBe(older!.version) // other environments untouched
  })

  it('validates the body and the id', async () => {
    const older = sim.state.history('sandbox')[1]!
    const reply = await api('POST', `/deployments/${older.id}/rollback`, { body: { targetEnvironment: 'live' } })
    expectError(reply, 400, 'DEPLOYMENTS_VALIDATION_FAILED')
    expect(reply.json.error).toContain('targetEnvironment')
    expectError(
      await api('POST', `/deployments/${older.id}/rollback`, { body: { deploymentMessage: '' } }),
      400,
      'DEPLOYMENTS_VALIDATION_FAILED'
    )
    expectError(await api('POST', '/deployments/dep-9999/rollback'), 404, 'DEPLOYMENT_NOT_FOUND')
    expect(sim.state.history('sandbox')).toHaveLength(2)
  })
})

describe('test runs', () => {
  async function promoteForRun(): Promise<string> {
    const reply = await api('POST', `/deployments/${sim.state.active('sandbox')!.id}/promote`)
    const id: unknown = reply.json.testRunIds[0]
    if (typeof id !== 'string') throw new Error('promote returned no test run')
    return id
  }

  async function statuses(id: string, polls: number): Promise<Json[]> {
    const out: Json[] = []
    for (let i = 0; i < polls; i++) {
      const reply = await api('GET', `/testing/test-runs/${id}`)
      expect(reply.status).toBe(200)
      out.push(reply.json)
    }
    return out
  }

  it.each([
    ['passed', [3, 0, 0]],
    ['failed', [2, 1, 0]],
    ['error', [2, 0, 1]]
  ] as const)('progresses pending -> running -> %s', async (outcome, [passedCount, failedCount, errorCount]) => {
    sim.state.testRunPlan = { outcome, pollsUntilDone: 2 }
    const id = await promoteForRun()
    const seen = await statuses(id, 4)
    expect(seen.map((s) => s.status)).toEqual(['pending', 'running', outcome, outcome])
    expect(seen[0]).toEqual({ id, status: 'pending', passedCount: 0, failedCount: 0, errorCount: 0, testCaseCount: 3 })
    expect(seen[3]).toEqual({ id, status: outcome, passedCount, failedCount, errorCount, testCaseCount: 3 })
  })

  it('uses the default plan (passed after 2 polls)', async () => {
    const id = await promoteForRun()
    expect((await statuses(id, 3)).map((s) => s.status)).toEqual(['pending', 'running', 'passed'])
  })

  it("keeps an outcome 'never' run running forever", async () => {
    sim.state.testRunPlan = { outcome: 'never', pollsUntilDone: 1 }
    const id = await promoteForRun()
    expect((await statuses(id, 5)).map((s) => s.status)).toEqual([
      'pending',
      'running',
      'running',
      'running',
      'running'
    ])
  })

  it('finishes on the first poll when pollsUntilDone is 0', async () => {
    sim.state.testRunPlan = { outcome: 'failed', pollsUntilDone: 0 }
    const id = await promoteForRun()
    expect((await statuses(id, 1))[0].status).toBe('failed')
  })

  it('fixes the plan when the run is created', async () => {
    const id = await promoteForRun()
    sim.state.testRunPlan = { outcome: 'error', pollsUntilDone: 0 }
    expect((await statuses(id, 3)).map((s) => s.status)).toEqual(['pending', 'running', 'passed'])
    expect(sim.state.testRuns.get(id)?.polls).toBe(3)
  })

  it('404s an unknown test run', async () => {
    expectError(await api('GET', '/testing/test-runs/tr-9999'), 404, 'TEST_RUN_NOT_FOUND')
  })
})

describe('real-time configs', () => {
  const seededSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 } },
    required: ['greeting']
  }

  it('lists one seeded page per environment in order', async () => {
    const reply = await api('GET', '/real-time-configs')
    expect(reply.status).toBe(200)
    expect(reply.json.configPages.map((p: Json) => p.clientEnv)).toEqual(['sandbox', 'pre-release', 'live'])
    for (const page of reply.json.configPages) {
      expect(page).toEqual({
        clientEnv: page.clientEnv,
        schema: seededSchema,
        variables: { greeting: 'Hello', maxRetries: 3 },
        lastUpdated: expect.any(String)
      })
    }
  })

  it('gets a single page and rejects an unknown environment', async () => {
    const reply = await api('GET', '/real-time-configs/pre-release')
    expect(reply.status).toBe(200)
    expect(reply.json.clientEnv).toBe('pre-release')
    expectError(await api('GET', '/real-time-configs/prod'), 400, 'REAL_TIME_CONFIG_UNKNOWN_CLIENT_ENVIRONMENT')
    expectError(
      await api('PUT', '/real-time-configs/prod/schema', { body: { schema: {} } }),
      400,
      'REAL_TIME_CONFIG_UNKNOWN_CLIENT_ENVIRONMENT'
    )
    expectError(
      await api('PATCH', '/real-time-configs/prod/variables', { body: { variables: {} } }),
      400,
      'REAL_TIME_CONFIG_UNKNOWN_CLIENT_ENVIRONMENT'
    )
  })

  it('stores a new schema without re-validating the stored values', async () => {
    const before = sim.state.configPages.sandbox.lastUpdated!
    const schema = { ...seededSchema, required: ['greeting', 'locale'] }
    const reply = await api('PUT', '/real-time-configs/sandbox/schema', { body: { schema } })
    expect(reply.status).toBe(200)
    expect(reply.json.schema).toEqual(schema)
    expect(reply.json.variables).toEqual({ greeting: 'Hello', maxRetries: 3 }) // now invalid, but kept
    expect(reply.json.lastUpdated > before).toBe(true)
    expect(sim.state.configPages.sandbox.schema).toEqual(schema)
    expect(sim.state.configPages.live.schema).toEqual(seededSchema) // schemas are per environment
    // The stale values now block any PATCH that does not add the new required field.
    expectError(
      await api('PATCH', '/real-time-configs/sandbox/variables', { body: { variables: { maxRetries: 1 } } }),
      400,
      'REAL_TIME_CONFIG_INVALID_FOR_SCHEMA'
    )
    expect(
      (await api('PATCH', '/real-time-configs/sandbox/variables', { body: { variables: { locale: 'en' } } })).status
    ).toBe(200)
  })

  it.each([
    ['a non-object', 'just a string'],
    ['an array', [{ type: 'object' }]],
    ['null', null],
    ['an unknown type', { type: 'strin' }],
    ['a remote $ref (never fetched)', { $ref: 'https://example.com/schema.json' }],
    ['another draft', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }]
  ])('rejects %s schema with REAL_TIME_CONFIG_INVALID_SCHEMA', async (_label, schema) => {
    const reply = await api('PUT', '/real-time-configs/live/schema', { body: { schema } })
    expectError(reply, 400, 'REAL_TIME_CONFIG_INVALID_SCHEMA')
    expect(sim.state.configPages.live.schema).toEqual(seededSchema)
  })

  it('rejects a schema body without the schema field', async () => {
    expectError(
      await api('PUT', '/real-time-configs/live/schema', { body: { other: {} } }),
      400,
      'REAL_TIME_CONFIG_VALIDATION_FAILED'
    )
    expectError(await api('PUT', '/real-time-configs/live/schema'), 400, 'REAL_TIME_CONFIG_VALIDATION_FAILED')
  })

  it('shallow-merges variables and updates lastUpdated', async () => {
    const before = sim.state.configPages.live.lastUpdated!
    const reply = await api('PATCH', '/real-time-configs/live/variables', {
      body: { variables: { maxRetries: 5, extra: { nested: true } } }
    })
    expect(reply.status).toBe(200)
    expect(reply.json.variables).toEqual({ greeting: 'Hello', maxRetries: 5, extra: { nested: true } })
    expect(reply.json.lastUpdated > before).toBe(true)
    expect((await api('GET', '/real-time-configs/live')).json.variables.maxRetries).toBe(5)
    expect(sim.state.configPages.sandbox.variables).toEqual({ greeting: 'Hello', maxRetries: 3 })
  })

  it('rejects values that fail the schema and stores nothing', async () => {
    const before = structuredClone(sim.state.configPages.live)
    const reply = await api('PATCH', '/real-time-configs/live/variables', {
      body: { variables: { maxRetries: -1, greeting: 'Hi' } }
    })
    expectError(reply, 400, 'REAL_TIME_CONFIG_INVALID_FOR_SCHEMA')
    expect(reply.json.error).toContain('maxRetries')
    expectError(
      await api('PATCH', '/real-time-configs/live/variables', { body: { variables: { greeting: 7 } } }),
      400,
      'REAL_TIME_CONFIG_INVALID_FOR_SCHEMA'
    )
    expect(sim.state.configPages.live).toEqual(before)
  })

  it('rejects a variables body without an object variables field', async () => {
    expectError(
      await api('PATCH', '/real-time-configs/live/variables', { body: {} }),
      400,
      'REAL_TIME_CONFIG_VALIDATION_FAILED'
    )
    expectError(
      await api('PATCH', '/real-time-configs/live/variables', { body: { variables: [1] } }),
      400,
      'REAL_TIME_CONFIG_VALIDATION_FAILED'
    )
  })

  it('accepts any values on a page without a schema', async () => {
    const other = await startSimulator({ seed: false })
    try {
      const res = await fetch(`${other.url}/v1/agents/agent-1/real-time-configs/live/variables`, {
        method: 'PATCH',
        headers: { 'X-API-KEY': 'sim-key' },
        body: JSON.stringify({ variables: { anything: [1, 2] } })
      })
      expect(res.status).toBe(200)
      expect(((await res.json()) as Json).variables).toEqual({ anything: [1, 2] })
    } finally {
      await other.close()
    }
  })
})

describe('fault injection', () => {
  const publishPath = '/deployments/publish'
  const sandboxCount = (): number => sim.state.history('sandbox').length

  it('status: answers the status with an envelope and Retry-After, without applying', async () => {
    sim.faults.add({
      method: 'POST',
      path: publishPath,
      times: 2,
      fault: { type: 'status', status: 429, retryAfter: '3' }
    })
    for (let i = 0; i < 2; i++) {
      const reply = await api('POST', publishPath)
      expectError(reply, 429, 'TOO_MANY_REQUESTS')
      expect(reply.headers.get('retry-after')).toBe('3')
    }
    expect(sandboxCount()).toBe(2)
    expect(sim.faults.pending()).toEqual([])
    expect((await api('POST', publishPath)).status).toBe(201) // exhausted: normal again
    expect(sim.requests).toHaveLength(3) // faulted requests are recorded too
  })

  it('status: sends a custom body and headers', async () => {
    sim.faults.add({
      path: '/deployments/active',
      fault: { type: 'status', status: 503, body: { custom: true }, headers: { 'X-Extra': 'x' } }
    })
    const reply = await api('GET', '/deployments/active')
    expect(reply.status).toBe(503)
    expect(reply.json).toEqual({ custom: true })
    expect(reply.headers.get('x-extra')).toBe('x')
    sim.faults.add({ path: '/deployments/active', fault: { type: 'status', status: 500, body: 'plain oops' } })
    const plain = await api('GET', '/deployments/active')
    expect(plain.text).toBe('plain oops')
    expect(plain.headers.get('content-type')).toBe('text/plain')
  })

  it('matches by method, RegExp and first rule with times left; pending() shows what is left', async () => {
    sim.faults.add({ method: 'GET', path: publishPath, fault: { type: 'status', status: 500 } })
    sim.faults.add({ path: /\/promote$/g, times: Infinity, fault: { type: 'status', status: 502 } })
    sim.faults.add({ path: /\/promote$/, fault: { type: 'status', status: 504 } })
    expect((await api('POST', publishPath)).status).toBe(201) // method does not match
    const id = sim.state.active('sandbox')!.id
    expect((await api('POST', `/deployments/${id}/promote`)).status).toBe(502)
    expect((await api('POST', `/deployments/${id}/promote`)).status).toBe(502) // global regex reset each time
    expect(sim.faults.pending().map((r) => r.times)).toEqual([1, Infinity, 1])
    sim.faults.clear()
    expect(sim.faults.pending()).toEqual([])
    expect((await api('POST', `/deployments/${id}/promote`)).status).toBe(200)
  })

  it('apply-then-status: applies the change, then answers the status', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'apply-then-status', status: 502 } })
    const reply = await api('POST', publishPath, { headers: { 'X-PolyAI-Correlation-Id': 'c-1' } })
    expectError(reply, 502, 'BAD_GATEWAY')
    expect(reply.json.error_id).toBe('c-1')
    expect(sandboxCount()).toBe(3)
    expect(sim.state.draft.hasChanges).toBe(false)
  })

  it('apply-then-status with a success status keeps the real body', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'apply-then-status', status: 200 } })
    const reply = await api('POST', publishPath)
    expect(reply.status).toBe(200)
    expect(reply.json.deployment.id).toBe(sim.state.active('sandbox')?.id)
  })

  it('delay: waits, then handles normally', async () => {
    sim.faults.add({ path: '/deployments/active', fault: { type: 'delay', ms: 250 } })
    const started = Date.now()
    const reply = await api('GET', '/deployments/active')
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
    expect(reply.status).toBe(200)
    expect(reply.json.activeDeployments.live).not.toBeNull()
  })

  it('hang: never answers, does not apply, and the client can time out', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'hang' } })
    await expect(api('POST', publishPath, { signal: AbortSignal.timeout(200) })).rejects.toThrow()
    expect(sandboxCount()).toBe(2)
    expect(sim.requests).toHaveLength(1)
  })

  it('hang: close() destroys the hung socket promptly', async () => {
    const other = await startSimulator()
    other.faults.add({ path: '/deployments/active', fault: { type: 'hang' } })
    const pending = fetch(`${other.url}/v1/agents/agent-1/deployments/active`, { headers: { 'X-API-KEY': 'sim-key' } })
    const settled = pending.then(
      () => 'resolved',
      () => 'rejected'
    )
    while (other.requests.length === 0) await new Promise((r) => setTimeout(r, 10))
    // Promptly: the hang itself would never end, so any bound shows it; a generous one holds on a busy machine.
    const started = Date.now()
    await other.close()
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(await settled).toBe('rejected')
  })

  it('reset-before: the connection drops and nothing is applied', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'reset-before' } })
    await expect(api('POST', publishPath)).rejects.toThrow()
    expect(sandboxCount()).toBe(2)
    expect(sim.state.draft.hasChanges).toBe(true)
  })

  it('reset-after: the connection drops but the change was applied', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'reset-after' } })
    await expect(api('POST', publishPath)).rejects.toThrow()
    expect(sandboxCount()).toBe(3)
    expectError(await api('POST', publishPath), 409, 'DEPLOYMENTS_ALREADY_PUBLISHED') // it really landed
  })

  it('html: proxy page (default 502), not applied, no correlation header', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'html' } })
    const reply = await api('POST', publishPath)
    expect(reply.status).toBe(502)
    expect(reply.headers.get('content-type')).toBe('text/html')
    expect(reply.text).toContain('<html>')
    expect(reply.json).toBeUndefined()
    expect(reply.headers.get('x-polyai-correlation-id')).toBeNull()
    expect(sandboxCount()).toBe(2)
    sim.faults.add({ path: publishPath, fault: { type: 'html', status: 504 } })
    expect((await api('POST', publishPath)).status).toBe(504)
  })

  it('truncated: applies, then 200 with half a JSON body', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'truncated' } })
    const reply = await api('POST', publishPath)
    expect(reply.status).toBe(200)
    expect(reply.text.length).toBeGreaterThan(10)
    expect(() => JSON.parse(reply.text)).toThrow()
    expect(reply.text.startsWith('{"deployment":{')).toBe(true)
    expect(sandboxCount()).toBe(3)
  })

  it('empty: applies, then an empty body (default 200, or the given status)', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'empty' } })
    const reply = await api('POST', publishPath)
    expect(reply.status).toBe(200)
    expect(reply.text).toBe('')
    expect(sandboxCount()).toBe(3)
    sim.faults.add({ path: '/variables', fault: { type: 'empty', status: 502 } })
    const patched = await api('PATCH', '/real-time-configs/live/variables', { body: { variables: { maxRetries: 9 } } })
    expect(patched.status).toBe(502)
    expect(patched.text).toBe('')
    expect(sim.state.configPages.live.variables?.['maxRetries']).toBe(9)
  })

  it('redirect: 302 with Location (or the given status), not applied', async () => {
    sim.faults.add({ path: publishPath, fault: { type: 'redirect', location: 'https://api.poly.ai/elsewhere' } })
    const reply = await api('POST', publishPath)
    expect(reply.status).toBe(302)
    expect(reply.headers.get('location')).toBe('https://api.poly.ai/elsewhere')
    expect(sandboxCount()).toBe(2)
    sim.faults.add({ path: publishPath, fault: { type: 'redirect', location: '/v1/x', status: 307 } })
    expect((await api('POST', publishPath)).status).toBe(307)
  })
})

/** Resolves once the simulator holds `count` requests on its clock. */
async function parked(on: Simulator, count: number): Promise<void> {
  while (on.parked.size < count) await new Promise((r) => setTimeout(r, 5))
}

/** On a fake clock: the latency is a wait on the server's clock, so it is shown exactly, with no real waiting. */
describe('latency', () => {
  it('adds latencyMs to every response, and can be changed at runtime', async () => {
    const clock = fakeClock()
    const other = await startSimulator({ clock })
    try {
      other.latencyMs = 200
      let answered = false
      const reply = fetch(`${other.url}/v1/agents/agent-1/deployments/active`, { headers: { 'X-API-KEY': 'wrong' } })
      void reply.then(() => (answered = true))
      await parked(other, 1)
      clock.advance(199)
      await new Promise((r) => setTimeout(r, 20))
      expect({ answered, held: other.parked.size }).toEqual({ answered: false, held: 1 })
      clock.advance(1)
      expect((await reply).status).toBe(401) // even before auth
      other.latencyMs = 0
      // Answered with the clock standing still: no wait at all.
      const direct = await fetch(`${other.url}/v1/agents/agent-1/deployments/active`, {
        headers: { 'X-API-KEY': 'sim-key' }
      })
      expect(direct.status).toBe(200)
    } finally {
      await other.close()
    }
  })

  it('can be set at start', async () => {
    const clock = fakeClock()
    const other = await startSimulator({ latencyMs: 150, clock })
    try {
      const reply = fetch(`${other.url}/v1/agents/agent-1/deployments/active`, { headers: { 'X-API-KEY': 'sim-key' } })
      await parked(other, 1)
      clock.advance(150)
      expect((await reply).status).toBe(200)
    } finally {
      await other.close()
    }
  })
})

describe('rehearsal: the staged world and the admin calls', () => {
  test('--staged: each environment runs a different version, with history for a rollback; the draft has changes', async () => {
    const staged = await startSimulator({ seed: 'staged', testRuns: 'failed', testRunPolls: 0 })
    try {
      const versions = (['sandbox', 'pre-release', 'live'] as const).map((env) => staged.state.active(env)!.version)
      expect(new Set(versions).size).toBe(3)
      expect(staged.state.history('live').map((d) => d.version)).toEqual([
        staged.state.history('pre-release')[1]!.version,
        staged.state.history('pre-release')[2]!.version
      ])
      expect(staged.state.draft.hasChanges).toBe(true)
      expect(staged.state.configPages.live.schema).toMatchObject({
        additionalProperties: false,
        required: ['greeting']
      })
      const promoted = staged.state.promote(staged.state.active('sandbox')!.id, 'pre-release', 'm')
      expect(staged.state.pollTestRun(promoted.testRunIds[0]!).status).toBe('failed')
    } finally {
      await staged.close()
    }
  })

  test('admin calls change the world without a key and are not recorded as API requests', async () => {
    const failed = await call('POST', '/_sim/test-runs', { key: null, body: { outcome: 'failed', pollsUntilDone: 0 } })
    expect(failed.status).toBe(200)
    expect(sim.state.testRunPlan).toEqual({ outcome: 'failed', pollsUntilDone: 0 })
    expect((await call('POST', '/_sim/test-runs', { key: null, body: { outcome: 'maybe' } })).status).toBe(400)
    sim.state.draft.hasChanges = false
    await call('POST', '/_sim/draft', { key: null })
    expect(sim.state.draft.hasChanges).toBe(true)
    const made = await call('POST', '/_sim/deployments', {
      key: null,
      body: { environment: 'live', message: 'hotfix in Studio' }
    })
    expect(made.status).toBe(201)
    expect(sim.state.active('live')!.id).toBe(made.json.deployment.id)
    const state = await call('GET', '/_sim/state', { key: null })
    expect(state.json.active.live).toBe(made.json.deployment.version)
    expect((await call('POST', '/_sim/nope', { key: null })).status).toBe(404)
    expect(sim.requests).toHaveLength(0)
  })
})

describe('rate limit', () => {
  test('a token bucket per key: beyond it 429 with Retry-After, and a request sooner than that is recorded', async () => {
    let now = 1_000_000
    const clock = { now: () => now, sleep: async () => undefined }
    const limited = await startSimulator({ clock, agents: ['agent-2'], rateLimit: { perSecond: 2, burst: 2 } })
    try {
      const get = (agent: string): Promise<Response> =>
        fetch(`${limited.url}/v1/agents/${agent}/deployments/active`, { headers: { 'X-API-KEY': limited.apiKey } })
      expect((await get('agent-1')).status).toBe(200)
      expect((await get('agent-2')).status).toBe(200)
      const refused = await get('agent-1')
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('2')
      expect(((await refused.json()) as { error_code: string }).error_code).toBe('RATE_LIMIT_EXCEEDED')
      now += 1_000 // two tokens back, but agent-1 was told to wait 2 s
      expect((await get('agent-1')).status).toBe(200)
      expect(limited.rateLimit?.early).toHaveLength(1)
      now += 1_000
      expect((await get('agent-2')).status).toBe(200)
      expect(limited.rateLimit).toMatchObject({ admitted: 4, limited: 1 })
      expect(limited.rateLimit?.early).toHaveLength(1)
      // Each agent its own world on the one key.
      expect(limited.stateOf('agent-2')?.agentId).toBe('agent-2')
      expect((await get('agent-3')).status).toBe(404)
    } finally {
      await limited.close()
    }
  })
})
