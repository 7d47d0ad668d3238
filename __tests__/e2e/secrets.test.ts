/**
 * The API key never leaks: a distinctive key is run through success, API failures (one that echoes
 * the key back), input failures, debug mode and the POLYAI_API_KEY fallback, and every produced
 * stream and file (stdout, stderr, GITHUB_OUTPUT, the job summary) is scanned for it. The only
 * allowed occurrence is the `::add-mask::` line, which must come before any other line.
 *
 * The redaction is policy: every case runs in process (src/main.ts run(), an in-memory runner that
 * prints as @actions/core prints, the fake clock), with the runner's debug setting on. The action
 * prints its `::debug::` lines whatever that setting (the runner decides what to show), so one run
 * per case scans them all. Two cases run through dist/index.js, for what only the bundle shows:
 * - a success, the key from POLYAI_API_KEY and a githubToken: the real @actions/core prints both
 *   `::add-mask::` lines first on the real stdout (nothing the bundle prints on loading comes
 *   before them), and neither value reaches the real stdout, stderr, GITHUB_OUTPUT or summary file;
 * - a failure whose API answer echoes the key (same fallback): the real failure line (setFailed,
 *   exit code 1) carries it masked, and stderr holds no stack trace or key.
 *
 * Also keys echoed back in forms the runner was not given (it masks only those; our redactor covers
 * the rest): as upper-case hex in an API error from a purpose-built server, and by an Alerts API in
 * a rule's name that the bake prints and outputs (upper case, hex, HTML entities, base64, a
 * fragment: the forms docs/security.md says are covered).
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { concurrentCases, withSimulator } from '../helpers/concurrent-cases.js'
import { type ActionRun, runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'
import { fakeClock } from '../helpers/clock.js'
import { startProxy } from '../helpers/redteam-proxy.js'
import { sendJson, startScriptedServer } from '../helpers/scripted-server.js'

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

/**
 * Every case has a simulator of its own. The two bundle cases start with the file and run beside
 * the in-process cases, which run one at a time (the step's redaction registers its secrets and
 * masked values per process: overlapping in-process steps would share them).
 */
const cases = concurrentCases()
const bundleTest = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  cases.test(name, () => withSimulator({ apiKey: KEY }, body))
const inProcessTest = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  test(name, () => withSimulator({ apiKey: KEY }, body))

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

const step = (spec: Parameters<typeof runInProcess>[0]): Promise<ActionRun> =>
  runInProcess({ ...spec, env: { ...DEBUG, ...spec.env } })

