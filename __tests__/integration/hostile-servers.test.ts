/**
 * Hostile servers against the README's reliability promises: each server lies or fails in one way
 * the simulator's faults cannot (the landing check's own reads, a proxy's 2xx page while the API is
 * still at work, a redirect after acting, answers that contradict the request), on the driven fake
 * clock so that late commits land exactly when they say.
 */
import { promises as fs } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
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
import { fakeClock } from '../helpers/clock.js'
import { errorLine, warnings } from '../helpers/log-lines.js'

const newSince = (sim: Simulator, before: Set<string>): Deployment[] => sim.state.all().filter((d) => !before.has(d.id))

let closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.reverse()) await close()
  closers = []
})

type Hostile = Driven & { front: HostileServer; posts: HostileRequest[]; ids: Set<string> }

async function hostile(
  handler: (req: HostileRequest, tools: HostileTools, d: Hostile) => Promise<Reply>
): Promise<Hostile> {
  const driven = await startDriven()
  const posts: HostileRequest[] = []
  const d = { ...driven, posts, ids: new Set(driven.sim.state.all().map((x) => x.id)) } as Hostile
  d.front = await startHostile(driven.sim, (req, tools) => {
    if (req.kind) posts.push(req)
    return handler(req, tools, d)
  })
  driven.alsoParked.push(d.front.parked)
  closers.push(
    () => driven.sim.close(),
    () => d.front.close()
  )
  return d
}

/** Sent once, landed once, and the step succeeded naming that deployment in its outputs. */
function expectSentOnceFoundAndNamed(d: Hostile, run: ActionRun): void {
  const made = newSince(d.sim, d.ids)
  expect(d.posts).toHaveLength(1)
  expect(made).toHaveLength(1)
  expect(run.code).toBe(0)
  expect(run.outputs.deploymentId).toBe(made[0]!.id)
}

const step = (d: Hostile, inputs: Record<string, string>): Promise<ActionRun> =>
  runInProcess({
    inputs: { ...actionInputs(d.sim), baseUrl: d.front.url, ...inputs },
    options: { clock: d.clock, transport: d.transport }
  })

const HTML = '<html><body><h1>200 OK</h1>upstream is still working</body></html>'

describe('landing checks keep looking until the budget ends', () => {
  test('a promote answered 200 with a proxy page and committed 3 s later is found, never resent', async () => {
    const d = await hostile(async (req, tools, h) => {
      if (!req.kind) return 'forward'
      void h.clock.sleep(3000).then(() => tools.apply())
      return { status: 200, raw: HTML }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '60' })
    await d.clock.settle()
    const made = newSince(d.sim, d.ids)
    expect(d.posts).toHaveLength(1)
    expect(made).toHaveLength(1)
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ deploymentId: made[0]!.id, changed: 'true' })
    expect(warnings(run).some((w) => w.includes('did land despite the failure'))).toBe(true)
  })

  test('a 2xx with whole JSON of the wrong shape stops after the first check: the API answered after acting', async () => {
    const d = await hostile(async (req, tools, h) => {
      if (!req.kind) return 'forward'
      void h.clock.sleep(3000).then(() => tools.apply())
      return { status: 200, body: { ok: true } }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '60' })
    await d.clock.settle()
    expect(d.posts).toHaveLength(1)
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain(
      'the server answered with a success status, so the change may have landed, but no deployment of this step was found; it was not sent again'
    )
  })

  test('checks whose reads fail (503s for 15 s) are tried again: a commit at 20 s is found, never resent', async () => {
    let failUntil = 0
    const d = await hostile(async (req, tools, h) => {
      if (req.kind) {
        failUntil = h.clock.now() + 15_000
        void h.clock.sleep(20_000).then(() => tools.apply())
        return { status: 502, body: { success: false, error: 'Bad gateway' } }
      }
      if (failUntil && h.clock.now() < failUntil) return { status: 503, body: { success: false, error: 'busy' } }
      return 'forward'
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '60' })
    await d.clock.settle()
    expectSentOnceFoundAndNamed(d, run)
  })

  test('a read refused for good (401) ends the checks at once, saying so', async () => {
    let refused = false
    const d = await hostile(async (req) => {
      if (req.kind) {
        refused = true
        return { status: 502, body: { success: false, error: 'Bad gateway' } }
      }
      return refused ? { status: 401, body: { success: false, error: 'key expired' } } : 'forward'
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '60' })
    expect(d.posts).toHaveLength(1)
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(
      /whether it landed could not be checked \(.*HTTP 401.*key expired.*\); it was not sent again/
    )
    expect(d.front.requests.filter((r) => r.method === 'GET')).toHaveLength(2)
  })
})

