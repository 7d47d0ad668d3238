/**
 * Independent end-to-end cases of one file, run two at a time from the start of the file (a core
 * each), the slowest first so the rest overlap with it (pool.ts). Each case's body (its step and
 * its assertions) runs when the file starts; its test awaits that body, so a failed assertion or a
 * thrown error fails exactly that test, with its own message.
 */
import { beforeAll, test } from '@jest/globals'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../dev/simulator/index.js'
import { pool } from './pool.js'

export interface ConcurrentCases {
  /** Queues `work`; `seconds` (its rough length) orders the queue, longest first. */
  scheduled<T>(seconds: number, work: () => Promise<T>): Promise<T>
  /** A test whose whole body is queued (and awaited by the test). */
  test(name: string, body: () => Promise<void>, seconds?: number): void
}

export function concurrentCases(limit = 2): ConcurrentCases {
  const queue: Array<{ seconds: number; start: () => Promise<void> }> = []
  beforeAll(() => {
    void pool(
      [...queue].sort((a, b) => b.seconds - a.seconds),
      limit,
      (c) => c.start()
    )
  })
  function scheduled<T>(seconds: number, work: () => Promise<T>): Promise<T> {
    const outcome = new Promise<T>((resolve, reject) =>
      queue.push({ seconds, start: () => work().then(resolve, reject) })
    )
    outcome.catch(() => undefined) // reported by the test that awaits it, not as an unhandled rejection meanwhile
    return outcome
  }
  return {
    scheduled,
    test: (name, body, seconds = 1) => {
      const outcome = scheduled(seconds, body)
      test(name, () => outcome)
    }
  }
}

/** Runs `body` against a simulator of its own, closed afterwards (what it received and holds stays readable). */
export async function withSimulator<T>(
  options: SimulatorOptions | undefined,
  body: (sim: Simulator) => Promise<T>
): Promise<T> {
  const sim = await startSimulator(options)
  try {
    return await body(sim)
  } finally {
    await sim.close()
  }
}
