/**
 * The Alerts API's answers, read as its published contract allows (project_id null or absent,
 * nullable values, fields the step does not know) and decided strictly: an entry that might be this
 * agent's but cannot be read is never taken as quiet; an alert whose start cannot be read counts;
 * a proxy page is a poll that did not read. Parsers directly, then bakes against bodies a server
 * really sends (scripted on the simulator's GET /v1/alerts, over HTTP, on the fake clock).
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { parseActiveAlerts, parseAlertRules, ruleScope } from '../../src/api/alerts.js'
import { ShapeError } from '../../src/api/parse.js'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { runInProcess } from '../helpers/in-process.js'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { errorLine } from '../helpers/log-lines.js'

const alert = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  alert_rule_id: 'ar_x1',
  name: 'Function errors',
  project_id: 'agent-1',
  metric: 'function_errors',
  operator: '>',
  threshold_value: 3,
  window_duration: '5m',
  since: '2030-01-01T00:00:00Z',
  ...extra
})

describe('parsers', () => {
  test('ActiveAlert: optional fields absent or null, unknown fields ignored, numbers as strings read', () => {
    const { entries, skipped } = parseActiveAlerts({
      data: [
        alert({ current_value: null, last_evaluated_at: null, extra: { x: 1 } }),
        alert({ alert_rule_id: 'ar_x2', project_id: undefined, current_value: '7' }),
        alert({ alert_rule_id: 'ar_x3', project_id: null, since: 12 })
      ]
    })
    expect(skipped).toEqual([])
    expect(entries.map((e) => [e.ruleId, e.projectId, e.currentValue, e.since])).toEqual([
      ['ar_x1', 'agent-1', null, '2030-01-01T00:00:00Z'],
      ['ar_x2', null, 7, '2030-01-01T00:00:00Z'],
      ['ar_x3', null, null, null]
    ])
  })

  test('entries that cannot be read are left out, with whose they are when that can be read', () => {
    const { entries, skipped } = parseActiveAlerts({
      data: [alert(), 'nope', alert({ alert_rule_id: '' }), alert({ alert_rule_id: 'ar_y', project_id: 42.5 })]
    })
    expect(entries).toHaveLength(1)
    expect(skipped).toEqual([
      { why: 'data[1] is not a JSON object', projectId: undefined },
      { why: 'data[2] has no alert_rule_id', projectId: 'agent-1' },
      { why: 'data[3] has a project_id that is neither a string nor null', projectId: undefined }
    ])
  })

  test('a body without a data array is unusable', () => {
    expect(() => parseActiveAlerts({ alerts: [] })).toThrow(ShapeError)
    expect(() => parseAlertRules([])).toThrow(ShapeError)
  })

  test('AlertRule: enabled only false when the API says so; state unknown when not sent', () => {
    const { entries } = parseAlertRules({
      data: [
        { id: 'ar_1', name: 'a', metric: 'call_volume', operator: '<', threshold_value: 1, enabled: false },
        { id: 'ar_2', project_id: 'agent-1' }
      ]
    })
    expect(entries.map((r) => [r.id, r.enabled, r.state, r.projectId, r.name])).toEqual([
      ['ar_1', false, 'unknown', null, 'a'],
      ['ar_2', true, 'unknown', 'agent-1', 'ar_2']
    ])
  })

  test('scope: this agent, account-wide (null), another project', () => {
    expect([ruleScope('agent-1', 'agent-1'), ruleScope(null, 'agent-1'), ruleScope('proj_abc', 'agent-1')]).toEqual([
      'agent',
      'account',
      'other'
    ])
  })
})

describe('bakes against what a server sends', () => {
  let sim: Simulator
  let clock: FakeClock
  beforeEach(async () => {
    clock = fakeClock()
    sim = await startSimulator({ seed: 'staged', clock })
  })
  afterEach(async () => {
    await sim.close()
  })
  const bake = (extra: Record<string, string> = {}) =>
    runInProcess({
      inputs: {
        apiKey: sim.apiKey,
        agentId: sim.agentId,
        baseUrl: sim.url,
        operation: 'promote',
        targetEnvironment: 'live',
        bakeSeconds: '300',
        rollbackOnFailure: 'true',
        ...extra
      },
      options: { clock }
    })
  /** The next `times` answers to GET /v1/alerts: 200 with this body. */
  const answer = (body: unknown, times = 1): void =>
    sim.faults.add({ method: 'GET', path: '/v1/alerts', times, fault: { type: 'status', status: 200, body } })
  const rollbacks = () => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/rollback'))

  test('a proxy page for every attempt of a poll (retries included): that poll did not read, the bake goes on and passes', async () => {
    sim.faults.add({ method: 'GET', path: '/v1/alerts', times: 5, fault: { type: 'html', status: 502 } })
    const run = await bake()
    expect(run.code).toBe(0)
    expect(run.outputs.health).toBe('healthy')
    expect(run.summary).toMatch(/\| Polls \| \d+ \\\(1 could not be read\\\) \|/)
  })

  test('an alert without project_id is read as account-wide, and counts', async () => {
    answer({ data: [alert({ project_id: undefined, since: '2099-01-01T00:00:00Z' })] })
    const run = await bake()
    expect(run.code).toBe(1)
    expect(JSON.parse(run.outputs.alerts!)).toEqual([expect.objectContaining({ ruleId: 'ar_x1', projectId: null })])
    expect(rollbacks()).toHaveLength(1)
  })

  test('an alert of this agent whose since cannot be read counts (nothing proves it predates the deploy)', async () => {
    answer({ data: [alert({ since: 'yesterday' })] })
    const run = await bake()
    expect(run.code).toBe(1)
    expect(run.outputs.health).toBe('unhealthy')
    expect(errorLine(run)).toContain('since yesterday')
  })

  test("an entry that may be this agent's but cannot be read is never quiet: unread for the whole bake → unknown, no rollback", async () => {
    answer({ data: [{ name: 'no rule id', project_id: 'agent-1' }] }, Infinity)
    const run = await bake()
    expect(run.code).toBe(1)
    expect(run.outputs.health).toBe('unknown')
    expect(run.stdout).toContain(
      "an active alert that may be this agent's could not be read (data[0] has no alert_rule_id)"
    )
    expect(rollbacks()).toHaveLength(0)
  })

  test("another project's unreadable entry does not stop the bake", async () => {
    answer({ data: [{ name: 'no rule id', project_id: 'proj_other' }] }, Infinity)
    const run = await bake()
    expect(run.code).toBe(0)
    expect(run.outputs.health).toBe('healthy')
  })
})

