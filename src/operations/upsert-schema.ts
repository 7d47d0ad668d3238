/** upsert-schema: make each environment's config schema equal to the repository's, safely. */
import { type EnvSync, configPath, syncEach, syncResult } from '../config/outcome.js'
import {
  changeLine,
  describeSource,
  diffTables,
  formatValueProblem,
  nameList,
  valueProblemText
} from '../config/render.js'
import { checkBudgetMs, type ValuesChecker, withValuesChecker } from '../config/bounded-check.js'
import { problemsOf, stopIfOutOfTime } from '../config/checks.js'
import { diffSchemas, schemaChanged, type SchemaChange } from '../config/diff.js'
import { withAnnotation } from '../config/base.js'
import { hasConflicts, mergePage } from '../config/page-merge.js'
import { afterSchemaWrite } from '../config/sync-apply.js'
import { fileSource } from '../config/sync-source.js'
import { conflictReason, mergeRows } from '../config/three-way.js'
import type { ValueProblem } from '../config/validate.js'
import type { JsonFile } from '../core/files.js'
import type { OperationResult, Table } from '../report/report.js'
import { pageObject } from '../config/page.js'
import { registerMaskedValues } from '../report/sanitize.js'
import type { Environment } from '../core/types.js'
import type { CommonConfig } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import { breakingFact, breakingOf, refusedForBreaking } from '../config/breaking-gate.js'
import {
  CONFIG_WRITE_INPUTS,
  CONFIG_WRITE_OUTPUTS,
  configWrite,
  type ConfigWrite,
  type OperationSpec,
  SCHEMA_PATH
} from './operation.js'

export type UpsertSchemaConfig = {
  operation: 'upsert-schema'
  schemaPath: string
  failOnBreaking: boolean
} & ConfigWrite
type Ctx = OperationContext<CommonConfig & UpsertSchemaConfig>

export const upsertSchema: OperationSpec<UpsertSchemaConfig> = {
  name: 'upsert-schema',
  inputs: {
    ...CONFIG_WRITE_INPUTS,
    schemaPath: SCHEMA_PATH,
    failOnBreaking: true
  },
  deploys: false,
  prComment: true,
  outputs: [...CONFIG_WRITE_OUTPUTS, 'breakingChanges'],
  config: (values) => ({
    operation: 'upsert-schema',
    ...configWrite(values),
    schemaPath: values.schemaPath,
    failOnBreaking: values.failOnBreaking
  }),
  // In a worker stopped in time: a pattern can backtrack for hours (bounded-check.ts).
  run: (ctx) => withValuesChecker((checker) => upsert(ctx, checker))
}

