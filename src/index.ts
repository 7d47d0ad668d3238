/**
 * The action's entry point: the runner executes dist/index.js, built from this file; it only calls
 * run(). Started as a worker thread (the bounded values check), the same file serves that task
 * instead (ncc bundles one entry, so a separate worker file would need a second bundle); main.ts
 * is imported on the main thread only, so a worker starts without loading the action.
 */
import { isMainThread } from 'node:worker_threads'
import { setWorkerEntry } from './core/worker-entry.js'

if (isMainThread) {
  setWorkerEntry(new URL(import.meta.url))
  const { run } = await import('./main.js')
  await run()
} else {
  const { serveWorker } = await import('./config/check-worker.js')
  serveWorker()
}
