/**
 * Checks config values against a schema in a worker thread, so a backtracking pattern cannot hold the step
 * (docs/architecture.md).
 */
import { Worker } from 'node:worker_threads'
import { formatSeconds } from '../core/clock.js'
import {
  type CheckReply,
  type CheckRequest,
  type CheckWorkerData,
  RUNNING_PATTERN,
  RUNNING_REQUEST,
  RUNNING_VARIABLE
} from './check-worker.js'
import { compileValuesCheck, type SchemaCheck, type ValueProblem } from './validate.js'
import { checksInline } from './inline-check.js'
import { workerEntry } from '../core/worker-entry.js'

/** How a values check ended. */
export type ValuesVerdict =
  | { status: 'checked'; problems: ValueProblem[] }
  /** The schema cannot be compiled here (a `$ref` to another document, say). */
  | { status: 'unusable'; reason: string }
  /** Stopped at its deadline, or the worker failed: the problem says which pattern and variable. */
  | { status: 'unfinished'; problem: ValueProblem }

/** How a schema document check ended: checked, or stopped (at its budget, or the worker failed) and why. */
export type SchemaVerdict = { status: 'checked'; check: SchemaCheck } | { status: 'unfinished'; reason: string }

/** What a pending request settles with. */
type Settled = ValuesVerdict | { status: 'schema'; check: SchemaCheck }

/** A worker that needs more than this is stopped too: a schema must not exhaust the runner's memory. */
const WORKER_HEAP_MB = 512

/**
 * The time a check may take: half of what is left of the step (its deadline, timeoutSeconds), so
 * a write sent anyway (force) still has the other half.
 */
export function checkBudgetMs(ctx: { deadline: { remainingMs(): number } }): number {
  return ctx.deadline.remainingMs() / 2
}

function unfinished(message: string, variable = '(all values)', rule = 'check'): ValuesVerdict {
  return { status: 'unfinished', problem: { variable, pointer: '', schemaPath: '', hasValue: false, rule, message } }
}

/** Runs `fn` with a checker (its worker starts on the first check that needs it), closed after. */
export async function withValuesChecker<T>(fn: (checker: ValuesChecker) => Promise<T>): Promise<T> {
  const checker = new ValuesChecker()
  try {
    return await fn(checker)
  } finally {
    await checker.close()
  }
}

interface Pending {
  variables: string[]
  patterns: string[]
  budgetMs: number
  timer: ReturnType<typeof setTimeout>
  resolve: (verdict: Settled) => void
}

/** One worker serving the checks of one step, one at a time; close() ends it. */
export class ValuesChecker {
  private worker: Worker | undefined
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private readonly progress = new Int32Array(new SharedArrayBuffer(12)).fill(-1)

  /**
   * Checks `values` against `schema`, stopping the worker when it takes more than `budgetMs`. A check
   * that visits each value once, on small inputs, runs here instead (inline-check.ts): no worker starts.
   */
  check(schema: Record<string, unknown>, values: Record<string, unknown>, budgetMs: number): Promise<ValuesVerdict> {
    if (budgetMs > 0 && checksInline(schema, values)) {
      const compiled = compileValuesCheck(schema)
      return Promise.resolve(
        compiled.ok
          ? { status: 'checked', problems: compiled.validate(values) }
          : { status: 'unusable', reason: compiled.reason }
      )
    }
    return this.request({ id: 0, schema, values }, Object.keys(values), budgetMs) as Promise<ValuesVerdict>
  }

  private request(request: CheckRequest, variables: string[], budgetMs: number): Promise<Settled> {
    if (budgetMs <= 0)
      return Promise.resolve(
        unfinished('was not checked: the step had no time left (timeoutSeconds)', '(all values)', 'timeout')
      )
    let worker: Worker
    try {
      worker = this.started()
    } catch (error) {
      return Promise.resolve(
        unfinished(
          `could not be checked: the check could not start (${error instanceof Error ? error.message : String(error)})`
        )
      )
    }
    const id = this.nextId++
    return new Promise<Settled>((resolve) => {
      const timer = setTimeout(() => this.timedOut(id), budgetMs)
      this.pending.set(id, { variables, patterns: [], budgetMs, timer, resolve })
      worker.postMessage({ ...request, id })
    })
  }

