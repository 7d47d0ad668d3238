/**
 * What runs is what `/deployments/active` says (issue 16, item 1), against a purpose-built server
 * whose history is in order while the active map names its second entry: list-deployments marks
 * that one active, a rollback without deploymentId restores the version before it (not the one
 * running), previousDeploymentId is the running one, and a duplicate id never makes a plan target
 * the running deployment itself. In process, over real HTTP.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import { type Recorded, type ScriptedServer, sendJson, startScriptedServer } from '../helpers/scripted-server.js'
import { runInProcess } from '../helpers/in-process.js'

interface Dep {
  id: string
  version: string
  environment: string
  createdAt: string
  metadata?: Record<string, unknown>
}

const at = (minute: number): string => `2026-03-01T10:${String(minute).padStart(2, '0')}:00Z`
const dep = (id: string, version: string, minute: number): Dep => ({
  id,
  version,
  environment: 'live',
  createdAt: at(minute)
})

let servers: ScriptedServer[] = []
afterEach(async () => {
  for (const s of servers) await s.close()
  servers = []
})

/** A deployments API whose live history is `history` (newest first) and whose active map names `activeId`. */
async function deploymentsApi(history: Dep[], activeId: string): Promise<ScriptedServer & { made: Dep[] }> {
  const made: Dep[] = []
  let active = history.find((d) => d.id === activeId) ?? null
  const list = [...history]
  const handle = (req: Recorded, res: ServerResponse): void => {
    const path = req.path.replace(/^\/v1\/agents\/[^/]+/, '')
    if (req.method === 'GET' && path === '/deployments/active')
      return sendJson(res, { activeDeployments: { sandbox: null, 'pre-release': null, live: active } })
    if (req.method === 'GET' && path.startsWith('/deployments?')) return sendJson(res, { deployments: list })
    const rollback = /^\/deployments\/([^/]+)\/rollback$/.exec(path)
    if (req.method === 'POST' && rollback) {
      const source = list.find((d) => d.id === rollback[1])
      if (!source) return sendJson(res, { error_message: 'not found' }, 404)
      const body = JSON.parse(req.body) as { deploymentMessage?: string }
      const d: Dep = {
        ...dep(`new-${made.length + 1}`, source.version, 59),
        metadata: { deployment_message: body.deploymentMessage ?? '', deployment_type: 'rollback' }
      }
      made.push(d)
      list.unshift(d)
      active = d
      return sendJson(res, { deployment: d, testRunIds: [] })
    }
    sendJson(res, { error_message: `no route ${req.method} ${path}` }, 404)
  }
  const server = await startScriptedServer(handle)
  servers.push(server)
  return Object.assign(server, { made })
}

const inputs = (url: string, extra: Record<string, string>): Record<string, string> => ({
  apiKey: 'pk-active-map-test-key',
  agentId: 'agent-1',
  baseUrl: url,
  targetEnvironment: 'live',
  ...extra
})

describe('the active map decides what runs, even when the history is in order', () => {
  // A v3 is the newest entry, but live runs B v2: A was made and never ran (or was replaced by B).
  const history = (): Dep[] => [dep('A', 'v3', 30), dep('B', 'v2', 20), dep('C', 'v1', 10)]

  test('list-deployments marks B active, A as not running, and C as what a rollback restores', async () => {
    const api = await deploymentsApi(history(), 'B')
    const run = await runInProcess({ inputs: inputs(api.url, { operation: 'list-deployments' }) })
    expect(run.code).toBe(0)
    const rows = JSON.parse(run.outputs.deployments ?? '[]') as Array<{ id: string; active: boolean }>
    expect(rows.filter((r) => r.active).map((r) => r.id)).toEqual(['B'])
    expect(run.summary).toContain('| Active | B \\(version v2\\) |')
    expect(run.summary).toMatch(/restores version v1 \\\(deployment C/)
    expect(run.summary).toContain('newer than the active one: not running')
    expect(api.requests.some((r) => r.path.endsWith('/deployments/active'))).toBe(true)
  })

  test('a rollback without deploymentId restores C (v1), not B (running), and names B as previous', async () => {
    const api = await deploymentsApi(history(), 'B')
    const run = await runInProcess({ inputs: inputs(api.url, { operation: 'rollback' }) })
    expect(run.code).toBe(0)
    expect(api.writes().map((w) => w.path)).toEqual(['/v1/agents/agent-1/deployments/C/rollback'])
    expect(run.outputs).toMatchObject({ previousDeploymentId: 'B', changed: 'true', deploymentId: 'new-1' })
  })

  test('a duplicate id in the history never makes a dry run plan a rollback onto the running deployment', async () => {
    // B is listed twice, the second time with another version: only C is older with another version.
    const api = await deploymentsApi(
      [dep('A', 'v3', 30), dep('B', 'v2', 20), dep('B', 'v0', 15), dep('C', 'v1', 10)],
      'B'
    )
    const run = await runInProcess({ inputs: inputs(api.url, { operation: 'rollback', dryRun: 'true' }) })
    expect(run.code).toBe(0)
    expect(api.writes()).toEqual([])
    expect(run.summary).toContain('/deployments/C/rollback')
    expect(run.summary).not.toContain('/deployments/B/rollback')
  })

  test('with the map naming the history’s first entry, the previous version is the next one (unchanged behaviour)', async () => {
    const api = await deploymentsApi(history(), 'A')
    const run = await runInProcess({ inputs: inputs(api.url, { operation: 'rollback' }) })
    expect(run.code).toBe(0)
    expect(api.writes().map((w) => w.path)).toEqual(['/v1/agents/agent-1/deployments/B/rollback'])
    expect(run.outputs.previousDeploymentId).toBe('A')
  })
})

describe('smaller trust items on the deployments path', () => {
  test('a deployment list over 8 MiB is a complete answer: refused once, never retried', async () => {
    const filler = 'x'.repeat(1024)
    const huge = {
      deployments: Array.from({ length: 8500 }, (_, i) => ({ ...dep(`d${i}`, 'v1', 1), note: filler }))
    }
    const server = await startScriptedServer((req, res) => {
      if (req.path.includes('/deployments/active'))
        return sendJson(res, { activeDeployments: { sandbox: null, 'pre-release': null, live: null } })
      sendJson(res, huge)
    })
    servers.push(server)
    const run = await runInProcess({ inputs: inputs(server.url, { operation: 'list-deployments' }) })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('larger than 8388608 bytes')
    expect(server.requests.filter((r) => r.path.includes('/deployments?'))).toHaveLength(1)
  })

  test('bidi controls in a deployment message reach the summary and the log defused', async () => {
    const tricky = { ...dep('B', 'v2', 20), metadata: { deployment_message: 'fix \u202egnp.exe\u202c done' } }
    const api = await deploymentsApi([tricky, dep('C', 'v1', 10)], 'B')
    const run = await runInProcess({ inputs: inputs(api.url, { operation: 'list-deployments' }) })
    expect(run.code).toBe(0)
    // Markdown-escaped in the summary table: it shows as fix [U+202E]gnp.exe[U+202C] done.
    expect(run.summary).toContain('fix \\[U\\+202E\\]gnp.exe\\[U\\+202C\\] done')
    for (const text of [run.summary, run.stdout]) expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/)
  })
})
