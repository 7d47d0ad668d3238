/**
 * `npm run bench`: what the action costs a job. Times the bundled action as the runner runs it
 * (a fresh `node dist/index.js` process each time) against the simulator, and prints a table:
 * a read operation's whole process against a minimal hand-written script doing the same request
 * and writing the same outputs (dev/bench-baseline.mjs; interleaved runs, medians and the median
 * of pairwise ratios), the bad-input path against bare `node -e 0`, wall time, requests and
 * connections per operation, the three-environment config sync under injected latency, what the
 * bounded values check (a worker thread running the bundle) costs against checking in the main
 * thread, and the bundle size. Only Node's own clock, child processes and worker threads are used.
 *
 * Then a matrix of promote steps on one rate-limited key (dev/rate-limit-matrix.ts): how many
 * succeeded and the wall time against the floor (requests ÷ rate).
 *
 * Options: --runs N (pairs, default 21), --latency-ms N (per-operation runs, default 0),
 * --matrix-agents N and --matrix-rate R (default 12 agents at 4 requests/s; 0 agents skips it),
 * --sync-latency-ms N (default 300), --baseline DIR (another build's dist/: the three-environment
 * syncs are also timed with it, interleaved, to show what a change costs end to end).
 */
import { spawn, spawnSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { DIST, makeWorkspace, NODE_BINARY, prepareStep, ROOT, runDist } from './run-action.js'
import { MATRIX_HEADERS, matrixRow, runMatrix } from './rate-limit-matrix.js'
import { SEED_VARIABLES, startSimulator, type Simulator } from './simulator/index.js'
import { ValuesChecker } from '../src/config/bounded-check.js'
import { compileValuesCheck } from '../src/config/validate.js'
import { setWorkerEntry } from '../src/core/worker-entry.js'

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN
  return Number.isFinite(value) ? value : fallback
}

const RUNS = Math.max(11, option('runs', 21))
const LATENCY = option('latency-ms', 0)
const SYNC_LATENCY = option('sync-latency-ms', 300)
const MATRIX_AGENTS = option('matrix-agents', 12)
const MATRIX_RATE = option('matrix-rate', 4)
const BASELINE = process.argv.includes('--baseline') ? process.argv[process.argv.indexOf('--baseline') + 1] : undefined

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** A whole process, start to exit (spawned asynchronously: the simulator answers from this process). */
function timeProcess(
  node: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
  expected = 0
): Promise<number> {
  const started = performance.now()
  const child = spawn(node, args, { env, cwd, stdio: 'ignore' })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) =>
      code === expected ? resolve(performance.now() - started) : reject(new Error(`${args.join(' ')} exited ${code}`))
    )
  })
}

interface Pair {
  action: number
  floor: number
  ratio: number
}

/** `action` and `floor` interleaved RUNS times after 2 warm-ups (file cache): medians and the median of pairwise ratios. */
async function pairs(action: () => Promise<number>, floor: () => Promise<number>): Promise<Pair> {
  const a: number[] = []
  const f: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < RUNS + 2; i++) {
    const x = await action()
    const y = await floor()
    if (i < 2) continue
    a.push(x)
    f.push(y)
    ratios.push(x / y)
  }
  return { action: median(a), floor: median(f), ratio: median(ratios) }
}

/** get-active-deployments through dist/index.js against the hand-written script, same simulator, same inputs. */
async function readOperation(node: string, sim: Simulator): Promise<Pair> {
  const step = await prepareStep({
    inputs: { operation: 'get-active-deployments', apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url }
  })
  const baseline = path.join(ROOT, 'dev', 'bench-baseline.mjs')
  return pairs(
    () => timeProcess(node, [DIST], step.env, step.workspace),
    () => timeProcess(node, [baseline], step.env, step.workspace)
  )
}

/** The bad-input path (no inputs at all: the step fails in the preflight) against bare node. */
function badInput(node: string): Promise<Pair> {
  const env = { PATH: process.env.PATH ?? '' }
  return pairs(
    () => timeProcess(node, [DIST], env, undefined, 1),
    () => timeProcess(node, ['-e', '0'], env)
  )
}

const NEW_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 }, locale: { type: 'string' } },
  required: ['greeting']
})

interface Case {
  name: string
  inputs: (sim: Simulator) => Record<string, string>
}