describe('redirects to a deployment POST', () => {
  test('a promote applied then answered 303 See Other is found by reading, never resent', async () => {
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      const { body } = tools.apply()
      const id = (body as { deployment: { id: string } }).deployment.id
      return { status: 303, headers: { Location: `/v1/agents/agent-1/deployments/${id}` }, raw: '' }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '60' })
    expectSentOnceFoundAndNamed(d, run)
  })

  test('a 308 (send it there instead) is an error at once: nothing was done, nothing is checked', async () => {
    const d = await hostile(async (req) =>
      req.kind ? { status: 308, headers: { Location: 'https://elsewhere.example/x' }, raw: '' } : 'forward'
    )
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '60' })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain(
      'HTTP 308: unexpected redirect (not followed) (Location: https://elsewhere.example/x)'
    )
    expect(d.front.requests.map((r) => r.method)).toEqual(['GET', 'POST'])
  })
})

describe('a history that is not newest first', () => {
  /** Serves every deployments list reversed (oldest first). */
  const reversed = async (req: HostileRequest, tools: HostileTools): Promise<Reply> => {
    if (req.method !== 'GET' || req.path !== '/deployments') return 'forward'
    const answer = await tools.upstream()
    return {
      status: 200,
      body: { deployments: [...(answer.body as { deployments: unknown[] }).deployments].reverse() }
    }
  }

  test('a rollback never takes the oldest entry for the active one: it stops before sending, naming both', async () => {
    const d = await hostile(reversed)
    const [active, older] = d.sim.state.history('sandbox')
    const run = await step(d, { operation: 'rollback', targetEnvironment: 'sandbox' })
    expect(run.code).toBe(1)
    expect(d.posts).toHaveLength(0)
    expect(newSince(d.sim, d.ids)).toHaveLength(0)
    expect(errorLine(run)).toContain(
      `Cannot roll back sandbox: the API's sandbox deployments are not listed newest first (${older!.id} (created ${older!.createdAt}) is listed before ${active!.id}`
    )
    expect(errorLine(run)).toContain(`the list's first entry ${older!.id} is not the active deployment (${active!.id})`)
  })

  test('list-deployments does not mark the oldest entry active either', async () => {
    const d = await hostile(reversed)
    const run = await step(d, { operation: 'list-deployments', targetEnvironment: 'sandbox' })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain(
      "Cannot list sandbox's deployments: the API's sandbox deployments are not listed newest first"
    )
  })

  test('after a promote, a reversed list is not read as "something else is active now"', async () => {
    const d = await hostile(reversed)
    const before = d.sim.state.active('pre-release')!
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release' })
    const [made] = newSince(d.sim, d.ids)
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ deploymentId: made!.id, previousDeploymentId: before.id })
    expect(warnings(run).filter((w) => w.includes('changed while') || w.includes('changed after'))).toEqual([])
    expect(
      warnings(run).some(
        (w) =>
          w.includes('not newest first') &&
          w.includes('whether pre-release changed underneath this step cannot be told')
      )
    ).toBe(true)
  })

  test('a server clock that stepped back: the order and the active map agree, so the rollback goes ahead with a warning', async () => {
    const d = await hostile(async () => 'forward')
    // The newest sandbox deployment carries a timestamp older than the one before it.
    const [active, older] = d.sim.state.history('sandbox')
    active!.createdAt = new Date(Date.parse(older!.createdAt) - 60_000).toISOString()
    const run = await step(d, { operation: 'rollback', targetEnvironment: 'sandbox' })
    expect(run.code).toBe(0)
    expect(d.posts).toHaveLength(1)
    expect(d.posts[0]!.deploymentId).toBe(older!.id)
    expect(
      warnings(run).some(
        (w) => w.includes('sandbox list is not in the order of its own timestamps') && w.includes('going by the list')
      )
    ).toBe(true)
  })
})

