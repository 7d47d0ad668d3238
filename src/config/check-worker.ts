/**
 * The worker side of the bounded values check (see bounded-check.ts): compiles the schema, checks
 * the values and posts the problems. Every pattern it constructs is announced to the main thread,
 * and before each test it writes into shared memory which pattern runs on which top-level
 * variable, so a check stopped at the deadline can name both.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { RegExpEngine } from 'ajv/dist/types/index.js'
import { compileValuesCheck } from './validate.js'

/** What the main thread hands the worker. */
export interface CheckRequest {
  task: 'polyai-values-check'
  schema: Record<string, unknown>
  values: Record<string, unknown>
  /** Int32 [pattern index, variable index]; -1 = none running / unknown. */
  progress: SharedArrayBuffer
}

/** What the worker posts back. */
export type CheckReply =
  | { type: 'pattern'; index: number; pattern: string }
  | { type: 'result'; check: { ok: true; problems: import('./validate.js').ValueProblem[] } | { ok: false; reason: string } }

export function isCheckRequest(data: unknown): data is CheckRequest {
  return typeof data === 'object' && data !== null && (data as { task?: unknown }).task === 'polyai-values-check'
}

/** Each string and key inside the values, mapped to the index of the top-level variable holding it. */
function owners(values: Record<string, unknown>): Map<string, number> {
  const found = new Map<string, number>()
  Object.keys(values).forEach((key, index) => {
    const stack: unknown[] = [key, values[key]]
    while (stack.length) {
      const item = stack.pop()
      if (typeof item === 'string') {
        if (!found.has(item)) found.set(item, index)
      } else if (Array.isArray(item)) for (const v of item) stack.push(v)
      else if (item !== null && typeof item === 'object') {
        for (const [k, v] of Object.entries(item)) stack.push(k, v)
      }
    }
  })
  return found
}

/** Runs one check and posts the result (the worker ends once its port is idle). */
export function serveValuesCheck(request: CheckRequest, post: (reply: CheckReply) => void): void {
  const progress = new Int32Array(request.progress)
  const patterns: string[] = []
  const owner = owners(request.values)
  const engine: RegExpEngine = Object.assign(
    (pattern: string, flags: string) => {
      let index = patterns.indexOf(pattern)
      if (index < 0) {
        index = patterns.push(pattern) - 1
        post({ type: 'pattern', index, pattern })
      }
      const re = new RegExp(pattern, flags)
      return {
        test: (s: string): boolean => {
          Atomics.store(progress, 1, owner.get(s) ?? -1)
          Atomics.store(progress, 0, index)
          const matched = re.test(s)
          Atomics.store(progress, 0, -1)
          return matched
        },
        toString: () => String(re)
      }
    },
    { code: 'new RegExp' }
  )
  const check = compileValuesCheck(request.schema, engine)
  post({ type: 'result', check: check.ok ? { ok: true, problems: check.validate(request.values) } : check })
}

/** The worker thread's main: serves the request it was started with. */
export function serveWorker(): void {
  if (!parentPort || !isCheckRequest(workerData)) throw new Error('this worker was started without a values check to run')
  const port = parentPort
  serveValuesCheck(workerData, (reply) => port.postMessage(reply))
}
