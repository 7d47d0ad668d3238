/**
 * A step under a rate limit, against purpose-built fronts (real HTTP, the step and the server on
 * one driven fake clock): 429s on the mutation and on the landing check's own reads are waited out
 * for as long as the budget allows, never with a blind resend; and the reads a step can share are
 * shared. Also a matrix under a rate limit: 20 promote steps of 20 agents on one key, all at once,
 * against the simulator with a token bucket on the key (Retry-After in seconds or as a date): every
 * step finishes, none makes a second deployment, and no request comes sooner than the Retry-After
 * its agent was given (the server records any that does).
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import type { Deployment, Simulator } from '../../dev/simulator/index.js'
import type { ActionRun } from '../../dev/run-action.js'
import { actionInputs } from '../helpers/simulator.js'
import { type Driven, startDriven } from '../helpers/driven.js'
import {
  type HostileRequest,
  type HostileServer,
  type HostileTools,
  type Reply,
  startHostile
} from '../helpers/hostile.js'
import { runInProcess } from '../helpers/in-process.js'
import { errorLine, warnings } from '../helpers/log-lines.js'

type Front = Driven & { front: HostileServer; posts: HostileRequest[]; ids: Set<string> }

let closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.reverse()) await close()
  closers = []
})

const newSince = (sim: Simulator, before: Set<string>): Deployment[] => sim.state.all().filter((d) => !before.has(d.id))

const TOO_MANY = (seconds: number): Reply => ({
  status: 429,
  headers: { 'Retry-After': String(seconds) },
  body: { success: false, error: 'Too many requests' }
})

async function front(
  handler: (req: HostileRequest, d: Front, tools: HostileTools) => Reply | Promise<Reply>
): Promise<Front> {
  const driven = await startDriven()
  const d = { ...driven, posts: [], ids: new Set(driven.sim.state.all().map((x) => x.id)) } as unknown as Front
  d.front = await startHostile(driven.sim, async (req, tools) => {
    if (req.kind) d.posts.push(req)
    const reply = await handler(req, d, tools)
    return reply === 'forward' && req.kind ? tools.apply() : reply
  })
  driven.alsoParked.push(d.front.parked)
  closers.push(
    () => driven.sim.close(),
    () => d.front.close()
  )
  return d
}

const promote = (d: Front, timeoutSeconds = '120'): Promise<ActionRun> =>
  runInProcess({
    inputs: {
      ...actionInputs(d.sim),
      baseUrl: d.front.url,
      operation: 'promote',
      targetEnvironment: 'pre-release',
      timeoutSeconds
    },
    options: { clock: d.clock, transport: d.transport }
  })

const calls = (d: Front): string[] => d.front.requests.map((r) => `${r.method} ${r.path}`)

test('a promote refused with 429 whose landing check is answered 429 eight times: waited out, checked, resent once', async () => {
  let posts = 0
  let limitedReads = 0
  const d = await front((req) => {
    if (req.kind) return posts++ === 0 ? TOO_MANY(1) : 'forward'
    // The check's reads (after the first POST) are limited too, more often than the attempt limit (5).
    if (posts === 1 && limitedReads < 8) {
      limitedReads++
      return TOO_MANY(1)
    }
    return 'forward'
  })
  const run = await promote(d)
  expect(run.code).toBe(0)
  expect(d.posts).toHaveLength(2)
  expect(newSince(d.sim, d.ids)).toHaveLength(1)
  expect(run.outputs.deploymentId).toBe(newSince(d.sim, d.ids)[0]!.id)
  // Every 429 was one wait, and each is a line of the log.
  expect(run.stdout.match(/rate limited \(HTTP 429, /g)).toHaveLength(9)
  for (const wait of d.clock.sleeps) expect(wait).toBeGreaterThanOrEqual(1000)
})

test('a promote answered 429 more times than the attempt limit is resent each time only after a check: one deployment', async () => {
  let posts = 0
  const d = await front((req) => (req.kind && posts++ < 7 ? TOO_MANY(2) : 'forward'))
  const run = await promote(d)
  expect(run.code).toBe(0)
  expect(d.posts).toHaveLength(8)
  expect(newSince(d.sim, d.ids)).toHaveLength(1)
  // Before every resend, a look at the active deployments and the history (a gateway may answer 429 after acting).
  const sent = calls(d)
  sent.forEach((call, i) => {
    if (call.startsWith('POST') && i > 1)
      expect(sent.slice(i - 2, i)).toEqual(['GET /deployments/active', 'GET /deployments'])
  })
})

test('when the budget runs out on a promote answered 429, it is not sent again, a last check says it did not land, and the error says how many 429s and how long', async () => {
  const d = await front((req) => (req.kind ? TOO_MANY(2) : 'forward'))
  const run = await promote(d, '20')
  expect(run.code).toBe(1)
  // After the last 429, one look at the active deployments and the history: a gateway may answer 429 after acting.
  expect(calls(d).slice(-2)).toEqual(['GET /deployments/active', 'GET /deployments'])
  expect(newSince(d.sim, d.ids)).toHaveLength(0)
  const waited = d.clock.sleeps.reduce((a, b) => a + b, 0)
  expect(waited).toBeLessThanOrEqual(20_000)
  expect(errorLine(run.stdout)).toMatch(
    new RegExp(
      `POST /v1/agents/agent-1/deployments/[^/]+/promote → HTTP 429: Too many requests .*rate limited: HTTP 429 ${d.posts.length} times, ${Math.round(waited / 1000)} s of waiting in all; timed out: the step's 20 s budget \\(timeoutSeconds\\) has [0-9.]+ s left, not enough to wait 2 s \\(Retry-After\\) and send POST \\S+ again; a last check found it had not landed: nothing was changed`
    )
  )
})

test('a promote found in the history by the landing check: the changes-underneath check reuses that read', async () => {
  const d = await front((req, d, tools) => {
    if (!req.kind) return 'forward'
    // The promote landed, a colleague's deployment replaced it at once, and a gateway answered 502.
    tools.apply()
    d.sim.state.addDeployment('pre-release', undefined, { deployment_message: 'Hotfix', deployment_type: 'promote' })
    return { status: 502, body: { success: false, error: 'Bad gateway' } }
  })
  const run = await promote(d)
  expect(run.code).toBe(0)
  expect(d.posts).toHaveLength(1)
  // One history read: the landing check's, which found ours; read again, it would say the same.
  expect(calls(d)).toEqual([
    'GET /deployments/active',
    `POST /deployments/${d.posts[0]!.deploymentId}/promote`,
    'GET /deployments/active',
    'GET /deployments'
  ])
  expect(warnings(run.stdout).join('\n')).toMatch(/pre-release changed after this step: deployment \S+ .*is active now/)
})

test('a promote applied then answered 429 when the budget cannot afford another wait: the last check finds it, one deployment', async () => {
  const d = await front((req, _d, tools) => {
    if (!req.kind) return 'forward'
    tools.apply()
    return TOO_MANY(90)
  })
  const run = await promote(d)
  expect(run.code).toBe(0)
  expect(d.posts).toHaveLength(1)
  const made = newSince(d.sim, d.ids)
  expect(made).toHaveLength(1)
  expect(run.outputs.deploymentId).toBe(made[0]!.id)
  expect(d.clock.sleeps).toEqual([])
})

const AGENTS = Array.from({ length: 20 }, (_, i) => `agent-${i + 1}`)

/** A seeded generator (mulberry32): jitter that differs from step to step, the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('20 promotes at once on one key limited to 4 requests/s', () => {
  test.each([
    ['Retry-After in seconds', 'seconds'],
    ['Retry-After as an HTTP date beside the Date header', 'date']
  ] as const)('%s: all finish, one deployment each, none sooner than Retry-After', async (_, form) => {
    const driven = await startDriven({
      agents: AGENTS.slice(1),
      rateLimit: { perSecond: 4, burst: 4, retryAfterSeconds: 2, retryAfterForm: form },
      random: seeded(form === 'date' ? 7 : 21)
    })
    const { clock } = driven
    const server = driven.sim
    closers.push(() => server.close())
    const started = clock.now()
    const before = AGENTS.map((id) => server.stateOf(id)!.history('pre-release').length)
    const runs = await Promise.all(
      AGENTS.map((agentId) =>
        runInProcess({
          inputs: {
            apiKey: server.apiKey,
            agentId,
            baseUrl: server.url,
            operation: 'promote',
            targetEnvironment: 'pre-release',
            timeoutSeconds: '120'
          },
          options: { clock, transport: driven.newTransport() }
        })
      )
    )
    const elapsed = clock.now() - started
    const limit = server.rateLimit!

    for (const run of runs) expect(run.code).toBe(0)
    // Exactly one new deployment per agent, and it is the one each step reports.
    AGENTS.forEach((id, i) => {
      const history = server.stateOf(id)!.history('pre-release')
      expect(history).toHaveLength((before[i] as number) + 1)
      expect(runs[i]?.outputs.deploymentId).toBe(server.stateOf(id)!.active('pre-release')!.id)
    })
    expect(limit.early).toEqual([])
    // The limit did bite (else this test could not fail), and every wait was logged.
    expect(limit.limited).toBeGreaterThan(AGENTS.length)
    const waits = runs.reduce((n, run) => n + (run.stdout.match(/rate limited \(HTTP 429, /g) ?? []).length, 0)
    expect(waits).toBe(limit.limited)
    // The floor: the requests that got through, at 4 a second. The matrix finishes well within its budget.
    const floor = (limit.admitted / 4) * 1000
    expect(elapsed).toBeGreaterThanOrEqual(floor - 1000 * 4)
    expect(elapsed).toBeLessThan(3 * floor)
    expect(elapsed).toBeLessThan(120_000)
  })
})
