/**
 * The step from start to end: the light preflight (mask the key, check inputs) and only then, for
 * good inputs, the full action, loaded on demand with its HTTP stack and @actions/core.
 */
import { preflight } from './preflight.js'
import type { RunOptions } from './main.js'

export async function start(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  const config = await preflight(env, (text) => process.stdout.write(text))
  if (!config) return
  const { run } = await import('./main.js')
  await run(config, options)
}
