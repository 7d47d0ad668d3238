/**
 * Red team: the bake against Alerts API answers that misbehave in ways its contract's readers meet,
 * in process on the fake clock shared with the simulator, behind a proxy that rewrites the answers.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { runInProcess } from '../helpers/in-process.js'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { startProxy, type Rewrite } from '../helpers/redteam-proxy.js'
import type { LocalServer } from '../helpers/local-server.js'
import { readServerTime, startedBefore } from '../../src/api/alerts.js'

let sim: Simulator
let clock: FakeClock
let proxy: LocalServer
let rewrite: Rewrite = () => undefined
beforeEach(async () => {
  clock = fakeClock()
  sim = await startSimulator({ seed: 'staged', clock, testRunPolls: 0 })
  proxy = await startProxy(sim.url, (p) => rewrite(p))
})
afterEach(async () => {
  rewrite = () => undefined
  await proxy.close()
  await sim.close()
})

const run = (extra: Record<string, string>) =>
  runInProcess({
    inputs: {
      apiKey: sim.apiKey,
      agentId: sim.agentId,
      baseUrl: proxy.url,
      operation: 'promote',
      targetEnvironment: 'live',
      bakeSeconds: '300',
      rollbackOnFailure: 'true',
      ...extra
    },
    options: { clock }
  })
const rollbacks = () => sim.requests.filter((r) => r.method === 'POST' && /\/rollback$/.test(r.path))

test("a numeric project_id (4242, alertsProjectId '4242') is this agent's: its alert counts and is rolled back", async () => {
  rewrite = (p) =>
    p.path.startsWith('/v1/alert')
      ? { status: p.status, body: p.body.replaceAll(`"project_id":"${sim.agentId}"`, '"project_id":4242') }
      : undefined
  sim.state.alerts.fire('ar_p95', 60_000, Infinity, 2100)
  const result = await run({ alertsProjectId: '4242' })
  expect(result.outputs.health).toBe('unhealthy')
  expect(result.code).toBe(1)
  expect(rollbacks()).toHaveLength(1)
})

test('an alert that may be this agent’s but cannot be read, firing in the last minute of the bake, is never healthy', async () => {
  // From 280 s on: the agent's alert comes without its alert_rule_id, and the rules' states cannot be read.
  const firesAt = clock.now() + 280_000
  sim.state.alerts.fire('ar_p95', 280_000, Infinity, 2100)
  rewrite = (p) => {
    if (clock.now() < firesAt) return undefined
    if (p.path.startsWith('/v1/alert-rules')) return { status: 503, body: '{"message":"busy"}' }
    if (p.path.startsWith('/v1/alerts'))
      return { status: p.status, body: p.body.replaceAll('"alert_rule_id":', '"x":') }
    return undefined
  }
  const result = await run({})
  expect(result.outputs.health).not.toBe('healthy')
  expect(result.code).toBe(1)
  expect(result.stdout).not.toMatch(/Bake: healthy/)
})

test('server timestamps: a date alone or free text is not a time; an offset-less one is never read in the runner zone', () => {
  expect(readServerTime('2026-12-03')).toBeUndefined()
  expect(readServerTime('Thu Dec 03 2026')).toBeUndefined()
  expect(readServerTime('2026-12-03T12:00:00.123456+0100')).toEqual({
    ms: Date.UTC(2026, 11, 3, 11, 0, 0, 123),
    zoned: true
  })
  expect(readServerTime('2026-12-03 12:00:00')).toEqual({ ms: Date.UTC(2026, 11, 3, 12), zoned: false })
  // Mixed: cannot prove the alert is older; both naive: one server's clock, compared as written.
  expect(startedBefore('2026-12-03T11:00:00', '2026-12-03T12:00:00Z')).toBe(false)
  expect(startedBefore('2026-12-03T11:00:00', '2026-12-03T12:00:00')).toBe(true)
  expect(startedBefore('2026-12-03T13:00:00+02:00', '2026-12-03T12:00:00Z')).toBe(true)
})

test('an automatic rollback whose answer contradicts the request is not recorded as a success on GitHub', async () => {
  const { startFakeGithub } = await import('../../dev/fake-github.js')
  const github = await startFakeGithub()
  try {
    // The rollback's answer names another version than the one it restores: the step cannot vouch for it.
    rewrite = (p) =>
      p.method === 'POST' && p.path.endsWith('/rollback')
        ? { status: p.status, body: p.body.replace(/"version":"[^"]*"/, '"version":"9.9.9"') }
        : undefined
    sim.state.alerts.fire('ar_p95', 60_000, Infinity, 2100)
    const result = await runInProcess({
      inputs: {
        apiKey: sim.apiKey,
        agentId: sim.agentId,
        baseUrl: proxy.url,
        operation: 'promote',
        targetEnvironment: 'live',
        bakeSeconds: '300',
        rollbackOnFailure: 'true',
        githubToken: github.token
      },
      env: { GITHUB_API_URL: github.url },
      options: { clock }
    })
    expect(result.code).toBe(1)
    expect(rollbacks()).toHaveLength(1)
    expect(result.stdout).toContain('the automatic rollback is in doubt')
    expect(github.statuses.map((s) => s.state)).not.toContain('success')
  } finally {
    await github.close()
  }
})

test('a promote answer without createdAt: the alert the hotfix fixes is still told apart by the server’s own createdAt', async () => {
  // Firing since 2 minutes before the deploy; the promote's answer leaves createdAt out (the active map has it).
  sim.state.alerts.fire('ar_p95', -120_000, Infinity, 2100)
  rewrite = (p) =>
    p.method === 'POST' && p.path.endsWith('/promote')
      ? { status: p.status, body: p.body.replace(/"createdAt":"[^"]*",?/, '') }
      : undefined
  const result = await run({})
  expect(rollbacks()).toHaveLength(0)
  expect(result.outputs.health).toBe('healthy')
  expect(result.code).toBe(0)
  expect(result.stdout).toContain('reported, not counted')
})

test('a colleague who deploys while the automatic rollback looks up what came before is not rolled over', async () => {
  let alertSeen = false
  let colleague: string | undefined
  rewrite = (p) => {
    if (p.path.startsWith('/v1/alerts') && /"alert_rule_id"/.test(p.body)) alertSeen = true
    // The auto-rollback's history read: the colleague's deployment lands in live right after it is answered.
    if (
      alertSeen &&
      !colleague &&
      p.method === 'GET' &&
      /\/deployments\?/.test(p.path) &&
      /environment=live/.test(p.path)
    )
      colleague = sim.state.addDeployment('live', undefined, {
        deployment_message: 'a colleague',
        deployment_type: 'promote'
      }).id
    return undefined
  }
  sim.state.alerts.fire('ar_p95', 60_000, Infinity, 2100)
  const result = await run({})
  expect(colleague).toBeDefined()
  expect(rollbacks()).toHaveLength(0)
  expect(sim.state.active('live')!.id).toBe(colleague)
  expect(result.code).toBe(1)
})

test('an alert at the end of the bake, then an automatic rollback answered 429 again and again, ends within timeoutSeconds + 5 s', async () => {
  const github = await (await import('../../dev/fake-github.js')).startFakeGithub()
  try {
    const started = clock.now()
    // The alert fires as late as the bake can see it; the rollback's POST is then refused 429 with Retry-After 20.
    sim.state.alerts.fire('ar_p95', 295_000, Infinity, 2100)
    sim.faults.add({
      method: 'POST',
      path: /\/rollback$/,
      times: Infinity,
      fault: { type: 'status', status: 429, retryAfter: '20' }
    })
    const result = await runInProcess({
      inputs: {
        apiKey: sim.apiKey,
        agentId: sim.agentId,
        baseUrl: proxy.url,
        operation: 'promote',
        targetEnvironment: 'live',
        bakeSeconds: '300',
        timeoutSeconds: '420',
        rollbackOnFailure: 'true',
        githubToken: github.token
      },
      env: { GITHUB_API_URL: github.url },
      options: { clock }
    })
    expect(result.code).toBe(1)
    expect(rollbacks().length).toBeGreaterThan(1)
    expect(result.outputs.health).toBe('unhealthy')
    expect(clock.now() - started).toBeLessThanOrEqual(425_000)
    expect(github.statuses.map((s) => s.state)).not.toContain('success')
  } finally {
    await github.close()
  }
})