describe('answers that contradict the request', () => {
  test.each(['promote', 'rollback', 'publish'])(
    'a %s answered with another agent’s deployment fails naming both agents',
    async (operation) => {
      const d = await hostile(async (req, tools) => {
        if (!req.kind) return 'forward'
        if (req.kind === 'publish') d.sim.state.editDraft()
        const answer = tools.apply()
        ;(answer.body as { deployment: { agentId: string } }).deployment.agentId = 'agent-OTHER'
        return answer
      })
      const run = await step(d, { operation, targetEnvironment: operation === 'promote' ? 'pre-release' : 'sandbox' })
      expect(d.posts).toHaveLength(1)
      expect(run.code).toBe(1)
      expect(errorLine(run)).toMatch(
        /The answer contradicts the request: the API answered the .* of agent agent-1 with deployment dep-\d+ of agent agent-OTHER/
      )
    }
  )
})

describe('publish answered 409 "already published"', () => {
  test('after a colleague published in between, the outputs name what sandbox runs now, not what it ran before', async () => {
    let colleague: Deployment | undefined
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      // A colleague publishes the draft from Studio just before ours arrives: ours finds nothing left to publish.
      d.sim.state.editDraft()
      colleague = d.sim.state.publish('sandbox', 'Published from Studio')
      colleague.createdBy = 'ana@example.com'
      return tools.apply()
    })
    d.sim.state.editDraft()
    const run = await step(d, { operation: 'publish' })
    expect(d.posts).toHaveLength(1)
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ changed: 'false', deploymentId: colleague!.id })
    expect(
      warnings(run).some((w) => w.includes(colleague!.id) && w.includes('"Published from Studio" by ana@example.com'))
    ).toBe(true)
  })
})

describe('a 429 after the server acted', () => {
  test('a promote applied then answered 429 is found before any resend: one deployment', async () => {
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      tools.apply()
      return { status: 429, headers: { 'Retry-After': '1' }, body: { success: false, error: 'Too many requests' } }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release' })
    expectSentOnceFoundAndNamed(d, run)
  })

  test('a plain 429 (refused) is still resent after the check finds nothing', async () => {
    let refusals = 0
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      if (refusals++ === 0)
        return { status: 429, headers: { 'Retry-After': '1' }, body: { success: false, error: 'Too many requests' } }
      return tools.apply()
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release' })
    expect(d.posts).toHaveLength(2)
    expect(newSince(d.sim, d.ids)).toHaveLength(1)
    expect(run.code).toBe(0)
  })
})

describe('bounded', () => {
  const never = new Promise<never>(() => undefined)
  test.each([
    ['the POST and every read after it hang', (n: number) => (n > 1 ? 'hang' : 'answer')],
    ['only the POST hangs', (n: number) => (n === 2 ? 'hang' : 'answer')],
    ['the POST hangs and every read after it takes 4 s', (n: number) => (n === 2 ? 'hang' : n > 2 ? 'slow' : 'answer')]
  ] as const)('%s: the step ends within timeoutSeconds plus the 5 s grace, sent once', async (_, plan) => {
    let n = 0
    const d = await hostile(async (_req, tools, h) => {
      const what = plan(++n)
      if (what === 'hang') return tools.park(never)
      if (what === 'slow') await tools.park(h.clock.sleep(4_000))
      return 'forward'
    })
    const started = d.clock.now()
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '10' })
    expect(run.code).toBe(1)
    expect(d.posts).toHaveLength(1)
    expect(d.clock.now() - started).toBeLessThanOrEqual(15_000)
  })
})

describe('a message the server stores altered', () => {
  test('a promote whose stored message lost the mark (cut to 60 characters) then answered 502: never resent, and the failure names the new deployment it could not claim', async () => {
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      req.body.deploymentMessage = String(req.body.deploymentMessage).slice(0, 60)
      const { body } = tools.apply()
      const made = (body as { deployment: Deployment }).deployment
      made.createdBy = 'ci@example.com'
      return { status: 502, body: { success: false, error: 'Bad gateway' } }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '20' })
    const made = newSince(d.sim, d.ids)
    expect(d.posts).toHaveLength(1)
    expect(made).toHaveLength(1)
    expect(run.code).toBe(1)
    expect(errorLine(run)).not.toContain('it had not landed')
    expect(errorLine(run)).toContain(
      `no deployment with this step's mark showed, but new deployment ${made[0]!.id} (version ${made[0]!.version}, by ci@example.com`
    )
    expect(errorLine(run)).toContain(
      "a colleague's, or this step's if PolyAI stored its message altered; it was not sent again"
    )
  })
})

