/** The file the values-check worker runs: dist/index.js in the bundle (ncc bundles one entry), registered by index.ts. */
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
