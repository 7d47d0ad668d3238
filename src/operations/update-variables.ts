/**
 * update-variables: shallow-merge the repository's values into each environment's page, sending only changed keys.
 */
import { type EnvSync, configPath, syncEach, syncResult } from '../config/outcome.js'
import { checkBudgetMs, type ValuesChecker, withValuesChecker } from '../config/bounded-check.js'
import { sourceFile, maskFileValues } from '../config/checks.js'
import {
  describeSource,
  formatValueProblem,
  MASKED,
  nameList,
  valueChangeLines,
  valueChangeRows,
  valueProblemText
} from '../config/render.js'
import type { ValueProblem } from '../config/validate.js'
import { isNoop, type MergePlan, planMerge } from '../config/values.js'
import { pageObject } from '../config/page.js'
import { withAnnotation, withoutBase } from '../config/base.js'
import { jsonEqual } from '../config/json.js'
import { hasConflicts, mergePage, type PageMerge } from '../config/page-merge.js'
import { afterSchemaWrite } from '../config/sync-apply.js'
import { conflictReason, mergeRows, REPOSITORY, unitLabel } from '../config/three-way.js'
import type { OperationResult, Table } from '../report/report.js'
import type { ConfigPage } from '../core/types.js'
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
  VARIABLES_PATH
} from './operation.js'

export type UpdateVariablesConfig = {
  operation: 'update-variables'
  variablesPath: string
} & ConfigWrite
type Ctx = OperationContext<CommonConfig & UpdateVariablesConfig>

export const updateVariables: OperationSpec<UpdateVariablesConfig> = {
  name: 'update-variables',
  inputs: {
    ...CONFIG_WRITE_INPUTS,
    variablesPath: VARIABLES_PATH
  },
  deploys: false,
  prComment: true,
  outputs: CONFIG_WRITE_OUTPUTS,
  config: (values) => ({ operation: 'update-variables', ...configWrite(values), variablesPath: values.variablesPath }),
  // In a worker stopped in time: a pattern can backtrack for hours (bounded-check.ts).
  run: (ctx) => withValuesChecker((checker) => update(ctx, checker))
}

