/**
 * Config pages that stay exact, gates that do not fail open and budgets that hold (issue 16, items
 * 2, 4-8, 12, 13 and the smaller ones), each against a purpose-built config-page server over real
 * HTTP, in process through run(): the server writes its pages as raw text (so a page can hold
 * `1e400`), records every request, and answers a write with what the case needs (an error that
 * quotes the value back, say).
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ServerResponse } from 'node:http'
import { type Recorded, type ScriptedServer, sendJson, startScriptedServer } from '../helpers/scripted-server.js'
import { runInProcess } from '../helpers/in-process.js'
import { errorLine, warnings } from '../helpers/log-lines.js'

const KEY = 'pk-config-trust-key-Zq7wXv'
const ENVS = ['sandbox', 'pre-release', 'live'] as const
type Env = (typeof ENVS)[number]

let servers: ScriptedServer[] = []
afterEach(async () => {
  for (const s of servers) await s.close()
  servers = []
})

/** A page as raw JSON text: `variables` given as text, so it can hold what JSON.stringify cannot write. */
const pageText = (env: Env, schema: unknown, variablesText: string): string =>
  `{"clientEnv":${JSON.stringify(env)},"schema":${JSON.stringify(schema)},"variables":${variablesText}}`

interface PagesApi extends ScriptedServer {
  pages: Record<Env, string>
}

/** A config-page API: each environment's page as raw text; writes answered by `onWrite` (default: applied). */
async function pagesApi(
  pages: Partial<Record<Env, string>>,
  onWrite?: (req: Recorded, res: ServerResponse) => boolean
): Promise<PagesApi> {
  const state = {} as Record<Env, string>
  for (const env of ENVS) state[env] = pages[env] ?? pageText(env, { type: 'object' }, '{}')
  const server = await startScriptedServer((req, res) => {
    const path = req.path.replace(/^\/v1\/agents\/[^/]+/, '')
    const m = /^\/real-time-configs\/([^/?]+)(\/schema|\/variables)?$/.exec(path)
    const env = m?.[1] as Env | undefined
    if (!m || !env || !ENVS.includes(env)) return sendJson(res, { error_message: `no route ${path}` }, 404)
    if (req.method === 'GET' && !m[2]) {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      return res.end(state[env])
    }
    if (onWrite?.(req, res)) return
    const page = JSON.parse(state[env]) as Record<string, unknown>
    const body = JSON.parse(req.body) as Record<string, unknown>
    if (m[2] === '/schema') page.schema = body.schema ?? body
    else page.variables = { ...(page.variables as object), ...((body.variables ?? body) as object) }
    state[env] = JSON.stringify(page)
    sendJson(res, page)
  })
  servers.push(server)
  return Object.assign(server, { pages: state })
}

const inputs = (url: string, extra: Record<string, string>): Record<string, string> => ({
  apiKey: KEY,
  agentId: 'agent-1',
  baseUrl: url,
  ...extra
})

const exists = (p: string): Promise<boolean> =>
  fs.stat(p).then(
    () => true,
    () => false
  )

