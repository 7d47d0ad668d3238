/**
 * A GitHub Actions matrix on one API key, as a team with many agents runs it: N promote steps, one
 * per agent, each its own `node dist/index.js` process started at once, against the simulator
 * limited to R requests a second on the key (a token bucket; beyond it 429 with Retry-After).
 * Prints how many promotes succeeded, deployments per agent (a duplicate is a second one), any
 * request sooner than the Retry-After its agent was given, the requests each promote cost (429s
 * included), and the wall time against the floor: the requests that had to get through ÷ R.
 *
 *   npx tsx dev/rate-limit-matrix.ts [--agents 40] [--rate 8] [--timeout-seconds 120] [--retry-after 2]
 *                                    [--dist path/to/index.js]
 *
 * The "done when" case is the default: 40 agents at 8 requests/s, timeoutSeconds 120. It
 * takes real time (the floor is 15 s): run it by hand, not in the test suite. `npm run bench` runs
 * a smaller matrix through the same function.
 */
import { spawn } from 'node:child_process'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { DIST, NODE_BINARY, prepareStep } from './run-action.js'
import { startSimulator } from './simulator/index.js'

export interface MatrixOptions {
  agents: number
  /** Requests a second the key may send. */
  rate: number
  timeoutSeconds?: number
  retryAfterSeconds?: number
  /** Another build's index.js (to measure before a change). */
  dist?: string
}

export interface MatrixResult {
  agents: number
  rate: number
  succeeded: number
  /** Agents whose target got more than one new deployment. */
  duplicates: number
  /** Agents whose target got no new deployment. */
  missing: number
  /** Requests sent sooner than the Retry-After their agent was given. */
  early: number
  admitted: number
  limited: number
  wallMs: number
  /** The requests that got through ÷ rate. */
  floorMs: number
  /** The least work (3 requests a promote: read, POST, read) ÷ rate. */
  workFloorMs: number
  failures: string[]
}

/** One process, as the runner starts a step; resolves with its exit code and the error line, if any. */
function runStep(
  dist: string,
  env: Record<string, string>,
  cwd: string
): Promise<{ code: number | null; error?: string }> {
  const child = spawn(NODE_BINARY, [dist], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const error = stdout.split('\n').find((line) => line.startsWith('::error'))
      resolve(error === undefined ? { code } : { code, error })
    })
  })
}

export async function runMatrix(options: MatrixOptions): Promise<MatrixResult> {
  const ids = Array.from({ length: options.agents }, (_, i) => `agent-${i + 1}`)
  const sim = await startSimulator({
    agentId: ids[0] as string,
    agents: ids.slice(1),
    rateLimit: { perSecond: options.rate, retryAfterSeconds: options.retryAfterSeconds ?? 2 }
  })
  try {
    const before = ids.map((id) => sim.stateOf(id)?.history('pre-release').length ?? 0)
    const steps = await Promise.all(
      ids.map((agentId) =>
        prepareStep({
          inputs: {
            apiKey: sim.apiKey,
            agentId,
            baseUrl: sim.url,
            operation: 'promote',
            targetEnvironment: 'pre-release',
            timeoutSeconds: String(options.timeoutSeconds ?? 120)
          }
        })
      )
    )
    const dist = options.dist ? path.resolve(options.dist) : DIST
    const started = performance.now()
    const runs = await Promise.all(steps.map((step) => runStep(dist, step.env, step.workspace)))
    const wallMs = performance.now() - started
    const made = ids.map((id, i) => (sim.stateOf(id)?.history('pre-release').length ?? 0) - (before[i] as number))
    const limit = sim.rateLimit!
    return {
      agents: options.agents,
      rate: options.rate,
      succeeded: runs.filter((r) => r.code === 0).length,
      duplicates: made.filter((n) => n > 1).length,
      missing: made.filter((n) => n < 1).length,
      early: limit.early.length,
      admitted: limit.admitted,
      limited: limit.limited,
      wallMs,
      floorMs: (limit.admitted / options.rate) * 1000,
      workFloorMs: ((3 * options.agents) / options.rate) * 1000,
      failures: runs.flatMap((r) => (r.error ? [r.error] : []))
    }
  } finally {
    await sim.close()
  }
}

/** The result as table rows: [agents × rate, succeeded, duplicates, early, requests/promote, wall, floor, wall ÷ floor]. */
export function matrixRow(r: MatrixResult): string[] {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
  return [
    `${r.agents} agents at ${r.rate}/s`,
    `${r.succeeded}/${r.agents}`,
    String(r.duplicates),
    String(r.early),
    `${((r.admitted + r.limited) / r.agents).toFixed(1)} (${(r.admitted / r.agents).toFixed(1)} through, ${(r.limited / r.agents).toFixed(1)} × 429)`,
    s(r.wallMs),
    `${s(r.floorMs)} (work: ${s(r.workFloorMs)})`,
    `${(r.wallMs / r.floorMs).toFixed(2)} (${(r.wallMs / r.workFloorMs).toFixed(2)})`
  ]
}

export const MATRIX_HEADERS = [
  'matrix',
  'succeeded',
  'duplicates',
  'sooner than Retry-After',
  'requests per promote',
  'wall',
  'floor: requests through ÷ rate (3 per promote ÷ rate)',
  'wall ÷ floor'
]

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN
  return Number.isFinite(value) && value > 0 ? value : fallback
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--dist')
  const dist = at >= 0 ? process.argv[at + 1] : undefined
  const result = await runMatrix({
    agents: option('agents', 40),
    rate: option('rate', 8),
    timeoutSeconds: option('timeout-seconds', 120),
    retryAfterSeconds: option('retry-after', 2),
    ...(dist ? { dist } : {})
  })
  console.log(`| ${MATRIX_HEADERS.join(' | ')} |`)
  console.log(`| ${MATRIX_HEADERS.map(() => '---').join(' | ')} |`)
  console.log(`| ${matrixRow(result).join(' | ')} |`)
  console.log(
    `\n${result.missing} agents without a deployment; ${result.admitted} requests through, ${result.limited} answered 429`
  )
  for (const line of result.failures.slice(0, 5)) console.log(`failed: ${line.slice(0, 400)}`)
  const ok =
    result.succeeded === result.agents &&
    result.duplicates === 0 &&
    result.missing === 0 &&
    result.early === 0 &&
    result.wallMs <= 2 * result.floorMs
  console.log(ok ? 'done-when criteria: met' : 'done-when criteria: NOT met')
  process.exitCode = ok ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main()
