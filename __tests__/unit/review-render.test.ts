/** The rendering rules a reviewer's summary and comment follow: one row per key, one table per shared plan, errors as lists, patterns as written, no repeated words. */
import { describe, expect, test } from '@jest/globals'
import { diffSchemas, keywordValue, type SchemaChange } from '../../src/config/diff.js'
import { syncResult } from '../../src/config/outcome.js'
import {
  byEnvironment,
  diffTables,
  onePerProperty,
  orderDetails,
  tablesByEnvironment
} from '../../src/config/render.js'
import { renderComment } from '../../src/report/comment-render.js'
import { newReport, type Table } from '../../src/report/report.js'
import type { Environment } from '../../src/core/types.js'

const change = (property: string, kind: SchemaChange['change'], impact: 'breaking' | 'compatible'): SchemaChange => ({
  property,
  change: kind,
  details: kind === 'added' ? 'string' : '',
  pointer: `/properties/${property}`,
  impact,
  reason: impact === 'breaking' ? 'newly required: values without it are refused' : 'a new optional key'
})

describe('one row per key', () => {
  test('"added / compatible" and "now required / breaking" of one key are one breaking row', () => {
    const rows = onePerProperty([
      change('code', 'added', 'compatible'),
      change('locale', 'added', 'compatible'),
      change('code', 'now required', 'breaking')
    ])
    expect(rows.map((r) => [r.property, r.change, r.details, r.impact, r.reason])).toEqual([
      ['code', 'added, now required', 'string', 'breaking', 'newly required: values without it are refused'],
      ['locale', 'added', 'string', 'compatible', 'a new optional key']
    ])
  })

  test('the diff table of a real diff has each property once', () => {
    const after = { properties: { a: { type: 'string', pattern: '^\\d+$' } }, required: ['a'] }
    const [table] = diffTables([{ env: 'live', changes: diffSchemas({ properties: {} }, after) }])
    expect(table?.rows).toEqual([
      ['a', 'added, now required', 'string, pattern ^\\d+$', 'breaking: newly required: values without it are refused']
    ])
  })
})

describe('patterns as written', () => {
  test('a pattern reads as in the file, other keywords as JSON', () => {
    expect(keywordValue('pattern', '^\\d{3}$')).toBe('^\\d{3}$')
    expect(keywordValue('const', '^\\d{3}$')).toBe('"^\\\\d{3}$"')
    expect(keywordValue('pattern', 'x'.repeat(100)).length).toBeLessThanOrEqual(40)
    const [row] = diffSchemas(
      { properties: { a: { type: 'string', pattern: '^a\\.b$' } } },
      { properties: { a: { type: 'string', pattern: '^a\\.c$' } } }
    )
    expect(row?.details).toBe('pattern: ^a\\.b$ → ^a\\.c$')
  })
})

describe('one table where environments share a plan', () => {
  const plan =
    (what: string) =>
    (shown: string): Table => ({
      caption: 'plan',
      headers: ['Request', 'What'],
      rows: [[`PUT /configs/${shown}/schema`, what]]
    })

  test('equal plans share one table, captioned with their names and naming {environment} in requests', () => {
    const tables = new Map<Environment, Array<(shown: string) => Table>>([
      ['sandbox', [plan('the schema')]],
      ['pre-release', [plan('the schema')]],
      ['live', [plan('another schema')]]
    ])
    expect(tablesByEnvironment(['sandbox', 'pre-release', 'live'], tables)).toEqual([
      {
        caption: 'sandbox, pre-release: plan',
        headers: ['Request', 'What'],
        rows: [['PUT /configs/{environment}/schema', 'the schema']]
      },
      { caption: 'live: plan', headers: ['Request', 'What'], rows: [['PUT /configs/live/schema', 'another schema']] }
    ])
  })

  test('the Environments table has one row for the environments that ended the same way', () => {
    const page = { clientEnv: 'x', schema: null, variables: {} }
    const result = syncResult({
      subject: 'config schema',
      agentId: 'a',
      dryRun: true,
      results: [
        { env: 'sandbox', status: 'would update', page, details: '1 change' },
        { env: 'pre-release', status: 'would update', page, details: '1 change' },
        { env: 'live', status: 'unchanged', page, details: 'already matches' }
      ]
    })
    expect(result.report.tables[0]?.rows).toEqual([
      ['sandbox, pre-release', 'would update', '1 change'],
      ['live', 'unchanged', 'already matches']
    ])
  })

  test('the same line for several environments is one line naming them', () => {
    const lines = ['sandbox: no base', 'live: no base', 'live: other', 'no environment']
    expect(byEnvironment(lines, ['sandbox', 'live'])).toEqual([
      'sandbox, live: no base',
      'live: other',
      'no environment'
    ])
  })
})

describe('no repeated words', () => {
  test('an order of one phase is named once; others list their phases', () => {
    expect(orderDetails('values only', [{ label: 'values' }])).toBe('values only')
    expect(orderDetails('values only', [{ label: 'values' }, { label: 'base' }])).toBe('values only, then base')
    expect(orderDetails('values first', [{ label: 'values' }, { label: 'schema' }])).toBe(
      'values first: values → schema'
    )
  })

  test('failures: each environment named once ("live: …", never "live: live: …"), listed in the report', () => {
    const page = { clientEnv: 'x', schema: null, variables: {} }
    const result = syncResult({
      subject: 'config schema',
      agentId: 'a',
      dryRun: false,
      results: [
        { env: 'sandbox', status: 'updated', page, details: '1 change' },
        { env: 'pre-release', status: 'failed', details: 'HTTP 500', reason: 'HTTP 500\nrequest id r-1' },
        { env: 'live', status: 'refused', page, details: 'conflicts', reason: 'live: nothing was sent: a conflict' }
      ]
    })
    expect(result.failure).toBe(
      [
        'pre-release: HTTP 500\nrequest id r-1',
        'live: nothing was sent: a conflict',
        'The other environments were still synced: sandbox updated.'
      ].join('\n')
    )
    expect(result.report.notes).toContain(
      'Errors:\n- pre-release: HTTP 500\nrequest id r-1\n- live: nothing was sent: a conflict'
    )
  })
})

describe('the comment', () => {
  test('no changes in words; a multi-line note a list; a multi-line cell keeps its lines', () => {
    const step = { agentId: 'a', operation: 'sync-config', environments: ['live'] }
    const quiet = renderComment(newReport('No changes to the config schema of agent a', 'unchanged'), step, 'f')
    expect(quiet.split('\n')[1]).toBe('### No changes to the config schema of agent a')
    expect(quiet).not.toContain('⏸')
    const report = newReport('Config schema of agent a: live failed', 'failed')
    report.notes.push('Errors:\n- live: stopped at phase 2/2\n- sandbox: refused')
    report.tables.push({ caption: 'Environments', headers: ['Environments', 'Details'], rows: [['live', 'a\nb']] })
    const body = renderComment(report, step, 'f')
    expect(body).toContain('> Errors:\n> - live: stopped at phase 2/2\n> - sandbox: refused')
    expect(body).toContain('| live | a<br>b |')
  })
})