describe('the key never leaks (in process, debug logging on)', () => {
  inProcessTest('a successful promote', async (sim) => {
    const run = await step({ inputs: inputs(sim, { operation: 'promote', targetEnvironment: 'pre-release' }) })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::debug::')
    expectNoLeak(run)
    expectKeyOnlyInHeaders(sim)
  })

  inProcessTest('a successful read and a dry run', async (sim) => {
    const read = await step({ inputs: inputs(sim, { operation: 'list-config-pages' }) })
    expect(read.code).toBe(0)
    expectNoLeak(read)
    const plan = await step({ inputs: inputs(sim, { operation: 'publish', dryRun: 'true' }) })
    expect(plan.code).toBe(0)
    expectNoLeak(plan)
  })

  inProcessTest('an API failure whose body echoes the key back (a proxy page, say)', async (sim) => {
    sim.faults.add({
      method: 'POST',
      path: '/promote',
      fault: {
        type: 'status',
        status: 400,
        body: { error_code: 'BAD', error_message: `key ${KEY} is not allowed here` }
      }
    })
    const run = await step({ inputs: inputs(sim, { operation: 'promote', targetEnvironment: 'pre-release' }) })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('key *** is not allowed here')
    expectNoLeak(run)
  })

  inProcessTest('an HTML error page that echoes the key, retried until the step gives up', async (sim) => {
    sim.faults.add({
      method: 'GET',
      path: '/deployments/active',
      times: Infinity,
      fault: { type: 'status', status: 502, body: `<html><body>upstream said: ${KEY}</body></html>` }
    })
    // A short step budget (on the fake clock: no real waiting); every answer it saw echoed the key.
    const run = await step({ inputs: inputs(sim, { operation: 'get-active-deployments', timeoutSeconds: '5' }) })
    expect(run.code).toBe(1)
    expect(sim.requests.length).toBeGreaterThan(1)
    expectNoLeak(run)
  })

  inProcessTest('a mutation that landed despite a lost answer (warnings)', async (sim) => {
    sim.faults.add({ method: 'POST', path: '/publish', fault: { type: 'reset-after' } })
    const run = await step({ inputs: inputs(sim, { operation: 'publish' }) })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::warning::')
    expectNoLeak(run)
  })

  inProcessTest('a wrong key (401)', async (sim) => {
    const wrong = `${KEY}-old`
    const run = await step({ inputs: { ...inputs(sim, { operation: 'get-active-deployments' }), apiKey: wrong } })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('HTTP 401')
    expect(run.stdout.split('\n').slice(1).join('\n')).not.toContain(wrong)
  })

  inProcessTest('an input failure', async (sim) => {
    const run = await step({ inputs: inputs(sim, { operation: 'promote', agentId: 'a/b', dryRun: 'perhaps' }) })
    expect(run.code).toBe(1)
    expectNoLeak(run)
    expect(sim.requests).toHaveLength(0)
  })

  inProcessTest('the key pasted into another input is not echoed back in the problem list', async (sim) => {
    const run = await step({ inputs: inputs(sim, { operation: 'promote', deploymentId: `${KEY}!` }) })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('deploymentId "***!" is not a valid id')
    expectNoLeak(run)
  })

  inProcessTest('a value the API stores and returns (the deployment message) that contains the key', async (sim) => {
    const run = await step({ inputs: inputs(sim, { operation: 'publish', deploymentMessage: `deployed with ${KEY}` }) })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.deployment!).metadata.deployment_message).toMatch(
      /^deployed with \*\*\* \[publish run 4242\.1 id [0-9a-f]{8}\]$/
    )
    expectNoLeak(run)
  })
})

describe('through dist/index.js: the key from the POLYAI_API_KEY environment variable, and the GitHub token', () => {
  bundleTest('a success: both are masked first on the real stdout and printed nowhere', async (sim) => {
    const token = 'ghp_ExampleToken0123456789abcdefABCDEF'
    const ok = await runDist({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'get-active-deployments', githubToken: token },
      env: { POLYAI_API_KEY: KEY, ...DEBUG }
    })
    expect(ok.code).toBe(0)
    expect(ok.stderr).toBe('')
    expectNoLeak(ok)
    expectKeyOnlyInHeaders(sim)
    const masks = ok.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))
    expect(masks).toContain(`::add-mask::${token}`)
    const rest = ok.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const text of [rest, ok.stderr, ok.outputText, ok.summary]) expect(text).not.toContain(token)
  })

  bundleTest('a failure whose API answer echoes the key: masked on the real failure line, exit code 1', async (sim) => {
    sim.faults.add({
      method: 'POST',
      path: '/promote',
      fault: {
        type: 'status',
        status: 400,
        body: { error_code: 'BAD', error_message: `key ${KEY} is not allowed here` }
      }
    })
    const bad = await runDist({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'promote', targetEnvironment: 'pre-release' },
      env: { POLYAI_API_KEY: KEY, ...DEBUG }
    })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe('')
    expect(bad.stdout).toMatch(/^::error::.*key \*\*\* is not allowed here/m)
    expect(bad.stdout + bad.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expectNoLeak(bad)
  })
})

describe('the key from the POLYAI_API_KEY environment variable, in process', () => {
  inProcessTest('a failure: masked first and never printed', async (sim) => {
    const bad = await step({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'rollback', deploymentId: 'dep-4040' },
      env: { POLYAI_API_KEY: KEY }
    })
    expect(bad.code).toBe(1)
    expectNoLeak(bad)
  })

  inProcessTest('surrounding whitespace: both forms are masked before anything else', async (sim) => {
    const run = await runInProcess({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'get-active-deployments' },
      env: { POLYAI_API_KEY: `  ${KEY}\n` }
    })
    expect(run.code).toBe(0)
    expectNoLeak(run)
  })
})

