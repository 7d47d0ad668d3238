/**
 * The README's quick start: runs the bundled action (dist/index.js, exactly as the runner does)
 * against the in-repo PolyAI simulator through a whole release: publish → promote to pre-release →
 * promote to live → roll live back → push a config schema. Prints each step's outputs and summary.
 * No API key needed: the simulator is local.
 */
import { startSimulator } from './simulator/index.js'
import { makeWorkspace, runDist, NODE_BINARY } from './run-action.js'

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    greeting: { type: 'string', description: 'First thing the agent says' },
    maxRetries: { type: 'integer', minimum: 0 },
    handoffNumber: { type: 'string', pattern: '^\\+[0-9]+$' }
  },
  required: ['greeting']
}

async function main(): Promise<void> {
  const sim = await startSimulator()
  const workspace = await makeWorkspace({ 'config/schema.json': JSON.stringify(SCHEMA, null, 2) })
  const base = { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url }
  console.log(`PolyAI simulator on ${sim.url}; running dist/index.js with ${NODE_BINARY}\n`)
  let failed = false
  const step = async (title: string, inputs: Record<string, string>): Promise<Record<string, string>> => {
    console.log(`━━━ ${title} ━━━`)
    console.log(`inputs: ${JSON.stringify({ ...inputs, apiKey: '***' })}`)
    const run = await runDist({ inputs: { ...base, ...inputs }, workspace })
    const shown = Object.fromEntries(
      Object.entries(run.outputs).filter(([k]) => !['deployment', 'configPages', 'configPage', 'activeDeployments'].includes(k))
    )
    console.log(`exit code: ${run.code}`)
    console.log(`outputs: ${JSON.stringify(shown, null, 2)}`)
    console.log(`job summary:\n${run.summary}`)
    if (run.code !== 0) {
      failed = true
      console.log(run.stdout)
    }
    return run.outputs
  }
  try {
    await step('1. Where is everything now?', { operation: 'get-active-deployments' })
    const published = await step('2. On merge: publish the draft to sandbox', { operation: 'publish' })
    const pre = await step('3. Promote it to pre-release (no ids needed)', { operation: 'promote', targetEnvironment: 'pre-release' })
    await step('4. Promote the same deployment to live', {
      operation: 'promote',
      deploymentId: pre.deploymentId ?? '',
      targetEnvironment: 'live',
      deploymentMessage: `release ${published.version?.slice(0, 7) ?? ''}`
    })
    await step('5. Something is wrong: roll live back to the previous version', { operation: 'rollback', targetEnvironment: 'live' })
    await step('6. Nightly sync: push the config schema to every environment', {
      operation: 'upsert-schema',
      targetEnvironment: 'all',
      schemaPath: 'config/schema.json'
    })
    console.log(`The simulator received ${sim.requests.length} requests, ${sim.mutations().length} of them writes.`)
  } finally {
    await sim.close()
  }
  if (failed) {
    console.error('A step failed (see above).')
    process.exit(1)
  }
}

await main()
