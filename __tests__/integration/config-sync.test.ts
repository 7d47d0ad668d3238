/**
 * The config syncs in-process (real @actions/core, real HTTP to the simulator), for the paths the
 * end-to-end scenarios do not reach: an API failure in one environment among several, warnings
 * about the schema file, pages without a schema or values, a page schema that cannot be compiled.
 */
import { describe, expect, test } from '@jest/globals'
import { SEED_SCHEMA, type Simulator } from '../../dev/simulator/index.js'
import { useSimulator, actionInputs } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import { withoutBase } from '../../src/config/base.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const base = (): Record<string, string> => actionInputs(sim)
const writes = (): string[] =>
  sim.mutations().map((r) => `${r.method} ${r.path.replace(`/v1/agents/${sim.agentId}`, '')}`)
const errorText = (stdout: string): string =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')

const WITH_LOCALE = {
  ...SEED_SCHEMA,
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 }, locale: { type: 'string' } }
}

describe('upsert-schema in-process', () => {
  test('an API failure in one environment fails the step after the others are synced, outputs still written', async () => {
    sim.faults.add({
      method: 'PUT',
      path: '/real-time-configs/sandbox/schema',
      times: Infinity,
      fault: { type: 'status', status: 400 }
    })
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'all', schemaPath: 'schema.json' },
      files: { 'schema.json': JSON.stringify(WITH_LOCALE) }
    })
    expect(run.code).toBe(1)
    expect(writes().sort()).toEqual([
      'PUT /real-time-configs/live/schema',
      'PUT /real-time-configs/pre-release/schema',
      'PUT /real-time-configs/sandbox/schema'
    ])
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(WITH_LOCALE)
    const error = errorText(run.stdout)
    expect(error).toContain(
      'sandbox: Failed to update the sandbox config schema: PUT /v1/agents/agent-1/real-time-configs/sandbox/schema → HTTP 400'
    )
    expect(error).toContain('The other environments were still synced: pre-release updated, live updated.')
    expect(JSON.parse(run.outputs.changedEnvironments!)).toEqual(['pre-release', 'live'])
    // The failed environment's page after the step is not known, so it is left out rather than guessed.
    expect(JSON.parse(run.outputs.configPages!).map((p: { clientEnv: string }) => p.clientEnv)).toEqual([
      'pre-release',
      'live'
    ])
    expect(run.summary).toContain('| sandbox | failed |')
  })

  test('unknown keywords are refused with their pointer and the keyword meant; x- annotations pass; unchecked formats are noted', async () => {
    const schema = {
      ...WITH_LOCALE,
      properties: {
        ...WITH_LOCALE.properties,
        contact: { type: 'string', format: 'email' },
        maxRetries: { type: 'integer', minimun: 1 }
      }
    }
    const refused = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json' },
      files: { 'schema.json': JSON.stringify(schema) }
    })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain(
      'schema.json /properties/maxRetries/minimun: "minimun" is not a draft-07 keyword, so it would constrain nothing: did you mean "minimum"?'
    )
    expect(sim.requests).toHaveLength(0)
    const annotated = {
      ...schema,
      'x-owner': 'team-voice',
      properties: { ...schema.properties, maxRetries: { type: 'integer', minimum: 1 } }
    }
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json' },
      files: { 'schema.json': JSON.stringify(annotated) }
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('schema.json /properties/contact/format: format "email" is not checked by this action')
    expect(run.summary).toMatch(/> Note: schema.json \/properties\/contact\/format/)
    expect(JSON.parse(run.outputs.breakingChanges ?? 'null')).toEqual([
      expect.objectContaining({ environment: 'sandbox', change: expect.stringContaining('maxRetries') })
    ])
  })

  test('a page with no schema and no values: the diff starts from nothing, and required properties refuse it', async () => {
    sim.state.configPages.live.schema = null
    sim.state.configPages.live.variables = null
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'live', schemaPath: 'schema.json' },
      files: { 'schema.json': JSON.stringify(WITH_LOCALE) }
    })
    expect(run.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorText(run.stdout)).toContain('greeting: is required but has no value (rule: required)')
    expect(run.summary).toContain('| greeting | added | string |')
    expect(run.summary).toContain('| greeting | now required |')
  })

  test('an invalid schema in a CLI folder names its file; nothing is sent', async () => {
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox,live', schemaPath: 'cfg' },
      files: {
        'cfg/draft_and_sandbox/schema.json': JSON.stringify(WITH_LOCALE),
        'cfg/live/schema.json': JSON.stringify({
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object'
        })
      }
    })
    expect(run.code).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(run.stdout).toContain('file=cfg/live/schema.json')
    expect(errorText(run.stdout)).toContain(
      'cfg/live/schema.json /$schema: "https://json-schema.org/draft/2020-12/schema" is not draft-07'
    )
  })

  test('dry run with force: unchanged pages are left alone, a forced change is only planned', async () => {
    const stricter = {
      ...WITH_LOCALE,
      properties: { ...WITH_LOCALE.properties, maxRetries: { type: 'integer', minimum: 5 } }
    }
    sim.state.configPages.sandbox.schema = structuredClone(stricter)
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'upsert-schema',
        targetEnvironment: 'sandbox,live',
        schemaPath: 'schema.json',
        dryRun: 'true',
        force: 'true'
      },
      files: { 'schema.json': JSON.stringify(stricter) }
    })
    expect(run.code).toBe(0)
    expect(writes()).toEqual([])
    expect(run.summary).toContain('| sandbox | unchanged |')
    expect(run.summary).toContain(
      '| live | would update | 2 changes \\(1 breaking\\); forced although the current values fail it |'
    )
    expect(run.stdout).toContain('::warning::live: the current values fail the new schema')
  })
})

