/** The action's entry point: the runner executes dist/index.js, built from this file. */
import { start } from './start.js'

await start()
