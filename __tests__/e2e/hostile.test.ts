/**
 * What an attacker (or an unlucky schema) tries, through dist/index.js as the runner runs it, each
 * case with its own purpose-built server: a pattern that backtracks for hours, a key echoed back
 * in every encoding, a file swapped mid-read, an id with a newline, a result too big for a summary.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { type ActionRun, runDist } from '../../dev/run-action.js'
import { type Handler, type ScriptedServer, sendJson, startScriptedServer } from '../helpers/scripted-server.js'

const AGENT = 'agent-1'
const KEY = 'pk_live/9aZ+Qx7=Wm3rT8vB2nL5kH'

let server: ScriptedServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(handler: Handler): Promise<ScriptedServer> {
  server = await startScriptedServer(handler)
  return server
}

const inputs = (s: ScriptedServer, extra: Record<string, string>): Record<string, string> => ({
  apiKey: KEY,
  agentId: AGENT,
  baseUrl: s.url,
  ...extra
})

const errorLines = (run: ActionRun): string => run.stdout.split('\n').filter((l) => l.startsWith('::error')).join('\n')

describe('a pattern that backtracks catastrophically cannot hold the step', () => {
  const PATTERN = '^([a-zA-Z0-9]+\\s?)*$'
  const VALUE = 'Welcome to Acme Insurance customer support!'
  const HOSTILE = { type: 'object', properties: { greeting: { type: 'string', pattern: PATTERN } } }
  // The step's budget; the child is killed (and the test fails) if it is still running 12 s later.
  const TIMEOUT = { timeoutSeconds: '2' }
  const page = (schema: unknown, variables: unknown) => ({ clientEnv: 'sandbox', schema, variables, lastUpdated: '2026-01-01T00:00:00Z' })

  test('upsert-schema: the current value is not checked in time, so nothing is sent, and the error names the variable and the pattern', async () => {
    const s = await serve((req, res) => sendJson(res, page({ type: 'object' }, { greeting: VALUE })))
    const run = await runDist({
      inputs: inputs(s, { operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json', ...TIMEOUT }),
      files: { 'schema.json': JSON.stringify(HOSTILE) },
      timeoutMs: 15_000
    })
    expect(run.code).toBe(1)
    expect(s.writes()).toEqual([])
    const error = errorLines(run)
    expect(error).toContain('could not be checked against the new schema')
    expect(error).toContain(`greeting: the check against the pattern ${JSON.stringify(PATTERN).replace(/%/g, '%25')}`)
    expect(error).toContain('(rule: timeout)')
    expect(run.summary).toContain('sandbox refused')
    expect(run.summary).toContain('could not be checked against the new schema')
  })

  test('update-variables: the merged values are not checked in time, so nothing is sent', async () => {
    const s = await serve((req, res) => sendJson(res, page(HOSTILE, { greeting: 'Hi' })))
    const run = await runDist({
      inputs: inputs(s, { operation: 'update-variables', targetEnvironment: 'sandbox', variablesPath: 'values.json', ...TIMEOUT }),
      files: { 'values.json': JSON.stringify({ greeting: VALUE }) },
      timeoutMs: 15_000
    })
    expect(run.code).toBe(1)
    expect(s.writes()).toEqual([])
    expect(errorLines(run)).toContain('greeting: the check against the pattern')
    expect(run.summary).toContain('sandbox refused')
  })

  test('update-variables with force: the unchecked values are sent, with a warning', async () => {
    const s = await serve((req, res) => sendJson(res, page(HOSTILE, { greeting: 'Hi' })))
    const run = await runDist({
      inputs: inputs(s, { operation: 'update-variables', targetEnvironment: 'sandbox', variablesPath: 'values.json', force: 'true', ...TIMEOUT }),
      files: { 'values.json': JSON.stringify({ greeting: VALUE }) },
      timeoutMs: 15_000
    })
    expect(run.stdout).toContain('sending the values anyway because force is true')
    expect(s.writes().map((w) => w.method)).toEqual(['PATCH'])
  })
})
