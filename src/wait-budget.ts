/**
 * The clock of a long wait (test runs): how much of its own budget and of the step's deadline is
 * left. Elapsed time is max(real time since the start, sum of the sleeps asked for). On a runner the
 * two agree (real time includes every sleep); under POLYAI_ACTION_SLEEP_SCALE=0 sleeps return at
 * once but still count in full, so a 10 s budget ends after the same 2-3 polls it would take for
 * real, instantly, instead of spinning on the real clock.
 */
import type { Clock, Deadline } from './api/timing.js'

/** One wait's budget and the step's deadline, on a clock whose sleeps may be scaled away. */
export class WaitBudget {
  private readonly startedAt: number
  private slept = 0

  constructor(
    private readonly clock: Clock,
    readonly budgetMs: number,
    private readonly deadline: Deadline
  ) {
    this.startedAt = clock.now()
  }

  elapsedMs(): number {
    return Math.max(this.clock.now() - this.startedAt, this.slept)
  }

  /** What is left of this wait's own budget. */
  remainingMs(): number {
    return Math.max(0, this.budgetMs - this.elapsedMs())
  }

  /** What is left of the step's deadline, counting sleeps the (scaled) clock has not shown. */
  stepRemainingMs(): number {
    const unseen = Math.max(0, this.slept - (this.clock.now() - this.startedAt))
    return Math.max(0, this.deadline.remainingMs() - unseen)
  }

  async sleep(ms: number): Promise<void> {
    await this.clock.sleep(ms)
    this.slept += ms
  }
}
