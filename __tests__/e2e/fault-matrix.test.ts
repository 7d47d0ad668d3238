/**
 * The fault matrix: every scripted fault × every operation against the simulator. For each cell it
 * asserts the exit code, the key phrase of the message and, for mutations, how many deployments
 * were created (exactly one for a success, zero or one for a failure, never two), and that no cell
 * shows a stack trace or the key. The cells run in process (the real client, transport and
 * @actions/core over real local HTTP), the step and the simulator sharing one driven fake clock,
 * so hangs, late answers and back-off take no real time. The matrix is written to
 * reports/fault-matrix.md (not printed: 264 rows of log help no one).
 *
 * One cell also runs through dist/index.js, as the runner runs it (BUNDLE_CELLS), for what only the
 * bundle shows: Node 24's own HTTP stack meeting a connection dropped after the server acted, the
 * landing check on the real clock, the exit code, a clean stderr and a process that ends once the
 * step is done. Every other answer that goes wrong (a cut body, a redirect, an error envelope) is
 * read by the same code in process; the bundle's values-check worker is e2e/hostile.test.ts's.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { promises as fs } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { type Fault, startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { type ActionRun, ROOT, runDist } from '../../dev/run-action.js'
import { startDriven } from '../helpers/driven.js'
import { runInProcess } from '../helpers/in-process.js'
import { withoutBase } from '../../src/config/base.js'
import { pool } from '../helpers/pool.js'

type Kind = 'mutation' | 'idempotent'

interface Operation {
  name: string
  kind: Kind
  /** The request the faults hit. */
  method: string
  path: string
  inputs(sim: Simulator): Record<string, string>
  files?: Record<string, string>
  /** After a success: the operation's effect is there. */
  effect(sim: Simulator, run: ActionRun): void
}

type Expected =
  { outcome: 'succeeded' } | { outcome: 'landed' } | { outcome: 'failed'; phrase: RegExp | RegExp[]; created?: 0 | 1 }

interface FaultCase {
  name: string
  /** A function when the fault depends on the time it is armed (an HTTP date, on the step's clock). */
  fault: Fault | ((now: number) => Fault)
  times: number
  /** timeoutSeconds for the step (default 20). */
  budget?: number
  mutation: Expected
  idempotent: Expected
}

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 }, locale: { type: 'string' } },
  required: ['greeting']
}

const newDeployment = (sim: Simulator, before: Set<string>) => sim.state.all().filter((d) => !before.has(d.id))

