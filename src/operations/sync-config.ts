/** sync-config: make each environment's page hold the repository's schema and values, in an order the API accepts. */
import { ApiError } from '../api/errors.js'
import { checkBudgetMs, type ValuesChecker, withValuesChecker } from '../config/bounded-check.js'
import { pageObject } from '../config/page.js'
import { registerMaskedValues } from '../report/sanitize.js'
import { checkSchemaFiles, stopIfOutOfTime, sourceFile, maskFileValues } from '../config/checks.js'
import { diffSchemas } from '../config/diff.js'
import { type EnvSync, configPath, syncEach, syncResult } from '../config/outcome.js'
import {
  describeSource,
  diffTables,
  formatValueProblem,
  MASKED,
  nameList,
  valueChangeRows,
  valueProblemText
} from '../config/render.js'
import { orderReason, type Phase, planSync } from '../config/sync-plan.js'
import type { CheckValues } from '../config/transition.js'
import type { ValueProblem } from '../config/validate.js'
import type { OperationResult, Table } from '../report/report.js'
import { breakingFact, breakingOf, refusedForBreaking } from '../config/breaking-gate.js'
import type { ConfigPage, Environment } from '../core/types.js'
import type { CommonConfig } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import {
  CONFIG_WRITE_INPUTS,
  CONFIG_WRITE_OUTPUTS,
  configWrite,
  type ConfigWrite,
  type OperationSpec,
  SCHEMA_PATH,
  VARIABLES_PATH
} from './operation.js'

/** sync-config pushes schema and values together, in the order that keeps every step valid. */
export type SyncConfigConfig = {
  operation: 'sync-config'
  schemaPath: string
  variablesPath: string
  failOnBreaking: boolean
} & ConfigWrite
type Ctx = OperationContext<CommonConfig & SyncConfigConfig>

export const syncConfig: OperationSpec<SyncConfigConfig> = {
  name: 'sync-config',
  inputs: {
    ...CONFIG_WRITE_INPUTS,
    schemaPath: SCHEMA_PATH,
    variablesPath: VARIABLES_PATH,
    failOnBreaking: true
  },
  deploys: false,
  prComment: true,
  outputs: [...CONFIG_WRITE_OUTPUTS, 'breakingChanges'],
  config: (values) => ({
    operation: 'sync-config',
    ...configWrite(values),
    schemaPath: values.schemaPath,
    variablesPath: values.variablesPath,
    failOnBreaking: values.failOnBreaking
  }),
  // Each values check in a worker stopped in time: a pattern can backtrack for hours (bounded-check.ts).
  run: (ctx) => withValuesChecker((checker) => sync(ctx, checker))
}

interface EnvReport {
  env: Environment
  tables: Table[]
}

function request(agentId: string, env: Environment, phase: Phase): string {
  return phase.kind === 'schema'
    ? `PUT ${configPath(agentId, env, 'schema')}`
    : `PATCH ${configPath(agentId, env, 'variables')}`
}

function phaseWhat(phase: Phase): string {
  if (phase.kind === 'values') return `keys ${nameList(Object.keys(phase.patch))}`
  if (phase.label === 'transitional schema')
    return `the new schema, loosened: ${(phase.relaxed ?? []).map((r) => `${r.where}: ${r.what}`).join('; ')}`
  return 'the schema in the repository'
}

/** The page's state once `done` phases have landed, in words (each state is valid by construction). */
function stateAfter(phases: Phase[], done: number): string {
  const schema = [...phases.slice(0, done)].reverse().find((p) => p.kind === 'schema')
  const values = phases.slice(0, done).some((p) => p.kind === 'values')
  return `schema: ${schema ? schema.label : 'as before'}, values: ${values ? 'new' : 'as before'}`
}

