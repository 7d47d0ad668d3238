/** The worker side of the bounded values check: compiles, checks, and says which pattern and variable are running. */
import { parentPort, workerData } from 'node:worker_threads'
import type { RegExpEngine } from 'ajv/dist/types/index.js'
import { checkSchemaDocument, compileValuesCheck, type SchemaCheck, type ValueProblem } from './validate.js'

/** How the main thread starts the worker (workerData). */
export interface CheckWorkerData {
  task: 'polyai-values-check'
  /** Int32 [request id, pattern index, variable index]; -1 = none running / unknown. */
  progress: SharedArrayBuffer
}

/** One check, posted to the worker: values against a schema, or (no values) a schema as draft-07. */
export interface CheckRequest {
  id: number
  schema: unknown
  values?: Record<string, unknown>
}

/** What the worker posts back. */
export type CheckReply =
  | { type: 'pattern'; id: number; index: number; pattern: string }
  | { type: 'result'; id: number; check: { ok: true; problems: ValueProblem[] } | { ok: false; reason: string } }
  | { type: 'schema'; id: number; check: SchemaCheck }

/** Slots of the progress array. */
export const RUNNING_REQUEST = 0
export const RUNNING_PATTERN = 1
export const RUNNING_VARIABLE = 2

export function isCheckWorkerData(data: unknown): data is CheckWorkerData {
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

/** Runs one check and posts its result. */
export function serveValuesCheck(request: CheckRequest, progress: Int32Array, post: (reply: CheckReply) => void): void {
  const { id } = request
  if (request.values === undefined) {
    // The schema document check (meta-schema, walk, compile): CPU-heavy on a large schema, never a pattern run.
    Atomics.store(progress, RUNNING_REQUEST, id)
    post({ type: 'schema', id, check: checkSchemaDocument(request.schema) })
    Atomics.store(progress, RUNNING_REQUEST, -1)
    return
  }
  const values = request.values
  const schema = request.schema as Record<string, unknown>
  const patterns: string[] = []
  const owner = owners(values)
  Atomics.store(progress, RUNNING_REQUEST, id)
  const engine: RegExpEngine = Object.assign(
    (pattern: string, flags: string) => {
      let index = patterns.indexOf(pattern)
      if (index < 0) {
        index = patterns.push(pattern) - 1
        post({ type: 'pattern', id, index, pattern })
      }
      const re = new RegExp(pattern, flags)
      return {
        test: (s: string): boolean => {
          Atomics.store(progress, RUNNING_VARIABLE, owner.get(s) ?? -1)
          Atomics.store(progress, RUNNING_PATTERN, index)
          const matched = re.test(s)
          Atomics.store(progress, RUNNING_PATTERN, -1)
          return matched
        },
        toString: () => String(re)
      }
    },
    { code: 'new RegExp' }
  )
  const check = compileValuesCheck(schema, engine)
  post({ type: 'result', id, check: check.ok ? { ok: true, problems: check.validate(values) } : check })
  Atomics.store(progress, RUNNING_REQUEST, -1)
}

/** The worker thread's main: serves the checks the main thread posts until it is terminated. */
export function serveWorker(): void {
  if (!parentPort || !isCheckWorkerData(workerData))
    throw new Error('this worker was started without a values check to serve')
  const port = parentPort
  const progress = new Int32Array(workerData.progress)
  port.on('message', (request: CheckRequest) => serveValuesCheck(request, progress, (reply) => port.postMessage(reply)))
}
