/**
 * pull-config: write each environment's config page in PolyAI's CLI layout under configPath, only files that
 * change.
 */
import { checkSchemaDocument } from '../config/validate.js'
import { pageObject } from '../config/page.js'
import { formatProblem } from '../config/render.js'
import { checkDistinct, writeIfChanged, jsonFileText } from '../config/pull-files.js'
import { CLI_FOLDERS } from '../core/files.js'
import { newReport, type OperationResult } from '../report/report.js'
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
  run: pull
}

async function pull(ctx: OperationContext<CommonConfig & PullConfigConfig>): Promise<OperationResult> {
  const { config, log } = ctx
  const folder = ctx.files.configFolder
  if (!folder) throw new Error('pull-config needs its folder resolved first')
  const envs = config.environments
  const pages = await Promise.all(
    envs.map((env): Promise<[Environment, ConfigPage]> => ctx.client.getConfigPage(env).then((p) => [env, p]))
  )

  const rows: string[][] = []
  const notes: string[] = []
  const planned: Array<{ env: Environment; rel: string; text: string }> = []
  for (const [env, page] of pages) {
    // Written as the CLI's files: each must be a JSON object (absent or null is "nothing yet").
    const schema = pageObject(page, 'schema', env)
    const variables = pageObject(page, 'variables', env)
    if (schema) {
      planned.push({ env, rel: `${CLI_FOLDERS[env]}/schema.json`, text: jsonFileText(schema) })
      // The round trip holds only for a schema the push operations accept: say so now, not at the push.
      const problems = checkSchemaDocument(schema).errors
      if (problems.length) {
        const shown =
          folder.rel === '.' ? `${CLI_FOLDERS[env]}/schema.json` : `${folder.rel}/${CLI_FOLDERS[env]}/schema.json`
        const note = `${env}: the schema pulled into ${shown} is not one upsert-schema or sync-config will push back (${problems.map(formatProblem).join('; ')}); fix it in Studio or in the file`
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
        failure = `configPath: could not write ${shown} (${reasonOf(error)}); ${changedFiles.length ? `written before it: ${changedFiles.join(', ')}` : 'nothing was written'}. Check that the folder is writable, then run pull-config again.`
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
          `Plan: pull config of agent ${config.agentId} into ${where}: ${changedFiles.length ? `would write ${changedFiles.length} file(s)` : 'no changes'}`,
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
    outputs: { changed: written, changedFiles, configPages: pages.map(([, p]) => p) },
    report,
    ...(failure ? { failure } : {})
  }
}

/** An OS error's message ("EACCES: permission denied, open '…'"), from whichever realm it came. */
function reasonOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : String(error)
}
