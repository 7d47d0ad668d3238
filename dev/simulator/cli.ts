/**
 * Runs the PolyAI simulator standalone for manual poking and demos:
 *   npx tsx dev/simulator/cli.ts [--port 8787] [--host 127.0.0.1] [--api-key sim-key] [--latency-ms 0]
 *                                [--agent-id agent-1] [--no-seed]
 * Prints one "listening" line and runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util'
import { startSimulator } from './index.js'

const USAGE =
  'usage: npx tsx dev/simulator/cli.ts [--port 8787] [--host 127.0.0.1] [--api-key sim-key] [--latency-ms 0] [--agent-id agent-1] [--no-seed]'

const FLAGS = {
  port: { type: 'string', default: '8787' },
  host: { type: 'string', default: '127.0.0.1' },
  'api-key': { type: 'string', default: 'sim-key' },
  'agent-id': { type: 'string', default: 'agent-1' },
  'latency-ms': { type: 'string', default: '0' },
  'no-seed': { type: 'boolean', default: false }
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

const flags = parseFlags()
const sim = await startSimulator({
  port: intFlag('port', flags.port),
  host: flags.host,
  apiKey: flags['api-key'],
  agentId: flags['agent-id'],
  latencyMs: intFlag('latency-ms', flags['latency-ms']),
  seed: !flags['no-seed']
})
console.log(`PolyAI simulator listening on ${sim.url} (agent ${sim.agentId}, key ${sim.apiKey})`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0))
  })
}