describe('a key echoed where an excerpt cuts it', () => {
  inProcessTest('no part of the key survives a truncated error excerpt', async (sim) => {
    // A proxy's plain-text error that echoes the key across the 120-character excerpt boundary.
    const body = `${'proxy refused the request '.repeat(4)}key=${KEY} and more text after it`
    sim.faults.add({ path: '/deployments/active', fault: { type: 'status', status: 400, body } })
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

describe('a key echoed back in a form the runner was not given', () => {
  test('a key echoed back as upper-case hex in an error is printed nowhere', async () => {
    const HEX_ECHOED_KEY = 'pk-e2e-Trust-Round-3-Qx'
    const hex = Buffer.from(HEX_ECHOED_KEY, 'utf8').toString('hex').toUpperCase()
    const server = await startScriptedServer((_req, res) =>
      sendJson(res, { error_message: `key 0x${hex} is not valid for this region`, error_code: 'UNAUTHORIZED' }, 401)
    )
    try {
      const run = await runInProcess({
        inputs: { apiKey: HEX_ECHOED_KEY, agentId: 'agent-1', baseUrl: server.url, operation: 'get-active-deployments' }
      })
      expect(run.code).toBe(1)
      expect(run.stdout).toContain('key 0x*** is not valid for this region')
      const printed = run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n')
      for (const text of [printed, run.summary, run.stderr]) {
        expect(text.toUpperCase()).not.toContain(hex.slice(0, 20))
        expect(text).not.toContain(HEX_ECHOED_KEY)
      }
    } finally {
      await server.close()
    }
  })

  describe('an Alerts API that echoes the key in a rule name the bake prints and outputs', () => {
    const ALERTS_KEY = 'pk-live-9f8e7d6c5b4a3921'
    const hex = Buffer.from(ALERTS_KEY).toString('hex')
    const entities = Array.from(ALERTS_KEY, (c, i) =>
      i % 2 ? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};` : c
    ).join('')
    const forms: Record<string, string> = {
      upper: ALERTS_KEY.toUpperCase(),
      hex: hex.toUpperCase(),
      entities,
      base64: Buffer.from(`key=${ALERTS_KEY}`).toString('base64'),
      fragment: ALERTS_KEY.slice(3, 15).toUpperCase()
    }

    test.each(Object.keys(forms))('a rule name echoing the key (%s) is printed nowhere', async (form) => {
      const echoed = forms[form]!
      const clock = fakeClock()
      await withSimulator({ seed: 'staged', clock, testRunPolls: 0, apiKey: ALERTS_KEY }, async (sim) => {
        const proxy = await startProxy(sim.url, (p) =>
          p.path.startsWith('/v1/alert')
            ? { status: p.status, body: p.body.replaceAll('"Turn latency p95"', JSON.stringify(`p95 ${echoed} rule`)) }
            : undefined
        )
        sim.state.alerts.fire('ar_p95', 60_000, Infinity, 2100)
        const result = await runInProcess({
          inputs: {
            apiKey: ALERTS_KEY,
            agentId: sim.agentId,
            baseUrl: proxy.url,
            operation: 'promote',
            targetEnvironment: 'live',
            bakeSeconds: '300',
            rollbackOnFailure: 'true'
          },
          options: { clock }
        }).finally(() => proxy.close())
        expect(result.outputs.health).toBe('unhealthy')
        // The runner's own masking is given the key's forms (::add-mask::): that is not printing it.
        const log = result.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n')
        const printed = [log, result.summary, result.outputText].join('\n')
        expect(printed).toContain('p95 ')
        expect(printed).not.toContain(echoed)
        expect(printed.toLowerCase()).not.toContain(ALERTS_KEY.toLowerCase())
      })
    })
  })
})
