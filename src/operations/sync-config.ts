/**
 * sync-config: make each environment's page hold the repository's (or sourceEnvironment's) schema
 * and values, merged three-way against the last sync's base, in an order the API accepts.
 */
import { checkBudgetMs, type ValuesChecker, withValuesChecker } from '../config/bounded-check.js'
import { pageObject } from '../config/page.js'
import { diffSchemas, type SchemaChange } from '../config/diff.js'
import { type EnvSync, syncEach, syncResult } from '../config/outcome.js'
import { hasConflicts, mergePage } from '../config/page-merge.js'
import { diffTables, formatValueProblem, MASKED, nameList, valueChangeRows } from '../config/render.js'
import { applyPhases } from '../config/sync-apply.js'
import { registerMaskedValues } from '../report/sanitize.js'
import { stopIfOutOfTime } from '../config/checks.js'
import {
  annotate,
  phaseWhat,
  problemTable,
  refusalFix,
  request,
  type State,
  staysLines
} from '../config/sync-writes.js'
import { orderReason, type Phase, planSync } from '../config/sync-plan.js'
import { fileSource, pageSource } from '../config/sync-source.js'
import { conflictReason, mergeRows, unitLabel } from '../config/three-way.js'
import type { CheckValues } from '../config/transition.js'
import type { OperationResult, Table } from '../report/report.js'
import type { ConfigPage, Environment } from '../core/types.js'
import type { CommonConfig } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import { breakingFact, breakingOf, refusedForBreaking } from '../config/breaking-gate.js'
import {
  CONFIG_WRITE_INPUTS,
  CONFIG_WRITE_OUTPUTS,
  configWrite,
  type ConfigWrite,
  type OperationSpec,
  SCHEMA_PATH,
  VARIABLES_PATH
} from './operation.js'

/**
 * sync-config pushes schema and values together, in the order that keeps every step valid: the
 * repository's files, or (sourceEnvironment; the paths are then '') another environment's page.
 */
export type SyncConfigConfig = {
  operation: 'sync-config'
  schemaPath: string
  variablesPath: string
  sourceEnvironment?: Environment
  failOnBreaking: boolean
} & ConfigWrite
type Ctx = OperationContext<CommonConfig & SyncConfigConfig>

export const syncConfig: OperationSpec<SyncConfigConfig> = {
  name: 'sync-config',
  inputs: {
    ...CONFIG_WRITE_INPUTS,
    schemaPath: { ...SCHEMA_PATH, unlessGiven: 'sourceEnvironment' },
    variablesPath: { ...VARIABLES_PATH, unlessGiven: 'sourceEnvironment' },
    sourceEnvironment: true,
    failOnBreaking: true
  },
  check: ({ sourceEnvironment, targetEnvironment, schemaPath, variablesPath }) => {
    if (!sourceEnvironment) return undefined
    if (schemaPath !== '' || variablesPath !== '')
      return `sourceEnvironment takes the schema and values from ${sourceEnvironment}'s page, so schemaPath and variablesPath must be left empty: give either sourceEnvironment (a config promotion) or the files`
    if (targetEnvironment.includes(sourceEnvironment))
      return `sourceEnvironment ${sourceEnvironment} is also in targetEnvironment: a page cannot be promoted onto itself; name the environments to copy ${sourceEnvironment}'s config to, e.g. targetEnvironment: live`
    return undefined
  },
  deploys: false,
  prComment: true,
  outputs: [...CONFIG_WRITE_OUTPUTS, 'breakingChanges'],
  config: (values) => ({
    operation: 'sync-config',
    ...configWrite(values),
    schemaPath: values.sourceEnvironment ? '' : values.schemaPath,
    variablesPath: values.sourceEnvironment ? '' : values.variablesPath,
    ...(values.sourceEnvironment ? { sourceEnvironment: values.sourceEnvironment } : {}),
    failOnBreaking: values.failOnBreaking
  }),
  // Each values check in a worker stopped in time: a pattern can backtrack for hours (bounded-check.ts).
  run: (ctx) => withValuesChecker((checker) => sync(ctx, checker))
}

interface PlannedSync {
  phases: Phase[]
  expected: State[]
  rows: string[][]
  page: ConfigPage
  details: string
}

