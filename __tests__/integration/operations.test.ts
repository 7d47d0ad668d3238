/**
 * Every operation through the real client, over real HTTP, against the simulator, with run()
 * wired as in production, talking to an in-memory runner (outputs, log and summary kept in memory).
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { BASE_KEYWORD, withoutBase } from '../../src/config/base.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const base = (): Record<string, string> => actionInputs(sim)

describe('deployment operations', () => {
  test('promote with explicit ids sends one read, one POST and one read of what it replaced, and reports the new deployment', async () => {
    const source = sim.state.active('sandbox')!
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'promote',
        deploymentId: source.id,
        targetEnvironment: 'pre-release',
        deploymentMessage: 'ship it'
      }
    })
    expect(run.code).toBe(0)
    const made = sim.state.active('pre-release')!
    expect(made.version).toBe(source.version)
    expect(run.outputs.deploymentId).toBe(made.id)
    expect(run.outputs.environment).toBe('pre-release')
    expect(run.outputs.version).toBe(source.version)
    expect(run.outputs.changed).toBe('true')
    expect(JSON.parse(run.outputs.testRunIds!)).toEqual(expect.arrayContaining([expect.stringMatching(/^tr-/)]))
    expect(JSON.parse(run.outputs.deployment!).id).toBe(made.id)
    const calls = sim.requests.map((r) => `${r.method} ${r.path}`)
    expect(calls).toEqual([
      `GET /v1/agents/${sim.agentId}/deployments/active`,
      `POST /v1/agents/${sim.agentId}/deployments/${source.id}/promote`,
      `GET /v1/agents/${sim.agentId}/deployments`
    ])
    const post = sim.requests[1]!
    expect(post.connection).toBe(sim.requests[0]!.connection) // one keep-alive connection for the step
    // The user's message, with this step's mark: the workflow run, its attempt and a random step id.
    expect(post.body).toEqual({
      deploymentMessage: expect.stringMatching(/^ship it \[promote run 4242\.1 id [0-9a-f]{8}\]$/),
      targetEnvironment: 'pre-release'
    })
    expect(post.headers['x-api-key']).toBe(sim.apiKey)
    expect(post.headers['user-agent']).toMatch(/^polyai-deploy-action\//)
    expect(post.headers['x-polyai-correlation-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(post.headers['x-polyai-correlation-id']).not.toBe(sim.requests[0]!.headers['x-polyai-correlation-id'])
    expect(run.summary).toContain('Promoted agent')
    expect(run.summary).toContain(made.id)
  })

  test('promote without targetEnvironment sends no targetEnvironment and lands in the next stage', async () => {
    const source = sim.state.active('sandbox')!
    const run = await runInProcess({ inputs: { ...base(), operation: 'promote', deploymentId: source.id } })
    expect(run.code).toBe(0)
    const post = sim.requests.find((r) => r.method === 'POST')!
    expect(post.body).not.toHaveProperty('targetEnvironment')
    expect(run.outputs.environment).toBe('pre-release')
  })

  test('promote of an unknown deployment fails with one line naming the call, status, code and a hint', async () => {
    const run = await runInProcess({
      inputs: { ...base(), operation: 'promote', deploymentId: 'dep-9999', targetEnvironment: 'live' }
    })
    expect(run.code).toBe(1)
    const line = run.stdout.split('\n').find((l) => l.startsWith('::error::'))!
    expect(line).toContain('POST /v1/agents/agent-1/deployments/dep-9999/promote')
    expect(line).toContain('HTTP 404 DEPLOYMENT_NOT_FOUND')
    expect(line).toMatch(/correlation id [0-9a-f-]{36}/)
    expect(line).toContain('Hint: check deploymentId')
    expect(run.stdout).not.toMatch(/\n\s+at /)
    expect(run.summary).toContain('failed')
  })

  test('rollback to an explicit deployment creates a new deployment in its environment', async () => {
    const older = sim.state.history('sandbox')[1]!
    const run = await runInProcess({
      inputs: { ...base(), operation: 'rollback', deploymentId: older.id, targetEnvironment: 'sandbox' }
    })
    expect(run.code).toBe(0)
    const active = sim.state.active('sandbox')!
    expect(active.version).toBe(older.version)
    expect(active.id).not.toBe(older.id)
    expect(run.outputs.deploymentId).toBe(active.id)
    expect(run.outputs.changed).toBe('true')
  })

  test('publish creates a sandbox deployment with the default message from the GitHub context', async () => {
    const run = await runInProcess({ inputs: { ...base(), operation: 'publish' } })
    expect(run.code).toBe(0)
    const post = sim.requests.find((r) => r.method === 'POST')!
    expect(post.body).toEqual({
      environment: 'sandbox',
      deploymentMessage: expect.stringMatching(
        /^acme\/agents@0123456 by octocat — https:\/\/github\.com\/acme\/agents\/actions\/runs\/4242 \[publish run 4242\.1 id [0-9a-f]{8}\]$/
      )
    })
    expect(run.outputs.environment).toBe('sandbox')
    expect(run.outputs.deploymentId).toBe(sim.state.active('sandbox')!.id)
  })

  test('get-active-deployments outputs the active deployment of every environment', async () => {
    const run = await runInProcess({ inputs: { ...base(), operation: 'get-active-deployments' } })
    expect(run.code).toBe(0)
    const active = JSON.parse(run.outputs.activeDeployments!)
    expect(active.sandbox.id).toBe(sim.state.active('sandbox')!.id)
    expect(active.live.id).toBe(sim.state.active('live')!.id)
    expect(run.outputs.changed).toBe('false')
    expect(sim.mutations()).toHaveLength(0)
  })
})

describe('config operations', () => {
  test('list-config-pages outputs one page per environment', async () => {
    const run = await runInProcess({ inputs: { ...base(), operation: 'list-config-pages' } })
    expect(run.code).toBe(0)
    const pages = JSON.parse(run.outputs.configPages!)
    expect(pages.map((p: { clientEnv: string }) => p.clientEnv)).toEqual(['sandbox', 'pre-release', 'live'])
    expect(run.summary).toContain('greeting')
  })

  test('get-config-page outputs the page of the named environment', async () => {
    const run = await runInProcess({ inputs: { ...base(), operation: 'get-config-page', targetEnvironment: 'live' } })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.configPage!).clientEnv).toBe('live')
  })

  test('upsert-schema PUTs {schema} to the named page', async () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer' }, locale: { type: 'string' } },
      required: ['greeting']
    }
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'config/schema.json' },
      files: { 'config/schema.json': JSON.stringify(schema) }
    })
    expect(run.code).toBe(0)
    const put = sim.requests.find((r) => r.method === 'PUT')!
    expect(put.path).toBe('/v1/agents/agent-1/real-time-configs/sandbox/schema')
    // The schema as given, plus the base of this sync (docs/config-sync.md).
    expect(put.body).toEqual({ schema: { ...schema, [BASE_KEYWORD]: expect.objectContaining({ version: 1 }) } })
    expect(withoutBase(sim.state.configPages['sandbox'].schema)).toEqual(schema)
    expect(run.outputs.changed).toBe('true')
  })

  test('update-variables PATCHes {variables}', async () => {
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'update-variables',
        targetEnvironment: 'pre-release',
        variablesPath: 'values.json'
      },
      files: { 'values.json': JSON.stringify({ greeting: 'Hi there' }) }
    })
    expect(run.code).toBe(0)
    expect(sim.state.configPages['pre-release'].variables).toEqual({ greeting: 'Hi there', maxRetries: 3 })
  })
})

describe('failures before anything is sent', () => {
  test('bad inputs are all reported together and nothing is sent', async () => {
    const run = await runInProcess({
      inputs: { ...base(), operation: 'promote', agentId: '../etc', dryRun: 'yes', targetEnvironment: 'staging' }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('agentId "../etc" is not a valid id')
    expect(run.stdout).toContain('dryRun must be true or false, got "yes"')
    expect(run.stdout).toContain('targetEnvironment "staging" is not an environment')
    expect(sim.requests).toHaveLength(0)
    expect(run.summary).toContain('nothing was sent to PolyAI')
  })

  test('a wrong key fails with the auth hint and never prints the key', async () => {
    const run = await runInProcess({
      inputs: { ...base(), apiKey: 'wrong-key-123456', operation: 'get-active-deployments' }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('HTTP 401')
    expect(run.stdout).toContain('Hint: check that apiKey')
    expect(run.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain('wrong-key-123456')
    expect(run.summary).not.toContain('wrong-key-123456')
  })
})

describe('outputs over the budget', () => {
  test('list-config-pages with a 1 MB page: configPages is left out with a warning (log and summary), the step succeeds', async () => {
    sim.state.configPages.live.variables = { transcript: 'words '.repeat(200_000) }
    const run = await runInProcess({ inputs: { ...base(), operation: 'list-config-pages' } })
    expect(run.code).toBe(0)
    expect(run.outputs.configPages).toBeUndefined()
    expect(run.outputs.changed).toBe('false')
    expect(run.stdout).toMatch(
      /::warning::The configPages output was not written: it is 1,\d{3} KB, and a step's outputs are kept under 900 KB/
    )
    expect(run.summary).toContain('The configPages output was not written')
  })
})
