/**
 * Config that flows both ways, end to end against the simulator over real HTTP, into a real workspace
 * folder: pull-config writes PolyAI's CLI layout, a second pull rewrites nothing, and the pulled folder
 * pushed back with upsert-schema and update-variables sends no write. failOnBreaking stops a breaking
 * schema change before any write. All of it is policy: the steps run in process (src/main.ts run(),
 * the fake clock); what only the bundle shows of config steps (its values-check worker, the outputs
 * file, exit codes) is run through dist/index.js in config-sync.test.ts. A page value `1e400`, from a
 * purpose-built server, is refused at the pull and a file holding it is refused at the push: that
 * round trip never writes.
 */
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, test as jestTest } from '@jest/globals'
import { SEED_SCHEMA, SEED_VARIABLES, type Simulator } from '../../dev/simulator/index.js'
import { makeWorkspace } from '../../dev/run-action.js'
import { actionInputs, callsOf } from '../helpers/simulator.js'
import { withSimulator } from '../helpers/concurrent-cases.js'
import { runInProcess } from '../helpers/in-process.js'
import { type ScriptedServer, sendJson, startScriptedServer } from '../helpers/scripted-server.js'

/** Every case has a simulator of its own. */
const test = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  jestTest(name, () => withSimulator(undefined, body))

const writes = (sim: Simulator): string[] => callsOf(sim).filter((c) => !c.startsWith('GET'))
const FOLDERS = ['draft_and_sandbox', 'pre_release', 'live']

describe('pull-config', () => {
  test('writes the CLI layout, rewrites nothing the second time, and pushes back without a write', async (sim) => {
    // Key order as the API returns it, not sorted: live's schema starts with "type".
    sim.state.configPages.live.schema = {
      type: 'object',
      properties: { greeting: { type: 'string' } },
      $schema: 'http://json-schema.org/draft-07/schema#'
    }
    sim.state.configPages.live.variables = { greeting: 'Hi' }
    const workspace = await makeWorkspace()
    const pull = () => runInProcess({ inputs: { ...actionInputs(sim), operation: 'pull-config' }, workspace })

    const first = await pull()
    expect(first.code).toBe(0)
    expect(writes(sim)).toEqual([])
    expect(first.outputs.changed).toBe('true')
    const files = FOLDERS.flatMap((f) => [
      `real_time_configuration/${f}/schema.json`,
      `real_time_configuration/${f}/data.json`
    ])
    expect(JSON.parse(first.outputs.changedFiles ?? '[]')).toEqual(files)
    const read = (rel: string): Promise<string> => fs.readFile(path.join(workspace, rel), 'utf8')
    expect(await read('real_time_configuration/draft_and_sandbox/schema.json')).toBe(
      `${JSON.stringify(SEED_SCHEMA, null, 2)}\n`
    )
    expect(await read('real_time_configuration/pre_release/data.json')).toBe(
      `${JSON.stringify(SEED_VARIABLES, null, 2)}\n`
    )
    expect(await read('real_time_configuration/live/schema.json')).toMatch(
      /^\{\n {2}"type": "object",\n {2}"properties": \{/
    )
    expect(first.summary).toContain('Pulled the config of agent agent-1 into real\\_time\\_configuration')

    const before = await fs.stat(path.join(workspace, 'real_time_configuration/live/data.json'))
    const second = await pull()
    expect(second.code).toBe(0)
    expect(second.outputs.changed).toBe('false')
    expect(second.outputs.changedFiles).toBe('[]')
    expect((await fs.stat(path.join(workspace, 'real_time_configuration/live/data.json'))).mtimeMs).toBe(before.mtimeMs)

    // Round trip: the same folder, pushed back unchanged, sends no write.
    for (const [operation, input] of [
      ['upsert-schema', 'schemaPath'],
      ['update-variables', 'variablesPath']
    ]) {
      const push = await runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: operation!,
          targetEnvironment: 'all',
          [input!]: 'real_time_configuration'
        },
        workspace
      })
      expect(push.code).toBe(0)
      expect(push.outputs.changed).toBe('false')
    }
    expect(writes(sim)).toEqual([])
  })

  test('targetEnvironment narrows it; a changed page rewrites only its file; a page without a schema writes no schema.json', async (sim) => {
    const workspace = await makeWorkspace()
    const pull = () =>
      runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: 'pull-config',
          configPath: 'config/rtc',
          targetEnvironment: 'sandbox,live'
        },
        workspace
      })
    expect((await pull()).code).toBe(0)
    expect((await fs.readdir(path.join(workspace, 'config/rtc'))).sort()).toEqual(['draft_and_sandbox', 'live'])
    sim.state.configPages.live.variables = { greeting: 'Changed in Studio', maxRetries: 3 }
    sim.state.configPages.sandbox.schema = null
    const again = await pull()
    expect(again.code).toBe(0)
    expect(JSON.parse(again.outputs.changedFiles ?? '')).toEqual(['config/rtc/live/data.json'])
    expect(again.stdout).toContain('::warning::sandbox has no schema: draft_and_sandbox/schema.json was not written')
  })
})

