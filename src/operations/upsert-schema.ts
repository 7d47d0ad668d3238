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
import { checkSchemaFiles, stopIfOutOfTime, problemsOf, sourceFile } from '../config/checks.js'
import { diffSchemas, schemaChanged, type SchemaChange } from '../config/diff.js'
import type { ValueProblem } from '../config/validate.js'
import type { JsonFile } from '../core/files.js'
import type { OperationResult } from '../report/report.js'
import { breakingFact, breakingOf, refusedForBreaking } from '../config/breaking-gate.js'
import { pageObject } from '../config/page.js'
import { registerMaskedValues } from '../report/sanitize.js'
import type { Environment } from '../core/types.js'
import type { CommonConfig } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
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
  const { warnings, notices } = await checkSchemaFiles(
    checker,
    config.environments.map((env) => sourceFile(source, env, 'schema')),
    () => checkBudgetMs(ctx)
  )
  for (const w of warnings) log.warning(w)
  for (const n of notices) log.info(n)
  const diffs: Array<{ env: Environment; changes: SchemaChange[] }> = []
  const refusals: Array<{ env: Environment; problems: ValueProblem[]; forced: boolean; unchecked: boolean }> = []

  const planned = new Map<Environment, { file: JsonFile; details: string }>()
  const plannedResults = await syncEach(config.environments, async (env): Promise<EnvSync> => {
    const file = sourceFile(source, env, 'schema')
    const page = await ctx.client.getConfigPage(env)
    const current = pageObject(page, 'schema', env)
    const values = pageObject(page, 'variables', env) ?? {}
    if (mask) registerMaskedValues(values)
    if (!schemaChanged(current, file.value)) {
      log.info(`${env}: the schema already matches ${file.path}; nothing to send`)
      return { env, status: 'unchanged', page, details: `already matches ${file.path}` }
    }
    const changes = diffSchemas(current, file.value)
    stopIfOutOfTime(
      ctx.deadline,
      `comparing ${env}'s schema with ${file.path} (diff and breaking-change classification)`
    )
    diffs.push({ env, changes })
    log.info(`${env}: the schema differs from ${file.path}: ${changeLine(changes)}`)

    // In a worker stopped after half the time left: a pattern can backtrack for hours (bounded-check.ts).
    const verdict = await checker.check(file.value, values, checkBudgetMs(ctx))
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
    planned.set(env, { file, details: `${count}${forcedNote}` })
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
      const { file, details } = planned.get(env) as { file: JsonFile; details: string }
      const after = await ctx.client.putSchema(env, file.value)
      log.info(`${env}: schema updated from ${file.path}`)
      return { env, status: 'updated', page: after, details }
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
  report.notes.push(...warnings.map((w) => `Warning: ${w}`), ...notices.map((n) => `Note: ${n}`))
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
