/**
 * sync-config and list-deployments in-process (real @actions/core, real HTTP to the simulator),
 * for the paths the end-to-end cases do not reach: each order of writes, a refusal, a failed
 * first or last phase, several environments from the CLI layout, masked values; and the rollback
 * marks of list-deployments when versions were rolled back from or lie beyond `limit`. Also a
 * Studio edit that lands between sync-config's phases (the API has no conditional write), through a
 * front that lands it at the exact moment: right before the last write the page is read again and
 * the write is not sent when the page changed; an edit that lands after that read, and leaves values
 * that fail the final schema, fails the step loudly, naming the key and the repair.
 */
import { describe, expect, test } from '@jest/globals'
import { SEED_SCHEMA, SEED_VARIABLES, type Simulator } from '../../dev/simulator/index.js'
import { useSimulator, actionInputs } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { withoutBase } from '../../src/config/base.js'
import type { ActionRun } from '../../dev/run-action.js'
import { type FrontCall, startStudioFront } from '../helpers/studio-front.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const writes = (): string[] =>
  sim.mutations().map((r) => `${r.method} ${r.path.replace(`/v1/agents/${sim.agentId}/real-time-configs`, '')}`)
const errorText = (run: ActionRun): string =>
  run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')
const plain = (md: string): string =>
  md
    .replace(/\\([\\`*_{}[\]()#+\-.!<>~^$|])/g, '$1')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

const CLOSED = { ...SEED_SCHEMA, additionalProperties: false }
const WITH_K = {
  ...CLOSED,
  properties: { ...(SEED_SCHEMA.properties as object), k: { type: 'string' } },
  required: ['greeting', 'k']
}

const sync = (schema: unknown, values: unknown, extra: Record<string, string> = {}): Promise<ActionRun> =>
  runInProcess({
    inputs: {
      ...actionInputs(sim),
      operation: 'sync-config',
      targetEnvironment: 'live',
      schemaPath: 's.json',
      variablesPath: 'v.json',
      ...extra
    },
    files: { 's.json': JSON.stringify(schema), 'v.json': JSON.stringify(values) }
  })

describe('sync-config in-process', () => {
  test('unchanged: reads and sends nothing', async () => {
    const run = await sync(SEED_SCHEMA, SEED_VARIABLES)
    expect(run.code).toBe(0)
    expect(writes()).toEqual([])
    expect(run.summary).toContain('schema and values already match')
    expect(run.outputs.changed).toBe('false')
  })

  test('values only, schema only, values first, schema first', async () => {
    expect((await sync(SEED_SCHEMA, { maxRetries: 4 })).code).toBe(0)
    // After a PATCH, the same schema again carries the base of this sync (docs/config-sync.md).
    expect(writes()).toEqual(['PATCH /live/variables', 'PUT /live/schema'])
    const looser = { ...SEED_SCHEMA, properties: { ...(SEED_SCHEMA.properties as object), k: { type: 'string' } } }
    expect((await sync(looser, { maxRetries: 4 })).code).toBe(0)
    expect(writes().slice(2)).toEqual(['PUT /live/schema'])
    const withJ = { ...looser, properties: { ...looser.properties, j: { type: 'integer' } } }
    const valuesFirst = await sync(withJ, { k: 'x' })
    expect(writes().slice(3)).toEqual(['PATCH /live/variables', 'PUT /live/schema'])
    expect(plain(valuesFirst.summary)).toContain('live: 2 phases (values first')
    sim.state.setSchema('live', { ...withJ, additionalProperties: false })
    const closedWithL = {
      ...withJ,
      properties: { ...withJ.properties, l: { type: 'string' } },
      additionalProperties: false
    }
    const schemaFirst = await sync(closedWithL, { l: 'y' })
    expect(schemaFirst.code).toBe(0)
    expect(writes().slice(5)).toEqual(['PUT /live/schema', 'PATCH /live/variables', 'PUT /live/schema'])
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(closedWithL)
  })

  test('refused, nothing sent, when the merged values would fail the new schema; values masked on request', async () => {
    const run = await sync(
      { ...CLOSED, properties: { greeting: { type: 'string', minLength: 10 } } },
      { greeting: 'Hi there, friend' },
      { maskValues: 'true' }
    )
    expect(run.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorText(run)).toContain('live: nothing was sent: the values after the merge would fail the new schema')
    expect(errorText(run)).toContain(
      'maxRetries: is not allowed by the schema (additionalProperties: false), found (masked) (rule: additionalProperties)'
    )
    expect(plain(run.summary)).toContain('live: values after the merge that fail the new schema')
    expect(run.stdout + run.summary).not.toContain('Hi there')
  })

  test('a failed first phase leaves the page as it was; a failed last phase leaves the transitional page and counts as changed', async () => {
    sim.state.setSchema('live', CLOSED)
    sim.faults.add({ method: 'PUT', path: '/real-time-configs/live/schema', fault: { type: 'status', status: 400 } })
    const first = await sync(WITH_K, { k: 'v' })
    expect(first.code).toBe(1)
    expect(errorText(first)).toContain('stopped at phase 1/3 (transitional schema)')
    expect(errorText(first)).toContain('(schema: as before, values: as before')
    expect(first.outputs.changed).toBe('false')
    expect(sim.state.configPages.live.schema).toEqual(CLOSED)

    sim.faults.clear()
    sim.faults.add({ method: 'PUT', path: /\/live\/schema$/, times: 1, fault: { type: 'delay', ms: 0 } }) // the transitional PUT passes
    sim.faults.add({ method: 'PUT', path: /\/live\/schema$/, times: 1, fault: { type: 'status', status: 400 } })
    const last = await sync(WITH_K, { k: 'v' })
    expect(last.code).toBe(1)
    expect(errorText(last)).toContain('stopped at phase 3/3 (final schema)')
    expect(errorText(last)).toContain('(schema: transitional schema, values: new')
    expect(last.outputs.changed).toBe('true')
    expect(JSON.parse(last.outputs.changedEnvironments!)).toEqual(['live'])
    expect(sim.state.configPages.live.variables).toMatchObject({ k: 'v' })
  })

  test('failOnBreaking stops a breaking change in any environment before any write (dry run too); force overrides it', async () => {
    const files: Record<string, string> = {}
    for (const dir of ['draft_and_sandbox', 'live']) {
      // sandbox: a compatible change (values only); live: a new required key (breaking).
      files[`rtc/${dir}/schema.json`] = JSON.stringify(
        dir === 'live'
          ? {
              ...SEED_SCHEMA,
              properties: { ...(SEED_SCHEMA.properties as object), k: { type: 'string' } },
              required: ['greeting', 'k']
            }
          : SEED_SCHEMA
      )
      files[`rtc/${dir}/data.json`] = JSON.stringify(dir === 'live' ? { k: 'v' } : { maxRetries: 4 })
    }
    const inputs = {
      ...actionInputs(sim),
      operation: 'sync-config',
      targetEnvironment: 'sandbox,live',
      schemaPath: 'rtc',
      variablesPath: 'rtc',
      failOnBreaking: 'true'
    }
    for (const dryRun of ['true', 'false']) {
      const run = await runInProcess({ inputs: { ...inputs, dryRun }, files })
      expect(run.code).toBe(1)
      expect(errorText(run)).toContain('failOnBreaking is true')
      expect(JSON.parse(run.outputs.breakingChanges!)).toEqual([
        expect.objectContaining({ environment: 'live', pointer: '/properties/k', change: 'k now required' })
      ])
      expect(run.summary).toContain('| sandbox | refused |')
    }
    expect(writes()).toEqual([])
    const forced = await runInProcess({ inputs: { ...inputs, force: 'true' }, files })
    expect(forced.code).toBe(0)
    expect(writes().sort()).toEqual([
      'PATCH /live/variables',
      'PATCH /sandbox/variables',
      'PUT /live/schema',
      'PUT /sandbox/schema'
    ])
  })

  test('several environments from the CLI layout, concurrently, each with its own plan', async () => {
    sim.state.setSchema('live', CLOSED)
    const files: Record<string, string> = {}
    for (const dir of ['draft_and_sandbox', 'pre_release', 'live']) {
      files[`real_time_configuration/${dir}/schema.json`] = JSON.stringify(dir === 'live' ? WITH_K : SEED_SCHEMA)
      files[`real_time_configuration/${dir}/data.json`] = JSON.stringify(dir === 'live' ? { k: 'v' } : SEED_VARIABLES)
    }
    const run = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'sync-config',
        targetEnvironment: 'all',
        schemaPath: '.',
        variablesPath: '.'
      },
      files
    })
    expect(run.code).toBe(0)
    expect(writes()).toEqual(['PUT /live/schema', 'PATCH /live/variables', 'PUT /live/schema'])
    expect(JSON.parse(run.outputs.changedEnvironments!)).toEqual(['live'])
    // The two environments that ended the same way share one row.
    expect(run.summary).toContain('| sandbox, pre-release | unchanged | schema and values already match |')
  })
})

describe('sync-config and a Studio edit between its phases', () => {
  /** A sync of WITH_K to live through a front that calls `before` as each request arrives. */
  async function syncThrough(before: (call: FrontCall, n: Record<string, number>) => void) {
    const counts: Record<string, number> = {}
    const front = await startStudioFront(sim, (call) => {
      const key = `${call.method} ${call.path}`
      counts[key] = (counts[key] ?? 0) + 1
      before(call, counts)
    })
    try {
      return await runInProcess({
        inputs: {
          apiKey: sim.apiKey,
          agentId: sim.agentId,
          baseUrl: front.url,
          operation: 'sync-config',
          targetEnvironment: 'live',
          schemaPath: 's.json',
          variablesPath: 'v.json'
        },
        files: { 's.json': JSON.stringify(WITH_K), 'v.json': JSON.stringify({ k: 'v' }) }
      })
    } finally {
      await front.close()
    }
  }

  test('an edit that lands before the re-read: the last write is not sent, the page stays valid, the step says how to resume', async () => {
    sim.state.setSchema('live', CLOSED)
    const run = await syncThrough((call, n) => {
      // The second read of the page is the one right before the final schema.
      if (call.method === 'GET' && call.path === '/real-time-configs/live' && n[`GET ${call.path}`] === 2)
        sim.state.patchVariables('live', { greeting: 'Edited in Studio meanwhile' })
    })
    expect(run.code).toBe(1)
    const error = errorText(run)
    expect(error).toContain(
      'live: stopped before phase 3/3 (final schema): the page changed while the step ran (greeting'
    )
    expect(error).toContain('Run sync-config again')
    const sent = sim.mutations().map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`)
    expect(sent).toEqual(['PUT live/schema', 'PATCH live/variables'])
    // Valid as it stands: the transitional schema accepts every value on the page.
    expect(sim.state.configPages.live.variables).toMatchObject({ greeting: 'Edited in Studio meanwhile', k: 'v' })
    expect(run.outputs.changed).toBe('true')

    // The next run plans from the page: Studio's edit kept, the final schema sent.
    const again = await syncThrough(() => undefined)
    expect(again.code).toBe(0)
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(WITH_K)
    expect(sim.state.configPages.live.variables?.greeting).toBe('Edited in Studio meanwhile')
  })

  test('an edit that lands after the re-read and fails the final schema: the step fails loudly, naming the key and the repair', async () => {
    sim.state.setSchema('live', CLOSED)
    const run = await syncThrough((call, n) => {
      // Just before the final PUT reaches PolyAI, Studio removes k (the transitional schema allows that).
      if (call.method === 'PUT' && n[`PUT ${call.path}`] === 2) {
        const values = { ...sim.state.configPages.live.variables }
        delete values.k
        sim.state.configPages.live.variables = values
      }
    })
    expect(run.code).toBe(1)
    const error = errorText(run)
    expect(error).toContain('live: the page now holds values that fail the schema just written: k: is required')
    expect(error).toContain('set valid values for k in Studio')
    expect(run.summary).toContain('failed')
  })
})