describe('failOnBreaking', () => {
  test('a planned breaking change fails the step before any write, in every environment; force overrides', async (sim) => {
    const breaking = {
      ...SEED_SCHEMA,
      properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0, maximum: 5 } }
    }
    const run = (extra: Record<string, string>) =>
      runInProcess({
        inputs: {
          ...actionInputs(sim),
          operation: 'upsert-schema',
          targetEnvironment: 'all',
          schemaPath: 's.json',
          failOnBreaking: 'true',
          ...extra
        },
        files: { 's.json': JSON.stringify(breaking) }
      })
    const refused = await run({})
    expect(refused.code).toBe(1)
    expect(writes(sim)).toEqual([])
    expect(refused.stdout).toMatch(
      /::error::.*Breaking schema changes are planned \(3, in sandbox, pre-release, live\) and failOnBreaking is true, so no schema was pushed/
    )
    expect(JSON.parse(refused.outputs.breakingChanges ?? '[]')).toHaveLength(3)
    expect(refused.outputs.changed).toBe('false')

    const forced = await run({ force: 'true' })
    expect(forced.code).toBe(0)
    expect(writes(sim)).toHaveLength(3)
  })
})

describe('a number a double cannot hold', () => {
  let servers: ScriptedServer[] = []
  afterEach(async () => {
    for (const s of servers) await s.close()
    servers = []
  })

  jestTest(
    'a 1e400 round trip never writes: refused at the pull, and a file holding it refused at the push',
    async () => {
      const server = await startScriptedServer((req, res) => {
        if (req.method !== 'GET') return sendJson(res, { error_message: 'no writes expected' }, 500)
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"clientEnv":"live","schema":{"type":"object"},"variables":{"big":1e400}}')
      })
      servers.push(server)
      const base = {
        apiKey: 'pk-e2e-Trust-Round-3-Qx',
        agentId: 'agent-1',
        baseUrl: server.url,
        targetEnvironment: 'live'
      }
      const pulled = await runInProcess({ inputs: { ...base, operation: 'pull-config', configPath: 'rtc' } })
      expect(pulled.code).toBe(1)
      expect(pulled.stdout).toContain('big: 1e400 would be read as null')
      await expect(fs.stat(path.join(pulled.workspace, 'rtc'))).rejects.toThrow()
      const pushed = await runInProcess({
        inputs: { ...base, operation: 'update-variables', variablesPath: 'rtc/live/data.json' },
        files: { 'rtc/live/data.json': '{\n  "big": 1e400\n}\n' }
      })
      expect(pushed.code).toBe(1)
      expect(pushed.stdout).toContain('holds a number a double cannot hold exactly at /big (line 2, column 10)')
      expect(server.writes()).toEqual([])
    }
  )
})
