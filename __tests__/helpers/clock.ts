/**
 * The one fake clock of the test suite. Time moves only when the code waits or the test says so:
 *
 * - Instant (the default): a wait (a sleep without a signal: back-off, a pause, test-run polling)
 *   moves now() forward at once; a timer that a signal can cancel (a request's timeout) fires only
 *   when time passes it, through advance() or another wait.
 * - Driven (`idle` given): every sleep is a timer. Whenever `idle()` says nothing is in progress
 *   that real time would finish (no request the server is still working on), the clock jumps to
 *   the next timer. A server whose delays sleep on the same clock then interleaves with the
 *   client's timeouts exactly as the times say, with no real waiting.
 */
import type { Clock } from '../../src/core/clock.js'

export interface FakeClock extends Clock {
  /** Moves now() forward, firing the timers that come due. */
  advance(ms: number): void
  /** Every wait asked for (sleeps without a signal), in order: not request timeouts. */
  sleeps: number[]
  /** Driven mode: resolves once no timer is left. */
  settle(): Promise<void>
}

export interface FakeClockOptions {
  /** now() at the start (default: the real time, so HTTP dates make sense). */
  start?: number
  /** random() for back-off jitter: a fixed value (default 0.5), or a generator (a seeded one, for many steps at once). */
  random?: number | (() => number)
  /** Driven mode: true when only the clock can move things on. */
  idle?: () => boolean
}

interface Timer {
  due: number
  resolve: () => void
}

export function fakeClock(options: FakeClockOptions = {}): FakeClock {
  let now = options.start ?? Date.now()
  const timers = new Set<Timer>()
  const sleeps: number[] = []
  const { idle } = options
  let driving = false
  const settled: Array<() => void> = []

  const fireDue = (): void => {
    for (const t of [...timers].sort((a, b) => a.due - b.due)) {
      if (t.due > now) break
      timers.delete(t)
      t.resolve()
    }
  }
  const advance = (ms: number): void => {
    now += Math.max(0, ms)
    fireDue()
  }
  const drive = (): void => {
    if (!idle || driving) return
    driving = true
    const step = (): void => {
      if (timers.size === 0) {
        driving = false
        for (const done of settled.splice(0)) done()
        return
      }
      if (!idle()) {
        setTimeout(step, 1)
        return
      }
      const next = Math.min(...[...timers].map((t) => t.due))
      now = Math.max(now, next)
      fireDue()
      setImmediate(step)
    }
    setImmediate(step)
  }

  return {
    now: () => now,
    random: typeof options.random === 'function' ? options.random : () => (options.random as number | undefined) ?? 0.5,
    sleeps,
    advance,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.resolve()
      if (!signal) sleeps.push(ms)
      if (!signal && !idle) {
        advance(ms)
        return Promise.resolve()
      }
      return new Promise<void>((resolve) => {
        const timer: Timer = {
          due: now + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', cancel)
            resolve()
          }
        }
        const cancel = (): void => {
          timers.delete(timer)
          resolve()
        }
        signal?.addEventListener('abort', cancel, { once: true })
        timers.add(timer)
        drive()
      })
    },
    settle() {
      if (timers.size === 0) return Promise.resolve()
      return new Promise<void>((resolve) => {
        settled.push(resolve)
        drive()
      })
    }
  }
}