const CASES: Case[] = [
  { name: 'get-active-deployments', inputs: () => ({ operation: 'get-active-deployments' }) },
  {
    name: 'promote (explicit ids)',
    inputs: (sim) => ({
      operation: 'promote',
      deploymentId: sim.state.active('sandbox')?.id ?? '',
      targetEnvironment: 'pre-release'
    })
  },
  { name: 'promote (resolved source)', inputs: () => ({ operation: 'promote', targetEnvironment: 'pre-release' }) },
  { name: 'rollback (previous version)', inputs: () => ({ operation: 'rollback', targetEnvironment: 'sandbox' }) },
  { name: 'publish', inputs: () => ({ operation: 'publish' }) },
  { name: 'list-config-pages', inputs: () => ({ operation: 'list-config-pages' }) },
  { name: 'get-config-page', inputs: () => ({ operation: 'get-config-page', targetEnvironment: 'live' }) },
  {
    name: 'upsert-schema (1 env)',
    inputs: () => ({ operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json' })
  },
  {
    name: 'update-variables (1 env)',
    inputs: () => ({ operation: 'update-variables', targetEnvironment: 'sandbox', variablesPath: 'values.json' })
  }
]

const SYNC_CASES: Case[] = [
  {
    name: 'upsert-schema, 3 environments',
    inputs: () => ({ operation: 'upsert-schema', targetEnvironment: 'all', schemaPath: 'schema.json' })
  },
  {
    name: 'update-variables, 3 environments',
    inputs: () => ({ operation: 'update-variables', targetEnvironment: 'all', variablesPath: 'values.json' })
  }
]

async function measureOperation(c: Case, workspace: string, latencyMs: number, dist?: string): Promise<string[]> {
  const sim = await startSimulator({ latencyMs })
  try {
    const started = performance.now()
    const run = await runDist({
      inputs: { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url, ...c.inputs(sim) },
      workspace,
      ...(dist ? { dist } : {})
    })
    const wall = performance.now() - started
    const status = run.code === 0 ? 'ok' : `exit ${run.code}`
    return [c.name, `${wall.toFixed(0)} ms`, String(sim.requests.length), String(sim.connections), status]
  } finally {
    await sim.close()
  }
}

/**
 * The bounded values check against the plain one, in this process: for a schema with a pattern, a
 * ValuesChecker starts a worker on the real bundle (dist/index.js, as the action does), which loads
 * ajv, then compiles and checks; the plain check compiles and checks in this thread (ajv already
 * loaded, so it is the cheaper side). The first check includes the worker's start-up (it starts on
 * the first check that needs it); then one check on a started worker. Last, a flat schema (no
 * pattern), which a ValuesChecker checks on this thread with no worker (config/inline-check.ts).
 */
async function boundedCheckCost(runs: number): Promise<string[][]> {
  setWorkerEntry(pathToFileURL(DIST))
  const flat = JSON.parse(NEW_SCHEMA) as { properties: Record<string, unknown> }
  const schema = { ...flat, properties: { ...flat.properties, greeting: { type: 'string', pattern: '^\\S' } } }
  const values = { ...SEED_VARIABLES, locale: 'en-GB' }
  const plain = (): void => {
    const check = compileValuesCheck(schema)
    if (!check.ok || check.validate(values).length) throw new Error('the benchmark values must pass')
  }
  const bounded = async (checker: ValuesChecker): Promise<void> => {
    const verdict = await checker.check(schema, values, 30_000)
    if (verdict.status !== 'checked' || verdict.problems.length)
      throw new Error(`the benchmark values must pass: ${JSON.stringify(verdict)}`)
  }
  const time = async (fn: () => unknown): Promise<number> => {
    const started = performance.now()
    await fn()
    return performance.now() - started
  }
  plain()
  const warmUp = new ValuesChecker()
  await bounded(warmUp) // file cache
  await warmUp.close()
  const plainRuns: number[] = []
  const first: number[] = []
  const next: number[] = []
  const inline: number[] = []
  for (let i = 0; i < runs; i++) {
    plainRuns.push(await time(plain))
    const checker = new ValuesChecker()
    first.push(await time(() => bounded(checker)))
    next.push(await time(() => bounded(checker)))
    await checker.close()
    const flatChecker = new ValuesChecker()
    inline.push(await time(() => flatChecker.check(flat, values, 30_000)))
    await flatChecker.close()
  }
  const p = median(plainRuns)
  const row = (name: string, w: number): string[] => [
    name,
    `${p.toFixed(1)} ms`,
    `${w.toFixed(1)} ms`,
    `+${(w - p).toFixed(1)} ms`
  ]
  return [
    row('first check (worker start-up included)', median(first)),
    row('each further check', median(next)),
    row('a flat schema (no pattern): checked on the step thread, no worker', median(inline))
  ]
}

async function bundleSize(): Promise<number> {
  const dist = path.join(ROOT, 'dist')
  let total = 0
  for (const name of await fs.readdir(dist)) {
    if (name.endsWith('.js')) total += (await fs.stat(path.join(dist, name))).size
  }
  return total
}

function table(headers: string[], rows: string[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`)
  ].join('\n')
}

async function main(): Promise<void> {
  const version = (node: string): string => spawnSync(node, ['--version']).stdout.toString().trim()
  const nodes = [...new Set([NODE_BINARY, process.execPath])]
  console.log(`Node for the action runs: ${NODE_BINARY} (${version(NODE_BINARY)})`)
  const readRows: string[][] = []
  const badRows: string[][] = []
  const readSim = await startSimulator()
  try {
    for (const node of nodes) {
      const read = await readOperation(node, readSim)
      readRows.push([
        `node ${version(node)}`,
        `${read.floor.toFixed(1)} ms`,
        `${read.action.toFixed(1)} ms`,
        read.ratio.toFixed(2),
        '≤ 1.5 on Node 24'
      ])
      const bad = await badInput(node)
      badRows.push([
        `node ${version(node)}`,
        `${bad.floor.toFixed(1)} ms`,
        `${bad.action.toFixed(1)} ms`,
        bad.ratio.toFixed(2)
      ])
    }
  } finally {
    await readSim.close()
  }
  console.log(`\n## A read operation, whole process (get-active-deployments, median of ${RUNS} interleaved runs)\n`)
  console.log(
    table(['runtime', 'hand-written script', 'node dist/index.js', 'ratio (median of pairs)', 'target'], readRows)
  )
  console.log(`\n## Bad inputs (the step fails before any request, median of ${RUNS} interleaved runs)\n`)
  console.log(table(['runtime', 'node -e 0', 'node dist/index.js', 'ratio (median of pairs)'], badRows))

  const workspace = await makeWorkspace({ 'schema.json': NEW_SCHEMA, 'values.json': JSON.stringify({ maxRetries: 5 }) })
  const rows: string[][] = []
  for (const c of CASES) rows.push(await measureOperation(c, workspace, LATENCY))
  console.log(`\n## Operations (one process each, server latency ${LATENCY} ms)\n`)
  console.log(table(['operation', 'wall (process)', 'requests', 'connections', 'result'], rows))

  // Round trips of wall time: the extra wall time that the latency adds, over one latency.
  console.log(`\n## Three-environment sync, ${SYNC_LATENCY} ms server latency, medians of 5 (target ≤ 2 round trips)\n`)
  const syncRows: string[][] = []
  for (const c of SYNC_CASES) {
    const fastWalls: number[] = []
    const slowWalls: number[] = []
    let slow: string[] = []
    for (let i = 0; i < 5; i++) {
      fastWalls.push(Number.parseFloat((await measureOperation(c, workspace, 0))[1] as string))
      slow = await measureOperation(c, workspace, SYNC_LATENCY)
      slowWalls.push(Number.parseFloat(slow[1] as string))
    }
    const fast = median(fastWalls)
    const slowMedian = median(slowWalls)
    const trips = (slowMedian - fast) / SYNC_LATENCY
    syncRows.push([
      c.name,
      `${fast.toFixed(0)} ms`,
      `${slowMedian.toFixed(0)} ms`,
      slow[2] as string,
      slow[3] as string,
      trips.toFixed(2),
      slow[4] as string
    ])
  }
  console.log(
    table(
      [
        'operation',
        'wall at 0 ms',
        `wall at ${SYNC_LATENCY} ms`,
        'requests',
        'connections',
        'round trips of wall time',
        'result'
      ],
      syncRows
    )
  )

  console.log(`\n## Bounded values check (worker on the bundle vs main thread), medians of ${RUNS}\n`)
  console.log(
    table(['check', 'main thread (unbounded)', 'worker (bounded)', 'cost of the bound'], await boundedCheckCost(RUNS))
  )

  if (BASELINE) {
    const baseline = path.resolve(BASELINE, 'index.js')
    console.log(`\n## Three-environment sync against the baseline ${baseline}, interleaved, medians of ${RUNS}\n`)
    const rows: string[][] = []
    for (const latency of [0, SYNC_LATENCY]) {
      for (const c of SYNC_CASES) {
        const now: number[] = []
        const before: number[] = []
        for (let i = 0; i < RUNS; i++) {
          now.push(Number.parseFloat((await measureOperation(c, workspace, latency))[1] as string))
          before.push(Number.parseFloat((await measureOperation(c, workspace, latency, baseline))[1] as string))
        }
        const [a, b] = [median(now), median(before)]
        rows.push([
          c.name,
          `${latency} ms`,
          `${b.toFixed(0)} ms`,
          `${a.toFixed(0)} ms`,
          `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(0)} ms`
        ])
      }
    }
    console.log(table(['operation', 'server latency', 'baseline', 'this build', 'difference'], rows))
  }

  if (MATRIX_AGENTS > 0) {
    console.log(
      `\n## A matrix on one key limited to ${MATRIX_RATE} requests/s (promotes, one process each, all at once)\n`
    )
    const matrix = await runMatrix({ agents: MATRIX_AGENTS, rate: MATRIX_RATE, timeoutSeconds: 120 })
    console.log(table(MATRIX_HEADERS, [matrixRow(matrix)]))
  }

  const size = await bundleSize()
  console.log(`\n## Bundle\n`)
  console.log(
    table(['files', 'total size', 'target'], [['dist/*.js', `${(size / 1024).toFixed(0)} KiB`, '≤ 1024 KiB']])
  )
}

await main()
