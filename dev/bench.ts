/**
 * `npm run bench`: what the action costs a job. Times the bundled action as the runner runs it
 * (a fresh `node dist/index.js` process each time) against the simulator, and prints a table:
 * cold start against bare `node -e 0` (interleaved runs, medians and the median of pairwise ratios),
 * wall time, requests and connections per operation, the three-environment config sync under
 * injected latency, and the bundle size. Only Node's own clock and child processes are used.
 *
 * Options: --runs N (cold-start pairs, default 21), --latency-ms N (per-operation runs, default 0),
 * --sync-latency-ms N (default 300).
 */
import { spawnSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { DIST, makeWorkspace, NODE_BINARY, ROOT, runDist } from './run-action.js'
import { startSimulator, type Simulator } from './simulator/index.js'

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN
  return Number.isFinite(value) ? value : fallback
}

const RUNS = Math.max(11, option('runs', 21))
const LATENCY = option('latency-ms', 0)
const SYNC_LATENCY = option('sync-latency-ms', 300)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function timeProcess(node: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now()
  spawnSync(node, args, { env, stdio: 'ignore' })
  return performance.now() - started
}

/** Cold start on the input-validation failure path (no inputs at all), A/B interleaved with bare node. */
function coldStart(node: string): { action: number; bare: number; ratio: number } {
  const env = { PATH: process.env.PATH ?? '' }
  const action: number[] = []
  const bare: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < RUNS + 2; i++) {
    const a = timeProcess(node, [DIST], env)
    const b = timeProcess(node, ['-e', '0'], env)
    if (i < 2) continue // warm-up: file cache
    action.push(a)
    bare.push(b)
    ratios.push(a / b)
  }
  return { action: median(action), bare: median(bare), ratio: median(ratios) }
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
    inputs: (sim) => ({ operation: 'promote', deploymentId: sim.state.active('sandbox')?.id ?? '', targetEnvironment: 'pre-release' })
  },
  { name: 'promote (resolved source)', inputs: () => ({ operation: 'promote', targetEnvironment: 'pre-release' }) },
  { name: 'rollback (previous version)', inputs: () => ({ operation: 'rollback', targetEnvironment: 'sandbox' }) },
  { name: 'publish', inputs: () => ({ operation: 'publish' }) },
  { name: 'list-config-pages', inputs: () => ({ operation: 'list-config-pages' }) },
  { name: 'get-config-page', inputs: () => ({ operation: 'get-config-page', targetEnvironment: 'live' }) },
  { name: 'upsert-schema (1 env)', inputs: () => ({ operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json' }) },
  {
    name: 'update-variables (1 env)',
    inputs: () => ({ operation: 'update-variables', targetEnvironment: 'sandbox', variablesPath: 'values.json' })
  }
]

const SYNC_CASES: Case[] = [
  { name: 'upsert-schema, 3 environments', inputs: () => ({ operation: 'upsert-schema', targetEnvironment: 'all', schemaPath: 'schema.json' }) },
  { name: 'update-variables, 3 environments', inputs: () => ({ operation: 'update-variables', targetEnvironment: 'all', variablesPath: 'values.json' }) }
]

async function measureOperation(c: Case, workspace: string, latencyMs: number): Promise<string[]> {
  const sim = await startSimulator({ latencyMs })
  try {
    const started = performance.now()
    const run = await runDist({
      inputs: { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url, ...c.inputs(sim) },
      workspace
    })
    const wall = performance.now() - started
    const status = run.code === 0 ? 'ok' : `exit ${run.code}`
    return [c.name, `${wall.toFixed(0)} ms`, String(sim.requests.length), String(sim.connections), status]
  } finally {
    await sim.close()
  }
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
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

async function main(): Promise<void> {
  const version = (node: string): string => spawnSync(node, ['--version']).stdout.toString().trim()
  const nodes = [...new Set([NODE_BINARY, process.execPath])]
  console.log(`Node for the action runs: ${NODE_BINARY} (${version(NODE_BINARY)})`)
  console.log(`\n## Cold start (validation-failure path, median of ${RUNS} interleaved runs)\n`)
  const coldRows: string[][] = []
  for (const node of nodes) {
    const measured = coldStart(node)
    coldRows.push([`node ${version(node)}`, `${measured.bare.toFixed(1)} ms`, `${measured.action.toFixed(1)} ms`, measured.ratio.toFixed(2), '≤ 1.5'])
  }
  console.log(table(['runtime', 'node -e 0', 'node dist/index.js', 'ratio (median of pairs)', 'target'], coldRows))

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
    syncRows.push([c.name, `${fast.toFixed(0)} ms`, `${slowMedian.toFixed(0)} ms`, slow[2] as string, slow[3] as string, trips.toFixed(2), slow[4] as string])
  }
  console.log(
    table(['operation', 'wall at 0 ms', `wall at ${SYNC_LATENCY} ms`, 'requests', 'connections', 'round trips of wall time', 'result'], syncRows)
  )

  const size = await bundleSize()
  console.log(`\n## Bundle\n`)
  console.log(table(['files', 'total size', 'target'], [['dist/*.js', `${(size / 1024).toFixed(0)} KiB`, '≤ 1024 KiB']]))
}

await main()
