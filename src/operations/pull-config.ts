/**
 * pull-config: write each environment's config page in PolyAI's CLI layout under configPath, only files that
 * change.
 */
import { checkBudgetMs, withValuesChecker, type ValuesChecker } from '../config/bounded-check.js'
import { pageObject } from '../config/page.js'
import { pageWithoutBase, withoutBase } from '../config/base.js'
import { checkSchemaBounded } from '../config/checks.js'
import { formatProblem } from '../config/render.js'
import { checkDistinct, writeIfChanged, jsonFileText } from '../config/pull-files.js'
import { CLI_FOLDERS, MAX_FILE_BYTES, MAX_NESTING } from '../core/files.js'
import { nestingDepth } from '../core/json-syntax.js'
import { newReport, type OperationResult } from '../report/report.js'
import { redactSecrets } from '../report/sanitize.js'
import { StepError } from '../core/errors.js'
import { type ConfigPage, type Environment, ENVIRONMENTS } from '../core/types.js'
import type { CommonConfig, MultiEnvironment } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import { multiEnvironment, type OperationSpec } from './operation.js'

export type PullConfigConfig = { operation: 'pull-config'; configPath: string } & MultiEnvironment

export const pullConfig: OperationSpec<PullConfigConfig> = {
  name: 'pull-config',
  inputs: { targetEnvironment: { many: true, default: ENVIRONMENTS }, configPath: true, dryRun: true },
  deploys: false,
  prComment: false,
  outputs: ['changedFiles', 'configPages'],
  config: (values) => ({ operation: 'pull-config', ...multiEnvironment(values), configPath: values.configPath }),
  run: (ctx) => withValuesChecker((checker) => pull(ctx, checker))
}

/**
 * Why the push operations would refuse this file as written (over 1 MiB, nested deeper than 64
 * levels), or undefined: said at the pull, not discovered at the push.
 */
function pushLimit(text: string): string | undefined {
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_FILE_BYTES) return `it is ${bytes} bytes, over the ${MAX_FILE_BYTES}-byte (1 MiB) limit`
  const { depth } = nestingDepth(text, MAX_NESTING)
  return depth > MAX_NESTING ? `it nests deeper than ${MAX_NESTING} levels` : undefined
}

