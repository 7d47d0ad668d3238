/**
 * Issue 16, item 3: the API has no conditional write, so a Studio edit can land between
 * sync-config's phases. Through a front that lands the edit at the exact moment: right before the
 * last write, the page is read again and the write is not sent when the page changed; an edit that
 * lands after that read, and leaves values that fail the final schema, fails the step loudly,
 * naming the key and the repair. Never a page left invalid in silence.
 */
import { describe, expect, test } from '@jest/globals'
import { SEED_SCHEMA, type Simulator } from '../../dev/simulator/index.js'
import { withoutBase } from '../../src/config/base.js'
import { useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { type FrontCall, startStudioFront } from '../helpers/studio-front.js'

let sim: Simulator
useSimulator((s) => (sim = s))

/** A new required key under additionalProperties: false: three phases (transitional, values, final). */
const CLOSED = { ...SEED_SCHEMA, additionalProperties: false }
const WITH_K = {
  ...CLOSED,
  properties: { ...(SEED_SCHEMA.properties as object), k: { type: 'string' } },
  required: ['greeting', 'k']
}

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

const errors = (stdout: string): string =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')

describe('sync-config and a Studio edit between its phases (16.3)', () => {
  test('an edit that lands before the re-read: the last write is not sent, the page stays valid, the step says how to resume', async () => {
    sim.state.setSchema('live', CLOSED)
    const run = await syncThrough((call, n) => {
      // The second read of the page is the one right before the final schema.
      if (call.method === 'GET' && call.path === '/real-time-configs/live' && n[`GET ${call.path}`] === 2)
        sim.state.patchVariables('live', { greeting: 'Edited in Studio meanwhile' })
    })
    expect(run.code).toBe(1)
    const error = errors(run.stdout)
    expect(error).toContain(
      'live: stopped before phase 3/3 (final schema): the page changed while the step ran (greeting'
    )
    expect(error).toContain('Run sync-config again')
    const writes = sim.mutations().map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`)
    expect(writes).toEqual(['PUT live/schema', 'PATCH live/variables'])
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
    const error = errors(run.stdout)
    expect(error).toContain('live: the page now holds values that fail the schema just written: k: is required')
    expect(error).toContain('set valid values for k in Studio')
    expect(run.summary).toContain('failed')
  })
})
