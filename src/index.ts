/**
 * The action's entry point: the runner executes dist/index.js, built from this file. Started as a
 * worker thread (the bounded values check), the same file serves that task instead.
 */
import { isMainThread } from 'node:worker_threads'
import { start } from './start.js'
import { setWorkerEntry } from './worker-entry.js'

if (isMainThread) {
  setWorkerEntry(new URL(import.meta.url))
  await start()
} else {
  const { serveWorker } = await import('./config/check-worker.js')
  serveWorker()
}
