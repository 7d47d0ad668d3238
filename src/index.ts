/** The entry: dist/index.js runs the step, or, started as the values-check worker (core/worker-entry.ts), serves it. */
import { isMainThread } from 'node:worker_threads'
import { setWorkerEntry } from './core/worker-entry.js'
import { serveWorker } from './config/check-worker.js'
import { run } from './main.js'

if (isMainThread) {
  setWorkerEntry(new URL(import.meta.url))
  await run()
} else {
  serveWorker()
}
