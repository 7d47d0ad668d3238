/**
 * Real-time config as code, end to end, against the simulator over real HTTP. One scenario per case
 * of the config-sync issue: upsert-schema to one environment, a list and all; unchanged (reordered
 * keys); values that break the new schema; force; invalid draft-07; remote $ref never fetched; the
 * CLI folder layout; update-variables merge, skip and invalid values; dry runs that send no write.
 * Two cases run dist/index.js as the GitHub runner runs it, for what only the bundle shows:
 * - values that fail the new schema (it has a pattern, so they are checked in the worker): the
 *   values-check worker started from the bundle's own entry (dist/index.js run as a worker thread)
 *   with the bundled ajv, answering each check, and the step failing with exit code 1 while the
 *   outputs file still holds what was synced;
 * - an invalid draft-07 schema: the annotated error (title, file) printed by the real @actions/core
 *   and the exit code set beside it, the schema document checked in the bundle's worker, nothing sent.
 * The rest of the sync policy (including the three-way merge with maskValues) runs in process, with
 * the same assertions, one case at a time (masked values are registered per process).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, test as jestTest } from '@jest/globals'
import { SEED_SCHEMA, type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, callsOf } from '../helpers/simulator.js'
import { concurrentCases, withSimulator } from '../helpers/concurrent-cases.js'
import { type ActionRun, runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'
import { startDriven } from '../helpers/driven.js'
import { withoutBase } from '../../src/config/base.js'

/** Every case has a simulator of its own; the two bundle cases start with the file, beside the in-process ones. */
const cases = concurrentCases()
const bundleTest = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  cases.test(name, () => withSimulator(undefined, body))
const test = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  jestTest(name, () => withSimulator(undefined, body))

const base = (sim: Simulator): Record<string, string> => actionInputs(sim)
/** "METHOD /real-time-configs/…" for every request the simulator received, in arrival order. */
const calls = (sim: Simulator): string[] => callsOf(sim)
const writes = (sim: Simulator): string[] => calls(sim).filter((c) => !c.startsWith('GET'))
const errorLines = (run: ActionRun): string[] => run.stdout.split('\n').filter((l) => l.startsWith('::error'))
const json = (text: string | undefined): unknown => JSON.parse(text ?? 'null')

/** The seeded schema plus an optional `locale`: the seeded values pass it. */
const WITH_LOCALE = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 }, locale: { type: 'string' } },
  required: ['greeting']
}
/** maxRetries must now be at least 5: the seeded value 3 fails it. */
const STRICTER = {
  ...WITH_LOCALE,
  properties: { ...WITH_LOCALE.properties, maxRetries: { type: 'integer', minimum: 5 } }
}
/**
 * STRICTER, with a pattern every greeting here matches: a pattern sends the values check to the worker
 * (only flat schemas are checked on the step's thread, src/config/inline-check.ts). Its verdicts are
 * STRICTER's, so a worker that did not start or answer fails the assertions on them.
 */
const STRICTER_IN_WORKER = {
  ...STRICTER,
  properties: { ...STRICTER.properties, greeting: { type: 'string', pattern: '^H' } }
}

/**
 * How a case runs its steps: through dist/index.js as the runner runs it (the outputs file, exit
 * codes, annotations, the bundled ajv and values-check worker), or, for the sync policy, in process
 * (src/main.ts run(), the same ActionRun to assert on, on the fake clock).
 */
type Step = typeof runDist
const BUNDLE: Step = runDist
const IN_PROCESS: Step = runInProcess

const upsert = (
  step: Step,
  sim: Simulator,
  schema: unknown,
  targetEnvironment: string,
  extra: Record<string, string> = {}
): Promise<ActionRun> =>
  step({
    inputs: { ...base(sim), operation: 'upsert-schema', targetEnvironment, schemaPath: 'config/schema.json', ...extra },
    files: { 'config/schema.json': JSON.stringify(schema, null, 2) }
  })

