/**
 * The values-check worker for in-process tests, from the current sources. src/index.ts registers
 * the bundle as the worker file in production; here the worker's sources (check-worker.ts and what
 * it imports, ajv included) are bundled once with esbuild (tsx's compiler) into one plain .mjs in
 * the temp folder, named by its content, so each worker starts in tens of milliseconds rather than
 * the ~250 ms it takes to register tsx in every new worker thread.
 */
import { createHash } from 'node:crypto'
import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

let built: URL | undefined

/** The worker file: a fresh bundle of src/config/check-worker.ts that serves on start. */
export function checkWorkerEntry(): URL {
  if (built) return built
  // esbuild ships with tsx (a dev dependency); CommonJS, so required rather than imported.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
  const result = esbuild.buildSync({
    stdin: {
      contents: "import { serveWorker } from './src/config/check-worker.ts'\nserveWorker()\n",
      resolveDir: ROOT,
      loader: 'ts'
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent'
  })
  const code = result.outputFiles[0]!.text
  const file = path.join(
    os.tmpdir(),
    `polyai-check-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`
  )
  if (!existsSync(file)) {
    // Written aside, then renamed: a parallel test file never reads half a bundle.
    const temp = `${file}.${process.pid}`
    writeFileSync(temp, code)
    renameSync(temp, file)
  }
  built = pathToFileURL(file)
  return built
}
