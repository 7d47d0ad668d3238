import type { Clock } from '../../src/api/timing.js'

/** A clock that only moves when told to (or when slept on), for deadline and back-off tests. */
export function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms
    },
    random: () => 0.5,
    advance: (ms) => {
      now += ms
    }
  }
}
