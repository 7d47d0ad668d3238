/**
 * The landing check that decides, after an ambiguous failure, whether a deployment mutation
 * landed: the real client over HTTP against the simulator, whose state the tests arrange.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { PolyAiClient } from '../../src/api/client.js'
import { Deadline } from '../../src/api/timing.js'
import { fakeClock } from '../helpers/clock.js'
import { createHttpTransport, type Transport } from '../../src/api/transport.js'
import { findLanded } from '../../src/api/landing.js'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'

let sim: Simulator
let transport: Transport
let client: PolyAiClient

beforeEach(async () => {
  sim = await startSimulator()
  transport = createHttpTransport('landing-check-test')
  const clock = fakeClock()
  const quiet = { info: () => undefined, notice: () => undefined, warning: () => undefined, debug: () => undefined }
  client = new PolyAiClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    agentId: sim.agentId,
    userAgent: 'landing-check-test',
    transport,
    clock,
    deadline: new Deadline(clock, 30_000),
    log: quiet
  })
})
afterEach(async () => {
  transport.close()
  await sim.close()
})

/** What the step saw before its POST, read through the client as the operations do. */
async function snapshot(): Promise<Awaited<ReturnType<PolyAiClient['getActiveDeployments']>>> {
  const active = await client.getActiveDeployments()
  sim.requests.length = 0
  return active
}

const calls = (): string[] => sim.requests.map((r) => `${r.method} ${r.path.replace(`/v1/agents/${sim.agentId}`, '')}`)

test('a promote that landed is found in the active deployments', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  const made = sim.state.promote(source.id, 'pre-release', 'm').deployment
  const landed = await findLanded(client, { before, environments: ['pre-release'], version: source.version, startedAt: Date.now() })
  expect(landed?.deployment.id).toBe(made.id)
  expect(calls()).toEqual(['GET /deployments/active'])
})

test('a promote that landed and was replaced since is found in the environment history', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  const made = sim.state.promote(source.id, 'pre-release', 'm').deployment
  sim.state.addDeployment('pre-release') // someone else deployed right after ours
  const landed = await findLanded(client, { before, environments: ['pre-release'], version: source.version, startedAt: Date.now() })
  expect(landed?.deployment.id).toBe(made.id)
  expect(calls()).toEqual(['GET /deployments/active', 'GET /deployments'])
  expect(sim.requests[1]?.query).toEqual({ environment: 'pre-release', limit: '10' })
})

test('nothing new (or only a deployment of another version) means it did not land', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  sim.state.addDeployment('pre-release') // a deployment of some other version
  expect(await findLanded(client, { before, environments: ['pre-release'], version: source.version, startedAt: Date.now() })).toBeUndefined()
  expect(calls()).toEqual(['GET /deployments/active', 'GET /deployments'])
})

test('deployments older than what was active before are never taken for ours', async () => {
  const source = sim.state.active('sandbox')!
  const older = sim.state.addDeployment('pre-release', source.version) // history: same version, earlier
  sim.state.addDeployment('pre-release') // then something else became active
  const before = await snapshot()
  expect(older.id).not.toBe(before['pre-release']?.id)
  expect(await findLanded(client, { before, environments: ['pre-release'], version: source.version, startedAt: 0 })).toBeUndefined()
})

test('with the environment unknown, only the active deployments are read', async () => {
  const before = await snapshot()
  expect(await findLanded(client, { before, environments: ['sandbox', 'pre-release', 'live'], version: undefined, startedAt: Date.now() })).toBeUndefined()
  expect(calls()).toEqual(['GET /deployments/active'])
})
