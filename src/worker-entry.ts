/**
 * The file a worker thread runs. In the bundle that is the action's own entry, dist/index.js,
 * which src/index.ts registers at start-up: started as a worker it serves one task instead of
 * running the step (ncc bundles one entry, so a separate worker file would need a second bundle).
 */
let entry: URL | undefined

/** Registers the file workers start from (src/index.ts passes its own URL). */
export function setWorkerEntry(url: URL): void {
  entry = url
}

/** The registered worker file; none means the action was not started through its entry. */
export function workerEntry(): URL {
  if (!entry) throw new Error('no worker entry is registered (the action was not started through its entry file)')
  return entry
}
