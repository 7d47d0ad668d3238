/**
 * The README's quick start: runs the bundled action (dist/index.js, exactly as the runner does)
 * against the in-repo PolyAI simulator, started in its rehearsal world (`seed: 'staged'`: every
 * environment on a different version), through every README workflow: a dry-run promote that is a
 * plan, publish, promote to pre-release whose test runs fail and the rollback that undoes it,
 * promote to live, list-deployments and a rollback of live, a promote to live whose bake sees an alert
 * and rolls live back on its own (a 20 s bake; the simulator's rule fires as the promote lands), and a schema change that plain
 * upsert-schema / update-variables cannot apply: planned on a pull request (the comments it would post
 * go to the local GitHub API fake and are printed), where upsert-schema alone flags it as breaking and
 * refuses and sync-config plans three phases, then applied by sync-config; then a Studio edit that the next
 * nightly sync keeps while the repository's own change lands, a conflict (both sides changed the greeting:
 * live gets no write); finally the config is pulled back into the repository. Prints each step's outputs and summary. No API key or GitHub
 * token needed: both servers are local.
 */
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { startFakeGithub } from './fake-github.js'
import { startSimulator } from './simulator/index.js'
import { makeWorkspace, runDist, NODE_BINARY, ROOT } from './run-action.js'

/** The README's example config: a new required key under additionalProperties: false. */
const example = (name: string): Promise<string> => fs.readFile(path.join(ROOT, 'examples', 'config', name), 'utf8')

const HIDDEN_OUTPUTS = ['deployment', 'configPages', 'configPage', 'activeDeployments', 'testRunResults']