const OPERATIONS: Operation[] = [
  {
    name: 'publish',
    kind: 'mutation',
    method: 'POST',
    path: '/deployments/publish',
    inputs: () => ({ operation: 'publish' }),
    effect: (sim, run) => expect(sim.state.active('sandbox')!.id).toBe(run.outputs.deploymentId)
  },
  {
    name: 'promote',
    kind: 'mutation',
    method: 'POST',
    path: '/promote',
    inputs: (sim) => ({
      operation: 'promote',
      deploymentId: sim.state.active('sandbox')!.id,
      targetEnvironment: 'pre-release'
    }),
    effect: (sim, run) => {
      const made = sim.state.active('pre-release')!
      expect(made.id).toBe(run.outputs.deploymentId)
      expect(made.version).toBe(sim.state.active('sandbox')!.version)
    }
  },
  {
    name: 'rollback',
    kind: 'mutation',
    method: 'POST',
    path: '/rollback',
    inputs: () => ({ operation: 'rollback', targetEnvironment: 'sandbox' }),
    effect: (sim, run) => {
      const [made, , older] = sim.state.history('sandbox')
      expect(made!.id).toBe(run.outputs.deploymentId)
      expect(made!.version).toBe(older!.version)
    }
  },
  {
    name: 'get-active-deployments',
    kind: 'idempotent',
    method: 'GET',
    path: '/deployments/active',
    inputs: () => ({ operation: 'get-active-deployments' }),
    effect: (sim, run) => expect(JSON.parse(run.outputs.activeDeployments!).live.id).toBe(sim.state.active('live')!.id)
  },
  {
    name: 'list-config-pages',
    kind: 'idempotent',
    method: 'GET',
    path: '/real-time-configs',
    inputs: () => ({ operation: 'list-config-pages' }),
    effect: (_sim, run) => expect(JSON.parse(run.outputs.configPages!)).toHaveLength(3)
  },
  {
    name: 'get-config-page',
    kind: 'idempotent',
    method: 'GET',
    path: '/real-time-configs/live',
    inputs: () => ({ operation: 'get-config-page', targetEnvironment: 'live' }),
    effect: (_sim, run) => expect(JSON.parse(run.outputs.configPage!).clientEnv).toBe('live')
  },
  {
    name: 'upsert-schema',
    kind: 'idempotent',
    method: 'PUT',
    path: '/real-time-configs/sandbox/schema',
    inputs: () => ({ operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json' }),
    files: { 'schema.json': JSON.stringify(SCHEMA) },
    effect: (sim) => expect(withoutBase(sim.state.configPages.sandbox.schema)).toEqual(SCHEMA)
  },
  {
    name: 'update-variables',
    kind: 'idempotent',
    method: 'PATCH',
    path: '/real-time-configs/sandbox/variables',
    inputs: () => ({ operation: 'update-variables', targetEnvironment: 'sandbox', variablesPath: 'data.json' }),
    files: { 'data.json': JSON.stringify({ maxRetries: 7 }) },
    effect: (sim) => expect(sim.state.configPages.sandbox.variables).toEqual({ greeting: 'Hello', maxRetries: 7 })
  }
]

const ok: Expected = { outcome: 'succeeded' }
const landed: Expected = { outcome: 'landed' }
const failed = (phrase: RegExp | RegExp[], created: 0 | 1 = 0): Expected => ({ outcome: 'failed', phrase, created })
const both = (e: Expected): Pick<FaultCase, 'mutation' | 'idempotent'> => ({ mutation: e, idempotent: e })
/** A mutation after an ambiguous failure that did not land: checked until the budget ends, never resent. */
const notResent: Expected = failed(
  /checked \d+ times? over [\d.]+ s until the step's \d+ s budget \(timeoutSeconds\) ran out: it had not landed; it was not sent again, because the server may still apply it: check the agent's deployments \(a deployment in [a-z-]+ whose message ends with \[[a-z]+ run 4242\.1 id [0-9a-f]{8}\]\)/
)
/** An idempotent call, retried through the fault. */
const retried = (e: Expected = ok): Pick<FaultCase, 'mutation' | 'idempotent'> => ({
  mutation: notResent,
  idempotent: e
})

/** An HTTP date two seconds from now, as Retry-After's second form. */
const httpDateSoon = (now: number): string => new Date(now + 2000).toUTCString()

const FAULTS: FaultCase[] = [
  { name: '429 Retry-After: 1', times: 1, fault: { type: 'status', status: 429, retryAfter: '1' }, ...both(ok) },
  {
    name: '429 Retry-After: <HTTP date>',
    times: 1,
    fault: (now) => ({ type: 'status', status: 429, retryAfter: httpDateSoon(now) }),
    ...both(ok)
  },
  { name: '408', times: 1, fault: { type: 'status', status: 408 }, ...retried() },
  { name: '500', times: 1, fault: { type: 'status', status: 500 }, ...retried() },
  { name: '502', times: 1, fault: { type: 'status', status: 502 }, ...retried() },
  { name: '503 Retry-After: 1', times: 1, fault: { type: 'status', status: 503, retryAfter: '1' }, ...retried() },
  { name: '504', times: 1, fault: { type: 'status', status: 504 }, ...retried() },
  {
    name: '400',
    times: 1,
    fault: { type: 'status', status: 400 },
    ...both(failed(/HTTP 400 BAD_REQUEST: Simulated 400/))
  },
  {
    name: '404',
    times: 1,
    fault: { type: 'status', status: 404 },
    ...both(failed(/HTTP 404 NOT_FOUND: Simulated 404/))
  },
  { name: 'delay 300 ms', times: 1, fault: { type: 'delay', ms: 300 }, ...both(ok) },
  {
    // A mutation's request times out after 2 s (a third of the 6 s budget) and lands at 2.5 s: it
    // must be found on the second check, never resent. The others get half (3 s): merely slow.
    name: "delay 2.5 s (past a mutation's request timeout)",
    times: 1,
    budget: 6,
    fault: { type: 'delay', ms: 2500 },
    mutation: landed,
    idempotent: ok
  },
  { name: 'hang', times: 1, budget: 6, fault: { type: 'hang' }, ...retried() },
  { name: 'reset before applying', times: 1, fault: { type: 'reset-before' }, ...retried() },
  { name: 'reset after applying', times: 1, fault: { type: 'reset-after' }, mutation: landed, idempotent: ok },
  {
    name: 'apply, then 502',
    times: 1,
    fault: { type: 'apply-then-status', status: 502 },
    mutation: landed,
    idempotent: ok
  },
  { name: 'HTML 502 from a proxy', times: 1, fault: { type: 'html' }, ...retried() },
  {
    // A captive portal or proxy answering 200 with a page: not applied, and a 2xx is never resent.
    // A mutation checks until the budget ends (5 s, on the driven clock).
    name: 'HTML 200 from a proxy',
    times: 1,
    budget: 5,
    fault: { type: 'html', status: 200 },
    mutation: failed(
      /HTTP 200: unusable success response: the body is an HTML page, not JSON \(a proxy\?\).*it was not sent again/
    ),
    idempotent: ok
  },
  { name: 'truncated 200', times: 1, fault: { type: 'truncated' }, mutation: landed, idempotent: ok },
  { name: 'empty 200', times: 1, fault: { type: 'empty' }, mutation: landed, idempotent: ok },
  {
    // Not applied. JSON.parse copes, but copying or serializing it would overflow the stack.
    name: '200 nested 100000 levels deep',
    times: 1,
    fault: { type: 'status', status: 200, body: `{"deployment":${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
    mutation: failed(
      /HTTP 200: unusable success response: the body nests deeper than 256 levels.*it was not sent again/
    ),
    // A complete answer: asking again would get the same.
    idempotent: failed(/HTTP 200: unusable success response: the body nests deeper than 256 levels/)
  },
  {
    // Not applied: a mutation's answer lacks deployment.id and nothing landed. A 2xx is never resent.
    // A read answered with complete JSON that lacks what it needs would get the same again: not retried.
    name: '200 without the fields we need',
    times: 1,
    fault: { type: 'status', status: 200, body: { unexpected: true } },
    mutation: failed(
      /HTTP 200: unusable success response: response\.deployment is not a JSON object.*no deployment of this step was found; it was not sent again/
    ),
    // A complete answer of the wrong shape is not retried as if it were transient.
    idempotent: failed(/HTTP 200: unusable success response: /)
  },
  {
    name: 'redirect 302',
    times: 1,
    fault: { type: 'redirect', location: 'https://elsewhere.example/v1/moved' },
    ...both(
      failed(/HTTP 302: unexpected redirect \(not followed\) \(Location: https:\/\/elsewhere\.example\/v1\/moved\)/)
    )
  },
  {
    name: '429 Retry-After: 3600 (past the budget)',
    times: 1,
    budget: 10,
    fault: { type: 'status', status: 429, retryAfter: '3600' },
    ...both(
      failed(
        /HTTP 429 TOO_MANY_REQUESTS.*rate limited: HTTP 429 1 time, 0 s of waiting in all; the server asks to wait 3600 s \(Retry-After\), longer than the 60 s a step waits at once/
      )
    )
  },
  {
    name: '429 ×∞',
    times: Infinity,
    fault: { type: 'status', status: 429, retryAfter: '1' },
    // A 429 spends the budget, not the attempt limit: waited out until the budget cannot afford another wait.
    ...both(
      failed(
        /HTTP 429 .*rate limited: HTTP 429 \d+ times, [\d.]+ s of waiting in all; timed out: the step's 20 s budget \(timeoutSeconds\) has [\d.]+ s left, not enough to wait 1 s \(Retry-After\)/
      )
    )
  },
  {
    name: '503 ×∞',
    times: Infinity,
    fault: { type: 'status', status: 503 },
    mutation: notResent,
    idempotent: failed(/HTTP 503 .*gave up after 5 attempts/)
  },
  {
    name: 'hang ×∞',
    times: Infinity,
    budget: 4,
    fault: { type: 'hang' },
    mutation: failed([
      /no answer within/,
      /checked \d+ times? over [\d.]+ s until the step's 4 s budget \(timeoutSeconds\) ran out: it had not landed; it was not sent again/
    ]),
    idempotent: failed(/timed out: the step's 4 s budget \(timeoutSeconds\)/)
  },
  {
    // Every request outlives its timeout (4 s for the others, then less): they run out of budget.
    // A mutation's request times out at 2.7 s and lands at 4.6 s, before the second check at 5.3 s.
    name: 'delay 4.6 s ×∞ (past every request timeout)',
    times: Infinity,
    budget: 8,
    fault: { type: 'delay', ms: 4600 },
    mutation: landed,
    idempotent: failed(/timed out: the step's 8 s budget \(timeoutSeconds\)/)
  },
  {
    name: 'reset before applying ×∞',
    times: Infinity,
    fault: { type: 'reset-before' },
    mutation: notResent,
    idempotent: failed(/connection lost \(ECONNRESET\).*gave up after 5 attempts/)
  },
  {
    name: 'reset after applying ×∞',
    times: Infinity,
    fault: { type: 'reset-after' },
    mutation: landed,
    idempotent: failed(/connection lost \(ECONNRESET\).*gave up after 5 attempts/)
  },
  {
    name: 'apply, then 502 ×∞',
    times: Infinity,
    fault: { type: 'apply-then-status', status: 502 },
    mutation: landed,
    idempotent: failed(/HTTP 502 BAD_GATEWAY.*gave up after 5 attempts/)
  },
  {
    name: 'HTML 502 ×∞',
    times: Infinity,
    fault: { type: 'html' },
    mutation: notResent,
    idempotent: failed(/HTTP 502: non-JSON response: 502 Bad Gateway .*nginx.*gave up after 5 attempts/)
  },
  {
    name: 'truncated 200 ×∞',
    times: Infinity,
    fault: { type: 'truncated' },
    mutation: landed,
    idempotent: failed(
      /HTTP 200: unusable success response: the body is not valid JSON \(truncated\?\).*gave up after 5 attempts/
    )
  },
  {
    name: 'empty 200 ×∞',
    times: Infinity,
    fault: { type: 'empty' },
    mutation: landed,
    idempotent: failed(/HTTP 200: unusable success response: the body is empty.*gave up after 5 attempts/)
  }
]

interface Cell {
  /** Closed by now; its state is still there to inspect. */
  sim: Simulator
  fault: FaultCase
  op: Operation
  expected: Expected
  run: ActionRun
  created: number
  /** Ids of the deployments the step created. */
  createdIds: string[]
  requests: Array<{ method: string; path: string }>
  /** Ran through dist/index.js rather than in process. */
  bundle: boolean
  error?: string
}

/**
 * The cell that also runs through dist/index.js (see the header): a promote whose connection is
 * dropped after the server applied it, found by the first landing check, so the step ends as soon
 * as that answer is read. On the real clock, so its budget (BUNDLE_BUDGET) leaves every request
 * seconds to be answered on a busy machine; the budget appears in no expected message. Its policy
 * is the in-process matrix's.
 */
const BUNDLE_BUDGET = 60
const BUNDLE_CELLS = new Set(['reset after applying × promote'])

const key = (fault: FaultCase, op: Operation): string => `${fault.name} × ${op.name}`

/** The operations that check values in a worker thread (the slowest in-process cells). */
const CONFIG_OPERATIONS = new Set(['upsert-schema', 'update-variables'])

/**
 * A config operation's cell whose values check ran out of its real time (half the step's budget,
 * as little as 2 s) before the fault was reached: the machine's speed decided it, not the fault.
 * Such a cell is run again (at most twice more); a check that never finishes still fails it.
 */
const checkOutran = (cell: Cell): boolean =>
  CONFIG_OPERATIONS.has(cell.op.name) &&
  !cell.bundle &&
  /could not be checked: the check did not finish within/.test(cell.error ?? '')

async function runCell(fault: FaultCase, op: Operation, bundle: boolean): Promise<Cell> {
  let cell = await runCellOnce(fault, op, bundle)
  for (let again = 0; again < 2 && checkOutran(cell); again++) cell = await runCellOnce(fault, op, bundle)
  return cell
}

/** Runs one cell: a fresh simulator, the fault armed on the operation's request, then the step. */
async function runCellOnce(fault: FaultCase, op: Operation, bundle: boolean): Promise<Cell> {
  const driven = bundle ? undefined : await startDriven()
  const sim = driven?.sim ?? (await startSimulator())
  try {
    const armed = typeof fault.fault === 'function' ? fault.fault(driven?.clock.now() ?? Date.now()) : fault.fault
    sim.faults.add({ method: op.method, path: op.path, times: fault.times, fault: armed })
    const before = new Set(sim.state.all().map((d) => d.id))
    const budget = fault.budget ?? (bundle ? BUNDLE_BUDGET : 20)
    const inputs = {
      apiKey: sim.apiKey,
      agentId: sim.agentId,
      baseUrl: sim.url,
      timeoutSeconds: String(budget),
      ...op.inputs(sim)
    }
    const files = op.files ? { files: op.files } : {}
    const run = driven
      ? await runInProcess({ inputs, ...files, options: { clock: driven.clock, transport: driven.transport } })
      : await runDist({ inputs, ...files, timeoutMs: (budget + 60) * 1000 })
    // A request the step gave up on may still land: let the server's clock run out first.
    await driven?.clock.settle()
    const made = newDeployment(sim, before)
    const errorLine = run.stdout.split('\n').find((l) => l.startsWith('::error'))
    return {
      sim,
      fault,
      op,
      expected: fault[op.kind],
      run,
      created: made.length,
      createdIds: made.map((d) => d.id),
      requests: sim.requests.map((r) => ({ method: r.method, path: r.path })),
      bundle,
      ...(errorLine ? { error: errorLine.replace(/^::error(?: [^:]*)?::/, '') } : {})
    }
  } finally {
    await sim.close()
  }
}

const cells = new Map<string, Cell>()
const bundleCells = new Map<string, Cell>()

/**
 * In-process cells at a time: each mostly waits on local HTTP and its driven clock. The config
 * operations' cells have lanes of their own, fewer: each starts a values-check worker, and their
 * checks run on real time (half the step's budget, 2 s at the least), so no more than two workers
 * start at once, however busy the machine.
 */
const IN_PROCESS_LANES = 6
const CONFIG_LANES = 2

beforeAll(async () => {
  const all = FAULTS.flatMap((fault) => OPERATIONS.map((op) => ({ fault, op })))
  // The bundle cell starts first, as a child process (under a second of a core); the in-process
  // cells overlap it and each other (each has its own simulator, driven clock and in-memory
  // runner, so nothing is shared).
  const spawned = Promise.all(
    all.filter(({ fault, op }) => BUNDLE_CELLS.has(key(fault, op))).map(({ fault, op }) => runCell(fault, op, true))
  )
  const config = all.filter(({ op }) => CONFIG_OPERATIONS.has(op.name))
  const others = all.filter(({ op }) => !CONFIG_OPERATIONS.has(op.name))
  const ran = await Promise.all([
    pool(config, CONFIG_LANES, ({ fault, op }) => runCell(fault, op, false)),
    pool(others, IN_PROCESS_LANES, ({ fault, op }) => runCell(fault, op, false))
  ])
  for (const cell of ran.flat()) cells.set(key(cell.fault, cell.op), cell)
  for (const cell of await spawned) bundleCells.set(key(cell.fault, cell.op), cell)
  // Not a bound on the behaviour (every cell's time is its own budget, mostly on a fake clock): a
  // generous cap on a run of 264 steps on a machine busy with other work.
}, 300_000)

/** What a reader of the matrix needs: the outcome in a few words. */
function outcomeText(cell: Cell): string {
  if (cell.run.code === 0) {
    return cell.run.stdout.includes('did land despite the failure')
      ? 'succeeded: landed despite the fault, reported once with a warning'
      : 'succeeded'
  }
  const error = cell.error ?? '(no error line)'
  const after = error
    .slice(error.indexOf('→ ') + 2)
    .replace(/ \(correlation id [^)]*\)/g, '')
    .replace(/%0A/g, ' ')
  return `failed: ${after.length > 150 ? `${after.slice(0, 150)}…` : after}`
}

afterAll(async () => {
  if (cells.size === 0) return
  const rows = FAULTS.flatMap((fault) =>
    OPERATIONS.map((op) => {
      const cell = cells.get(key(fault, op))!
      return `| ${fault.name} | ${op.name}${bundleCells.has(key(fault, op)) ? ' ★' : ''} | ${outcomeText(cell).replace(/\|/g, '\\|')} | ${op.kind === 'mutation' ? cell.created : '—'} | ${cell.run.code} |`
    })
  )
  const table = [
    `# Fault matrix (${FAULTS.length} faults × ${OPERATIONS.length} operations)`,
    '',
    `Every cell runs in process against the simulator on a driven fake clock; the cell${BUNDLE_CELLS.size === 1 ? '' : 's'} marked ★ also run${BUNDLE_CELLS.size === 1 ? 's' : ''} through dist/index.js with the same outcome.`,
    '',
    'Deployments created: for a mutation, how many the step added (1 = success, 0 = failure, never 2); — for the others.',
    '',
    '| Fault | Operation | Outcome | Deployments created | Exit code |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
  await fs.mkdir(path.join(ROOT, 'reports'), { recursive: true })
  await fs.writeFile(path.join(ROOT, 'reports', 'fault-matrix.md'), table)
})

test('the bundle cell exists and ran through dist/index.js', () => {
  expect([...bundleCells.keys()].sort()).toEqual([...BUNDLE_CELLS].sort())
  for (const cell of bundleCells.values()) expect(cell.bundle).toBe(true)
})

/** The checks every cell must pass, in process or through the bundle. */
function checkCell(cell: Cell): void {
  const { run, expected, op } = cell
  const out = run.stdout + run.stderr
  // Never the key, in any output (but the ::add-mask:: command that hands it to the runner's masking).
  const shown = out.split('\n').filter((l) => !l.startsWith('::add-mask::'))
  expect([...shown, run.summary, run.outputText].join('\n')).not.toContain(cell.sim.apiKey)
  // Never two deployments, never a stack trace, whatever the fault.
  expect(cell.created).toBeLessThanOrEqual(1)
  expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/)
  expect(out).not.toMatch(/TypeError|Unexpected error/)
  if (op.kind === 'idempotent') expect(cell.created).toBe(0)

  if (expected.outcome === 'failed') {
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    for (const phrase of [expected.phrase].flat()) expect(cell.error).toMatch(phrase)
    // It names the call that failed.
    expect(cell.error).toContain(`${op.method} /v1/agents/agent-1/`)
    if (op.kind === 'mutation') expect(cell.created).toBe(expected.created)
    expect(run.summary).toContain('❌')
    return
  }

  expect({ code: run.code, error: cell.error }).toEqual({ code: 0, error: undefined })
  op.effect(cell.sim, run)
  if (op.kind === 'mutation') {
    expect(cell.created).toBe(1)
    expect(run.outputs.deploymentId).toBe(cell.createdIds[0])
    expect(run.outputs.changed).toBe('true')
    const warned = run.stdout
      .split('\n')
      .some((l) => l.startsWith('::warning::') && l.includes('did land despite the failure'))
    expect(warned).toBe(expected.outcome === 'landed')
    // A landed mutation is sent exactly once.
    if (expected.outcome === 'landed') expect(cell.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  }
}

describe.each(FAULTS)('fault: $name', (fault) => {
  test.each(OPERATIONS)('$name', (op) => {
    checkCell(cells.get(key(fault, op))!)
    const bundled = bundleCells.get(key(fault, op))
    if (bundled) checkCell(bundled)
  })
})

describe('beyond the matrix', () => {
  /** A second origin that records whether anything reached it. */
  async function startOtherOrigin(): Promise<{
    url: string
    hits: Array<Record<string, unknown>>
    close(): Promise<void>
  }> {
    const hits: Array<Record<string, unknown>> = []
    const server: Server = createServer((req, res) => {
      hits.push({ method: req.method, url: req.url, headers: req.headers })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"activeDeployments":{"sandbox":null,"pre-release":null,"live":null}}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return {
      url: `http://127.0.0.1:${port}`,
      hits,
      close: () => new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }

  test.each([
    ['get-active-deployments', 'GET', '/deployments/active', 302],
    ['promote', 'POST', '/promote', 307]
  ])(
    '%s: a %s redirect to another origin is refused, shows Location, and the key never goes there',
    async (operation, method, faultPath, status) => {
      const sim = await startSimulator()
      const other = await startOtherOrigin()
      try {
        const location = `${other.url}/v1/agents/agent-1${faultPath === '/promote' ? '/deployments/dep-0004/promote' : faultPath}`
        sim.faults.add({ method, path: faultPath, times: Infinity, fault: { type: 'redirect', location, status } })
        const op = OPERATIONS.find((o) => o.name === operation)!
        const run = await runInProcess({
          inputs: { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url, ...op.inputs(sim) }
        })
        expect(run.code).toBe(1)
        expect(run.stdout).toContain(`HTTP ${status}: unexpected redirect (not followed) (Location: ${location})`)
        expect(run.stdout).toContain('Hint: the PolyAI API does not redirect')
        expect(other.hits).toEqual([])
        // Sent once: a redirect is not retried either.
        expect(sim.requests.filter((r) => r.method === method && r.path.endsWith(faultPath))).toHaveLength(1)
        expect(sim.state.all()).toHaveLength(4)
      } finally {
        await other.close()
        await sim.close()
      }
    }
  )

  test('when the landing check itself keeps failing, the mutation is not resent and the message says so', async () => {
    const sim = await startSimulator()
    try {
      // rollback reads the sandbox history and the active map once before it sends (a rule that only
      // delays that read by 0 ms); every later read of /deployments/active (the landing check's) fails.
      sim.faults.add({ method: 'POST', path: '/rollback', fault: { type: 'apply-then-status', status: 502 } })
      sim.faults.add({ method: 'GET', path: '/deployments/active', fault: { type: 'delay', ms: 0 } })
      sim.faults.add({
        method: 'GET',
        path: '/deployments/active',
        times: Infinity,
        fault: { type: 'html', status: 503 }
      })
      const run = await runInProcess({
        inputs: {
          apiKey: sim.apiKey,
          agentId: sim.agentId,
          baseUrl: sim.url,
          operation: 'rollback',
          targetEnvironment: 'sandbox'
        }
      })
      expect(run.code).toBe(1)
      const error = run.stdout.split('\n').find((l) => l.startsWith('::error::'))!
      expect(error).toContain('POST /v1/agents/agent-1/deployments/dep-0001/rollback → HTTP 502')
      expect(error).toContain('ran out: none of them could read the deployments (last check: ')
      expect(error).toContain(
        "it was not sent again, because the server may still apply it: check the agent's deployments (a deployment in sandbox whose message ends with [rollback run 4242.1 id"
      )
      expect(error).toContain('GET /v1/agents/agent-1/deployments/active → HTTP 503: non-JSON response')
      expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
      // It did land (the proxy lost the answer): one deployment, and the step did not claim otherwise.
      expect(sim.state.history('sandbox')).toHaveLength(3)
    } finally {
      await sim.close()
    }
  })

  test('a 429 on a mutation is resent once a check finds it did not land anyway (a gateway may answer 429 after acting)', async () => {
    const sim = await startSimulator()
    try {
      sim.faults.add({
        method: 'POST',
        path: '/promote',
        times: 2,
        fault: { type: 'status', status: 429, retryAfter: '2' }
      })
      const op = OPERATIONS.find((o) => o.name === 'promote')!
      const run = await runInProcess({
        inputs: { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url, ...op.inputs(sim) }
      })
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(
        /rate limited \(HTTP 429, 1st time for this call\): retrying POST \S+ in [\d.]+ s \(Retry-After 2 s \+/
      )
      // Before each resend: did it land anyway? The active map and pre-release's history (an active map that lags
      // proves nothing). The last read checks what the promote replaced.
      expect(sim.requests.map((r) => r.method)).toEqual([
        'GET',
        'POST',
        'GET',
        'GET',
        'POST',
        'GET',
        'GET',
        'POST',
        'GET'
      ])
      expect(run.stdout).not.toContain('::warning::')
      expect(sim.state.history('pre-release')).toHaveLength(2)
    } finally {
      await sim.close()
    }
  })

  test('a refused connection (nothing listening) is retried, then fails naming the call', async () => {
    const other = await startOtherOrigin()
    await other.close() // the port is now closed
    const run = await runInProcess({
      inputs: { apiKey: 'k-123456', agentId: 'agent-1', baseUrl: other.url, operation: 'get-active-deployments' }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Failed to read the active deployments: GET \/v1\/agents\/agent-1\/deployments\/active → connection failed \(ECONNREFUSED\).*gave up after 5 attempts/
    )
  })
})