  /**
   * Checks a schema document as draft-07 (meta-schema, walk, compile) in the worker, stopping it
   * when it takes more than `budgetMs`: a schema of 100,000 properties takes a minute.
   */
  async checkSchema(schema: unknown, budgetMs: number): Promise<SchemaVerdict> {
    const settled = await this.request({ id: 0, schema }, [], budgetMs)
    if (settled.status === 'schema') return { status: 'checked', check: settled.check }
    if (settled.status === 'unfinished') return { status: 'unfinished', reason: settled.problem.message }
    return { status: 'unfinished', reason: settled.status === 'unusable' ? settled.reason : 'no answer' }
  }

  /** Ends the worker (and answers any check still waiting). */
  async close(): Promise<void> {
    this.fail(() => unfinished('could not be checked: the step ended first'))
  }

  private started(): Worker {
    if (this.worker) return this.worker
    const data: CheckWorkerData = { task: 'polyai-values-check', progress: this.progress.buffer as SharedArrayBuffer }
    // No inherited loader flags (execArgv): the worker runs the plain entry file.
    const worker = new Worker(workerEntry(), {
      workerData: data,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }
    })
    worker.unref() // only a waiting check (its timer) keeps the step alive
    // A terminated worker's late events must not touch the one that replaced it.
    const current = (): boolean => this.worker === worker
    worker.on('message', (reply: CheckReply) => current() && this.received(reply))
    worker.on(
      'error',
      (error) => current() && this.fail(() => unfinished(`could not be checked: the check stopped (${error.message})`))
    )
    worker.on(
      'exit',
      (code) =>
        current() &&
        this.fail(() => unfinished(`could not be checked: the check ended without an answer (exit code ${code})`))
    )
    this.worker = worker
    return worker
  }

  private received(reply: CheckReply): void {
    const waiting = this.pending.get(reply.id)
    if (!waiting) return
    if (reply.type === 'pattern') {
      waiting.patterns[reply.index] = reply.pattern
      return
    }
    if (reply.type === 'schema') {
      this.settle(reply.id, { status: 'schema', check: reply.check })
      return
    }
    this.settle(
      reply.id,
      reply.check.ok
        ? { status: 'checked', problems: reply.check.problems }
        : { status: 'unusable', reason: reply.check.reason }
    )
  }

  private settle(id: number, verdict: Settled): void {
    const waiting = this.pending.get(id)
    if (!waiting) return
    this.pending.delete(id)
    clearTimeout(waiting.timer)
    waiting.resolve(verdict)
  }

  /** A check outlived its budget: name what ran, stop the worker; checks queued behind it fail too. */
  private timedOut(id: number): void {
    const waiting = this.pending.get(id)
    if (!waiting) return
    const within = `did not finish within ${formatSeconds(waiting.budgetMs)} (half the time the step had left, see timeoutSeconds)`
    const running = Atomics.load(this.progress, RUNNING_REQUEST)
    const pattern = running === id ? waiting.patterns[Atomics.load(this.progress, RUNNING_PATTERN)] : undefined
    const variable = running === id ? waiting.variables[Atomics.load(this.progress, RUNNING_VARIABLE)] : undefined
    this.settle(
      id,
      pattern === undefined
        ? unfinished(`could not be checked: the check ${within}`, '(all values)', 'timeout')
        : unfinished(
            `the check against the pattern ${JSON.stringify(pattern)} ${within}: the pattern backtracks ` +
              `catastrophically on this value; simplify it (e.g. no nested quantifiers)`,
            variable ?? '(all values)',
            'timeout'
          )
    )
    this.fail(() => unfinished(`could not be checked: the check before it ${within}`, '(all values)', 'timeout'))
  }

  /** Stops the worker and answers every check still waiting. */
  private fail(verdict: () => ValuesVerdict): void {
    const worker = this.worker
    this.worker = undefined
    for (const id of [...this.pending.keys()]) this.settle(id, verdict())
    if (worker) void worker.terminate()
  }
}