describe("the simulator's Alerts API", () => {
  test('an admin call makes a rule fire for the agent after N seconds and stop; both lists show it, the key is checked', async () => {
    const clock = fakeClock()
    const sim = await startSimulator({ clock })
    try {
      const get = async (path: string, key = sim.apiKey): Promise<{ status: number; body: { data?: unknown[] } }> => {
        const res = await fetch(`${sim.url}${path}`, { headers: { 'X-API-KEY': key } })
        return { status: res.status, body: (await res.json()) as { data?: unknown[] } }
      }
      const admin = await fetch(`${sim.url}/_sim/alerts`, {
        method: 'POST',
        body: JSON.stringify({ ruleId: 'ar_p95', afterSeconds: 30, forSeconds: 60, value: 1700 })
      })
      expect(admin.status).toBe(200)
      expect((await get('/v1/alerts')).body.data).toEqual([])
      clock.advance(30_000)
      const firing = (await get('/v1/alerts?project_id=agent-1')).body.data as Array<Record<string, unknown>>
      expect(firing).toEqual([
        expect.objectContaining({ alert_rule_id: 'ar_p95', project_id: 'agent-1', current_value: 1700 })
      ])
      expect(parseActiveAlerts({ data: firing }).skipped).toEqual([])
      const rules = (await get('/v1/alert-rules')).body.data as Array<Record<string, unknown>>
      expect(rules.map((r) => [r.id, r.project_id, r.current_state])).toEqual([
        ['ar_p95', 'agent-1', 'alert'],
        ['ar_crashes', null, 'ok'],
        ['ar_other', 'agent-other', 'ok']
      ])
      clock.advance(60_000)
      expect((await get('/v1/alerts')).body.data).toEqual([])
      expect((await get('/v1/alerts', 'wrong')).status).toBe(401)
    } finally {
      await sim.close()
    }
  })
})