describe('an answer that names what was already there', () => {
  test('a forced promote answered with the deployment already active in the target: nothing new, so changed is not claimed', async () => {
    const d = await hostile(async (req) => {
      if (!req.kind) return 'forward'
      // A server that dedupes: the target already runs that version, so it answers with the existing deployment.
      return { status: 200, body: { deployment: d.sim.state.active('pre-release'), testRunIds: [] } }
    })
    const source = d.sim.state.active('sandbox')!
    d.sim.state.addDeployment('pre-release', source.version, {
      deployment_message: 'earlier promote',
      deployment_type: 'promote'
    })
    const existing = d.sim.state.active('pre-release')!
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', force: 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs.deploymentId).toBe(existing.id)
    expect(run.outputs.changed).toBe('false')
    expect(warnings(run)).toContain(
      `::warning::The API answered the promote of ${source.id} with deployment ${existing.id}, the one already active in pre-release before the request: nothing new was deployed, so the step reports no change`
    )
  })
})

describe('a server clock that steps back', () => {
  test('a promote applied then answered 502, stamped an hour before the deployment it replaced, is still found by its mark', async () => {
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      const replaced = d.sim.state.active('pre-release')!
      const { body } = tools.apply()
      ;(body as { deployment: Deployment }).deployment.createdAt = new Date(
        Date.parse(replaced.createdAt) - 3_600_000
      ).toISOString()
      return { status: 502, body: { success: false, error: 'Bad gateway' } }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '20' })
    expectSentOnceFoundAndNamed(d, run)
  })
})

describe('an answer whose stored message is not this step’s', () => {
  test('a promote answered with a deployment whose message lacks the mark: reported, with a warning naming it', async () => {
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      const answer = tools.apply()
      const made = (answer.body as { deployment: Deployment }).deployment
      made.metadata = { deployment_message: 'Hotfix 12 (from Studio)', deployment_type: 'promote' }
      return answer
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release' })
    expect(run.code).toBe(0)
    const warning = warnings(run).find((w) => w.includes('does not end with this step’s mark'.replace('’', "'")))
    expect(warning).toMatch(
      /whose stored message "Hotfix 12 \(from Studio\)" does not end with this step's mark \[promote run 4242\.1 id [0-9a-f]{8}\]: it may be someone else's deployment/
    )
    expect(run.summary).toContain('it may be someone else')
  })
})

describe('a slow GitHub cannot hold the step past its budget', () => {
  test.each([
    // Pages 1-3 take 9 s of the 10 s; page 4 gets the last second as its timeout (on the step's clock) and overruns it.
    [3_000, 'no answer from GitHub ('],
    // Pages 1-4 take 9.6 s: what is left is too little to ask for a fifth.
    [2_400, "the step's time budget (timeoutSeconds) is spent"]
  ])(
    'a comment listing that pages on and on, each page taking %i ms: the search stops when the budget is spent',
    async (pageMs, why) => {
      const d = await hostile(async () => 'forward')
      const event = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-ev-')), 'event.json')
      await fs.writeFile(event, JSON.stringify({ pull_request: { number: 5 } }))
      const clock = fakeClock()
      let lists = 0
      let writes = 0
      const github = createServer((req, res) => {
        clock.advance(pageMs) // each answer takes this long of the step's time
        const url = new URL(req.url ?? '/', 'http://x')
        if (req.method === 'GET' && url.pathname.endsWith('/comments')) {
          lists++
          const page = Number(url.searchParams.get('page') ?? '1')
          res.writeHead(200, {
            'Content-Type': 'application/json',
            Link: `<http://x/comments?page=${page + 1}>; rel="next"`
          })
          res.end(
            JSON.stringify([
              {
                id: page,
                body: 'a review comment',
                user: { login: 'ana', type: 'User' },
                html_url: 'https://github.com/x'
              }
            ])
          )
          return
        }
        writes++
        res.writeHead(201, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ id: 999, html_url: 'https://github.com/acme/agents/pull/5#issuecomment-999' }))
      })
      await new Promise<void>((ok) => github.listen(0, '127.0.0.1', ok))
      closers.push(() => new Promise((done) => github.close(() => done())))
      const run = await runInProcess({
        inputs: {
          ...actionInputs(d.sim),
          baseUrl: d.front.url,
          operation: 'publish',
          dryRun: 'true',
          prComment: 'true',
          githubToken: 'ghs_0123456789abcdef',
          timeoutSeconds: '10'
        },
        env: {
          GITHUB_API_URL: `http://127.0.0.1:${(github.address() as AddressInfo).port}`,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: event
        },
        options: { clock }
      })
      expect(run.code).toBe(0)
      expect(lists).toBe(4)
      expect(writes).toBe(0)
      expect(run.stdout).toContain(
        `::warning::Could not write the pull request comment (the step itself is not affected): ${why}`
      )
    }
  )
})

