/**
 * Red team: an Alerts API that echoes the key back in what the bake prints and outputs (a rule's
 * name, an error's message), in the forms docs/security.md says are covered.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { startSimulator, type Simulator } from '../../dev/simulator/index.js'
import { runInProcess } from '../helpers/in-process.js'
import { type FakeClock, fakeClock } from '../helpers/clock.js'
import { startProxy } from '../helpers/redteam-proxy.js'
import type { LocalServer } from '../helpers/local-server.js'

const KEY = 'pk-live-9f8e7d6c5b4a3921'
let sim: Simulator
let clock: FakeClock
let proxy: LocalServer
beforeEach(async () => {
  clock = fakeClock()
  sim = await startSimulator({ seed: 'staged', clock, testRunPolls: 0, apiKey: KEY })
})
afterEach(async () => {
  await proxy.close()
  await sim.close()
})

const hex = Buffer.from(KEY).toString('hex')
const entities = Array.from(KEY, (c, i) => (i % 2 ? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};` : c)).join('')
const forms: Record<string, string> = {
  upper: KEY.toUpperCase(),
  hex: hex.toUpperCase(),
  entities,
  base64: Buffer.from(`key=${KEY}`).toString('base64'),
  fragment: KEY.slice(3, 15).toUpperCase()
}

test.each(Object.keys(forms))('a rule name echoing the key (%s) is printed nowhere', async (form) => {
  const echoed = forms[form]!
  proxy = await startProxy(sim.url, (p) =>
    p.path.startsWith('/v1/alert')
      ? { status: p.status, body: p.body.replaceAll('"Turn latency p95"', JSON.stringify(`p95 ${echoed} rule`)) }
      : undefined
  )
  sim.state.alerts.fire('ar_p95', 60_000, Infinity, 2100)
  const result = await runInProcess({
    inputs: {
      apiKey: KEY,
      agentId: sim.agentId,
      baseUrl: proxy.url,
      operation: 'promote',
      targetEnvironment: 'live',
      bakeSeconds: '300',
      rollbackOnFailure: 'true'
    },
    options: { clock }
  })
  expect(result.outputs.health).toBe('unhealthy')
  // The runner's own masking is given the key's forms (::add-mask::): that is not printing it.
  const log = result.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  const printed = [log, result.summary, result.outputText].join('\n')
  expect(printed).toContain('p95 ')
  expect(printed).not.toContain(echoed)
  expect(printed.toLowerCase()).not.toContain(KEY.toLowerCase())
})
