/**
 * The values-check worker for in-process tests, from the current sources. src/index.ts registers
 * the bundle as the worker file in production; here the worker's sources (check-worker.ts and what
 * it imports, ajv included) are bundled with esbuild (tsx's compiler) into one plain .mjs in the
 * temp folder, so each worker starts in tens of milliseconds rather than the ~250 ms it takes to
 * register tsx in every new worker thread. The file is named by what it is built from (every
 * source file under src/ and the lockfile): built once per change of the sources, not once per
 * test file (about 150 ms of a core each, two dozen files).
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ValuesChecker } from '../../src/config/bounded-check.js'
import { setWorkerEntry } from '../../src/core/worker-entry.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

let built: URL | undefined

/** The worker file: a fresh bundle of src/config/check-worker.ts that serves on start. */
export function checkWorkerEntry(): URL {
  if (built) return built
  const file = path.join(os.tmpdir(), `polyai-check-worker-${sourcesHash()}.mjs`)
  if (existsSync(file)) return (built = pathToFileURL(file))
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
  // Written aside, then renamed: a parallel test file never reads half a bundle.
  const temp = `${file}.${process.pid}`
  writeFileSync(temp, result.outputFiles[0]!.text)
  renameSync(temp, file)
  return (built = pathToFileURL(file))
}

/** A hash of every source file under src/ (path and content) and of the locked dependencies: what the bundle is built from. */
function sourcesHash(): string {
  const hash = createHash('sha256')
  const src = path.join(ROOT, 'src')
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort()
  for (const rel of files)
    hash
      .update(rel)
      .update('\0')
      .update(readFileSync(path.join(src, rel)))
      .update('\0')
  hash.update(readFileSync(path.join(ROOT, 'package-lock.json')))
  return hash.digest('hex').slice(0, 16)
}

/**
 * Seconds this machine, as busy as it is now, takes to start a values-check worker and check a
 * schema with a pattern (a flat schema is checked without one): what a step does before its check
 * reaches a pattern that hangs.
 */
export async function workerStartSeconds(): Promise<number> {
  setWorkerEntry(checkWorkerEntry())
  const checker = new ValuesChecker()
  const started = performance.now()
  try {
    await checker.check({ type: 'object', properties: { a: { type: 'string', pattern: '^a' } } }, { a: 'a' }, 60_000)
  } finally {
    await checker.close()
  }
  return (performance.now() - started) / 1000
}

/**
 * timeoutSeconds for an in-process step whose values check must reach a pattern that hangs: on the
 * fake clock the check gets exactly half of it, three worker starts (`start`, measured now unless
 * given), at least 0.5 s. A hang burns a core that long: short on an idle machine, longer only when
 * the machine is slow.
 */
export async function hangingCheckTimeoutSeconds(start?: number): Promise<string> {
  return String(Math.max(1, Math.ceil(6 * (start ?? (await workerStartSeconds())))))
}
