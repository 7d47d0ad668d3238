/**
 * The start of every step, kept light (no @actions/core, no HTTP stack): mask the API key before
 * anything else is printed, then turn the inputs into a Config. Bad inputs end the step here, with
 * every problem listed and a failure summary, before any request or heavy module load.
 */
import { appendFile } from 'node:fs/promises'
import { type Config, InputError, parseInputs } from './inputs.js'
import { newReport } from './report.js'
import { renderSummary } from './summary.js'
import { formatCommand, readInput } from './workflow-commands.js'

export type Write = (text: string) => void

/** Masks every form of the secrets the runner could print (as given, and trimmed): the API key and githubToken. */
export function maskApiKey(env: NodeJS.ProcessEnv, write: Write): void {
  for (const raw of [env.INPUT_APIKEY ?? '', env.POLYAI_API_KEY ?? '', env.INPUT_GITHUBTOKEN ?? '']) {
    for (const form of new Set([raw, raw.trim()])) {
      if (form !== '') write(formatCommand('add-mask', {}, form))
    }
  }
}

/** Returns the Config, or undefined after failing the step for bad inputs. */
export async function preflight(env: NodeJS.ProcessEnv, write: Write): Promise<Config | undefined> {
  maskApiKey(env, write)
  try {
    return parseInputs((name) => readInput(name, env), env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    write(formatCommand('error', { title: 'Invalid inputs' }, error.message))
    process.exitCode = 1
    const report = newReport('The PolyAI step did not start', 'failed')
    report.notes.push('Fix these inputs and run the workflow again; nothing was sent to PolyAI.')
    report.tables.push({ headers: ['Problem'], rows: error.problems.map((p) => [p]) })
    if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, renderSummary(report), 'utf8').catch(() => undefined)
    return undefined
  }
}
