/**
 * The API key never leaks: a distinctive key is run through success, API failures (one that echoes
 * the key back), input failures, debug mode and the POLYAI_API_KEY fallback, and every produced
 * stream and file (stdout, stderr, GITHUB_OUTPUT, the job summary) is scanned for it. The only
 * allowed occurrence is the `::add-mask::` line, which must come before any other line.
 */
import { describe, expect } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { concurrentCases, withSimulator } from '../helpers/concurrent-cases.js'
import { type ActionRun, runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'

const KEY = 'pk_live_7f3a9c2e-SECRET_d0e4b1a8'
/** The key as a Markdown escaper would write it, so an escaped copy in the summary is caught too. */
const KEY_ESCAPED = KEY.replace(/([\\`*_{}[\]()#+!|~-])/g, '\\$1')
const KEY_FORMS = [
  KEY,
  KEY_ESCAPED,
  KEY.replace(/_/g, '\\_'),
  encodeURIComponent(KEY),
  Buffer.from(KEY).toString('base64')
]

/** Every case has a simulator of its own, so they run two at a time from the start of the file. */
const cases = concurrentCases()
const test = (name: string, body: (sim: Simulator) => Promise<void>, seconds?: number): void =>
  cases.test(name, () => withSimulator({ apiKey: KEY }, body), seconds)

const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }

/** Asserts the key appears nowhere but in the mask lines, which come first. */
function expectNoLeak(run: ActionRun): void {
  const lines = run.stdout.split('\n')
  expect(lines[0]).toMatch(/^::add-mask::/)
  const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'))
  expect(lines.slice(firstOther).some((l) => l.startsWith('::add-mask::'))).toBe(false)
  const masks = lines.slice(0, firstOther)
  expect(masks.some((l) => l.replace('::add-mask::', '').trim() === KEY)).toBe(true)
  const rest = lines.slice(firstOther).join('\n')
  for (const form of KEY_FORMS) {
    for (const [where, text] of [
      ['stdout', rest],
      ['stderr', run.stderr],
      ['GITHUB_OUTPUT', run.outputText],
      ['summary', run.summary]
    ] as const) {
      expect({ where, leaked: text.includes(form) }).toEqual({ where, leaked: false })
    }
  }
  // Request headers are never logged, in any form.
  expect(run.stdout.toLowerCase()).not.toContain('x-api-key')
}

/** The key was sent only where it belongs: the X-API-KEY header of requests to the simulator. */
function expectKeyOnlyInHeaders(sim: Simulator): void {
  for (const r of sim.requests) {
    expect(r.headers['x-api-key']).toBe(KEY)
    const others = Object.entries(r.headers).filter(([name]) => name !== 'x-api-key')
    expect(JSON.stringify({ path: r.path, query: r.query, body: r.body, others })).not.toContain(KEY)
  }
}

const inputs = (sim: Simulator, extra: Record<string, string>): Record<string, string> => ({
  apiKey: KEY,
  agentId: sim.agentId,
  baseUrl: sim.url,
  ...extra
})

/**
 * Debug logging (the most output to scan) runs through the bundle as the runner runs it; normal
 * logging runs the same cases in process (the same redaction, on the fake clock).
 */
describe.each([
  ['normal logging, in process', {}, runInProcess],
  ['debug logging, through the bundle', DEBUG, runDist]
] as Array<[string, Record<string, string>, typeof runDist]>)('the key never leaks (%s)', (_mode, env, step) => {
  test('a successful promote', async (sim) => {
    const run = await step({ inputs: inputs(sim, { operation: 'promote', targetEnvironment: 'pre-release' }), env })
    expect(run.code).toBe(0)
    expectNoLeak(run)
    expectKeyOnlyInHeaders(sim)
  })

  test('a successful read and a dry run', async (sim) => {
    const read = await step({ inputs: inputs(sim, { operation: 'list-config-pages' }), env })
    expect(read.code).toBe(0)
    expectNoLeak(read)
    const plan = await step({ inputs: inputs(sim, { operation: 'publish', dryRun: 'true' }), env })
    expect(plan.code).toBe(0)
    expectNoLeak(plan)
  })

  test('an API failure whose body echoes the key back (a proxy page, say)', async (sim) => {
    sim.faults.add({
      method: 'POST',
      path: '/promote',
      fault: {
        type: 'status',
        status: 400,
        body: { error_code: 'BAD', error_message: `key ${KEY} is not allowed here` }
      }
    })
    const run = await step({ inputs: inputs(sim, { operation: 'promote', targetEnvironment: 'pre-release' }), env })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('key *** is not allowed here')
    expectNoLeak(run)
  })

  test('an HTML error page that echoes the key, retried until the step gives up', async (sim) => {
    sim.faults.add({
      method: 'GET',
      path: '/deployments/active',
      times: Infinity,
      fault: { type: 'status', status: 502, body: `<html><body>upstream said: ${KEY}</body></html>` }
    })
    // A short step budget ends the retries sooner (in the bundle, real seconds: enough for a second
    // attempt on a busy machine); every answer it saw still echoed the key.
    const run = await step({
      inputs: inputs(sim, { operation: 'get-active-deployments', timeoutSeconds: '5' }),
      env
    })
    expect(run.code).toBe(1)
    expect(sim.requests.length).toBeGreaterThan(1)
    expectNoLeak(run)
  }, 5)

  test('a mutation that landed despite a lost answer (warnings)', async (sim) => {
    sim.faults.add({ method: 'POST', path: '/publish', fault: { type: 'reset-after' } })
    const run = await step({ inputs: inputs(sim, { operation: 'publish' }), env })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::warning::')
    expectNoLeak(run)
  })

  test('a wrong key (401)', async (sim) => {
    const wrong = `${KEY}-old`
    const run = await step({
      inputs: { ...inputs(sim, { operation: 'get-active-deployments' }), apiKey: wrong },
      env
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('HTTP 401')
    expect(run.stdout.split('\n').slice(1).join('\n')).not.toContain(wrong)
  })

  test('an input failure', async (sim) => {
    const run = await step({ inputs: inputs(sim, { operation: 'promote', agentId: 'a/b', dryRun: 'perhaps' }), env })
    expect(run.code).toBe(1)
    expectNoLeak(run)
    expect(sim.requests).toHaveLength(0)
  })

  test('the key pasted into another input is not echoed back in the problem list', async (sim) => {
    const run = await step({ inputs: inputs(sim, { operation: 'promote', deploymentId: `${KEY}!` }), env })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('deploymentId "***!" is not a valid id')
    expectNoLeak(run)
  })

  test('a value the API stores and returns (the deployment message) that contains the key', async (sim) => {
    const run = await step({
      inputs: inputs(sim, { operation: 'publish', deploymentMessage: `deployed with ${KEY}` }),
      env
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.deployment!).metadata.deployment_message).toMatch(
      /^deployed with \*\*\* \[publish run 4242\.1 id [0-9a-f]{8}\]$/
    )
    expectNoLeak(run)
  })
})

describe('the key from the POLYAI_API_KEY environment variable', () => {
  test('is masked first and never printed, success and failure alike', async (sim) => {
    const ok = await runDist({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'get-active-deployments' },
      env: { POLYAI_API_KEY: KEY }
    })
    expect(ok.code).toBe(0)
    expectNoLeak(ok)
    expectKeyOnlyInHeaders(sim)
    const bad = await runDist({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'rollback', deploymentId: 'dep-4040' },
      env: { POLYAI_API_KEY: KEY, ...DEBUG }
    })
    expect(bad.code).toBe(1)
    expectNoLeak(bad)
  })

  test('surrounding whitespace (in process): both forms are masked before anything else', async (sim) => {
    const run = await runInProcess({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'get-active-deployments' },
      env: { POLYAI_API_KEY: `  ${KEY}\n` }
    })
    expect(run.code).toBe(0)
    expectNoLeak(run)
  })
})

describe('the GitHub token', () => {
  test('is masked too', async (sim) => {
    const token = 'ghp_ExampleToken0123456789abcdefABCDEF'
    const run = await runDist({
      inputs: inputs(sim, { operation: 'get-active-deployments', githubToken: token }),
      env: DEBUG
    })
    expect(run.code).toBe(0)
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))).toContain(`::add-mask::${token}`)
    expect(
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n')
    ).not.toContain(token)
  })
})

describe('a key echoed where an excerpt cuts it', () => {
  test('no part of the key survives a truncated error excerpt', async (sim) => {
    // A proxy's plain-text error that echoes the key across the 120-character excerpt boundary.
    const body = `${'proxy refused the request '.repeat(4)}key=${KEY} and more text after it`
    sim.faults.add({ path: '/deployments/active', fault: { type: 'status', status: 400, body } })
    // The cut is policy: in process.
    const run = await runInProcess({ inputs: inputs(sim, { operation: 'get-active-deployments' }) })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('proxy refused the request')
    const afterMasks = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const text of [afterMasks, run.summary]) expect(text).not.toContain(KEY.slice(0, 10))
    expectNoLeak(run)
  })
})
