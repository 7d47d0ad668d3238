/** Per-environment results → outputs, verdict and summary pieces, and the plain-text renderers. */
import { describe, expect, test } from '@jest/globals'
import { ApiError } from '../../src/api/errors.js'
import { type EnvSync, syncEach, syncResult } from '../../src/config/outcome.js'
import {
  describeSource,
  diffTables,
  MASKED,
  nameList,
  valueChangeLines,
  valueChangeRows
} from '../../src/config/render.js'
import { planMerge } from '../../src/config/values.js'
import type { ConfigPage } from '../../src/core/types.js'

const page = (env: string): ConfigPage => ({ clientEnv: env, schema: null, variables: {} })
const input = (results: EnvSync[], dryRun = false) => ({
  subject: 'config schema',
  agentId: 'agent-1',
  dryRun,
  results
})

describe('syncResult', () => {
  test('all unchanged: says "no changes", changed=false, every page in configPages', () => {
    const result = syncResult(
      input([
        { env: 'sandbox', status: 'unchanged', page: page('sandbox'), details: 'already matches' },
        { env: 'live', status: 'unchanged', page: page('live'), details: 'already matches' }
      ])
    )
    expect(result.report.outcome).toBe('unchanged')
    expect(result.report.title).toBe('No changes to the config schema of agent agent-1')
    expect(result.report.notes).toContain('No changes: sandbox, live already match the repository; nothing was sent.')
    expect(result.outputs).toEqual({
      changed: false,
      changedEnvironments: [],
      configPages: [page('sandbox'), page('live')]
    })
    expect(result.failure).toBeUndefined()
  })

  test('one environment: configPage is set, and the note reads in the singular', () => {
    const result = syncResult(input([{ env: 'live', status: 'updated', page: page('live'), details: '1 change' }]))
    expect(result.outputs).toEqual({
      changed: true,
      changedEnvironments: ['live'],
      configPages: [page('live')],
      configPage: page('live')
    })
    expect(result.report.title).toBe('Updated the config schema of agent agent-1 in live')
    const quiet = syncResult(input([{ env: 'live', status: 'unchanged', page: page('live'), details: '' }]))
    expect(quiet.report.notes).toContain('No changes: live already matches the repository; nothing was sent.')
  })

  test('dry run: would-update environments are listed as changedEnvironments but changed stays false', () => {
    const result = syncResult(
      input(
        [
          { env: 'sandbox', status: 'unchanged', page: page('sandbox'), details: '' },
          { env: 'pre-release', status: 'would update', page: page('pre-release'), details: '2 changes' }
        ],
        true
      )
    )
    expect(result.outputs.changed).toBe(false)
    expect(result.outputs.changedEnvironments).toEqual(['pre-release'])
    expect(result.report.outcome).toBe('dry run')
    expect(result.report.title).toBe('Plan: config schema of agent agent-1: would update pre-release')
    expect(result.report.notes[0]).toBe('Dry run: nothing was sent that changes state.')
    expect(syncResult(input([{ env: 'live', status: 'unchanged', details: '' }], true)).report.title).toMatch(
      /no changes$/
    )
  })

  test('a refused or failed environment fails the step, still with the outputs of the others', () => {
    const result = syncResult(
      input([
        { env: 'sandbox', status: 'updated', page: page('sandbox'), details: '1 change' },
        { env: 'pre-release', status: 'failed', details: 'HTTP 500', reason: 'Failed to read: HTTP 500' },
        { env: 'live', status: 'refused', page: page('live'), details: 'values', reason: 'values fail' }
      ])
    )
    expect(result.report.outcome).toBe('failed')
    expect(result.report.title).toBe('Config schema of agent agent-1: pre-release failed, live refused')
    expect(result.failure).toBe(
      'pre-release: Failed to read: HTTP 500\nlive: values fail\nThe other environments were still synced: sandbox updated.'
    )
    expect(result.outputs.changed).toBe(true)
    expect(result.outputs.changedEnvironments).toEqual(['sandbox'])
    expect(result.outputs.configPages).toEqual([page('sandbox'), page('live')])
    expect(result.outputs.configPage).toBeUndefined()
  })

  test('a single refused environment fails with its reason alone', () => {
    expect(
      syncResult(input([{ env: 'live', status: 'refused', page: page('live'), details: '', reason: 'values fail' }]))
        .failure
    ).toBe('values fail')
  })
})

describe('syncEach', () => {
  test("an API error becomes that environment's failure; the others complete", async () => {
    const apiError = new ApiError({
      action: 'read',
      method: 'GET',
      path: '/x',
      kind: 'http',
      status: 500,
      message: 'boom'
    })
    const results = await syncEach(['sandbox', 'live'], async (env) => {
      if (env === 'live') throw apiError
      return { env, status: 'unchanged', details: '' }
    })
    expect(results).toEqual([
      { env: 'sandbox', status: 'unchanged', details: '' },
      { env: 'live', status: 'failed', details: apiError.message, reason: apiError.message }
    ])
  })

  test('any other error is a bug and is thrown', async () => {
    await expect(syncEach(['sandbox'], async () => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug')
  })
})

describe('renderers', () => {
  test('diffTables groups environments that share a diff', () => {
    const a = [
      {
        property: 'x',
        change: 'added' as const,
        details: 'string',
        pointer: '/properties/x',
        impact: 'compatible' as const,
        reason: 'new'
      }
    ]
    const b = [
      {
        property: 'y',
        change: 'removed' as const,
        details: 'was string',
        pointer: '/properties/y',
        impact: 'breaking' as const,
        reason: 'gone'
      }
    ]
    const tables = diffTables([
      { env: 'sandbox', changes: a },
      { env: 'pre-release', changes: b },
      { env: 'live', changes: a }
    ])
    expect(tables.map((t) => t.caption)).toEqual(['Schema changes: sandbox, live', 'Schema changes: pre-release'])
    expect(tables[0]!.rows).toEqual([['x', 'added', 'string', 'compatible']])
    expect(tables[1]!.rows).toEqual([['y', 'removed', 'was string', 'breaking: gone']])
  })

  test('value changes are truncated, or masked', () => {
    const before = { a: 1 }
    const plan = planMerge(before, { a: 2, secret: 's'.repeat(80) })
    expect(valueChangeRows(before, plan, false)).toEqual([
      ['secret', 'added', '—', `"${'s'.repeat(38)}…`],
      ['a', 'changed', '1', '2']
    ])
    expect(valueChangeRows(before, plan, true)).toEqual([
      ['secret', 'added', '—', MASKED],
      ['a', 'changed', MASKED, MASKED]
    ])
    expect(valueChangeLines(before, plan, false)).toEqual([`secret added: "${'s'.repeat(38)}…`, 'a: 1 → 2'])
    expect(valueChangeLines(before, plan, true).join('\n')).not.toMatch(/sss|1|2/)
  })

  test('nameList cuts long lists; describeSource names the file or the folder', () => {
    expect(nameList(['a', 'b', 'c'], 2)).toBe('a, b and 1 more')
    expect(describeSource({ kind: 'file', file: { path: 'c/s.json', value: {} } })).toBe('c/s.json')
    expect(
      describeSource({ kind: 'folder', path: 'cfg', files: { live: { path: 'cfg/live/schema.json', value: {} } } })
    ).toBe('cfg (CLI layout: one schema.json per environment)')
  })
})