describe('numbers a double cannot hold are refused at pull and at push (item 2)', () => {
  test('pull-config refuses a page holding 1e400 or 12345678901234567891, naming page and key; nothing is written', async () => {
    const api = await pagesApi({
      live: pageText('live', { type: 'object' }, '{"big": 1e400, "ok": 1.0}'),
      sandbox: pageText('sandbox', { type: 'object' }, '{"id": 12345678901234567891}')
    })
    const run = await runInProcess({ inputs: inputs(api.url, { operation: 'pull-config', configPath: 'rtc' }) })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/variables field of the API's (live|sandbox) config page/)
    expect(run.stdout).toMatch(
      /big: 1e400 would be read as null|id: 12345678901234567891 would be read as 12345678901234567000/
    )
    expect(await exists(path.join(run.workspace, 'rtc'))).toBe(false)
  })

  test('update-variables refuses a file holding 12345678901234567891 before anything is sent, naming file and key', async () => {
    const api = await pagesApi({})
    const run = await runInProcess({
      inputs: inputs(api.url, { operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'data.json' }),
      files: { 'data.json': '{\n  "id": 12345678901234567891\n}\n' }
    })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('data.json holds a number a double cannot hold exactly at /id (line 2, column 9)')
    expect(api.requests).toEqual([])
  })

  test('a push onto a page holding 1e400 sends nothing: the page’s value cannot be compared or kept', async () => {
    const api = await pagesApi({ live: pageText('live', { type: 'object' }, '{"big": 1e400}') })
    const run = await runInProcess({
      inputs: inputs(api.url, { operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'data.json' }),
      files: { 'data.json': '{"other": 2}' }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('big: 1e400 would be read as null')
    expect(api.writes()).toEqual([])
  })

  test('exact numbers in other spellings (1.0, 1e2, 0.1) pull and push back without a write', async () => {
    const api = await pagesApi({
      live: pageText(
        'live',
        { type: 'object', properties: { a: { multipleOf: 0.5 } } },
        '{"a": 1.0, "b": 1e2, "c": 0.1}'
      )
    })
    const pulled = await runInProcess({
      inputs: inputs(api.url, { operation: 'pull-config', configPath: 'rtc', targetEnvironment: 'live' })
    })
    expect(pulled.code).toBe(0)
    const pushed = await runInProcess({
      inputs: inputs(api.url, {
        operation: 'update-variables',
        targetEnvironment: 'live',
        variablesPath: 'rtc/live/data.json'
      }),
      workspace: pulled.workspace
    })
    expect(pushed.code).toBe(0)
    expect(api.writes()).toEqual([])
  })
})

describe('pull-config writes a new file and renames it into place (item 4)', () => {
  test('a page holding the API key is not written into the repository (pages are never redacted, so they are checked)', async () => {
    const api = await pagesApi({
      live: pageText('live', { type: 'object' }, JSON.stringify({ token: KEY.toUpperCase() }))
    })
    const run = await runInProcess({
      inputs: inputs(api.url, { operation: 'pull-config', configPath: 'rtc', targetEnvironment: 'live' })
    })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain("live's live/data.json would hold the API key or githubToken")
    expect(await exists(path.join(run.workspace, 'rtc', 'live'))).toBe(false)
  })

  test('a hard link planted in the workspace is replaced, and the file outside it keeps its content', async () => {
    const api = await pagesApi({ live: pageText('live', { type: 'object' }, '{"greeting": "hello"}') })
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-outside-'))
    const victim = path.join(outside, 'victim.txt')
    await fs.writeFile(victim, 'do not touch\n')
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-ws-'))
    await fs.mkdir(path.join(workspace, 'rtc', 'live'), { recursive: true })
    await fs.link(victim, path.join(workspace, 'rtc', 'live', 'data.json'))
    const run = await runInProcess({
      inputs: inputs(api.url, { operation: 'pull-config', configPath: 'rtc', targetEnvironment: 'live' }),
      workspace
    })
    expect(run.code).toBe(0)
    expect(await fs.readFile(victim, 'utf8')).toBe('do not touch\n')
    expect(JSON.parse(await fs.readFile(path.join(workspace, 'rtc', 'live', 'data.json'), 'utf8'))).toEqual({
      greeting: 'hello'
    })
    expect((await fs.readdir(path.join(workspace, 'rtc', 'live'))).sort()).toEqual(['data.json', 'schema.json'])
  })
})

describe('failOnBreaking holds where the classifier cannot follow (items 5, 6, 7)', () => {
  const upsert = async (
    current: unknown,
    next: unknown
  ): Promise<{ run: Awaited<ReturnType<typeof runInProcess>>; api: PagesApi }> => {
    const api = await pagesApi({ live: pageText('live', current, '{}') })
    const run = await runInProcess({
      inputs: inputs(api.url, {
        operation: 'upsert-schema',
        targetEnvironment: 'live',
        schemaPath: 'schema.json',
        failOnBreaking: 'true',
        timeoutSeconds: '10'
      }),
      files: { 'schema.json': JSON.stringify(next) }
    })
    return { run, api }
  }

  test('maxLength tightened inside an x- keyword a $ref leads to is breaking: no PUT', async () => {
    const schema = (max: number): unknown => ({
      type: 'object',
      'x-shared': { name: { type: 'string', maxLength: max } },
      properties: { name: { $ref: '#/x-shared/name' } }
    })
    const { run, api } = await upsert(schema(20), schema(5))
    expect(run.code).toBe(1)
    expect(JSON.parse(run.outputs.breakingChanges ?? '[]')).toHaveLength(1)
    expect(run.summary).toContain('a $ref leads into what changed')
    expect(api.writes()).toEqual([])
  })

  test('an $id anchor inside default, reached by $ref, is followed: no PUT', async () => {
    const schema = (max: number): unknown => ({
      type: 'object',
      properties: { a: { default: { $id: '#short', maxLength: max } }, b: { $ref: '#short' } }
    })
    const { run, api } = await upsert(schema(9), schema(2))
    expect(run.code).toBe(1)
    expect(api.writes()).toEqual([])
  })

  test('multipleOf 0.6 → 0.01 is breaking (10.2 passes the old, fails the new): no PUT', async () => {
    const schema = (m: number): unknown => ({
      type: 'object',
      properties: { price: { type: 'number', multipleOf: m } }
    })
    const { run, api } = await upsert(schema(0.6), schema(0.01))
    expect(run.code).toBe(1)
    expect(run.summary).toContain('floating point')
    expect(api.writes()).toEqual([])
  })

  test('a new property under patternProperties ^(a+)+$ is breaking at once: the pattern is never run here', async () => {
    const base = { type: 'object', patternProperties: { '^(a+)+$': { type: 'string' } } }
    const started = Date.now()
    const { run, api } = await upsert(base, { ...base, properties: { [`${'a'.repeat(36)}!`]: { type: 'integer' } } })
    // Tested against the name, the pattern backtracks for minutes; not run, the step ends at once.
    expect(Date.now() - started).toBeLessThan(25_000)
    expect(run.code).toBe(1)
    expect(run.summary).toContain('the patterns are not run here')
    expect(api.writes()).toEqual([])
  })
})

describe('CPU-heavy checks run inside the budget and say what they were doing (item 8)', () => {
  /** A schema of n properties, each with a few keywords: about 60 bytes a property. */
  const wide = (n: number): Record<string, unknown> => {
    const properties: Record<string, unknown> = {}
    for (let i = 0; i < n; i++) properties[`p${i}`] = { type: 'string', maxLength: 9, pattern: '^x' }
    return { type: 'object', properties }
  }

  test('pull-config: a 40,000-property schema (ajv needs tens of seconds) is checked in the worker, stopped at its share, written with a warning naming the check', async () => {
    const api = await pagesApi({ live: pageText('live', wide(40_000), '{}') })
    const started = Date.now()
    const run = await runInProcess({
      inputs: inputs(api.url, {
        operation: 'pull-config',
        configPath: 'rtc',
        targetEnvironment: 'live',
        timeoutSeconds: '2'
      })
    })
    expect(Date.now() - started).toBeLessThan(25_000)
    expect(run.code).toBe(0)
    const said = warnings(run).join('\n')
    expect(said).toContain('was being checked as draft-07 (ajv, work done here, not a request)')
    expect(said).toContain('did not finish within 1 s')
    // Over 1 MiB: the push operations would refuse it, said at the pull (a smaller item).
    expect(said).toMatch(
      /schema\.json is written, but upsert-schema, update-variables and sync-config will refuse it as it is: it is \d+ bytes/
    )
  })

  test('upsert-schema: a schema file ajv cannot check in time stops the step before anything is sent, never blaming the API', async () => {
    const api = await pagesApi({})
    const run = await runInProcess({
      inputs: inputs(api.url, {
        operation: 'upsert-schema',
        targetEnvironment: 'live',
        schemaPath: 'schema.json',
        timeoutSeconds: '1'
      }),
      files: { 'schema.json': JSON.stringify(wide(16_000)) }
    })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('schema.json was being checked as a draft-07 JSON Schema (ajv')
    expect(errorLine(run)).toContain('the API was not the cause')
    expect(api.requests).toEqual([])
  })

  test('pull-config warns at the pull about a file nested deeper than 64 levels', async () => {
    let deep: unknown = 'end'
    for (let i = 0; i < 70; i++) deep = { d: deep }
    const api = await pagesApi({ live: pageText('live', { type: 'object' }, JSON.stringify({ deep })) })
    const run = await runInProcess({
      inputs: inputs(api.url, { operation: 'pull-config', configPath: 'rtc', targetEnvironment: 'live' })
    })
    expect(run.code).toBe(0)
    expect(warnings(run).join('\n')).toContain(
      'rtc/live/data.json is written, but upsert-schema, update-variables and sync-config will refuse it as it is: it nests deeper than 64 levels'
    )
  })
})

describe('masked values and keys echoed back are never printed (items 12, 13)', () => {
  const secret = 'Tr0ub4dor-and-3-horses'
  const hex = Buffer.from(secret, 'utf8').toString('hex')
  const entities = Array.from(secret, (c) => `&#${c.charCodeAt(0)};`).join('')

  test.each([
    ['as sent', secret],
    ['in upper case', secret.toUpperCase()],
    ['as hex', hex.toUpperCase()],
    ['as HTML entities', entities]
  ])('maskValues: a value PolyAI’s 400 quotes back %s is in no log, summary or failure', async (_, echoed) => {
    const api = await pagesApi({}, (req, res) => {
      if (req.method === 'GET') return false
      sendJson(res, { error_message: `Invalid value "${echoed}" for dbPassword`, error_code: 'INVALID_VALUE' }, 400)
      return true
    })
    const run = await runInProcess({
      inputs: inputs(api.url, {
        operation: 'update-variables',
        targetEnvironment: 'live',
        variablesPath: 'data.json',
        maskValues: 'true'
      }),
      files: { 'data.json': JSON.stringify({ dbPassword: secret }) }
    })
    expect(run.code).toBe(1)
    expect(api.writes()).toHaveLength(1)
    expect(run.stdout).toContain('Invalid value "***" for dbPassword')
    for (const text of [run.stdout, run.summary]) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase())
      expect(text.toLowerCase()).not.toContain(hex.slice(0, 20))
      expect(text).not.toContain(entities.slice(0, 30))
    }
  })

  test('a body whose values share the key’s characters is parsed as sent: no retry, no invalid JSON', async () => {
    // The key's digits occur in a number: redacting the raw body would have turned it into `"n": ***`.
    const key = 'pk-12345678901234'
    const api = await pagesApi({
      live: pageText('live', { type: 'object' }, '{"n": 12345678901234, "k": "pk-12345678901234"}')
    })
    const run = await runInProcess({
      inputs: { ...inputs(api.url, { operation: 'get-config-page', targetEnvironment: 'live' }), apiKey: key }
    })
    expect(run.code).toBe(0)
    expect(api.requests).toHaveLength(1)
    // Printed, the key is still redacted.
    const printed = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    expect(printed).not.toContain(key)
    expect(run.outputs.configPage ?? '').not.toContain(key)
  })
})