async function upsert(ctx: Ctx, checker: ValuesChecker): Promise<OperationResult> {
  const { config, log } = ctx
  const source = ctx.files.schema
  if (!source) throw new Error('upsert-schema needs the schema file loaded first')
  const mask = config.maskValues
  const pushed = await fileSource(config.environments, source, undefined, checker, () => checkBudgetMs(ctx), mask)
  const { warnings, notices } = pushed
  for (const w of warnings) log.warning(w)
  for (const n of notices) log.info(n)
  const diffs: Array<{ env: Environment; changes: SchemaChange[] }> = []
  const refusals: Array<{ env: Environment; problems: ValueProblem[]; forced: boolean; unchecked: boolean }> = []
  const mergeNotes: string[] = []
  const mergeTables: Table[] = []

  const planned = new Map<
    Environment,
    { file: JsonFile; schema: Record<string, unknown>; details: string; forced: boolean }
  >()
  const plannedResults = await syncEach(config.environments, async (env): Promise<EnvSync> => {
    const file = pushed.forEnv(env).schema as JsonFile
    const page = await ctx.client.getConfigPage(env)
    const values = pageObject(page, 'variables', env) ?? {}
    if (mask) registerMaskedValues(values)
    const merge = mergePage({
      pageSchema: pageObject(page, 'schema', env),
      pageValues: values,
      repoSchema: file.value,
      apiKey: config.apiKey,
      overwrite: config.overwriteStudioEdits,
      env,
      source: pushed.words
    })
    for (const line of merge.lines) log.warning(line)
    mergeNotes.push(...merge.lines)
    const rows = mergeRows(merge.report, mask)
    if (rows.length)
      mergeTables.push({
        caption: `${env}: Studio's edits since the last sync`,
        headers: ['Schema part', 'What happened', 'Studio', 'repository'],
        rows
      })
    const current = merge.schema
    const target = merge.targetSchema as Record<string, unknown>
    if (hasConflicts(merge)) {
      const changes = diffSchemas(current, target)
      stopIfOutOfTime(
        ctx.deadline,
        `comparing ${env}'s schema with ${file.path} (diff and breaking-change classification)`
      )
      if (changes.length) diffs.push({ env, changes })
      const reason = conflictReason(env, merge.report.conflicts, mask, pushed.words)
      log.info(reason)
      return { env, status: 'refused', page, details: "conflicts with Studio's edits", reason }
    }
    if (!schemaChanged(current, target)) {
      log.info(`${env}: the schema already matches ${file.path}; nothing to send`)
      return { env, status: 'unchanged', page, details: `already matches ${file.path}` }
    }
    const changes = diffSchemas(current, target)
    stopIfOutOfTime(
      ctx.deadline,
      `comparing ${env}'s schema with ${file.path} (diff and breaking-change classification)`
    )
    diffs.push({ env, changes })
    log.info(`${env}: the schema differs from ${file.path}: ${changeLine(changes)}`)

    // In a worker stopped after half the time left: a pattern can backtrack for hours (bounded-check.ts).
    const verdict = await checker.check(target, values, checkBudgetMs(ctx))
    const problems = problemsOf(verdict)
    const unchecked = verdict.status === 'unfinished'
    const breaking = changes.filter((c) => c.impact === 'breaking').length
    const count = `${changes.length} change${changes.length === 1 ? '' : 's'}${breaking ? ` (${breaking} breaking)` : ''}`
    let forcedNote = ''
    if (problems.length) {
      const named = problems.map((p) => formatValueProblem(p, mask)).join('; ')
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
            ? `The current ${env} values could not be checked against the new schema in ${file.path} in ` +
              `time, so it was not pushed: ${named}. Fix that pattern, or set force: true to push the ` +
              `schema anyway.`
            : `The current ${env} values fail the new schema in ${file.path}, so it was not pushed ` +
              `(PolyAI refuses to publish while values fail the schema): ${named}. Update those values ` +
              `first (update-variables), apply schema and values together with sync-config (it finds an ` +
              `order PolyAI accepts), or set force: true to push the schema anyway.`
        }
      }
      log.warning(
        `${env}: the current values ${fail} the new schema (${named}); pushing it anyway because force is true`
      )
      forcedNote = `; forced although the current values ${unchecked ? 'could not be checked' : 'fail it'}`
    }
    planned.set(env, {
      file,
      schema: withAnnotation(target, merge.finalAnnotation),
      details: `${count}${forcedNote}`,
      forced: problems.length > 0
    })
    return { env, status: 'would update', page, details: `${count}${forcedNote}` }
  })

  const order = (env: Environment): number => config.environments.indexOf(env)
  diffs.sort((a, b) => order(a.env) - order(b.env))
  const breakingChanges = breakingOf(diffs)
  let results = plannedResults
  const refused = refusedForBreaking(
    config,
    breakingChanges,
    plannedResults,
    { nothingSent: 'no schema was pushed', forceVerb: 'push' },
    log
  )
  if (refused) {
    results = refused
  } else if (!config.dryRun) {
    const written = await syncEach([...planned.keys()], async (env): Promise<EnvSync> => {
      const { file, schema, details, forced } = planned.get(env) as NonNullable<ReturnType<typeof planned.get>>
      const answer = await ctx.client.putSchema(env, schema)
      log.info(`${env}: schema updated from ${file.path}`)
      // Forced over values that fail it, the page is known to fail; otherwise a Studio edit in between must not pass silently.
      const check = async (s: Record<string, unknown>, v: Record<string, unknown>) =>
        forced ? [] : problemsOf(await checker.check(s, v, checkBudgetMs(ctx)))
      const after = await afterSchemaWrite({ client: ctx.client, log, check, mask }, env, schema, answer)
      mergeNotes.push(...after.warnings)
      if (after.problems)
        return { env, status: 'failed', page: after.page, details, reason: after.problems, wrote: true }
      return { env, status: 'updated', page: after.page, details }
    })
    results = plannedResults.map((r) => written.find((w) => w.env === r.env) ?? r)
  } else {
    for (const env of planned.keys()) {
      log.info(
        `Dry run: would send PUT ${configPath(config.agentId, env, 'schema')} with the schema in ${planned.get(env)?.file.path ?? ''}`
      )
    }
  }

  const result = syncResult({ subject: 'config schema', agentId: config.agentId, dryRun: config.dryRun, results })
  result.outputs.breakingChanges = breakingChanges
  const { report } = result
  report.facts.push(['Agent', config.agentId], ['Schema', describeSource(source)])
  if (config.force)
    report.facts.push(['Force', 'true: values that fail the new schema and breaking changes do not stop the push'])
  breakingFact(report, breakingChanges, config.failOnBreaking)
  report.notes.push(
    ...warnings.map((w) => `Warning: ${w}`),
    ...notices.map((n) => `Note: ${n}`),
    ...mergeNotes.map((n) => `Warning: ${n}`)
  )
  if (config.overwriteStudioEdits)
    report.facts.push(['Studio edits', 'overwritten where they conflict (overwriteStudioEdits: true)'])
  report.tables.push(...mergeTables)
  report.tables.push(...diffTables(diffs))
  if (breakingChanges.length) {
    report.tables.push({
      caption: 'Breaking changes',
      headers: ['Environment', 'Pointer', 'Change', 'Reason'],
      rows: breakingChanges.map((b) => [b.environment, b.pointer || '(root)', b.change, b.reason])
    })
  }
  for (const r of refusals.sort((a, b) => order(a.env) - order(b.env))) {
    report.tables.push({
      caption:
        `${r.env}: current values that ${r.unchecked ? 'could not be checked against' : 'fail'} the ` +
        `new schema${r.forced ? ' (pushed anyway: force)' : ''}`,
      headers: ['Variable', 'Rule', 'Problem'],
      rows: r.problems.map((p) => [p.variable, p.rule, valueProblemText(p, mask)])
    })
  }
  return result
}