describe('update-variables in-process', () => {
  test('dry run: an unchanged page and a planned change, nothing sent', async () => {
    sim.state.configPages.sandbox.variables = { greeting: 'Hello', maxRetries: 8 }
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'update-variables',
        targetEnvironment: 'sandbox,live',
        variablesPath: 'v.json',
        dryRun: 'true'
      },
      files: { 'v.json': JSON.stringify({ maxRetries: 8 }) }
    })
    expect(run.code).toBe(0)
    expect(writes()).toEqual([])
    expect(JSON.parse(run.outputs.changedEnvironments!)).toEqual(['live'])
    expect(run.stdout).toContain(
      'Dry run: would send PATCH /v1/agents/agent-1/real-time-configs/live/variables with maxRetries'
    )
    expect(run.summary).toContain('| sandbox | unchanged | already has the 1 value\\(s\\) in v.json |')
  })

  test('a page without a schema takes the merge unchecked; masked values stay out of log and summary', async () => {
    sim.state.configPages.sandbox.schema = null
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'update-variables',
        targetEnvironment: 'sandbox',
        variablesPath: 'v.json',
        maskValues: 'true'
      },
      files: { 'v.json': JSON.stringify({ maxRetries: 'many-secret' }) }
    })
    expect(run.code).toBe(0)
    expect(sim.state.configPages.sandbox.variables).toEqual({ greeting: 'Hello', maxRetries: 'many-secret' })
    expect(run.stdout).toContain('sandbox: maxRetries changed: (masked)')
    expect(run.stdout + run.summary).not.toContain('many-secret')
    expect(run.summary).toContain('maskValues is true')
  })

  test('a value already invalid on the page is named as such when it blocks the merge', async () => {
    sim.state.configPages.live.variables = { greeting: 'Hello', maxRetries: -3 }
    const run = await runInProcess({
      inputs: { ...base(), operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'v.json' },
      files: { 'v.json': JSON.stringify({ greeting: 'Hi' }) }
    })
    expect(run.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorText(run.stdout)).toContain('maxRetries: must be >= 0, found -3 (rule: minimum) [already on the page]')
    expect(run.summary).toContain('| maxRetries \\(already on the page\\) | minimum | must be &gt;= 0, found -3 |')
  })

  test('a page schema the action cannot compile: a warning, and the API is left to judge', async () => {
    sim.state.configPages.sandbox.schema = {
      type: 'object',
      properties: { greeting: { $ref: 'https://schemas.example.com/greeting.json' } }
    }
    sim.state.configPages['pre-release'].schema = {
      type: 'object',
      properties: { greeting: { $ref: 'https://schemas.example.com/greeting.json' } }
    }
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'update-variables',
        targetEnvironment: 'sandbox,pre-release',
        variablesPath: 'v.json'
      },
      files: { 'v.json': JSON.stringify({ greeting: 'Hi' }) }
    })
    expect(run.stdout).toContain("::warning::sandbox: the page's schema cannot be used to check the values here")
    expect(run.stdout).toContain('https://schemas.example.com/greeting.json')
    expect(writes().sort()).toEqual([
      'PATCH /real-time-configs/pre-release/variables',
      'PATCH /real-time-configs/sandbox/variables'
    ])
    // The simulator cannot compile it either and answers 400: each environment fails on its own.
    expect(run.code).toBe(1)
    expect(run.summary).toContain('| sandbox | failed |')
  })
})