const update = (
  step: Step,
  sim: Simulator,
  values: unknown,
  targetEnvironment: string,
  extra: Record<string, string> = {}
): Promise<ActionRun> =>
  step({
    inputs: {
      ...base(sim),
      operation: 'update-variables',
      targetEnvironment,
      variablesPath: 'config/values.json',
      ...extra
    },
    files: { 'config/values.json': JSON.stringify(values) }
  })

describe('upsert-schema', () => {
  test('one environment: reads the page, PUTs only there, and shows the diff', async (sim) => {
    const run = await upsert(IN_PROCESS, sim, WITH_LOCALE, 'sandbox')
    expect(run.code).toBe(0)
    expect(calls(sim)).toEqual(['GET /real-time-configs/sandbox', 'PUT /real-time-configs/sandbox/schema'])
    expect(withoutBase((sim.requests[1]!.body as { schema: Record<string, unknown> }).schema)).toEqual(WITH_LOCALE)
    expect(withoutBase(sim.state.configPages.sandbox.schema)).toEqual(WITH_LOCALE)
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(SEED_SCHEMA)
    expect(run.outputs.changed).toBe('true')
    expect(json(run.outputs.changedEnvironments)).toEqual(['sandbox'])
    expect(json(run.outputs.configPage)).toMatchObject({ clientEnv: 'sandbox', schema: WITH_LOCALE })
    expect(json(run.outputs.configPages)).toHaveLength(1)
    expect(run.summary).toContain('Updated the config schema of agent agent-1 in sandbox')
    expect(run.summary).toContain('**Schema changes: sandbox**')
    expect(run.summary).toContain('| locale | added | string |')
  })

  test('a comma-separated list: every named environment and no other', async (sim) => {
    const run = await upsert(IN_PROCESS, sim, WITH_LOCALE, 'live, sandbox')
    expect(run.code).toBe(0)
    expect(writes(sim).sort()).toEqual(['PUT /real-time-configs/live/schema', 'PUT /real-time-configs/sandbox/schema'])
    expect(withoutBase(sim.state.configPages['pre-release'].schema)).toEqual(SEED_SCHEMA)
    expect(json(run.outputs.changedEnvironments)).toEqual(['sandbox', 'live'])
    expect((json(run.outputs.configPages) as Array<{ clientEnv: string }>).map((p) => p.clientEnv)).toEqual([
      'sandbox',
      'live'
    ])
    expect(run.outputs.configPage).toBeUndefined()
    expect(run.summary).toContain('Schema changes: sandbox, live')
  })

  jestTest('all: every environment, read concurrently (all three reads arrive before any write)', async () => {
    // Every answer takes 100 ms of a driven fake clock, which moves only once every request in flight
    // is one the simulator holds: reads one after another would arrive 100 ms apart.
    const { sim, clock, transport } = await startDriven({ latencyMs: 100 })
    try {
      await allEnvironments(sim, (spec) => runInProcess({ ...spec, options: { clock, transport } }))
      const reads = sim.requests.filter((r) => r.method === 'GET').slice(0, 3)
      expect(reads.map((r) => r.at - reads[0]!.at)).toEqual([0, 0, 0])
    } finally {
      await sim.close()
    }
  })

  async function allEnvironments(sim: Simulator, step: Step): Promise<void> {
    const run = await upsert(step, sim, WITH_LOCALE, 'all')
    expect(run.code).toBe(0)
    expect(
      calls(sim)
        .slice(0, 3)
        .every((c) => c.startsWith('GET '))
    ).toBe(true)
    expect(writes(sim).sort()).toEqual([
      'PUT /real-time-configs/live/schema',
      'PUT /real-time-configs/pre-release/schema',
      'PUT /real-time-configs/sandbox/schema'
    ])
    for (const env of ['sandbox', 'pre-release', 'live'] as const)
      expect(withoutBase(sim.state.configPages[env].schema)).toEqual(WITH_LOCALE)
    expect(json(run.outputs.changedEnvironments)).toEqual(['sandbox', 'pre-release', 'live'])
  }

  test('unchanged: the same schema with keys reordered sends no PUT and says "no changes" (run twice: nightly sync)', async (sim) => {
    const reordered = {
      required: ['greeting'],
      properties: { maxRetries: { minimum: 0, type: 'integer' }, greeting: { type: 'string' } },
      type: 'object',
      $schema: 'http://json-schema.org/draft-07/schema#'
    }
    const first = await upsert(IN_PROCESS, sim, reordered, 'all')
    expect(first.code).toBe(0)
    expect(writes(sim)).toEqual([])
    expect(first.outputs.changed).toBe('false')
    expect(json(first.outputs.changedEnvironments)).toEqual([])
    expect(json(first.outputs.configPages)).toHaveLength(3)
    expect(first.summary).toContain('No changes to the config schema')
    expect(first.summary).toContain(
      'No changes: sandbox, pre-release, live already match the repository; nothing was sent.'
    )

    const changed = await upsert(IN_PROCESS, sim, WITH_LOCALE, 'all')
    expect(changed.outputs.changed).toBe('true')
    const again = await upsert(IN_PROCESS, sim, WITH_LOCALE, 'all')
    expect(again.code).toBe(0)
    expect(again.outputs.changed).toBe('false')
    expect(writes(sim)).toHaveLength(3) // only the real change wrote, once per environment
  })

  bundleTest(
    'values that fail the new schema: that environment is refused and named, the others still synced, the step fails',
    async (sim) => {
      sim.state.configPages.sandbox.variables = { greeting: 'Hi', maxRetries: 7 }
      const run = await upsert(BUNDLE, sim, STRICTER_IN_WORKER, 'all')
      expect(run.code).toBe(1)
      expect(run.stderr).toBe('')
      expect(writes(sim)).toEqual(['PUT /real-time-configs/sandbox/schema'])
      expect(withoutBase(sim.state.configPages.live.schema)).toEqual(SEED_SCHEMA)
      expect(withoutBase(sim.state.configPages['pre-release'].schema)).toEqual(SEED_SCHEMA)
      const [error] = errorLines(run)
      expect(error).toContain('pre-release: The current pre-release values fail the new schema')
      expect(error).toContain('live: The current live values fail the new schema')
      expect(error).toContain('maxRetries: must be >= 5, found 3 (rule: minimum)')
      expect(error).toContain('set force: true')
      expect(run.outputs.changed).toBe('true')
      expect(json(run.outputs.changedEnvironments)).toEqual(['sandbox'])
      expect(json(run.outputs.configPages)).toHaveLength(3)
      expect(run.summary).toContain('Config schema of agent agent-1: pre-release refused, live refused')
      expect(run.summary).toContain('| pre-release, live | refused | current values fail the new schema: maxRetries |')
      expect(run.summary).toContain('| maxRetries | minimum | must be &gt;= 5, found 3 |')
    }
  )

  test('refused alone: nothing is written at all', async (sim) => {
    const run = await upsert(IN_PROCESS, sim, STRICTER, 'live')
    expect(run.code).toBe(1)
    expect(calls(sim)).toEqual(['GET /real-time-configs/live'])
    expect(errorLines(run)).toHaveLength(1)
    expect(run.outputs.changed).toBe('false')
  })

  test('force: true pushes a schema the current values fail, with a warning', async (sim) => {
    const run = await upsert(IN_PROCESS, sim, STRICTER, 'live', { force: 'true' })
    expect(run.code).toBe(0)
    expect(writes(sim)).toEqual(['PUT /real-time-configs/live/schema'])
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(STRICTER)
    expect(run.stdout).toMatch(
      /::warning::live: the current values fail the new schema \(maxRetries: must be >= 5, found 3 \(rule: minimum\)\); pushing it anyway/
    )
    expect(run.summary).toContain('pushed anyway: force')
    expect(run.summary).toContain('forced although the current values fail it')
  })

  bundleTest(
    'an invalid draft-07 schema: every problem named by pointer and rule, and nothing is sent',
    async (sim) => {
      const run = await upsert(
        BUNDLE,
        sim,
        {
          type: 'object',
          properties: { greeting: { type: 'strin' }, maxRetries: { minimum: 'zero' } },
          required: 'greeting'
        },
        'all'
      )
      expect(run.code).toBe(1)
      expect(run.stderr).toBe('')
      expect(sim.requests).toHaveLength(0)
      const error = errorLines(run).join('\n')
      expect(error).toContain('not a valid draft-07 JSON Schema, so nothing was sent')
      expect(error).toContain(
        'config/schema.json /properties/greeting/type: "strin" is not a type: did you mean "string"?'
      )
      expect(error).toContain('title=Invalid JSON Schema (draft-07)')
      expect(error).toContain('(rule: enum, type)')
      expect(error).toContain(
        'config/schema.json /properties/maxRetries/minimum: must be number, found "zero" (rule: type)'
      )
      expect(error).toContain('config/schema.json /required: must be array, found "greeting" (rule: type)')
      expect(error).toContain('file=config/schema.json')
      expect(run.summary).toContain('Nothing was changed.')
    }
  )

  test('a remote $ref is reported by name and never fetched', async (sim) => {
    const hits: string[] = []
    const server: Server = createServer((req, res) => {
      hits.push(req.url ?? '')
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify({ type: 'string' }))
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/defs.json`
    try {
      const run = await upsert(
        IN_PROCESS,
        sim,
        { type: 'object', properties: { greeting: { $ref: `${url}#/greeting` } } },
        'sandbox'
      )
      expect(run.code).toBe(1)
      const error = errorLines(run).join('\n')
      expect(error).toContain(`/properties/greeting/$ref: remote reference "${url}#/greeting" is not allowed`)
      expect(error).toContain('(rule: $ref)')
      // The proof that the check is real: the server answers, yet nobody asked it.
      const control = await fetch(url)
      expect(control.ok).toBe(true)
      expect(hits).toEqual(['/defs.json'])
      expect(sim.requests).toHaveLength(0)
    } finally {
      await new Promise<void>((done) => server.close(() => done()))
    }
  })

  test('CLI folder layout: each environment takes its own schema.json', async (sim) => {
    const live = {
      ...WITH_LOCALE,
      properties: { ...WITH_LOCALE.properties, locale: { type: 'string', enum: ['en-GB', 'en-US'] } }
    }
    const reorderedSeed = {
      required: ['greeting'],
      type: 'object',
      properties: SEED_SCHEMA.properties,
      $schema: SEED_SCHEMA.$schema
    }
    const run = await IN_PROCESS({
      inputs: { ...base(sim), operation: 'upsert-schema', targetEnvironment: 'all', schemaPath: 'agent' },
      files: {
        'agent/real_time_configuration/draft_and_sandbox/schema.json': JSON.stringify(WITH_LOCALE),
        'agent/real_time_configuration/pre_release/schema.json': JSON.stringify(reorderedSeed),
        'agent/real_time_configuration/live/schema.json': JSON.stringify(live)
      }
    })
    expect(run.code).toBe(0)
    expect(writes(sim).sort()).toEqual(['PUT /real-time-configs/live/schema', 'PUT /real-time-configs/sandbox/schema'])
    expect(withoutBase(sim.state.configPages.sandbox.schema)).toEqual(WITH_LOCALE)
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(live)
    expect(json(run.outputs.changedEnvironments)).toEqual(['sandbox', 'live'])
    expect(run.summary).toContain('agent \\(CLI layout: one schema.json per environment\\)')
    expect(run.summary).toContain('Schema changes: sandbox')
    expect(run.summary).toContain('Schema changes: live')
    expect(run.summary).toContain('| pre-release | unchanged |')
  })

  test('dry run: reads, validates and shows the diff, sends no write; a refusal still fails it', async (sim) => {
    const run = await upsert(IN_PROCESS, sim, WITH_LOCALE, 'all', { dryRun: 'true' })
    expect(run.code).toBe(0)
    expect(writes(sim)).toEqual([])
    expect(calls(sim)).toHaveLength(3)
    expect(run.outputs.changed).toBe('false')
    expect(json(run.outputs.changedEnvironments)).toEqual(['sandbox', 'pre-release', 'live'])
    expect(run.summary).toContain('Plan: config schema of agent agent-1: would update sandbox, pre-release, live')
    expect(run.summary).toContain('| sandbox, pre-release, live | would update | 1 change |')
    expect(run.summary).toContain('| locale | added | string |')
    expect(run.stdout).toContain('Dry run: would send PUT /v1/agents/agent-1/real-time-configs/live/schema')

    const refused = await upsert(IN_PROCESS, sim, STRICTER, 'live', { dryRun: 'true' })
    expect(refused.code).toBe(1)
    expect(writes(sim)).toEqual([])
  })
})