async function sync(ctx: Ctx, checker: ValuesChecker): Promise<OperationResult> {
  const { config, log } = ctx
  const mask = config.maskValues
  const source = config.sourceEnvironment
    ? await pageSource(ctx.client, config.sourceEnvironment, checker, () => checkBudgetMs(ctx), mask)
    : await fileSource(
        config.environments,
        ctx.files.schema,
        ctx.files.variables,
        checker,
        () => checkBudgetMs(ctx),
        mask
      )
  for (const w of source.warnings) log.warning(w)
  for (const n of source.notices) log.info(n)
  // Each check in a worker stopped after half the time left: a pattern can backtrack for hours
  // (bounded-check.ts). One that cannot finish makes the plan refuse, naming the pattern.
  const check: CheckValues = async (schema, vals) => {
    const verdict = await checker.check(schema, vals, checkBudgetMs(ctx))
    if (verdict.status === 'checked') return verdict.problems
    return verdict.status === 'unusable' ? verdict.reason : formatValueProblem(verdict.problem)
  }
  const reports = new Map<Environment, Table[]>()
  const notes: string[] = []
  const diffs: Array<{ env: Environment; changes: SchemaChange[] }> = []
  const planned = new Map<Environment, PlannedSync>()

  // Every page is read and planned before the first write, so failOnBreaking can stop them all.
  const plannedResults = await syncEach(config.environments, async (env): Promise<EnvSync> => {
    const { schema: schemaFile, values: valuesFile } = source.forEnv(env)
    if (!schemaFile || !valuesFile) throw new Error('sync-config needs a schema and values for every environment')
    const page: ConfigPage = await ctx.client.getConfigPage(env)
    if (mask) registerMaskedValues(pageObject(page, 'variables', env) ?? {})
    const merge = mergePage({
      pageSchema: pageObject(page, 'schema', env),
      pageValues: pageObject(page, 'variables', env) ?? {},
      repoSchema: schemaFile.value,
      repoValues: valuesFile.value,
      apiKey: config.apiKey,
      overwrite: config.overwriteStudioEdits,
      env,
      source: source.words
    })
    const tables: Table[] = []
    reports.set(env, tables)
    for (const line of [...merge.lines, ...staysLines(env, merge, valuesFile.path)]) {
      log.warning(line)
      notes.push(line)
    }
    const mergeTable = mergeRows(merge.report, mask)
    if (mergeTable.length)
      tables.push({
        caption: `${env}: Studio's edits since the last sync`,
        headers: ['Key', 'What happened', 'Studio', source.words.short],
        rows: mergeTable
      })
    const target = merge.targetSchema as Record<string, unknown>
    const changes = diffSchemas(merge.schema, target)
    // breakingChanges tells the truth whether this environment is written, refused or only planned.
    if (changes.length) diffs.push({ env, changes })
    stopIfOutOfTime(
      ctx.deadline,
      `comparing ${env}'s schema with ${schemaFile.path} (diff and breaking-change classification)`
    )
    if (hasConflicts(merge)) {
      const reason = conflictReason(env, merge.report.conflicts, mask, source.words)
      log.info(reason)
      return {
        env,
        status: 'refused',
        page,
        details: `conflicts with Studio's edits: ${nameList(merge.report.conflicts.map(unitLabel))}`,
        reason
      }
    }
    const plan = await planSync({ schema: merge.schema, values: merge.values }, target, merge.desired ?? {}, check)
    if (plan.kind === 'unchanged') {
      log.info(`${env}: the schema and values already match ${schemaFile.path} and ${valuesFile.path}; nothing to send`)
      return {
        env,
        status: 'unchanged',
        page,
        details: merge.report.kept.length
          ? "schema and values already match, Studio's edits kept"
          : 'schema and values already match'
      }
    }
    if (plan.kind === 'refused') {
      const named = plan.problems.map((p) => formatValueProblem(p, mask)).join('; ')
      if (plan.problems.length) tables.push(problemTable(env, plan.problems, mask))
      log.info(`${env}: refused: ${plan.reason}${named ? `: ${named}` : ''}`)
      return {
        env,
        status: 'refused',
        page,
        details: plan.problems.length
          ? `values would fail the new schema: ${nameList([...new Set(plan.problems.map((p) => p.variable))])}`
          : plan.reason,
        reason: `${env}: nothing was sent: ${plan.reason}${named ? `: ${named}` : ''}. ${refusalFix(plan.problems, merge, schemaFile.path, valuesFile.path)}`
      }
    }
    const { phases, expected } = annotate(plan.phases, merge, plan.merge.merged)
    const n = phases.length
    const rows = phases.map((p, i) => [
      `${i + 1}/${n} ${p.label}`,
      request(config.agentId, env, p),
      phaseWhat(p),
      config.dryRun ? 'would send' : 'not run'
    ])
    tables.unshift({
      caption: `${env}: ${n} phase${n === 1 ? '' : 's'} (${plan.order}: ${orderReason(plan.order)})`,
      headers: ['Phase', 'Request', 'What', 'Result'],
      rows
    })
    if (Object.keys(plan.merge.patch).length) {
      tables.push({
        caption: `${env}: values ${config.dryRun ? 'that would be ' : ''}added and changed`,
        headers: ['Key', 'Change', 'Before', 'After'],
        rows: valueChangeRows(merge.values, plan.merge, mask)
      })
    }
    const details = `${plan.order}: ${phases.map((p) => p.label).join(' → ')}`
    planned.set(env, { phases, expected, rows, page, details })
    return { env, status: 'would update', page, details }
  })

  const order = (env: Environment): number => config.environments.indexOf(env)
  diffs.sort((a, b) => order(a.env) - order(b.env))
  const breakingChanges = breakingOf(diffs)
  const refused = refusedForBreaking(
    config,
    breakingChanges,
    plannedResults,
    { nothingSent: 'nothing was sent', forceVerb: 'apply' },
    log
  )
  let results = refused ?? plannedResults
  if (refused) {
    // Nothing is sent: the gate refused every planned write.
  } else if (config.dryRun) {
    for (const [env, { phases }] of planned) {
      phases.forEach((p, i) =>
        log.info(
          `Dry run: ${env}: phase ${i + 1}/${phases.length} (${p.label}) would send ${request(config.agentId, env, p)}: ${phaseWhat(p)}`
        )
      )
    }
  } else {
    const written = await syncEach([...planned.keys()], async (env): Promise<EnvSync> => {
      const p = planned.get(env) as PlannedSync
      const apply = { client: ctx.client, log, check, mask, operation: 'sync-config' }
      const to = (phase: Phase): string => request(config.agentId, env, phase)
      const applied = await applyPhases({ ...apply, request: to }, env, p.phases, p.expected, p.page, p.rows)
      notes.push(...applied.warnings)
      if (applied.status === 'updated') return { env, status: 'updated', page: applied.page, details: p.details }
      const at = applied.stoppedAt ?? 0
      return {
        env,
        status: 'failed',
        page: applied.page,
        details: `stopped at phase ${at + 1}/${p.phases.length} (${p.phases[at]?.label ?? ''})`,
        reason: applied.reason ?? 'failed',
        wrote: at > 0 || applied.page !== p.page
      }
    })
    results = plannedResults.map((r) => written.find((w) => w.env === r.env) ?? r)
  }

  const result = syncResult({
    subject: 'config schema and values',
    agentId: config.agentId,
    dryRun: config.dryRun,
    results
  })
  result.outputs.breakingChanges = breakingChanges
  const { report } = result
  report.facts.push(['Agent', config.agentId], ...source.facts)
  if (mask) report.facts.push(['Values shown', `no: maskValues is true, values read ${MASKED}`])
  breakingFact(report, breakingChanges, config.failOnBreaking)
  if (config.overwriteStudioEdits)
    report.facts.push(['Studio edits', `overwritten where they conflict (overwriteStudioEdits: true)`])
  report.notes.push(
    ...source.warnings.map((w) => `Warning: ${w}`),
    ...source.notices.map((n) => `Note: ${n}`),
    ...notes.map((n) => `Warning: ${n}`)
  )
  for (const env of config.environments) report.tables.push(...(reports.get(env) ?? []))
  report.tables.push(...diffTables(diffs))
  if (breakingChanges.length) {
    report.tables.push({
      caption: 'Breaking changes',
      headers: ['Environment', 'Pointer', 'Change', 'Reason'],
      rows: breakingChanges.map((b) => [b.environment, b.pointer || '(root)', b.change, b.reason])
    })
  }
  return result
}