describe('Retry-After as a date, from a server whose clock is not the runner’s', () => {
  test.each([
    ['10 minutes behind', -600_000],
    ['10 minutes ahead of', 600_000]
  ])(
    'a server %s the runner asking for 3 s (Date + 3 s) is waited 3 s: its Date header is the clock',
    async (_, skew) => {
      let refused = false
      // No jitter (random 0): the wait is Retry-After alone.
      const clock = fakeClock({ random: 0 })
      const d = await hostile(async (req) => {
        if (req.path !== '/deployments/active' || refused) return 'forward'
        refused = true
        const serverNow = clock.now() + skew
        return {
          status: 429,
          headers: {
            Date: new Date(serverNow).toUTCString(),
            'Retry-After': new Date(serverNow + 3_000).toUTCString()
          },
          body: { success: false, error: 'Too many requests' }
        }
      })
      const run = await runInProcess({
        inputs: { ...actionInputs(d.sim), baseUrl: d.front.url, operation: 'get-active-deployments' },
        options: { clock }
      })
      expect(run.code).toBe(0)
      expect(clock.sleeps).toEqual([3_000])
    }
  )
})

describe('re-runs', () => {
  test('a forced rollback to a chosen deployment, re-run (attempt 2): not repeated', async () => {
    const d = await hostile(async () => 'forward')
    const older = d.sim.state.history('sandbox')[1]!
    const inputs = { operation: 'rollback', targetEnvironment: 'sandbox', deploymentId: older.id, force: 'true' }
    const first = await step(d, inputs)
    expect(first.outputs.changed).toBe('true')
    const again = await runInProcess({
      inputs: { ...actionInputs(d.sim), baseUrl: d.front.url, ...inputs },
      env: { GITHUB_RUN_ATTEMPT: '2' },
      options: { clock: d.clock, transport: d.transport }
    })
    expect(again.code).toBe(0)
    expect(again.outputs).toMatchObject({ changed: 'false', deploymentId: first.outputs.deploymentId })
    expect(d.posts).toHaveLength(1)
  })
})

describe('never two deployments from one step: every fault, before and after the commit', () => {
  const FAULTS: Array<[string, Reply | 'drop']> = [
    ['500', { status: 500, body: { success: false, error: 'boom' } }],
    ['502', { status: 502, raw: HTML }],
    ['503 Retry-After: 1', { status: 503, headers: { 'Retry-After': '1' }, body: { success: false, error: 'busy' } }],
    ['504', { status: 504, body: {} }],
    ['408', { status: 408, body: {} }],
    ['a reset connection', 'drop'],
    ['200 with a proxy page', { status: 200, raw: HTML }],
    ['200 with an empty body', { status: 200, raw: '' }],
    ['200 with cut JSON', { status: 200, raw: '{"deployment": {"id": "dep-' }],
    ['303 See Other', { status: 303, headers: { Location: '/elsewhere' }, raw: '' }],
    [
      '429 Retry-After: 1',
      { status: 429, headers: { 'Retry-After': '1' }, body: { success: false, error: 'slow down' } }
    ]
  ]
  const OPS: Array<[string, Record<string, string>]> = [
    ['promote', { operation: 'promote', targetEnvironment: 'pre-release' }],
    ['rollback', { operation: 'rollback', targetEnvironment: 'sandbox' }],
    ['publish', { operation: 'publish' }]
  ]
  const cases = FAULTS.flatMap(([fault, reply]) =>
    OPS.flatMap(([op, inputs]) =>
      [true, false].map((applied) => [fault, op, applied ? 'after' : 'before', reply, inputs] as const)
    )
  )

  test.each(cases)('%s on %s, %s the commit', async (fault, _op, when, reply, inputs) => {
    let posts = 0
    const d = await hostile(async (req, tools) => {
      if (!req.kind) return 'forward'
      posts++
      if (posts > 1) return tools.apply() // a resend: applied as the API would
      if (when === 'after') tools.apply()
      return reply
    })
    d.sim.state.editDraft()
    const run = await step(d, { ...inputs, timeoutSeconds: '20' })
    const made = newSince(d.sim, d.ids)
    expect(made.length).toBeLessThanOrEqual(1)
    if (made.length === 1) {
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({ deploymentId: made[0]!.id, changed: 'true' })
    } else {
      expect(run.code).toBe(1)
      expect(run.outputs.deploymentId).toBeUndefined()
    }
    // Only a refusal (429) that a check found had not landed is ever sent again.
    expect(posts).toBe(fault.startsWith('429') && when === 'before' ? 2 : 1)
    if (when === 'after') expect(made).toHaveLength(1)
  })
})