describe('list-deployments in-process', () => {
  test('marks versions a rollback replaced, repeats of the active version, and a target beyond limit', async () => {
    const [a, b, c] = [1, 2, 3].map(() => sim.state.mintVersion()) as [string, string, string]
    sim.state.addDeployment('pre-release', a, { deployment_message: 'a', deployment_type: 'promote' })
    sim.state.addDeployment('pre-release', b, { deployment_message: 'b', deployment_type: 'promote' })
    sim.state.addDeployment('pre-release', c, { deployment_message: 'c', deployment_type: 'promote' })
    sim.state.addDeployment('pre-release', b, { deployment_message: 'undo c', deployment_type: 'rollback' })
    sim.state.addDeployment('pre-release', b, { deployment_message: 'b again', deployment_type: 'promote' })
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'list-deployments', targetEnvironment: 'pre-release', limit: '4' }
    })
    expect(run.code).toBe(0)
    const summary = plain(run.summary)
    expect(summary).toMatch(/\| b again \| active \|/)
    expect(summary).toMatch(/\| undo c \| same version as active \|/)
    expect(summary).toMatch(/\| c \| skipped: a rollback replaced this version \|/)
    // a is the next target, below the 4 shown (the seeded deployment is older still).
    expect(summary).toContain(`restores version ${a.slice(0, 7)}`)
    expect(summary).toContain('older than the 4 shown')
    const listed = JSON.parse(run.outputs.deployments!) as Array<{ message: string; active: boolean }>
    expect(listed.map((d) => [d.message, d.active])).toEqual([
      ['b again', true],
      ['undo c', false],
      ['c', false],
      ['b', false]
    ])
  })

  test('nothing else to roll back to, or no deployments at all', async () => {
    const single = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'list-deployments', targetEnvironment: 'live' }
    })
    expect(single.code).toBe(0)
    expect(plain(single.summary)).toContain('nothing to roll back to in the last 1 deployments')
    expect(JSON.parse(single.outputs.deployments!)).toHaveLength(1)
    sim.state.deployments.live.splice(0)
    const empty = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'list-deployments', targetEnvironment: 'live' }
    })
    expect(empty.code).toBe(0)
    expect(plain(empty.summary)).toContain('| Active | none |')
    expect(JSON.parse(empty.outputs.deployments!)).toEqual([])
  })
})
