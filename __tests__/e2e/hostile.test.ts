/**
 * What an attacker (or an unlucky schema) tries, each case with its own purpose-built server: a
 * pattern that backtracks for hours, a key echoed back in every encoding, a file swapped mid-read,
 * an id with a newline, a result too big for a summary. The policy of each runs in process
 * (src/main.ts run(), the same ActionRun to assert on, on the fake clock). Two cases also run
 * through dist/index.js as the runner runs it, for what only the bundle shows:
 * - the hanging pattern in upsert-schema: the bundle's own values-check worker (dist/index.js
 *   started as a worker thread, on Node 24), stopped at its budget on the real clock;
 * - the key echoed back in a successful answer: the real GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 *   files as @actions/core writes them, and `::add-mask::` first on the real stdout.
 */
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { type ActionRun, makeWorkspace, runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'
import { hangingCheckTimeoutSeconds, workerStartSeconds } from '../helpers/check-worker.js'
import { concurrentCases } from '../helpers/concurrent-cases.js'
import { type Handler, type ScriptedServer, sendJson, startScriptedServer } from '../helpers/scripted-server.js'

const AGENT = 'agent-1'
const KEY = 'pk_live/9aZ+Qx7=Wm3rT8vB2nL5kH'

/**
 * The cases are independent (each has its own server and workspace), so their steps all start when
 * the file does, two at a time (a core each), the slowest first so the rest overlap with it
 * (concurrent-cases.ts); each test awaits its own case and asserts on it.
 */
const { scheduled } = concurrentCases()

/** Runs one step against its own server, closed afterwards (what it received stays readable). */
async function against(
  handler: Handler,
  step: (s: ScriptedServer) => Promise<ActionRun>
): Promise<{ s: ScriptedServer; run: ActionRun }> {
  const s = await startScriptedServer(handler)
  try {
    return { s, run: await step(s) }
  } finally {
    await s.close()
  }
}

const inputs = (s: ScriptedServer, extra: Record<string, string>): Record<string, string> => ({
  apiKey: KEY,
  agentId: AGENT,
  baseUrl: s.url,
  ...extra
})

const errorLines = (run: ActionRun): string =>
  run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')

/** A complete sandbox deployment as the contract shapes it, with the given metadata. */
const sandboxDeployment = (metadata: Record<string, string> | null) => ({
  id: 'dep-1',
  accountId: 'acc',
  agentId: AGENT,
  environment: 'sandbox',
  artifactVersion: 'a1',
  version: 'v1',
  createdBy: 'me',
  createdAt: '2026-01-01T00:00:00Z',
  metadata
})

describe('a pattern that backtracks catastrophically cannot hold the step', () => {
  const PATTERN = '^([a-zA-Z0-9]+\\s?)*$'
  const VALUE = 'Welcome to Acme Insurance customer support!'
  const HOSTILE = { type: 'object', properties: { greeting: { type: 'string', pattern: PATTERN } } }
  const page = (schema: unknown, variables: unknown) => ({
    clientEnv: 'sandbox',
    schema,
    variables,
    lastUpdated: '2026-01-01T00:00:00Z'
  })

  /**
   * Through the bundle (its own worker entry), on the real clock: the check gets half of what is left
   * of timeoutSeconds once the step has read its inputs, files and the page (the extra second covers
   * that on a busy machine): three worker starts or more. The child is killed (and the test fails) if
   * it is still running 30 s later: the bound holds.
   */
  const upsert = (start: number) =>
    against(
      (req, res) => sendJson(res, page({ type: 'object' }, { greeting: VALUE })),
      (s) =>
        runDist({
          inputs: inputs(s, {
            operation: 'upsert-schema',
            targetEnvironment: 'sandbox',
            schemaPath: 'schema.json',
            timeoutSeconds: String(Math.max(2, Math.ceil(6 * start + 1)))
          }),
          files: { 'schema.json': JSON.stringify(HOSTILE) },
          timeoutMs: 30_000
        })
    )
  /** In process, on the fake clock, the check gets exactly half of timeoutSeconds: three worker starts, at least 0.5 s. */
  const update = (start: number, extra: Record<string, string>) =>
    against(
      (req, res) => sendJson(res, page(HOSTILE, { greeting: 'Hi' })),
      async (s) =>
        runInProcess({
          inputs: inputs(s, {
            operation: 'update-variables',
            targetEnvironment: 'sandbox',
            variablesPath: 'values.json',
            ...extra,
            timeoutSeconds: await hangingCheckTimeoutSeconds(start)
          }),
          files: { 'values.json': JSON.stringify({ greeting: VALUE }) }
        })
    )
  /**
   * The three hanging steps run one after another in one of the file's two lanes (two at once would
   * take both cores from the cases beside them and from each other), each on a measure of the worker
   * start taken just before it (the in-process two share one); each test gets its own step's outcome.
   */
  const settled = <T>(work: Promise<T>): Promise<{ value: T } | { error: unknown }> =>
    work.then(
      (value) => ({ value }),
      (error: unknown) => ({ error })
    )
  const hangs = scheduled(3, async () => {
    const bundled = await settled(workerStartSeconds().then(upsert))
    const start = await workerStartSeconds()
    return {
      upsert: bundled,
      checked: await settled(update(start, {})),
      forced: await settled(update(start, { force: 'true' }))
    }
  })
  const outcome = async (which: 'upsert' | 'checked' | 'forced'): Promise<{ s: ScriptedServer; run: ActionRun }> => {
    const result = (await hangs)[which]
    if ('error' in result) throw result.error
    return result.value
  }
  const upserted = outcome('upsert')
  const checked = outcome('checked')
  const forced = outcome('forced')
  for (const p of [upserted, checked, forced]) p.catch(() => undefined) // each test reports its own

  test('upsert-schema: the current value is not checked in time, so nothing is sent, and the error names the variable and the pattern', async () => {
    const { s, run } = await upserted
    expect(run.code).toBe(1)
    expect(s.writes()).toEqual([])
    const error = errorLines(run)
    expect(error).toContain('could not be checked against the new schema')
    expect(error).toContain(`greeting: the check against the pattern ${JSON.stringify(PATTERN).replace(/%/g, '%25')}`)
    expect(error).toContain('(rule: timeout)')
    expect(run.summary).toContain('sandbox refused')
    expect(run.summary).toContain('could not be checked against the new schema')
  })

  test('update-variables (in process): the merged values are not checked in time, so nothing is sent', async () => {
    const { s, run } = await checked
    expect(run.code).toBe(1)
    expect(s.writes()).toEqual([])
    expect(errorLines(run)).toContain('greeting: the check against the pattern')
    expect(run.summary).toContain('sandbox refused')
  })

  test('update-variables with force (in process): the unchecked values are sent, with a warning', async () => {
    const { s, run } = await forced
    expect(run.stdout).toContain('sending the values anyway because force is true')
    // The PATCH, then the same schema again carrying the base (docs/config-sync.md).
    expect(s.writes().map((w) => w.method)).toEqual(['PATCH', 'PUT'])
  })
})

describe('a key with / + = echoed back in any form leaves no fragment anywhere', () => {
  const b64 = (text: string): string => Buffer.from(text).toString('base64')
  const url = encodeURIComponent(KEY)
  const lowerHex = url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())
  /** The forms a fragment of which must not appear: as is and each encoding. */
  const FORMS = [
    KEY,
    JSON.stringify(KEY).slice(1, -1).replace(/\//g, '\\/'),
    url,
    lowerHex,
    b64(KEY),
    b64(KEY).replace(/\+/g, '-').replace(/\//g, '_'),
    b64(`:${KEY}`).slice(2, -2),
    b64(`::${KEY}`).slice(4, -2)
  ]

  /** Every 10-character piece of any form found in what the step wrote, decoded as a reader sees it. */
  function leaks(run: ActionRun): string[] {
    const stdout = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::')) // consumed by the runner, never shown
      .join('\n')
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%')
    const summary = run.summary
      .replace(/\\([\\`*_{}[\]()#+!|~-])/g, '$1')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
    const texts = { stdout, stderr: run.stderr, summary, outputs: run.outputText }
    const found: string[] = []
    for (const [where, text] of Object.entries(texts)) {
      for (const form of FORMS) {
        for (let i = 0; i + 10 <= form.length; i++)
          if (text.includes(form.slice(i, i + 10))) found.push(`${where}: ${form.slice(i, i + 10)}`)
      }
    }
    return [...new Set(found)]
  }

  const ECHOES: Array<[string, string, string]> = [
    [
      'raw, in a JSON error',
      'application/json',
      JSON.stringify({ error_code: 'BAD', error_message: `key ${KEY} refused` })
    ],
    [
      'JSON-escaped (\\/), in a JSON error',
      'application/json',
      `{"error_code":"BAD","error_message":"key ${KEY.replace(/\//g, '\\/')} refused"}`
    ],
    [
      'JSON-escaped (\\/), in a page that is not JSON',
      'text/html',
      `<html><body>{"key":"${KEY.replace(/\//g, '\\/')}"}</body></html>`
    ],
    ['URL-encoded whole', 'text/plain', `GET /v1?api_key=${url} was refused`],
    ['URL-encoded, lower-case hex', 'text/plain', `api_key=${lowerHex}`],
    ['URL-encoded where the 120-character excerpt cuts it', 'text/plain', `${'x'.repeat(95)} api_key=${url}&more=1`],
    ['raw where the excerpt cuts it', 'text/html', `<p>${'y'.repeat(100)} ${KEY} tail</p>`],
    [
      'base64, in a JSON error',
      'application/json',
      JSON.stringify({ error_message: `Authorization: Basic ${b64(`:${KEY}`)} refused ${b64(KEY)}` })
    ],
    [
      'a prefix only, in a JSON error',
      'application/json',
      JSON.stringify({ error_message: `key ${KEY.slice(0, 14)}… has expired`, error_id: KEY.slice(-12) })
    ],
    ['split across two lines of a page', 'text/plain', `key: ${KEY.slice(0, 15)}\n${KEY.slice(15)}`],
    [
      'with HTML entities, in an error page',
      'text/html',
      `<p>key ${KEY.replace(/\//g, '&#x2F;').replace(/\+/g, '&#43;').replace(/=/g, '&#61;')}</p>`
    ]
  ]
  // The redaction of every form is policy, run in process; the successful answer also runs through
  // the bundle (the runner's masking, the real output and summary files).
  const echoed = ECHOES.map(([, type, body]) =>
    scheduled(0.1, () =>
      against(
        (req, res) => {
          res.writeHead(400, { 'Content-Type': type })
          res.end(body)
        },
        (s) => runInProcess({ inputs: inputs(s, { operation: 'get-active-deployments' }) })
      )
    )
  )
  const metadata = { raw: KEY, url, lower: lowerHex, base64: b64(KEY), embedded: `Basic ${b64(`::${KEY}`)}` }
  const answered = scheduled(0.1, () =>
    against(
      (req, res) =>
        sendJson(res, { activeDeployments: { sandbox: sandboxDeployment(metadata), 'pre-release': null, live: null } }),
      (s) => runDist({ inputs: inputs(s, { operation: 'get-active-deployments' }) })
    )
  )

  test.each(ECHOES.map(([form], i) => [form, i] as const))('%s', async (_form, i) => {
    const { run } = await echoed[i]!
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('HTTP 400')
    expect(leaks(run)).toEqual([])
  })

  test('echoed in a successful answer, every form is redacted from the outputs and summary too (outputs stay JSON)', async () => {
    const { run } = await answered
    expect(run.code).toBe(0)
    // The runner is told the key before anything else is printed.
    expect(run.stdout.split('\n')[0]).toMatch(/^::add-mask::/)
    const active = JSON.parse(run.outputs.activeDeployments ?? 'null') as {
      sandbox: { metadata: Record<string, string> }
    }
    expect(active.sandbox.metadata.raw).toBe('***')
    expect(leaks(run)).toEqual([])
  })
})

/** In process: reading a file is the same code in the bundle, and twelve steps cost no process each. */
describe('a file swapped for a larger one while the step reads it', () => {
  const LIMIT = 1024 * 1024
  const swapped = scheduled(1, async () => {
    const small = JSON.stringify({ type: 'object', properties: { greeting: { type: 'string' } } })
    const big = JSON.stringify({ type: 'object', description: 'x'.repeat(2 * LIMIT) })
    const s = await startScriptedServer((req, res) =>
      sendJson(res, { clientEnv: 'sandbox', schema: {}, variables: {} })
    )
    const workspace = await makeWorkspace({ 'small.json': small, 'big.json': big, 'schema.json': small })
    // Swaps schema.json between the two contents (atomic renames of hard links) until the runs end.
    let swapping = true
    const swapper = (async () => {
      for (let i = 0; swapping; i++) {
        const from = path.join(workspace, i % 2 ? 'small.json' : 'big.json')
        const tmp = path.join(workspace, `swap-${i}.json`)
        await fs.link(from, tmp)
        await fs.rename(tmp, path.join(workspace, 'schema.json'))
      }
    })()
    const runs: ActionRun[] = []
    try {
      for (let round = 0; round < 4; round++) {
        runs.push(
          ...(await Promise.all(
            [0, 1, 2].map(() =>
              runInProcess({
                workspace,
                inputs: inputs(s, {
                  operation: 'upsert-schema',
                  targetEnvironment: 'sandbox',
                  schemaPath: 'schema.json'
                })
              })
            )
          ))
        )
      }
    } finally {
      swapping = false
      await swapper
      await s.close()
    }
    return { s, runs }
  })

  test('never sends more than the 1 MiB limit: each run sends the small file or refuses the big one', async () => {
    const { s, runs } = await swapped
    const sent = s.writes().map((w) => Buffer.byteLength(w.body))
    expect(sent.filter((bytes) => bytes > LIMIT)).toEqual([])
    for (const run of runs) {
      if (run.code !== 0)
        expect(errorLines(run)).toMatch(
          /schemaPath: schema\.json (is \d+ bytes; the limit is 1048576|grew past the limit)/
        )
    }
    expect(sent.length).toBe(runs.filter((r) => r.code === 0).length)
  })
})

/** In process: which outputs are written is policy; the real output file is e2e/outputs.test.ts's. */
describe('an id with a newline from the server', () => {
  const evil = 'dep-9\necho pwned; x=$(id)'
  const published = scheduled(0.1, () => {
    const deployment = {
      id: evil,
      accountId: 'acc',
      agentId: AGENT,
      environment: 'sandbox',
      artifactVersion: 'a1',
      version: 'v2',
      createdBy: 'me',
      createdAt: '2026-01-01T00:00:00Z',
      metadata: null
    }
    return against(
      (req, res) => {
        if (req.method === 'POST') sendJson(res, { deployment, testRunIds: [] }, 201)
        else sendJson(res, { activeDeployments: { sandbox: null, 'pre-release': null, live: null } })
      },
      (s) => runInProcess({ inputs: inputs(s, { operation: 'publish' }) })
    )
  })

  test('never becomes an output: the step fails naming it, and the other outputs are still written', async () => {
    const { s, run } = await published
    expect(run.code).toBe(1)
    expect(s.writes()).toHaveLength(1)
    expect(run.outputs.deploymentId).toBeUndefined()
    expect(run.outputs.deployment).toBeUndefined()
    expect(run.outputText).not.toContain('pwned')
    expect(run.outputs.changed).toBe('true')
    expect(run.outputs.version).toBe('v2')
    expect(errorLines(run)).toContain('deploymentId "dep-9\\necho pwned; x=$(id)"')
    expect(run.summary).toContain('cannot be step outputs')
  })
})

/**
 * In process: the limits are the policy's (the summary's byte budget, the outputs' share of GitHub's
 * 1 MB), and a few thousand polls cost no process. The ids are as long as an output may carry (128
 * characters), mostly `_`, which the summary escapes to two bytes: 3000 runs make a Test runs table
 * past the summary's budget and a testRunResults output past the outputs' budget, as 20000 short
 * ids would, with a seventh of the polls.
 */
describe('a result with thousands of test runs', () => {
  const RUNS = 3000
  const polled = scheduled(2, () => {
    const ids = Array.from({ length: RUNS }, (_, i) => `tr-${String(i).padStart(5, '0')}`.padEnd(128, '_'))
    const deployment = sandboxDeployment(null)
    return against(
      (req, res) => {
        if (req.method === 'POST') sendJson(res, { deployment, testRunIds: ids }, 201)
        else if (req.path.includes('/testing/test-runs/'))
          sendJson(res, { status: 'failed', passedCount: 3, failedCount: 1, errorCount: 0, testCaseCount: 4 })
        else sendJson(res, { activeDeployments: { sandbox: null, 'pre-release': null, live: null } })
      },
      (s) => runInProcess({ inputs: inputs(s, { operation: 'publish', waitForTestRuns: 'true' }) })
    )
  })

  test('writes a summary under 1 MiB that says how many runs were left out and where they all are', async () => {
    const { s, run } = await polled
    expect(run.code).toBe(1)
    expect(s.requests.filter((r) => r.path.includes('/testing/test-runs/'))).toHaveLength(RUNS)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    const shown = run.summary.split('\n').filter((l) => l.startsWith('| tr-')).length
    expect(shown).toBeGreaterThan(100)
    expect(shown).toBeLessThan(RUNS)
    // testRunResults would pass the outputs' share of GitHub's 1 MB for a job: it is left out whole, and the summary says where the data is instead.
    expect(run.summary).toContain(
      `_${RUNS - shown} more rows not shown (of ${RUNS}), to keep the summary under GitHub's 1 MiB limit: the full data is in PolyAI Studio \\(the testRunResults output was too large to write, and the testRunIds output lists every run\\)._`
    )
    expect(run.outputs.testRunResults).toBeUndefined()
    expect(JSON.parse(run.outputs.testRunIds ?? '[]')).toHaveLength(RUNS)
    expect(run.stdout).toMatch(/::warning::The testRunResults output was not written: it is [\d,]+ KB/)
    expect(Buffer.byteLength(run.outputText)).toBeLessThan(1_000_000)
    // The step's error names ten runs and counts the rest: it stays one short line.
    const error = errorLines(run)
    expect(error).toContain(`and ${RUNS - 10} more (of ${RUNS}`)
    expect(error.length).toBeLessThan(5_000)
  })
})
