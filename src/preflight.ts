/**
 * The start of every step, kept light (no @actions/core, no HTTP stack): mask the secrets before
 * anything else is printed, then turn the inputs into a Config. Bad inputs end the step here, with
 * every problem listed (path inputs included) and a failure summary, before any request or heavy
 * module load.
 */
import { appendFile } from 'node:fs/promises'
import { type Config, InputError, parseInputs } from './inputs.js'
import { newReport } from './report.js'
import { createRedactor, maskForms, redactDeep, registerSecrets } from './sanitize.js'
import { renderSummary } from './summary.js'
import { formatCommand, readInput } from './workflow-commands.js'

export type Write = (text: string) => void

/** Every form of the secrets the runner could print: the API key (input or env) and githubToken, as given and trimmed. */
export function secretForms(env: NodeJS.ProcessEnv): string[] {
  const forms: string[] = []
  for (const raw of [env.INPUT_APIKEY ?? '', env.POLYAI_API_KEY ?? '', env.INPUT_GITHUBTOKEN ?? '']) {
    for (const form of new Set([raw, raw.trim()])) if (form !== '' && !forms.includes(form)) forms.push(form)
  }
  return forms
}

/**
 * Masks the secrets with the runner (`::add-mask::`), each with its encoded forms (JSON-escaped,
 * URL-encoded, base64), before anything else is written; and registers them for redaction.
 */
export function maskApiKey(env: NodeJS.ProcessEnv, write: Write): void {
  const secrets = secretForms(env)
  registerSecrets(secrets)
  const masked = new Set<string>()
  for (const form of secrets.flatMap(maskForms)) {
    if (!masked.has(form)) write(formatCommand('add-mask', {}, form))
    masked.add(form)
  }
}

/**
 * Parses the inputs; when they are bad, also checks the path inputs (outside the workspace,
 * missing) so every problem is reported in one round.
 */
async function readConfig(env: NodeJS.ProcessEnv): Promise<Config> {
  const read = (name: string): string => readInput(name, env)
  try {
    return parseInputs(read, env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const { pathProblems } = await import('./files.js')
    const operation = read('operation')
    const paths = (['schemaPath', 'variablesPath'] as const)
      .filter((name) => !(operation === 'upsert-schema' && name === 'variablesPath'))
      .filter((name) => !(operation === 'update-variables' && name === 'schemaPath'))
      .map((name): [string, string] => [name, read(name)])
    const more = await pathProblems(paths, env.GITHUB_WORKSPACE || process.cwd())
    if (operation === 'pull-config' && read('configPath') !== '') {
      const { resolveOutputFolder } = await import('./config/pull-files.js')
      await resolveOutputFolder(read('configPath'), 'configPath', env.GITHUB_WORKSPACE || process.cwd()).catch((e: unknown) => {
        more.push(e instanceof Error ? e.message : String(e))
      })
    }
    throw more.length ? new InputError([...error.problems, ...more]) : error
  }
}

/** Returns the Config, or undefined after failing the step for bad inputs. */
export async function preflight(env: NodeJS.ProcessEnv, write: Write): Promise<Config | undefined> {
  maskApiKey(env, write)
  try {
    return await readConfig(env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const redact = createRedactor(secretForms(env))
    write(formatCommand('error', { title: 'Invalid inputs' }, redact(error.message)))
    process.exitCode = 1
    const report = newReport('The PolyAI step did not start', 'failed')
    report.notes.push('Fix these inputs and run the workflow again; nothing was sent to PolyAI.')
    report.tables.push({ headers: ['Problem'], rows: error.problems.map((p) => [p]) })
    if (env.GITHUB_STEP_SUMMARY) {
      await appendFile(env.GITHUB_STEP_SUMMARY, renderSummary(redactDeep(report, redact)), 'utf8').catch(() => undefined)
    }
    return undefined
  }
}
