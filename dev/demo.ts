/**
 * The README's quick start: runs the bundled action (dist/index.js, exactly as the runner does)
 * against the in-repo PolyAI simulator through a whole release: publish → promote to pre-release →
 * promote to live → roll live back → push a config schema → plan a schema change on a pull request
 * (printing the comment it would post, through the local GitHub API fake) → pull the config back into
 * the repository. Prints each step's outputs and summary. No API key or GitHub token needed: both
 * servers are local.
 */
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { startFakeGithub } from './fake-github.js'
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

/** The pull request's change: a new optional key (compatible) and a shorter greeting (breaking). */
const PR_SCHEMA = {
  ...SCHEMA,
  properties: { ...SCHEMA.properties, greeting: { type: 'string', maxLength: 80 }, locale: { type: 'string', enum: ['en-GB', 'en-US'] } }
}

async function main(): Promise<void> {
  const sim = await startSimulator()
  const github = await startFakeGithub()
  const workspace = await makeWorkspace({ 'config/schema.json': JSON.stringify(SCHEMA, null, 2) })
  const base = { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url }
  console.log(`PolyAI simulator on ${sim.url}; running dist/index.js with ${NODE_BINARY}\n`)
  let failed = false
  const step = async (title: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<Record<string, string>> => {
    console.log(`━━━ ${title} ━━━`)
    console.log(`inputs: ${JSON.stringify({ ...inputs, apiKey: '***', ...(inputs.githubToken ? { githubToken: '***' } : {}) })}`)
    const run = await runDist({ inputs: { ...base, ...inputs }, workspace, env })
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
    await fs.writeFile(path.join(workspace, 'config/schema.json'), JSON.stringify(PR_SCHEMA, null, 2))
    const event = path.join(workspace, '..', `${path.basename(workspace)}-event.json`)
    await fs.writeFile(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }))
    await step(
      '7. Pull request #7 edits the schema: plan it (dry run) as a comment on the pull request',
      { operation: 'upsert-schema', targetEnvironment: 'all', schemaPath: 'config/schema.json', dryRun: 'true', prComment: 'true', githubToken: github.token },
      { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }
    )
    console.log(`The comment posted on pull request #7 (edited in place on the next push):\n\n${github.comments.at(-1)?.body ?? '(none)'}`)
    await step('8. Nightly Studio → git: pull every page into real_time_configuration/', { operation: 'pull-config' })
    console.log(`The simulator received ${sim.requests.length} requests, ${sim.mutations().length} of them writes.`)
  } finally {
    await Promise.all([sim.close(), github.close()])
  }
  if (failed) {
    console.error('A step failed (see above).')
    process.exit(1)
  }
}

await main()