async function update(ctx: Ctx, checker: ValuesChecker): Promise<OperationResult> {
  const { config, log } = ctx
  const source = ctx.files.variables
  if (!source) throw new Error('update-variables needs the variables file loaded first')
  const mask = config.maskValues
  maskFileValues(source, config.environments, mask)
  const plans: Array<{ env: Environment; before: Record<string, unknown>; plan: MergePlan }> = []
  const refusals: Array<{ env: Environment; problems: ValueProblem[]; patched: Set<string>; unchecked: boolean }> = []
  const notes: string[] = []
  const mergeTables: Table[] = []

  const results = await syncEach(config.environments, async (env): Promise<EnvSync> => {
    const file = sourceFile(source, env, 'values')
    const page = await ctx.client.getConfigPage(env)
    const before = pageObject(page, 'variables', env) ?? {}
    if (mask) registerMaskedValues(before)
    const merge = mergePage({
      pageSchema: pageObject(page, 'schema', env),
      pageValues: before,
      repoValues: file.value,
      apiKey: config.apiKey,
      overwrite: config.overwriteStudioEdits,
      env,
      source: REPOSITORY
    })
    for (const line of merge.lines) {
      log.warning(line)
      notes.push(line)
    }
    const rows = mergeRows(merge.report, mask)
    if (rows.length)
      mergeTables.push({
        caption: `${env}: Studio's edits since the last sync`,
        headers: ['Key', 'What happened', 'Studio', 'repository'],
        rows
      })
    if (hasConflicts(merge)) {
      const reason = conflictReason(env, merge.report.conflicts, mask, REPOSITORY)
      log.info(reason)
      return {
        env,
        status: 'refused',
        page,
        details: `conflicts with Studio's edits: ${nameList(merge.report.conflicts.map(unitLabel))}`,
        reason
      }
    }
    const schema = merge.schema
    const plan = planMerge(before, merge.desired ?? {})
    if (isNoop(plan)) {
      log.info(`${env}: the values already match ${file.path}; nothing to send`)
      return {
        env,
        status: 'unchanged',
        page,
        details: `already has the ${Object.keys(file.value).length} value(s) in ${file.path}`
      }
    }
    const details = [
      plan.added.length ? `added: ${nameList(plan.added)}` : '',
      plan.changed.length ? `changed: ${nameList(plan.changed)}` : ''
    ]
      .filter(Boolean)
      .join('; ')

    if (schema) {
      // In a worker stopped after half the time left: a pattern can backtrack for hours (bounded-check.ts).
      const verdict = await checker.check(schema, plan.merged, checkBudgetMs(ctx))
      if (verdict.status === 'unusable') {
        const note =
          `${env}: the page's schema cannot be used to check the values here (${verdict.reason}); ` +
          `PolyAI checks them when they are sent`
        log.warning(note)
        notes.push(note)
      } else if (verdict.status === 'unfinished' && config.force) {
        const note = `${env}: ${formatValueProblem(verdict.problem)}; sending the values anyway because force is true (PolyAI checks them)`
        log.warning(note)
        notes.push(note)
      } else {
        const unchecked = verdict.status === 'unfinished'
        const problems = verdict.status === 'unfinished' ? [verdict.problem] : verdict.problems
        if (problems.length) {
          const patched = new Set(Object.keys(plan.patch))
          refusals.push({ env, problems, patched, unchecked })
          const named = problems
            .map(
              (p) =>
                formatValueProblem(p, mask) + (unchecked || patched.has(p.variable) ? '' : ' [already on the page]')
            )
            .join('; ')
          const fail = unchecked ? 'could not be checked against' : 'would fail'
          log.info(`${env}: refused: the merged values ${fail} the page's schema: ${named}`)
          return {
            env,
            status: 'refused',
            page,
            details: `merged values ${fail} the schema: ${nameList([...new Set(problems.map((p) => p.variable))])}`,
            reason: unchecked
              ? `The ${env} values after merging ${file.path} could not be checked against ${env}'s schema ` +
                `in time, so nothing was sent: ${named}. Fix that pattern (upsert-schema), or set force: ` +
                `true to send the values anyway (PolyAI checks them).`
              : `The ${env} values after merging ${file.path} would fail ${env}'s schema, so nothing was ` +
                `sent (PolyAI would refuse them): ${named}. Fix the values, change the schema first ` +
                `(upsert-schema), or apply schema and values together with sync-config (it finds an order ` +
                `PolyAI accepts).`
          }
        }
      }
    }
    plans.push({ env, before, plan })
    for (const line of valueChangeLines(before, plan, mask)) log.info(`${env}: ${line}`)
    if (config.dryRun) {
      log.info(
        `Dry run: would send PATCH ${configPath(config.agentId, env, 'variables')} with ${nameList(Object.keys(plan.patch))}`
      )
      return { env, status: 'would update', page, details }
    }
    const after = await ctx.client.patchVariables(env, plan.patch)
    log.info(`${env}: values updated (${details})`)
    const recorded = await recordBase(ctx, env, merge, after)
    notes.push(...recorded.warnings)
    return { env, status: 'updated', page: recorded.page, details }
  })

  const result = syncResult({ subject: 'config values', agentId: config.agentId, dryRun: config.dryRun, results })
  const { report } = result
  report.facts.push(['Agent', config.agentId], ['Values', describeSource(source)])
  if (mask) report.facts.push(['Values shown', `no: maskValues is true, values read ${MASKED}`])
  report.notes.push(...notes.map((n) => `Warning: ${n}`))
  if (config.overwriteStudioEdits)
    report.facts.push(['Studio edits', 'overwritten where they conflict (overwriteStudioEdits: true)'])
  report.tables.push(...mergeTables)
  const order = (env: Environment): number => config.environments.indexOf(env)
  for (const p of plans.sort((a, b) => order(a.env) - order(b.env))) {
    report.tables.push({
      caption: `${p.env}: values ${config.dryRun ? 'that would be ' : ''}added and changed`,
      headers: ['Key', 'Change', 'Before', 'After'],
      rows: valueChangeRows(p.before, p.plan, mask)
    })
  }
  for (const r of refusals.sort((a, b) => order(a.env) - order(b.env))) {
    report.tables.push({
      caption: `${r.env}: merged values that ${r.unchecked ? 'could not be checked against' : 'would fail'} the schema`,
      headers: ['Variable', 'Rule', 'Problem'],
      rows: r.problems.map((p) => [
        p.variable + (r.unchecked || r.patched.has(p.variable) ? '' : ' (already on the page)'),
        p.rule,
        valueProblemText(p, mask)
      ])
    })
  }
  return result
}

/**
 * A PATCH cannot carry the base, so after one that changed values the same schema is PUT again
 * with the new base: only if a read right before shows the schema as it was (a Studio edit to it
 * is never overwritten; the base is then not recorded, and said so).
 */
async function recordBase(
  ctx: Ctx,
  env: Environment,
  merge: PageMerge,
  patched: ConfigPage
): Promise<{ page: ConfigPage; warnings: string[] }> {
  const { log } = ctx
  const warn = (text: string): { page: ConfigPage; warnings: string[] } => {
    log.warning(text)
    return { page: patched, warnings: [text] }
  }
  if (!merge.schema)
    return warn(
      `${env}: the page has no schema, so the base of this sync cannot be kept on it: until a schema is pushed, the next run cannot tell Studio's edits from the repository's changes (the repository wins)`
    )
  const now = await ctx.client.getConfigPage(env)
  if (!jsonEqual(withoutBase(pageObject(now, 'schema', env)), merge.schema))
    return warn(
      `${env}: the schema changed while the step ran (an edit in Studio), so this sync's base was not recorded: the next run decides from the base recorded before`
    )
  const schema = withAnnotation(merge.schema, merge.finalAnnotation)
  const answer = await ctx.client.putSchema(env, schema)
  const check = async (): Promise<[]> => []
  const after = await afterSchemaWrite(
    { client: ctx.client, log, check, mask: ctx.config.maskValues },
    env,
    schema,
    answer
  )
  return { page: after.page, warnings: after.warnings }
}