describe('update-variables', () => {
  test('merge: sends only the keys whose value changes; the summary lists keys added and changed, values truncated', async (sim) => {
    const long = `${'a'.repeat(30)}-${'b'.repeat(60)}`
    const run = await update(
      IN_PROCESS,
      sim,
      { greeting: 'Hello', maxRetries: 5, locale: 'en-GB', motd: long },
      'pre-release'
    )
    expect(run.code).toBe(0)
    // After the PATCH, the schema is read again and PUT unchanged, carrying this sync's base.
    expect(calls(sim)).toEqual([
      'GET /real-time-configs/pre-release',
      'PATCH /real-time-configs/pre-release/variables',
      'GET /real-time-configs/pre-release',
      'PUT /real-time-configs/pre-release/schema'
    ])
    expect(sim.requests[1]!.body).toEqual({ variables: { maxRetries: 5, locale: 'en-GB', motd: long } })
    expect(sim.state.configPages['pre-release'].variables).toEqual({
      greeting: 'Hello',
      maxRetries: 5,
      locale: 'en-GB',
      motd: long
    })
    expect(json(run.outputs.configPage)).toMatchObject({ variables: { maxRetries: 5 } })
    expect(json(run.outputs.changedEnvironments)).toEqual(['pre-release'])
    expect(run.summary).toContain('| pre-release | updated | added: locale, motd; changed: maxRetries |')
    expect(run.summary).toContain('| locale | added | — | &quot;en-GB&quot; |')
    expect(run.summary).toContain('| maxRetries | changed | 3 | 5 |')
    expect(run.summary).toContain('…')
    expect(run.summary).not.toContain('b'.repeat(60))
    expect(run.stdout).not.toContain('b'.repeat(60))
  })

  test('maskValues: keys are listed, values appear neither in the log nor in the summary', async (sim) => {
    const run = await update(IN_PROCESS, sim, { greeting: 'Bonjour-s3cr3t', apiToken: 'tok-s3cr3t-value' }, 'live', {
      maskValues: 'true'
    })
    expect(run.code).toBe(0)
    expect(sim.state.configPages.live.variables).toMatchObject({ apiToken: 'tok-s3cr3t-value' })
    for (const text of [run.stdout, run.summary]) {
      expect(text).not.toContain('s3cr3t')
      expect(text).not.toContain('Hello')
    }
    expect(run.summary).toContain('| apiToken | added | — | \\(masked\\) |')
    expect(run.summary).toContain('| greeting | changed | \\(masked\\) | \\(masked\\) |')
  })

  test('skip: values already on every page send nothing and say "no changes"', async (sim) => {
    const run = await update(IN_PROCESS, sim, { maxRetries: 3, greeting: 'Hello' }, 'all')
    expect(run.code).toBe(0)
    expect(writes(sim)).toEqual([])
    expect(run.outputs.changed).toBe('false')
    expect(json(run.outputs.configPages)).toHaveLength(3)
    expect(run.summary).toContain('No changes to the config values of agent agent-1')
  })

  test('invalid: merged values that fail the page schema are refused locally, naming the key and rule; nothing sent', async (sim) => {
    const run = await update(IN_PROCESS, sim, { maxRetries: -1, greeting: 42 }, 'all')
    expect(run.code).toBe(1)
    expect(writes(sim)).toEqual([])
    const error = errorLines(run).join('\n')
    expect(error).toContain('maxRetries: must be >= 0, found -1 (rule: minimum)')
    expect(error).toContain('greeting: must be string, found 42 (rule: type)')
    expect(run.summary).toContain(
      '| sandbox, pre-release, live | refused | merged values would fail the schema: greeting, maxRetries |'
    )
  })

  test('CLI folder layout: each environment takes its own data.json', async (sim) => {
    const run = await IN_PROCESS({
      inputs: {
        ...base(sim),
        operation: 'update-variables',
        targetEnvironment: 'sandbox,live',
        variablesPath: 'real_time_configuration'
      },
      files: {
        'real_time_configuration/draft_and_sandbox/data.json': JSON.stringify({ greeting: 'Hi from sandbox' }),
        'real_time_configuration/live/data.json': JSON.stringify({ greeting: 'Hello', maxRetries: 3 })
      }
    })
    expect(run.code).toBe(0)
    expect(writes(sim)).toEqual(['PATCH /real-time-configs/sandbox/variables', 'PUT /real-time-configs/sandbox/schema'])
    expect(sim.state.configPages.sandbox.variables).toEqual({ greeting: 'Hi from sandbox', maxRetries: 3 })
    expect(run.summary).toContain('| live | unchanged |')
  })

  test('dry run: plans the merge and sends no write', async (sim) => {
    const run = await update(IN_PROCESS, sim, { maxRetries: 4 }, 'all', { dryRun: 'true' })
    expect(run.code).toBe(0)
    expect(writes(sim)).toEqual([])
    expect(sim.state.configPages.live.variables).toEqual({ greeting: 'Hello', maxRetries: 3 })
    expect(json(run.outputs.changedEnvironments)).toEqual(['sandbox', 'pre-release', 'live'])
    expect(run.summary).toContain('Plan: config values of agent agent-1: would update sandbox, pre-release, live')
    expect(run.summary).toContain('live: values that would be added and changed')
    expect(run.summary).toContain('| maxRetries | changed | 3 | 4 |')
  })
})

