/** The start of every step: mask the secrets, then turn the inputs into a Config; bad inputs end the step here. */
import { type Config, InputError, parseInputs } from './inputs.js'
import { isOperation, REGISTRY } from '../operations/registry.js'
import { pathProblems } from '../core/files.js'
import { resolveOutputFolder } from '../config/pull-files.js'
import { newReport } from '../report/report.js'
import type { Runner } from '../github/runner.js'
import { createRedactor, maskForms, redactDeep, registerSecrets } from '../report/sanitize.js'
import { renderSummary } from '../report/summary.js'

/** Every form of the secrets the runner could print: the API key (input or env) and githubToken, as given and trimmed. */
export function secretForms(env: NodeJS.ProcessEnv): string[] {
  const forms: string[] = []
  for (const raw of [env.INPUT_APIKEY ?? '', env.POLYAI_API_KEY ?? '', env.INPUT_GITHUBTOKEN ?? '']) {
    for (const form of new Set([raw, raw.trim()])) if (form !== '' && !forms.includes(form)) forms.push(form)
  }
  return forms
}

/**
 * Masks the secrets with the runner, each with its encoded forms (JSON-escaped, URL-encoded,
 * base64), before anything else is written; and registers them for redaction.
 */
export function maskSecrets(runner: Runner): void {
  const secrets = secretForms(runner.env)
  registerSecrets(secrets)
  const masked = new Set<string>()
  for (const form of secrets.flatMap(maskForms)) {
    if (!masked.has(form)) runner.setSecret(form)
    masked.add(form)
  }
}

/**
 * Parses the inputs; when they are bad, also checks the path inputs (outside the workspace,
 * missing) so every problem is reported in one round.
 */
async function readConfig(runner: Runner): Promise<Config> {
  const read = (name: string): string => runner.getInput(name)
  try {
    return parseInputs(read, runner.env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const operation = read('operation')
    const uses = isOperation(operation) ? REGISTRY[operation].inputs : undefined
    // The file inputs the operation reads (both when it reads neither, or is unknown).
    const reads = uses && (uses.schemaPath || uses.variablesPath)
    const paths = (['schemaPath', 'variablesPath'] as const)
      .filter((name) => !reads || uses[name])
      .map((name): [string, string] => [name, read(name)])
    const workspace = runner.env.GITHUB_WORKSPACE || process.cwd()
    const more = await pathProblems(paths, workspace)
    if (uses?.configPath && read('configPath') !== '') {
      await resolveOutputFolder(read('configPath'), 'configPath', workspace).catch((e: unknown) => {
        more.push(e instanceof Error ? e.message : String(e))
      })
    }
    throw more.length ? new InputError([...error.problems, ...more]) : error
  }
}

/** Masks the secrets, then returns the Config, or undefined after failing the step for bad inputs. */
export async function preflight(runner: Runner): Promise<Config | undefined> {
  maskSecrets(runner)
  const secrets = secretForms(runner.env)
  try {
    return await readConfig(runner)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const redact = createRedactor(secrets)
    runner.fail(redact(error.message), { title: 'Invalid inputs' })
    const report = newReport('The PolyAI step did not start', 'failed')
    report.notes.push('Fix these inputs and run the workflow again; nothing was sent to PolyAI.')
    report.tables.push({ headers: ['Problem'], rows: error.problems.map((p) => [p]) })
    await runner.appendSummary(renderSummary(redactDeep(report, redact))).catch(() => undefined)
    return undefined
  }
}
