// The values-check worker when the action runs from its TypeScript sources (npx @github/local-action
// . src/main.ts calls run() without src/index.ts, which registers the bundle in production): a
// worker thread does not inherit the loader that runs the sources, so it registers tsx itself.
import { register } from 'tsx/esm/api'

register()
const { serveWorker } = await import('../src/config/check-worker.ts')
serveWorker()