async function pull(
  ctx: OperationContext<CommonConfig & PullConfigConfig>,
  checker: ValuesChecker
): Promise<OperationResult> {
  const { config, log } = ctx
  const folder = ctx.files.configFolder
  if (!folder) throw new Error('pull-config needs its folder resolved first')
  const envs = config.environments
  // The base annotation is the action's own: pulled files and outputs never hold it (a push of them then
  // conflicts with nothing). Pages are read as answered (their fields checked there), the annotation left out after.
  const pages = await Promise.all(
    envs.map((env): Promise<[Environment, ConfigPage]> => ctx.client.getConfigPage(env).then((p) => [env, p]))
  )

  const rows: string[][] = []
  const notes: string[] = []
  const planned: Array<{ env: Environment; rel: string; text: string }> = []
  for (const [env, page] of pages) {
    // Written as the CLI's files: each must be a JSON object (absent or null is "nothing yet").
    const schema = withoutBase(pageObject(page, 'schema', env))
    const variables = pageObject(page, 'variables', env)
    const shownPath = (rel: string): string => (folder.rel === '.' ? rel : `${folder.rel}/${rel}`)
    if (schema) {
      const rel = `${CLI_FOLDERS[env]}/schema.json`
      planned.push({ env, rel, text: jsonFileText(schema) })
      // The round trip holds only for a schema the push operations accept: say so now, not at the push.
      // A large one is checked in the bounded worker: a schema of 100,000 properties takes ajv a minute.
      const verdict = await checkSchemaBounded(checker, schema, checkBudgetMs(ctx))
      const problems = verdict.status === 'checked' ? verdict.check.errors : []
      if (verdict.status === 'unfinished') {
        const note =
          `${env}: the schema pulled into ${shownPath(rel)} was being checked as draft-07 (ajv, work ` +
          `done here, not a request), and it ${verdict.reason}; it is written unchecked, and ` +
          `upsert-schema or sync-config will check it (with their own timeoutSeconds) before pushing ` +
          `it back`
        log.warning(note)
        notes.push(note)
      }
      if (problems.length) {
        const note =
          `${env}: the schema pulled into ${shownPath(rel)} is not one upsert-schema or sync-config ` +
          `will push back (${problems.map(formatProblem).join('; ')}); fix it in Studio or in the ` +
          `file`
        log.warning(note)
        notes.push(note)
      }
    } else {
      const note = `${env} has no schema: ${CLI_FOLDERS[env]}/schema.json was not written (an existing one is left as it is)`
      log.warning(note)
      notes.push(note)
      rows.push([env, `${CLI_FOLDERS[env]}/schema.json`, 'skipped: no schema on the page'])
    }
    planned.push({ env, rel: `${CLI_FOLDERS[env]}/data.json`, text: jsonFileText(variables ?? {}) })
  }
  // A file the push operations would refuse is still written (it is what the page holds), and said so now.
  for (const f of planned) {
    const limit = pushLimit(f.text)
    if (!limit) continue
    const note =
      `${f.env}: ${folder.rel === '.' ? f.rel : `${folder.rel}/${f.rel}`} is written, but ` +
      `upsert-schema, update-variables and sync-config will refuse it as it is: ${limit}`
    log.warning(note)
    notes.push(note)
  }
  // Pages are written as they are (never redacted), so a page that holds the key is not written into the repository.
  const leaking = planned.filter((f) => redactSecrets(f.text) !== f.text)
  if (leaking.length) {
    throw new StepError(
      `pull-config: ${leaking.map((f) => `${f.env}'s ${f.rel}`).join(', ')} would hold the API ` +
        `key or githubToken (or part of one), as the page holds it; nothing was written. Remove the ` +
        `secret from the page in PolyAI Studio, then pull again.`
    )
  }
  // Every target is checked (links, non-files) before the first write, so a refusal writes nothing.
  const changes = await Promise.all(planned.map((f) => writeIfChanged(folder, f.rel, f.text, true)))
  await checkDistinct(
    folder,
    planned.map((f) => f.rel)
  )
  const changedFiles: string[] = []
  let failure: string | undefined
  for (const [i, f] of planned.entries()) {
    const shown = folder.rel === '.' ? f.rel : `${folder.rel}/${f.rel}`
    if (failure) {
      rows.push([f.env, f.rel, changes[i] ? 'not written' : 'unchanged'])
      continue
    }
    if (changes[i] && !config.dryRun) {
      try {
        await writeIfChanged(folder, f.rel, f.text, false)
      } catch (error) {
        // The disk said no (read-only, full…): stop here and say what is already written.
        failure =
          `configPath: could not write ${shown} (${reasonOf(error)}); ` +
          `${changedFiles.length ? `written before it: ${changedFiles.join(', ')}` : 'nothing was written'}. Check that ` +
          `the folder is writable, then run pull-config again.`
        log.info(failure)
        rows.push([f.env, f.rel, 'failed'])
        continue
      }
    }
    if (changes[i]) changedFiles.push(shown)
    const result = changes[i] ? (config.dryRun ? 'would be written' : 'written') : 'unchanged'
    log.info(`${shown}: ${result}`)
    rows.push([f.env, f.rel, result])
  }

  const where = `${folder.rel} (${envs.join(', ')})`
  const written = changedFiles.length > 0 && !config.dryRun
  const report = failure
    ? newReport(
        `Pulling the config of agent ${config.agentId} into ${where} failed: ${changedFiles.length} file(s) written`,
        'failed'
      )
    : config.dryRun
      ? newReport(
          `Plan: pull config of agent ${config.agentId} into ${where}: ` +
            `${changedFiles.length ? `would write ${changedFiles.length} file(s)` : 'no changes'}`,
          'dry run'
        )
      : written
        ? newReport(
            `Pulled the config of agent ${config.agentId} into ${where}: ${changedFiles.length} file(s) written`
          )
        : newReport(`Pulled the config of agent ${config.agentId} into ${where}: no changes`, 'unchanged')
  if (config.dryRun) report.notes.push('Dry run: no file was written.')
  report.notes.push(...notes.map((n) => `Warning: ${n}`))
  report.facts.push(['Agent', config.agentId], ['Folder', folder.rel])
  report.tables.push({ caption: 'Files', headers: ['Environment', 'File', 'Result'], rows })
  return {
    outputs: { changed: written, changedFiles, configPages: pages.map(([, p]) => pageWithoutBase(p)) },
    report,
    ...(failure ? { failure } : {})
  }
}

/** An OS error's message ("EACCES: permission denied, open '…'"), from whichever realm it came. */
function reasonOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : String(error)
}
