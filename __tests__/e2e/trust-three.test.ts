/**
 * Issue 16, end to end against a purpose-built server: a page value `1e400` is refused at the pull
 * and a file holding it is refused at the push (the round trip never writes), and a key the API
 * echoes back as hex, in upper case, is in no line the runner prints (the runner masks only the
 * forms it was given; our redactor covers the rest). Both are policy, run in process (src/main.ts
 * run() over real HTTP, files in a real workspace); what only the bundle shows about masking (the
 * `::add-mask::` lines first on the real stdout) is e2e/bad-input.test.ts's and e2e/hostile.test.ts's.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { runInProcess } from '../helpers/in-process.js'
import { type ScriptedServer, sendJson, startScriptedServer } from '../helpers/scripted-server.js'

const KEY = 'pk-e2e-Trust-Round-3-Qx'

let servers: ScriptedServer[] = []
afterEach(async () => {
  for (const s of servers) await s.close()
  servers = []
})

describe('in process', () => {
  test('a 1e400 round trip never writes: refused at the pull, and a file holding it refused at the push', async () => {
    const server = await startScriptedServer((req, res) => {
      if (req.method !== 'GET') return sendJson(res, { error_message: 'no writes expected' }, 500)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"clientEnv":"live","schema":{"type":"object"},"variables":{"big":1e400}}')
    })
    servers.push(server)
    const base = { apiKey: KEY, agentId: 'agent-1', baseUrl: server.url, targetEnvironment: 'live' }
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
  })

  test('a key echoed back as upper-case hex in an error is printed nowhere', async () => {
    const hex = Buffer.from(KEY, 'utf8').toString('hex').toUpperCase()
    const server = await startScriptedServer((_req, res) =>
      sendJson(res, { error_message: `key 0x${hex} is not valid for this region`, error_code: 'UNAUTHORIZED' }, 401)
    )
    servers.push(server)
    const run = await runInProcess({
      inputs: { apiKey: KEY, agentId: 'agent-1', baseUrl: server.url, operation: 'get-active-deployments' }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('key 0x*** is not valid for this region')
    const printed = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const text of [printed, run.summary, run.stderr]) {
      expect(text.toUpperCase()).not.toContain(hex.slice(0, 20))
      expect(text).not.toContain(KEY)
    }
  })
})
