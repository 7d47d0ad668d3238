/**
 * Runs the PolyAI simulator standalone, for trying the action locally and rehearsing workflows:
 *   npx tsx dev/simulator/cli.ts [--port 8787] [--host 127.0.0.1] [--api-key sim-key] [--latency-ms 0]
 *                                [--agent-id agent-1] [--no-seed | --staged]
 *                                [--test-runs passed|failed|error|never] [--test-run-polls 0]
 *                                [--agents agent-2,agent-3] [--rate-limit 8] [--retry-after 2] [-h | --help]
 *   --staged          every environment on a different version, with history (see scenarios.ts):
 *                     a promote is a plan, not a skip, and a rollback has somewhere to go
 *   --test-runs       how the test runs a promote starts end (default passed)
 *   --test-run-polls  reads that answer pending/running before they end (default 0 here)
 *   --agents          more agent ids on the same key, each with its own seeded world (a matrix)
 *   --rate-limit      a token bucket on the key: this many requests a second (burst as many);
 *                     beyond it 429 with Retry-After (--retry-after seconds, default 2)
 * While it runs, admin calls change its world (no key): GET /_sim/state, POST /_sim/test-runs
 * {"outcome":"failed"}, POST /_sim/draft, POST /_sim/deployments {"environment":"live"}, and the Alerts API's
 * POST /_sim/alerts {"ruleId":"ar_p95","afterSeconds":30}, DELETE /_sim/alerts, POST|DELETE /_sim/alert-rules.
 * Prints one "listening" line and runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util'
import { startSimulator } from './index.js'
import { parseOutcome } from './scenarios.js'

const USAGE =
  'usage: npx tsx dev/simulator/cli.ts [--port 8787] [--host 127.0.0.1] [--api-key sim-key] [--latency-ms 0] [--agent-id agent-1] [--no-seed | --staged] [--test-runs passed|failed|error|never] [--test-run-polls 0] [--agents a,b] [--rate-limit 8] [--retry-after 2] [-h | --help]'

/** What --help prints: every option, its default, and the admin calls. */
const HELP = `${USAGE}

Runs the PolyAI simulator on its own, for trying the action locally (baseUrl: http://<host>:<port>).

options:
  --port N             port to listen on (default 8787; 0 picks a free one)
  --host ADDRESS       address to listen on (default 127.0.0.1)
  --api-key KEY        the X-API-KEY it accepts (default sim-key)
  --agent-id ID        the agent it knows (default agent-1; --agents adds more)
  --latency-ms N       delay before every answer, in milliseconds (default 0)
  --no-seed            start empty: no deployments, config pages without schema or values (by default
                       sandbox has two builds, pre-release and live run the first, every page has both)
  --staged             the rehearsal world: sandbox, pre-release and live each run a different version,
                       with history, so a promote is a plan and a rollback has somewhere to go
  --test-runs OUTCOME  how the test runs a promote starts end: passed (default), failed, error or never
  --test-run-polls N   reads that answer pending/running before a test run ends (default 0)
  --agents A,B         more agent ids on the same key, each with its own seeded world (a matrix)
  --rate-limit N       a token bucket on the key: N requests a second (a burst of N); beyond it 429
                       with Retry-After (default 0: no limit)
  --retry-after S      the Retry-After a 429 names, in seconds (default 2)
  -h, --help           show this help and exit

admin calls while it runs (no key): GET /_sim/state, POST /_sim/test-runs {"outcome":"failed"},
POST /_sim/draft, POST /_sim/deployments {"environment":"live"}; alerts (alerts.ts): POST /_sim/alerts
{"ruleId":"ar_p95","afterSeconds":30,"forSeconds":600} (a rule fires for the agent, then stops),
DELETE /_sim/alerts, POST /_sim/alert-rules {...}, DELETE /_sim/alert-rules.
Prints one "listening" line and runs until SIGINT/SIGTERM.`

const FLAGS = {
  port: { type: 'string', default: '8787' },
  host: { type: 'string', default: '127.0.0.1' },
  'api-key': { type: 'string', default: 'sim-key' },
  'agent-id': { type: 'string', default: 'agent-1' },
  'latency-ms': { type: 'string', default: '0' },
  'no-seed': { type: 'boolean', default: false },
  staged: { type: 'boolean', default: false },
  'test-runs': { type: 'string', default: 'passed' },
  'test-run-polls': { type: 'string', default: '0' },
  agents: { type: 'string', default: '' },
  'rate-limit': { type: 'string', default: '0' },
  'retry-after': { type: 'string', default: '2' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

/** Prints a usage error and exits 2. */
function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

/** The parsed flags (unknown flags are a usage error). */
function parseFlags() {
  try {
    return parseArgs({ options: FLAGS, strict: true, allowPositionals: false }).values
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err))
  }
}

/** A non-negative integer flag value. */
function intFlag(name: string, value: string): number {
  if (!/^\d+$/.test(value)) usageError(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`)
  return Number(value)
}

function outcomeFlag(value: string): ReturnType<typeof parseOutcome> {
  try {
    return parseOutcome(value)
  } catch {
    return usageError(`--test-runs must be passed, failed, error or never, got ${JSON.stringify(value)}`)
  }
}

const flags = parseFlags()
if (flags.help) {
  console.log(HELP)
  process.exit(0)
}
if (flags['no-seed'] && flags.staged) usageError('--no-seed and --staged cannot be combined')
const sim = await startSimulator({
  port: intFlag('port', flags.port),
  host: flags.host,
  apiKey: flags['api-key'],
  agentId: flags['agent-id'],
  latencyMs: intFlag('latency-ms', flags['latency-ms']),
  seed: flags.staged ? 'staged' : !flags['no-seed'],
  testRuns: outcomeFlag(flags['test-runs']),
  testRunPolls: intFlag('test-run-polls', flags['test-run-polls']),
  agents: flags.agents.split(',').filter(Boolean),
  ...(intFlag('rate-limit', flags['rate-limit']) > 0
    ? {
        rateLimit: {
          perSecond: intFlag('rate-limit', flags['rate-limit']),
          retryAfterSeconds: intFlag('retry-after', flags['retry-after'])
        }
      }
    : {})
})
const active = (['sandbox', 'pre-release', 'live'] as const)
  .map((env) => `${env} ${sim.state.active(env)?.version.slice(0, 7) ?? 'none'}`)
  .join(', ')
console.log(
  `PolyAI simulator listening on ${sim.url} (agent ${sim.agentId}, key ${sim.apiKey}; ${active}; test runs ${sim.state.testRunPlan.outcome}${sim.rateLimit ? `; limited to ${sim.rateLimit.options.perSecond} requests/s per key` : ''})`
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0))
  })
}
