/**
 * The simulator wiring most tests share: a fresh simulator for every test (so no test sees
 * another's deployments), the inputs that point the action at it, and the calls it received.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../dev/simulator/index.js'

/**
 * Starts a simulator before each test (or once for the file, with `scope: 'file'`, where tests build
 * on each other's state) and closes it after; `set` receives each new one.
 */
export function useSimulator(
  set: (sim: Simulator) => void,
  options?: SimulatorOptions,
  scope: 'test' | 'file' = 'test'
): void {
  let current: Simulator | undefined
  const [before, after] = scope === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach]
  before(async () => {
    current = await startSimulator(options)
    set(current)
  })
  after(async () => {
    await current?.close()
  })
}

/** The connection inputs (apiKey, agentId, baseUrl) for the action to talk to this simulator. */
export function actionInputs(sim: Simulator): Record<string, string> {
  return { apiKey: sim.apiKey, agentId: sim.agentId, baseUrl: sim.url }
}

/** "METHOD /path-below-the-agent" for every request the simulator received, in arrival order. */
export function callsOf(sim: Simulator): string[] {
  return sim.requests.map((r) => `${r.method} ${r.path.replace(`/v1/agents/${sim.agentId}`, '')}`)
}
