/**
 * Checks config values against a schema without letting the schema hold the step: a `pattern`
 * can backtrack for hours (`^([a-zA-Z0-9]+\s?)*$` on a long sentence), `uniqueItems` on a large
 * array is quadratic, and JavaScript runs both synchronously, so no timer in this thread could
 * stop them. The check runs in a worker thread (the action's own entry file, see
 * worker-entry.ts) that is terminated when its share of the step's time is up; the patterns keep their full
 * ECMA-262 meaning (ajv's default engine, with the `u` flag). A check stopped that way names
 * the pattern that was running and the variable it was testing.
 */
import { Worker } from 'node:worker_threads'
import { formatSeconds } from '../api/timing.js'
import type { CheckReply, CheckRequest } from './check-worker.js'
import type { ValueProblem } from './validate.js'
import { workerEntry } from '../worker-entry.js'

/** How a values check ended. */
export type ValuesVerdict =
  | { status: 'checked'; problems: ValueProblem[] }
  /** The schema cannot be compiled here (a `$ref` to another document, say). */
  | { status: 'unusable'; reason: string }
  /** Stopped at the deadline, or the worker failed: the problem says which pattern and variable. */
  | { status: 'unfinished'; problem: ValueProblem }

/** A worker that needs more than this is stopped too: a schema must not exhaust the runner's memory. */
const WORKER_HEAP_MB = 512

/**
 * The time a check may take: half of what is left of the step (timeoutSeconds from when the
 * operation started), so a write sent anyway (force) still has the other half.
 */
export function checkBudgetMs(ctx: { config: { timeoutSeconds: number }; clock: { now(): number }; startedAt: number }): number {
  return (ctx.config.timeoutSeconds * 1000 - (ctx.clock.now() - ctx.startedAt)) / 2
}

/** Checks `values` against `schema` in a worker stopped after `budgetMs`. */
export async function checkValues(schema: Record<string, unknown>, values: Record<string, unknown>, budgetMs: number): Promise<ValuesVerdict> {
  const variables = Object.keys(values)
  const unfinished = (message: string, variable = '(all values)', rule = 'timeout'): ValuesVerdict => ({
    status: 'unfinished',
    problem: { variable, pointer: '', rule, message }
  })
  if (budgetMs <= 0) return unfinished('was not checked: the step had no time left (timeoutSeconds)')
  const progress = new SharedArrayBuffer(8)
  const running = new Int32Array(progress)
  running.fill(-1)
  const request: CheckRequest = { task: 'polyai-values-check', schema, values, progress }
  const patterns: string[] = []
  let worker: Worker
  try {
    worker = new Worker(workerEntry(), { workerData: request, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } })
  } catch (error) {
    return unfinished(`could not be checked: the check could not start (${error instanceof Error ? error.message : String(error)})`, '(all values)', 'check')
  }
  return new Promise<ValuesVerdict>((resolve) => {
    let done = false
    const finish = (verdict: ValuesVerdict): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      void worker.terminate()
      resolve(verdict)
    }
    const timer = setTimeout(() => {
      const pattern = patterns[Atomics.load(running, 0)]
      const variable = variables[Atomics.load(running, 1)]
      const within = `did not finish within ${formatSeconds(budgetMs)} (half the time the step had left, see timeoutSeconds)`
      finish(
        pattern === undefined
          ? unfinished(`could not be checked: the check ${within}`)
          : unfinished(
              `the check against the pattern ${JSON.stringify(pattern)} ${within}: the pattern backtracks catastrophically on this value; simplify it (e.g. no nested quantifiers)`,
              variable ?? '(all values)'
            )
      )
    }, budgetMs)
    worker.on('message', (reply: CheckReply) => {
      if (reply.type === 'pattern') patterns[reply.index] = reply.pattern
      else if (reply.check.ok) finish({ status: 'checked', problems: reply.check.problems })
      else finish({ status: 'unusable', reason: reply.check.reason })
    })
    worker.on('error', (error) => finish(unfinished(`could not be checked: the check stopped (${error.message})`, '(all values)', 'check')))
    worker.on('exit', (code) => finish(unfinished(`could not be checked: the check ended without an answer (exit code ${code})`, '(all values)', 'check')))
  })
}
