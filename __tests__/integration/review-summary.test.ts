/**
 * The summary a reviewer reads for a config plan over several environments (in-process, real HTTP
 * to the simulator): the schema diff comes first, environments that share a plan share one table,
 * one row per key, patterns as written, and nothing repeats; a multi-environment failure names each
 * environment once and lists its errors.
 */
import { describe, expect, test } from '@jest/globals'
import { SEED_SCHEMA, SEED_VARIABLES, type Simulator } from '../../dev/simulator/index.js'
import { useSimulator, actionInputs } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import type { ActionRun } from '../../dev/run-action.js'

let sim: Simulator
useSimulator((s) => (sim = s))

/** The seed schema with a new required key `code` that has a pattern. */
const WITH_CODE = {
  ...SEED_SCHEMA,
  properties: { ...(SEED_SCHEMA.properties as object), code: { type: 'string', pattern: '^\\d{3}$' } },
  required: ['greeting', 'code']
}

const syncAll = (schema: unknown, values: unknown, extra: Record<string, string> = {}): Promise<ActionRun> =>
  runInProcess({
    inputs: {
      ...actionInputs(sim),
      operation: 'sync-config',
      targetEnvironment: 'sandbox,pre-release,live',
      schemaPath: 's.json',
      variablesPath: 'v.json',
      ...extra
    },
    files: { 's.json': JSON.stringify(schema), 'v.json': JSON.stringify(values) }
  })

const errorLines = (run: ActionRun): string =>
  run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')

/** The captions of the summary's tables, in order (bold lines). */
const captions = (md: string): string[] => [...md.matchAll(/^\*\*(.+)\*\*$/gm)].map((m) => m[1] as string)

describe('a multi-environment plan summary', () => {
  test('three environments sharing a plan: the diff first, one table each, one row per key, nothing repeats', async () => {
    const run = await syncAll(WITH_CODE, { ...SEED_VARIABLES, code: '123' }, { dryRun: 'true' })
    expect(run.code).toBe(0)
    expect(sim.mutations()).toEqual([])
    const md = run.summary

    // The diff is the first table after the step's facts, and there is one of it, for all three.
    expect(captions(md)).toEqual([
      'Schema changes: sandbox, pre-release, live',
      'Environments',
      'sandbox, pre-release, live: 2 phases \\(values first: the current schema accepts the new values, so they go first\\)',
      'sandbox, pre-release, live: values that would be added and changed'
    ])
    expect(md.indexOf('**Schema changes')).toBeLessThan(md.indexOf('**Environments**'))

    // One row for `code`: added and now required; its pattern as written in the file, not JSON-escaped.
    const codeRows = md.split('\n').filter((l) => l.startsWith('| code |'))
    expect(codeRows).toEqual([
      '| code | added, now required | string, pattern ^\\\\d\\{3\\}$ | breaking: newly required: values without it are refused |',
      '| code | added | — | &quot;123&quot; |'
    ])
    expect(md).not.toContain('\\\\\\\\d')

    // One Environments row for the three, which ended the same way; a one-phase order is not repeated.
    expect(md).toContain('| sandbox, pre-release, live | would update | values first: values → schema |')
    expect(md).not.toMatch(/values only: values|schema only: schema/)
    // The shared plan names its requests for any of them.
    expect(md).toContain('PATCH /v1/agents/agent-1/real-time-configs/\\{environment\\}/variables')

    // Nothing repeats: no table row appears twice.
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    expect(new Set(rows).size).toBe(rows.length)
  })

  test('a values-only change names the order once ("values only"), and a step with no changes says so in words', async () => {
    const run = await syncAll(SEED_SCHEMA, { ...SEED_VARIABLES, maxRetries: 4 }, { dryRun: 'true' })
    expect(run.code).toBe(0)
    // The order names the values once; the base the sync records is the only other phase.
    expect(run.summary).toContain('| sandbox, pre-release, live | would update | values only, then base |')
    expect(run.summary).not.toContain('values only: values')
    // The same warning for the three environments is one line naming them.
    const warnings = run.summary.split('\n').filter((l) => l.includes('no base from an earlier sync'))
    expect(warnings).toEqual([
      '> Warning: sandbox, pre-release, live: no base from an earlier sync, so the repository wins: it replaces what the page held for maxRetries'
    ])
    const quiet = await syncAll(SEED_SCHEMA, SEED_VARIABLES)
    expect(quiet.summary.split('\n')[0]).toBe('## No changes to the config schema and values of agent agent-1')
    expect(quiet.summary).not.toContain('⏸')
  })

  test('refused in every environment: each environment named once, the errors listed in the summary', async () => {
    // `code` becomes required but the values leave it out: no order of writes can reach that.
    const run = await syncAll(WITH_CODE, SEED_VARIABLES)
    expect(run.code).toBe(1)
    expect(sim.mutations()).toEqual([])
    const errors = errorLines(run)
    for (const env of ['sandbox', 'pre-release', 'live']) {
      expect(errors).toContain(`${env}: nothing was sent`)
      expect(errors).not.toContain(`${env}: ${env}:`)
    }
    // The summary lists the errors, one item per environment, each starting with its name once.
    const items = run.summary.split('\n').filter((l) => l.startsWith('> - '))
    expect(items.map((l) => l.split(':')[0])).toEqual(['> - sandbox', '> - pre-release', '> - live'])
    expect(run.summary).not.toMatch(/(sandbox|live|pre-release): \1:/)
  })

  test('refused for one shared reason (failOnBreaking): one error line names all three', async () => {
    const run = await syncAll(WITH_CODE, { ...SEED_VARIABLES, code: '123' }, { failOnBreaking: 'true' })
    expect(run.code).toBe(1)
    expect(sim.mutations()).toEqual([])
    const items = run.summary.split('\n').filter((l) => l.startsWith('> - '))
    expect(items).toHaveLength(1)
    expect(items[0]).toMatch(/^> - sandbox, pre-release, live: Breaking schema changes are planned/)
  })
})