async function main(): Promise<void> {
  const sim = await startSimulator({ seed: 'staged', testRunPolls: 0 })
  const github = await startFakeGithub()
  const workspace = await makeWorkspace({
    'config/schema.json': await example('schema.json'),
    'config/values.json': await example('values.json')
  })
  const base = { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url }
  console.log(
    `PolyAI simulator (staged: every environment on a different version) on ${sim.url}; running dist/index.js with ${NODE_BINARY}\n`
  )
  const unexpected: string[] = []
  const step = async (
    title: string,
    inputs: Record<string, string>,
    expectFailure = false,
    env: Record<string, string> = {}
  ): Promise<Record<string, string>> => {
    console.log(`━━━ ${title} ━━━`)
    console.log(
      `inputs: ${JSON.stringify({ ...inputs, apiKey: '***', ...(inputs.githubToken ? { githubToken: '***' } : {}) })}`
    )
    const run = await runDist({ inputs: { ...base, ...inputs }, workspace, env })
    const shown = Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !HIDDEN_OUTPUTS.includes(k)))
    console.log(`exit code: ${run.code}${expectFailure ? ' (a failure is what this step shows)' : ''}`)
    console.log(`outputs: ${JSON.stringify(shown, null, 2)}`)
    console.log(`job summary:\n${run.summary}`)
    if ((run.code !== 0) !== expectFailure) {
      unexpected.push(title)
      console.log(run.stdout)
    }
    return run.outputs
  }
  try {
    await step('1. Where is everything now?', { operation: 'get-active-deployments' })
    await step('2. Plan a promote to live (dry run: shows the request, sends nothing)', {
      operation: 'promote',
      targetEnvironment: 'live',
      dryRun: 'true'
    })
    await step('3. On merge: publish the draft to sandbox', { operation: 'publish' })
    sim.state.testRunPlan = { outcome: 'failed', pollsUntilDone: 0 }
    const pre = await step(
      '4. Promote it to pre-release and wait for its test runs (they fail here)',
      { operation: 'promote', targetEnvironment: 'pre-release', waitForTestRuns: 'true' },
      true
    )
    await step('5. Tests failed: roll pre-release back to what ran before', {
      operation: 'rollback',
      targetEnvironment: 'pre-release',
      deploymentId: pre.previousDeploymentId ?? ''
    })
    sim.state.testRunPlan = { outcome: 'passed', pollsUntilDone: 0 }
    await step('6. Promote pre-release (the version that passed before) to live', {
      operation: 'promote',
      targetEnvironment: 'live'
    })
    await step('7. Which versions could live go back to?', {
      operation: 'list-deployments',
      targetEnvironment: 'live',
      limit: '5'
    })
    await step('8. Something is wrong: roll live back to the previous version', {
      operation: 'rollback',
      targetEnvironment: 'live'
    })
    // The bake: a short one (20 s, polled every 5 s) so the demo stays quick; the simulator's p95 rule
    // starts firing as soon as the promote lands, as a bad release would make it.
    const liveBefore = sim.state.active('live')?.id
    const fireOnLanding = setInterval(() => {
      if (sim.state.active('live')?.id !== liveBefore && sim.state.alerts.firings.length === 0)
        sim.state.alerts.fire('ar_p95', 2_000, Infinity, 2400)
    }, 20)
    await step(
      '9. Promote to live again, with a bake: the p95 latency alert fires, so the step rolls live back on its own',
      { operation: 'promote', targetEnvironment: 'live', bakeSeconds: '20', rollbackOnFailure: 'true' },
      true
    ).finally(() => clearInterval(fireOnLanding))
    sim.state.alerts.firings = []
    const event = path.join(workspace, '..', `${path.basename(workspace)}-event.json`)
    await fs.writeFile(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }))
    const onPullRequest = { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }
    const config = { targetEnvironment: 'all', schemaPath: 'config/schema.json', variablesPath: 'config/values.json' }
    await step(
      '10. Pull request #7 adds a required key: upsert-schema alone flags it as breaking and refuses (the current values lack it)',
      {
        operation: 'upsert-schema',
        targetEnvironment: 'all',
        schemaPath: 'config/schema.json',
        dryRun: 'true',
        prComment: 'true',
        githubToken: github.token
      },
      true,
      onPullRequest
    )
    await step(
      '11. The same pull request planned with sync-config: three phases per environment',
      { operation: 'sync-config', ...config, dryRun: 'true', prComment: 'true', githubToken: github.token },
      false,
      onPullRequest
    )
    console.log(
      `The comments posted on pull request #7 (each edited in place on the next push):\n\n${github.comments.map((c) => c.body).join('\n\n---\n\n') || '(none)'}`
    )
    await step('12. Merged: sync-config applies it (transitional schema, values, final schema)', {
      operation: 'sync-config',
      ...config
    })
    // Someone edits live's greeting in Studio the same day: the nightly sync keeps it (the base on the page
    // says the repository did not change it), while the repository's own change lands.
    sim.state.patchVariables('live', { greeting: 'Hello, Acme here (edited in Studio)' })
    await fs.writeFile(
      path.join(workspace, 'config/values.json'),
      `${JSON.stringify({ greeting: 'Hello, you are through to Acme', handoffNumber: '+442079876543' }, null, 2)}\n`
    )
    await step("13. Nightly sync after a Studio edit: Studio's greeting is kept, the repository's new number lands", {
      operation: 'sync-config',
      ...config
    })
    await fs.writeFile(
      path.join(workspace, 'config/values.json'),
      `${JSON.stringify({ greeting: 'Welcome to Acme', handoffNumber: '+442079876543' }, null, 2)}\n`
    )
    await step(
      '14. The repository changes the greeting too: a conflict, so nothing is written to live (the others are synced)',
      { operation: 'sync-config', ...config },
      true
    )
    await step('15. Nightly Studio → git: pull every page into real_time_configuration/', { operation: 'pull-config' })
    console.log(`The simulator received ${sim.requests.length} requests, ${sim.mutations().length} of them writes.`)
  } finally {
    await Promise.all([sim.close(), github.close()])
  }
  if (unexpected.length) {
    console.error(`Unexpected outcome in: ${unexpected.join('; ')} (see above).`)
    process.exit(1)
  }
}

await main()