describe('where a promote can land', () => {
  test('a promote of a deployment active nowhere, without a target, is looked for in pre-release and live only: a colleague’s unreadable sandbox publish does not stop the check', async () => {
    const d = await hostile(async (req, tools, h) => {
      if (!req.kind) return 'forward'
      d.sim.state.addDeployment('sandbox', undefined, null) // someone else's publish, metadata: null
      void h.clock.sleep(3_000).then(() => tools.apply())
      return { status: 502, body: { success: false, error: 'Bad gateway' } }
    })
    const old = d.sim.state.history('sandbox')[1]! // not active anywhere
    const run = await step(d, { operation: 'promote', deploymentId: old.id, timeoutSeconds: '30' })
    await d.clock.settle()
    const made = newSince(d.sim, d.ids).filter((x) => x.environment === 'pre-release')
    expect(made).toHaveLength(1)
    expect(run.code).toBe(0)
    expect(run.outputs.deploymentId).toBe(made[0]!.id)
  })
})

describe('a colleague’s deployment whose message cannot be read', () => {
  test('does not end the checks: ours, committed 10 s later with its mark, is still found', async () => {
    const d = await hostile(async (req, tools, h) => {
      if (!req.kind) return 'forward'
      const source = d.sim.state.active('sandbox')!
      d.sim.state.addDeployment('pre-release', source.version, null) // a colleague's promote, metadata: null
      void h.clock.sleep(10_000).then(() => tools.apply())
      return { status: 502, body: { success: false, error: 'Bad gateway' } }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '60' })
    await d.clock.settle()
    const ours = d.sim.state.active('pre-release')!
    expect(String(ours.metadata?.deployment_message)).toMatch(/\[promote run 4242\.1 id [0-9a-f]{8}\]$/)
    expect(d.posts).toHaveLength(1)
    expect(run.code).toBe(0)
    expect(run.outputs.deploymentId).toBe(ours.id)
  })
})

describe('a 429 after acting, from a server that stores no message', () => {
  test('the new deployment cannot be told from ours, so it is not sent again: at most one deployment', async () => {
    const d = await hostile(async (req) => {
      if (!req.kind) return 'forward'
      const source = d.sim.state.active('sandbox')!
      d.sim.state.addDeployment('pre-release', source.version, null) // applied, message not stored
      return { status: 429, headers: { 'Retry-After': '1' }, body: { success: false, error: 'slow down' } }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release' })
    expect(d.posts).toHaveLength(1)
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('HTTP 429')
    expect(errorLine(run)).toContain('not sent again: no deployment with this step')
    expect(errorLine(run)).toContain('so whether this step made it cannot be told')
  })
})

describe('ids from the server never move a request to another endpoint', () => {
  test('an active sandbox deployment named ".." is refused before the promote is sent', async () => {
    const d = await hostile(async (req, tools) => {
      if (req.path !== '/deployments/active') return 'forward'
      const up = (await tools.upstream()) as {
        status: number
        body: { activeDeployments: Record<string, Record<string, unknown> | null> }
      }
      const sandbox = up.body.activeDeployments.sandbox
      if (sandbox) sandbox.id = '..'
      return { status: up.status, body: up.body }
    })
    const run = await step(d, { operation: 'promote', targetEnvironment: 'pre-release' })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('The id ".." cannot be sent in a request path')
    expect(d.posts).toHaveLength(0)
    expect(d.front.requests.map((r) => r.path)).not.toContain('/promote')
    expect(newSince(d.sim, d.ids)).toHaveLength(0)
  })
})
