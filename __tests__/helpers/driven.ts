/**
 * A simulator and a step that share one fake clock, driven: the server's delays and the client's
 * request timeouts are timers on the same clock, and the clock jumps to the next timer whenever
 * every request in flight is one the server holds on purpose. Time-bound faults (a hang, a late
 * answer, a late commit) then run in process, in order, with no real waiting.
 */
import { type Simulator, type SimulatorOptions, startSimulator } from '../../dev/simulator/index.js'
import { createHttpTransport, type Transport } from '../../src/api/transport.js'
import { type FakeClock, fakeClock } from './clock.js'

export interface Driven {
  sim: Simulator
  clock: FakeClock
  /** The real HTTP transport, counting what is in flight for the clock. */
  transport: Transport
  /** Another such transport, for one more step running at the same time (run() closes the one it was given). */
  newTransport(): Transport
  /** Other servers in front of the simulator whose held requests the clock may jump over. */
  alsoParked: Array<ReadonlySet<string>>
}

export async function startDriven(
  options: Omit<SimulatorOptions, 'clock'> & { start?: number; random?: () => number } = {}
): Promise<Driven> {
  const inFlight = new Set<string>()
  const alsoParked: Array<ReadonlySet<string>> = []
  const clock = fakeClock({
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
    // Called only once the simulator is up (the clock drives only while something sleeps).
    idle: () => [...inFlight].every((id) => sim.parked.has(id) || alsoParked.some((set) => set.has(id)))
  })
  const simOptions: SimulatorOptions = { ...options }
  delete (simOptions as { start?: number }).start
  delete (simOptions as { random?: () => number }).random
  const sim: Simulator = await startSimulator({ ...simOptions, clock })
  // A fresh real transport per step: run() closes the one it was given.
  const newTransport = (): Transport => {
    const real = createHttpTransport('polyai-deploy-action/driven-test')
    return {
      async send(request) {
        const id = request.headers['X-PolyAI-Correlation-Id'] ?? ''
        inFlight.add(id)
        try {
          return await real.send(request)
        } finally {
          inFlight.delete(id)
        }
      },
      close: () => real.close()
    }
  }
  return { sim, clock, transport: newTransport(), newTransport, alsoParked }
}