describe('three-way (the HMAC base, the annotation round trip, masking)', () => {
  test("a Studio edit kept while the repository's change lands; a key changed on both sides fails, masked, with nothing written", async (sim) => {
    const sync = (values: unknown, extra: Record<string, string> = {}): Promise<ActionRun> =>
      IN_PROCESS({
        inputs: {
          ...base(sim),
          operation: 'sync-config',
          targetEnvironment: 'live',
          schemaPath: 'config/schema.json',
          variablesPath: 'config/values.json',
          maskValues: 'true',
          ...extra
        },
        files: { 'config/schema.json': JSON.stringify(WITH_LOCALE), 'config/values.json': JSON.stringify(values) }
      })
    expect((await sync({ greeting: 'Hi', maxRetries: 3 })).code).toBe(0)
    sim.state.patchVariables('live', { greeting: 'Studio-secret-greeting' })
    const kept = await sync({ greeting: 'Hi', maxRetries: 4 })
    expect(kept.code).toBe(0)
    expect(kept.stdout).toContain("::warning::live: kept Studio's edit of greeting")
    expect(sim.state.configPages.live.variables).toMatchObject({ greeting: 'Studio-secret-greeting', maxRetries: 4 })
    const count = writes(sim).length
    const conflict = await sync({ greeting: 'Repo-secret-greeting', maxRetries: 4 })
    expect(conflict.code).toBe(1)
    expect(writes(sim)).toHaveLength(count)
    expect(errorLines(conflict).join('\n')).toContain('greeting (Studio: (masked), repository: (masked))')
    // (The configPage/configPages outputs hold the page's values by design: action.yml says so for maskValues.)
    for (const text of [conflict.stdout, conflict.summary])
      for (const secret of ['Studio-secret-greeting', 'Repo-secret-greeting']) expect(text).not.toContain(secret)
  })
})