async function sync(ctx: Ctx, checker: ValuesChecker): Promise<OperationResult> {
  const { config, log } = ctx
  const { schema: schemas, variables: values } = ctx.files
  if (!schemas || !values) throw new Error('sync-config needs the schema and values files loaded first')
  const mask = config.maskValues
  maskFileValues(values, config.environments, mask)
  const { warnings, notices } = await checkSchemaFiles(
    checker,
    config.environments.map((env) => sourceFile(schemas, env, 'schema')),
    () => checkBudgetMs(ctx)
  )
  for (const w of warnings) log.warning(w)
  for (const n of notices) log.info(n)
  // Each check in a worker stopped after half the time left: a pattern can backtrack for hours
  // (bounded-check.ts). One that cannot finish makes the plan refuse, naming the pattern.
  const check: CheckValues = async (schema, vals) => {
    const verdict = await checker.check(schema, vals, checkBudgetMs(ctx))
    if (verdict.status === 'checked') return verdict.problems
    return verdict.status === 'unusable' ? verdict.reason : formatValueProblem(verdict.problem)
  }
  const reports: EnvReport[] = []
  const diffs: Array<{ env: Environment; changes: ReturnType<typeof diffSchemas> }> = []
  const planned = new Map<Environment, PlannedSync>()

  // Every page is read and planned before the first write, so failOnBreaking can stop them all.
  const plannedResults = await syncEach(config.environments, async (env): Promise<EnvSync> => {
    const schemaFile = sourceFile(schemas, env, 'schema')
    const valuesFile = sourceFile(values, env, 'values')
    const page: ConfigPage = await ctx.client.getConfigPage(env)
    const before = pageObject(page, 'variables', env) ?? {}
    if (mask) registerMaskedValues(before)
    const current = pageObject(page, 'schema', env)
    const plan = await planSync({ schema: current, values: before }, schemaFile.value, valuesFile.value, check)
    if (plan.kind === 'unchanged') {
      log.info(`${env}: the schema and values already match ${schemaFile.path} and ${valuesFile.path}; nothing to send`)
      return { env, status: 'unchanged', page, details: 'schema and values already match' }
    }
    if (plan.kind === 'refused') {
      const named = plan.problems.map((p) => formatValueProblem(p, mask)).join('; ')
      if (plan.problems.length) reports.push({ env, tables: [problemTable(env, plan.problems, mask)] })
      log.info(`${env}: refused: ${plan.reason}${named ? `: ${named}` : ''}`)
      return {
        env,
        status: 'refused',
        page,
        details: plan.problems.length
          ? `values would fail the new schema: ${nameList([...new Set(plan.problems.map((p) => p.variable))])}`
          : plan.reason,
        reason: `${env}: nothing was sent: ${plan.reason}${named ? `: ${named}` : ''}. Fix ${valuesFile.path} or ${schemaFile.path}.`
      }
    }
    const { phases } = plan
    const n = phases.length
    if (phases.some((p) => p.kind === 'schema')) {
      diffs.push({ env, changes: diffSchemas(current, schemaFile.value) })
      stopIfOutOfTime(
        ctx.deadline,
        `comparing ${env}'s schema with ${schemaFile.path} (diff and breaking-change classification)`
      )
    }
    const rows = phases.map((p, i) => [
      `${i + 1}/${n} ${p.label}`,
      request(config.agentId, env, p),
      phaseWhat(p),
      config.dryRun ? 'would send' : 'not run'
    ])
    const tables: Table[] = [
      {
        caption: `${env}: ${n} phase${n === 1 ? '' : 's'} (${plan.order}: ${orderReason(plan.order)})`,
        headers: ['Phase', 'Request', 'What', 'Result'],
        rows
      }
    ]
    if (plan.merge.patch && Object.keys(plan.merge.patch).length) {
      tables.push({
        caption: `${env}: values ${config.dryRun ? 'that would be ' : ''}added and changed`,
        headers: ['Key', 'Change', 'Before', 'After'],
        rows: valueChangeRows(before, plan.merge, mask)
      })
    }
    reports.push({ env, tables })
    const details = `${plan.order}: ${phases.map((p) => p.label).join(' → ')}`
    planned.set(env, { phases, rows, page, details })
    return { env, status: 'would update', page, details }
  })

  const order = (env: Environment): number => config.environments.indexOf(env)
  diffs.sort((a, b) => order(a.env) - order(b.env))
  const breakingChanges = breakingOf(diffs)
  let results = plannedResults
  const refused = refusedForBreaking(
    config,
    breakingChanges,
    plannedResults,
    { nothingSent: 'nothing was sent', forceVerb: 'apply' },
    log
  )
  if (refused) {
    results = refused
  } else if (config.dryRun) {
    for (const [env, { phases }] of planned) {
      phases.forEach((p, i) =>
        log.info(
          `Dry run: ${env}: phase ${i + 1}/${phases.length} (${p.label}) would send ${request(config.agentId, env, p)}: ${phaseWhat(p)}`
        )
      )
    }
  } else {
    const written = await syncEach([...planned.keys()], (env) => applyPhases(ctx, env, planned.get(env) as PlannedSync))
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
  report.facts.push(['Agent', config.agentId], ['Schema', describeSource(schemas)], ['Values', describeSource(values)])
  if (mask) report.facts.push(['Values shown', `no: maskValues is true, values read ${MASKED}`])
  breakingFact(report, breakingChanges, config.failOnBreaking)
  report.notes.push(...warnings.map((w) => `Warning: ${w}`), ...notices.map((n) => `Note: ${n}`))
  for (const r of reports.sort((a, b) => order(a.env) - order(b.env))) report.tables.push(...r.tables)
  report.tables.push(...diffTables(diffs))
  return result
}

interface PlannedSync {
  phases: Phase[]
  rows: string[][]
  page: ConfigPage
  details: string
}

/** Sends one environment's phases in order; a refused phase stops there, with the page left valid. */
async function applyPhases(ctx: OperationContext, env: Environment, plan: PlannedSync): Promise<EnvSync> {
  const { config, log } = ctx
  const { phases, rows, details } = plan
  const n = phases.length
  let page = plan.page
  for (const [i, phase] of phases.entries()) {
    const row = rows[i] as string[]
    try {
      page =
        phase.kind === 'schema'
          ? await ctx.client.putSchema(env, phase.schema)
          : await ctx.client.patchVariables(env, phase.patch)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      row[3] = 'failed'
      const message =
        `${env}: stopped at phase ${i + 1}/${n} (${phase.label}): ${error.message}. The page is ` +
        `left valid (${stateAfter(phases, i)}, whether or not that request landed). To resume, run ` +
        `sync-config again with the same files: it reads the page and plans from there.`
      log.info(message)
      return {
        env,
        status: 'failed',
        details: `stopped at phase ${i + 1}/${n} (${phase.label})`,
        reason: message,
        wrote: i > 0,
        page
      }
    }
    row[3] = 'done'
    log.info(`${env}: phase ${i + 1}/${n} done: ${phase.label} (${request(config.agentId, env, phase)})`)
  }
  return { env, status: 'updated', page, details }
}

function problemTable(env: Environment, problems: ValueProblem[], mask: boolean): Table {
  return {
    caption: `${env}: values after the merge that fail the new schema`,
    headers: ['Variable', 'Rule', 'Problem'],
    rows: problems.map((p) => [p.variable, p.rule, valueProblemText(p, mask)])
  }
}
