/**
 * Red team, through the bundle (only a child process can run in another time zone): an Alerts API
 * that writes `since` without a UTC offset (a naive timestamp, as many Python servers do) while the
 * deployment's createdAt carries "Z". On a self-hosted runner east of UTC, Date.parse read the naive
 * `since` as the runner's local time, hours earlier: an alert that fired during the bake looked as
 * if it had fired before the deploy, was "reported, not counted", and the bake said healthy. The
 * runner's time zone must never decide whether an alert counts.
 */
import { afterEach, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runDist } from '../../dev/run-action.js'
import { startProxy } from '../helpers/redteam-proxy.js'
import type { LocalServer } from '../helpers/local-server.js'

let sim: Simulator
let proxy: LocalServer | undefined
useSimulator((s) => (sim = s), { seed: 'staged' })
afterEach(async () => {
  await proxy?.close()
})

/** "2026-12-03T12:00:00.000Z" → "2026-12-03T12:00:00.000": the same instant, written without its offset. */
const naive = (body: string): string => body.replace(/"since":"([^"]+)Z"/g, '"since":"$1"')

test.each(['Asia/Tokyo', 'America/New_York'])(
  'an alert that fires during the bake counts whatever the runner time zone (TZ=%s, naive since)',
  async (tz) => {
    proxy = await startProxy(sim.url, (p) => {
      // The alert starts just after the promote's createdAt, set before its answer reaches the step:
      // the bake's first poll sees it, with no real waiting.
      if (p.method === 'POST' && p.path.endsWith('/promote') && p.status === 200) {
        const { createdAt } = (JSON.parse(p.body) as { deployment: { createdAt: string } }).deployment
        sim.state.alerts.fire('ar_p95', Date.parse(createdAt) + 1 - sim.state.now(), Infinity, 2100)
      }
      return p.method === 'GET' && p.path.startsWith('/v1/alert')
        ? { status: p.status, body: naive(p.body) }
        : undefined
    })
    const before = sim.state.active('live')!
    const run = await runDist({
      inputs: {
        ...actionInputs(sim),
        baseUrl: proxy.url,
        operation: 'promote',
        targetEnvironment: 'live',
        bakeSeconds: '3',
        rollbackOnFailure: 'true'
      },
      env: { TZ: tz }
    })
    expect(run.stdout).not.toContain('reported, not counted')
    expect(run.outputs.health).toBe('unhealthy')
    expect(run.code).toBe(1)
    expect(sim.state.active('live')!.version).toBe(before.version)
  }
)
