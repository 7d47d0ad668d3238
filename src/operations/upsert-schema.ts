/**
 * upsert-schema: make each named environment's config schema equal to the repository's, safely.
 * Every schema file is checked as draft-07 before any request. Then, per environment and
 * concurrently: read the page; an equal schema (key order ignored) sends nothing; a different one
 * is pushed only if the page's current values pass it (force overrides), since values that fail
 * live's schema block the next publish.
 */
import { type EnvSync, configPath, syncEach, syncResult } from '../config/outcome.js'
import { changeLine, describeSource, diffTables, formatProblem, formatValueProblem, nameList } from '../config/render.js'
import { diffSchemas, schemaChanged, type SchemaChange } from '../config/diff.js'
import { checkBudgetMs, ValuesChecker } from '../config/bounded-check.js'
import type { ValueProblem } from '../config/validate.js'
import { FileInputError, fileFor, type JsonFile, type JsonSource } from '../files.js'
import type { OperationResult } from '../report.js'
import type { Environment } from '../types.js'
import type { OperationContext } from './context.js'

type Validate = typeof import('../config/validate.js')

/** The upsert-schema operation (see the module comment). */
export async function upsertSchema(ctx: OperationContext): Promise<OperationResult> {
  const source = ctx.files.schema
  if (!source) throw new Error('upsert-schema needs the schema file loaded first')
  // Started first, so it is ready when the files are checked and the pages read.
  const checker = new ValuesChecker()
  checker.warm()
  try {
    return await sync(ctx, source, checker)
  } finally {
    await checker.close()
  }
}

async function sync(ctx: OperationContext, source: JsonSource, checker: ValuesChecker): Promise<OperationResult> {
  const { config, log } = ctx
  const validate: Validate = await import('../config/validate.js')
  const targets = config.environments.map((env) => ({ env, file: schemaFileFor(source, env) }))
  const { warnings, notices } = checkSchemaFiles(validate, [...new Set(targets.map((t) => t.file))])
  for (const w of warnings) log.warning(w)
  for (const n of notices) log.info(n)

  const diffs: Array<{ env: Environment; changes: SchemaChange[] }> = []
  const refusals: Array<{ env: Environment; problems: ValueProblem[]; forced: boolean; unchecked: boolean }> = []

  const results = await syncEach(config.environments, async (env): Promise<EnvSync> => {
    const file = schemaFileFor(source, env)
    const page = await ctx.client.getConfigPage(env)
    if (!schemaChanged(page.schema, file.value)) {
      log.info(`${env}: the schema already matches ${file.path}; nothing to send`)
      return { env, status: 'unchanged', page, details: `already matches ${file.path}` }
    }
    const changes = diffSchemas(page.schema, file.value)
    diffs.push({ env, changes })
    log.info(`${env}: the schema differs from ${file.path}: ${changeLine(changes)}`)

    const verdict = await checker.check(file.value, page.variables ?? {}, checkBudgetMs(ctx))
    const problems: ValueProblem[] =
      verdict.status === 'checked'
        ? verdict.problems
        : verdict.status === 'unfinished'
          ? [verdict.problem]
          : [{ variable: '(all values)', pointer: '', rule: 'compile', message: `the values cannot be checked: ${verdict.reason}` }]
    const unchecked = verdict.status === 'unfinished'
    const count = `${changes.length} change${changes.length === 1 ? '' : 's'}`
    let forcedNote = ''
    if (problems.length) {
      const named = problems.map(formatValueProblem).join('; ')
      refusals.push({ env, problems, forced: config.force, unchecked })
      const fail = unchecked ? 'could not be checked against' : 'fail'
      if (!config.force) {
        log.info(`${env}: refused: the current values ${fail} the new schema: ${named}`)
        return {
          env,
          status: 'refused',
          page,
          details: `current values ${fail} the new schema: ${nameList([...new Set(problems.map((p) => p.variable))])}`,
          reason: unchecked
            ? `The current ${env} values could not be checked against the new schema in ${file.path} in time, so it was not pushed: ${named}. Fix that pattern, or set force: true to push the schema anyway.`
            : `The current ${env} values fail the new schema in ${file.path}, so it was not pushed (PolyAI refuses to publish while values fail the schema): ${named}. Update those values first (update-variables), or set force: true to push the schema anyway.`
        }
      }
      log.warning(`${env}: the current values ${fail} the new schema (${named}); pushing it anyway because force is true`)
      forcedNote = `; forced although the current values ${unchecked ? 'could not be checked' : 'fail it'}`
    }
    if (config.dryRun) {
      log.info(`Dry run: would send PUT ${configPath(config.agentId, env, 'schema')} with the schema in ${file.path}`)
      return { env, status: 'would update', page, details: `${count}${forcedNote}` }
    }
    const after = await ctx.client.putSchema(env, file.value)
    log.info(`${env}: schema updated from ${file.path}`)
    return { env, status: 'updated', page: after, details: `${count}${forcedNote}` }
  })

  const result = syncResult({ subject: 'config schema', agentId: config.agentId, dryRun: config.dryRun, results })
  const { report } = result
  report.facts.push(['Agent', config.agentId], ['Schema', describeSource(source)])
  if (config.force) report.facts.push(['Force', 'true: values that fail the new schema do not stop the push'])
  report.notes.push(...warnings.map((w) => `Warning: ${w}`), ...notices.map((n) => `Note: ${n}`))
  const order = (env: Environment): number => config.environments.indexOf(env)
  report.tables.push(...diffTables(diffs.sort((a, b) => order(a.env) - order(b.env))))
  for (const r of refusals.sort((a, b) => order(a.env) - order(b.env))) {
    report.tables.push({
      caption: `${r.env}: current values that ${r.unchecked ? 'could not be checked against' : 'fail'} the new schema${r.forced ? ' (pushed anyway: force)' : ''}`,
      headers: ['Variable', 'Rule', 'Problem'],
      rows: r.problems.map((p) => [p.variable, p.rule, p.message])
    })
  }
  return result
}

function schemaFileFor(source: JsonSource, env: Environment): JsonFile {
  const file = fileFor(source, env)
  if (!file) throw new Error(`no schema file was loaded for ${env}`)
  return file
}

/**
 * Checks every schema file as draft-07 before anything is sent: throws one FileInputError listing
 * every problem (file, JSON pointer, rule), or returns the warnings and notices.
 */
function checkSchemaFiles(validate: Validate, files: JsonFile[]): { warnings: string[]; notices: string[] } {
  const errors: string[] = []
  const warnings: string[] = []
  const notices: string[] = []
  let first: JsonFile | undefined
  for (const file of files) {
    const check = validate.checkSchemaDocument(file.value)
    if (check.errors.length) first ??= file
    errors.push(...check.errors.map((p) => `${file.path} ${formatProblem(p)}`))
    warnings.push(...check.warnings.map((p) => `${file.path} ${formatProblem(p)}`))
    notices.push(...check.notices.map((p) => `${file.path} ${formatProblem(p)}`))
  }
  if (errors.length && first) {
    throw new FileInputError(
      `schemaPath: ${errors.length === 1 ? 'the schema is' : `the schema has ${errors.length} problems, it is`} not a valid draft-07 JSON Schema, so nothing was sent:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
      { file: first.path }
    )
  }
  return { warnings, notices }
}
