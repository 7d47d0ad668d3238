// The worker file for in-process runs (the sources, not the bundle): src/index.ts registers the
// bundle itself in production; from the TypeScript sources a worker needs tsx to load them.
import { register } from 'tsx/esm/api'

register()
const { serveWorker } = await import('../../src/config/check-worker.ts')
serveWorker()
