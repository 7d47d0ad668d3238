/**
 * The action's entry point: the runner executes dist/index.js, built from this file; it only calls
 * run(). Started as a worker thread (the bounded values check), the same file serves that task
 * instead (ncc bundles one entry, so a separate worker file would need a second bundle).
 */
import { isMainThread } from 'node:worker_threads'
import { run } from './main.js'
import { setWorkerEntry } from './worker-entry.js'

if (isMainThread) {
  setWorkerEntry(new URL(import.meta.url))
  await run()
} else {
  const { serveWorker } = await import('./config/check-worker.js')
  serveWorker()
}
