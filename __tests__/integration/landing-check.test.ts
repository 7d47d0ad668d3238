/**
 * The landing check that decides, after an ambiguous failure, whether a deployment mutation
 * landed: the real client over HTTP against the simulator, whose state the tests arrange. Also a
 * whole promote step (in process, the fake clock) whose POST is answered 429 after it landed, behind
 * a proxy whose active map lags behind the history (a read replica): the step must not send the
 * promote again, and live gets exactly one new deployment.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { PolyAiClient } from '../../src/api/client.js'
import { Deadline } from '../../src/core/clock.js'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { createHttpTransport, type Transport } from '../../src/api/transport.js'
import { describeUnmarked, findLanded } from '../../src/api/landing.js'
import { landingOf } from '../../src/deploy/replaced.js'
import { stepMark } from '../../src/deploy/ownership.js'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { runInProcess } from '../helpers/in-process.js'
import { startProxy } from '../helpers/redteam-proxy.js'
import type { LocalServer } from '../helpers/local-server.js'

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

const run = {
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  repository: 'acme/agents',
  runId: '4242',
  runAttempt: '1'
}
const mark = stepMark('promote', run, '0badc0de')
const other = stepMark('promote', run, 'feedf00d') // another step of the same run (a matrix leg, say)
const expecting = (
  before: Awaited<ReturnType<typeof snapshot>>,
  environments: Parameters<typeof landingOf>[1],
  version: string | undefined
) => landingOf(before, environments, version, mark)

test('a promote that landed is found in the active deployments by its mark', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  const made = sim.state.promote(source.id, 'pre-release', `ship ${mark.text}`).deployment
  const landed = await findLanded(client, expecting(before, ['pre-release'], source.version))
  expect(landed?.deployment.id).toBe(made.id)
  expect(calls()).toEqual(['GET /deployments/active'])
})

test('a promote that landed and was replaced since is found in the environment history', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  const made = sim.state.promote(source.id, 'pre-release', mark.text).deployment
  sim.state.addDeployment('pre-release', undefined, { deployment_message: 'hotfix', deployment_type: 'publish' }) // someone else deployed right after ours
  const landed = await findLanded(client, expecting(before, ['pre-release'], source.version))
  expect(landed?.deployment.id).toBe(made.id)
  expect(calls()).toEqual(['GET /deployments/active', 'GET /deployments'])
  expect(sim.requests[1]?.query).toEqual({ environment: 'pre-release', limit: '10' })
})

test("a colleague's deployment of the same version, or another step's, is never taken for ours", async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  sim.state.promote(source.id, 'pre-release', 'promoted from Studio by a colleague')
  sim.state.promote(source.id, 'pre-release', `ship ${other.text}`)
  expect(await findLanded(client, expecting(before, ['pre-release'], source.version))).toBeUndefined()
})

test('a new deployment whose message cannot be read is not ours, and is recorded: ownership cannot be told', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  const unreadable = sim.state.addDeployment('pre-release', source.version, null) // metadata: null
  const expectation = expecting(before, ['pre-release'], source.version)
  expect(await findLanded(client, expectation)).toBeUndefined()
  expect(describeUnmarked(expectation)).toBe(
    `no deployment with this step's mark showed, but new deployment ${unreadable.id} (pre-release, version ${source.version}) appeared, and its stored message (metadata.deployment_message) does not carry a readable mark, so whether this step made it cannot be told`
  )
})

test('nothing new (or only a deployment of another version) means it did not land', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  sim.state.addDeployment('pre-release', undefined, { deployment_message: mark.text, deployment_type: 'promote' }) // another version
  expect(await findLanded(client, expecting(before, ['pre-release'], source.version))).toBeUndefined()
  expect(calls()).toEqual(['GET /deployments/active', 'GET /deployments'])
})

test('deployments older than what was active before are never named as new (server timestamps only)', async () => {
  const source = sim.state.active('sandbox')!
  const older = sim.state.addDeployment('pre-release', source.version, {
    deployment_message: 'a colleague',
    deployment_type: 'promote'
  }) // history: same version, earlier
  sim.state.addDeployment('pre-release') // then something else became active
  const before = await snapshot()
  expect(older.id).not.toBe(before['pre-release']?.id)
  const expectation = expecting(before, ['pre-release'], source.version)
  expect(await findLanded(client, expectation)).toBeUndefined()
  expect([...expectation.unmarked.keys()]).toEqual([])
})

test('a deployment carrying this step’s mark is ours whatever its createdAt says (a server clock that stepped back)', async () => {
  const before = await snapshot()
  const source = sim.state.active('sandbox')!
  const made = sim.state.promote(source.id, 'pre-release', mark.text).deployment
  made.createdAt = new Date(Date.parse(before['pre-release']!.createdAt) - 3_600_000).toISOString()
  expect((await findLanded(client, expecting(before, ['pre-release'], source.version)))?.deployment.id).toBe(made.id)
})

test('with the environment unknown, every environment is read', async () => {
  const before = await snapshot()
  sim.state.addDeployment('live', undefined, { deployment_message: 'a colleague', deployment_type: 'promote' })
  expect(await findLanded(client, expecting(before, ['sandbox', 'pre-release', 'live'], undefined))).toBeUndefined()
  expect(calls()).toEqual(['GET /deployments/active', 'GET /deployments', 'GET /deployments', 'GET /deployments'])
  expect(sim.requests.slice(1).map((r) => r.query.environment)).toEqual(['sandbox', 'pre-release', 'live'])
})

test('an environment still running what it ran before is read too: an active map that lags proves nothing', async () => {
  const before = await snapshot()
  const made = sim.state.promote(before['pre-release']!.id, 'live', mark.text).deployment
  // A read replica that has not seen the promote yet: the active map still names what ran before.
  expect(
    await findLanded(
      { ...client, getActiveDeployments: async () => before, listDeployments: (e, n) => client.listDeployments(e, n) },
      expecting(before, ['live'], undefined)
    )
  ).toMatchObject({ deployment: { id: made.id } })
})

test('an environment that ran nothing before is always read (a missing entry proves nothing)', async () => {
  const before = { ...(await snapshot()), live: null }
  expect(await findLanded(client, expecting(before, ['live'], undefined))).toBeUndefined()
  expect(calls()).toEqual(['GET /deployments/active', 'GET /deployments'])
})

describe('a promote step whose landing check reads an active map that lags behind the history', () => {
  let staged: Simulator
  let clock: FakeClock
  let proxy: LocalServer
  let stale: string | undefined
  let lagging = 0
  beforeEach(async () => {
    clock = fakeClock()
    staged = await startSimulator({ seed: 'staged', clock, testRunPolls: 0 })
    proxy = await startProxy(staged.url, (p) => {
      if (p.method === 'GET' && p.path.endsWith('/deployments/active')) {
        if (lagging > 0 && stale !== undefined) {
          lagging--
          return { status: 200, body: stale }
        }
        stale = p.body
      }
      if (p.method === 'POST' && p.path.endsWith('/promote')) lagging = 3
      return undefined
    })
  })
  afterEach(async () => {
    await proxy.close()
    await staged.close()
  })

  test('a promote answered 429 after it landed, with an active map that lags, is not sent again', async () => {
    const before = staged.state.history('live').length
    staged.faults.add({ method: 'POST', path: /\/promote$/, fault: { type: 'apply-then-status', status: 429 } })
    const result = await runInProcess({
      inputs: {
        apiKey: staged.apiKey,
        agentId: staged.agentId,
        baseUrl: proxy.url,
        operation: 'promote',
        targetEnvironment: 'live'
      },
      options: { clock }
    })
    const posts = staged.requests.filter((r) => r.method === 'POST' && /\/promote$/.test(r.path))
    expect(posts).toHaveLength(1)
    expect(staged.state.history('live').length).toBe(before + 1)
    expect(result.code).toBe(0)
    expect(result.outputs.deploymentId).toBe(staged.state.history('live')[0]!.id)
  })
})
