/**
 * The file a worker thread runs. In the bundle that is the action's own entry, dist/index.js,
 * which src/index.ts registers at start-up: started as a worker it serves one task instead of
 * running the step (ncc bundles one entry, so a separate worker file would need a second bundle).
 */
import { join, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

let entry: URL | undefined

/** Registers the file workers start from (src/index.ts passes its own URL). */
export function setWorkerEntry(url: URL): void {
  entry = url
}

/**
 * The registered worker file. Run from the TypeScript sources (local-action calls run() without
 * src/index.ts), nothing registers one: dev/source-worker.mjs then serves (it loads the sources).
 */
export function workerEntry(): URL {
  if (entry) return entry
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith(`${sep}src${sep}core${sep}worker-entry.ts`))
    return pathToFileURL(join(here, '..', '..', '..', 'dev', 'source-worker.mjs'))
  throw new Error('no worker entry is registered (the action was not started through its entry file)')
}
