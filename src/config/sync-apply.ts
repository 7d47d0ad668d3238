/**
 * Sending one environment's planned writes, in order, when the API has no conditional write:
 *   - right before the last write of a plan with several, the page is read again; if it no longer
 *     holds what the earlier writes left (a Studio edit landed in between), the last write is not
 *     sent and the environment fails, saying what changed and how to resume;
 *   - after a schema write, the page it answers with (read again when the answer lacks a part) is
 *     checked: its values against the schema just written (a Studio edit can land between the
 *     re-read and the write; the step then fails loudly, naming the keys and the repair), and the
 *     base annotation for having survived PolyAI's round trip (else a warning: three-way protection
 *     is off for that page).
 * A refused or failed write stops there with the page left valid.
 */
import { ApiError } from '../api/errors.js'
import type { PolyAiClient, Logger } from '../api/client.js'
import type { ConfigPage, Environment } from '../core/types.js'
import { BASE_KEYWORD, withoutBase } from './base.js'
import { jsonEqual } from './json.js'
import { pageObject } from './page.js'
import { formatValueProblem, nameList } from './render.js'
import type { Phase } from './sync-plan.js'
import type { CheckValues } from './transition.js'

/** What applying a plan needs from the step. */
export interface ApplyContext {
  client: PolyAiClient
  log: Logger
  check: CheckValues
  mask: boolean
  /** "PUT /v1/…", for log lines. */
  request: (phase: Phase) => string
  /** The operation to run again to resume, for messages. */
  operation: string
}

/** How the writes of one environment ended. */
export interface Applied {
  status: 'updated' | 'failed'
  page: ConfigPage
  /** The phase that stopped (failed only). */
  stoppedAt?: number
  reason?: string
  /** Warnings for the log and summary (a base PolyAI did not keep). */
  warnings: string[]
}

/** The page's state once `done` phases have landed, in words (each state is valid by construction). */
export function stateAfter(phases: Phase[], done: number): string {
  const schema = [...phases.slice(0, done)].reverse().find((p) => p.kind === 'schema')
  const values = phases.slice(0, done).some((p) => p.kind === 'values')
  return `schema: ${schema ? schema.label : 'as before'}, values: ${values ? 'new' : 'as before'}`
}

/** The names of the keys and schema parts in which two page states differ. */
function differences(
  expected: { schema: Record<string, unknown> | null; values: Record<string, unknown> },
  page: ConfigPage,
  env: Environment
): string[] {
  const values = pageObject(page, 'variables', env) ?? {}
  const schema = withoutBase(pageObject(page, 'schema', env))
  const keys = [...new Set([...Object.keys(values), ...Object.keys(expected.values)])]
  const changed = keys.filter((k) => !jsonEqual(values[k], expected.values[k]))
  if (!jsonEqual(schema, expected.schema)) changed.push('the schema')
  return changed
}

/** A page's state as an answer gave it, when it gave both parts (else undefined). */
function stateOf(
  page: ConfigPage,
  env: Environment
): { schema: Record<string, unknown> | null; values: Record<string, unknown> } | undefined {
  const schema = pageObject(page, 'schema', env)
  const values = pageObject(page, 'variables', env)
  return schema && values ? { schema: withoutBase(schema), values } : undefined
}

/**
 * Sends `phases` in order (see the module comment). `expected` is the page's state (annotation
 * left out) after each phase, as planned: index i is the state once phases 0..i landed.
 */
export async function applyPhases(
  ctx: ApplyContext,
  env: Environment,
  phases: Phase[],
  expected: Array<{ schema: Record<string, unknown> | null; values: Record<string, unknown> }>,
  start: ConfigPage,
  rows?: string[][]
): Promise<Applied> {
  const { client, log } = ctx
  const n = phases.length
  const warnings: string[] = []
  let page = start
  for (const [i, phase] of phases.entries()) {
    const row = rows?.[i]
    try {
      if (i === n - 1 && n > 1) {
        const now = await client.getConfigPage(env)
        // Changed only where the page differs both from the plan and from the last answer: PolyAI may
        // normalise what it stores (read tolerantly), and an answer may leave a part out.
        const fromAnswer = stateOf(page, env)
        const changed = differences(expected[i - 1] as (typeof expected)[number], now, env).filter(
          (name) => !fromAnswer || differences(fromAnswer, now, env).includes(name)
        )
        if (changed.length) {
          if (row) row[3] = 'not sent: the page changed'
          const reason =
            `${env}: stopped before phase ${n}/${n} (${phase.label}): the page changed while the step ran ` +
            `(${nameList(changed)} no longer as the earlier phases left ${changed.length === 1 ? 'it' : 'them'}: ` +
            `an edit in Studio, most likely), so the last write was not sent. The page holds ` +
            `${stateAfter(phases, i)} plus that edit. Run ${ctx.operation} again: it reads the page and plans ` +
            `from there (keeping Studio's edit, or naming a conflict).`
          log.info(reason)
          return { status: 'failed', page: now, stoppedAt: i, reason, warnings }
        }
      }
      page =
        phase.kind === 'schema'
          ? await client.putSchema(env, phase.schema)
          : await client.patchVariables(env, phase.patch)
      if (phase.kind === 'schema') {
        const after = await afterSchemaWrite(ctx, env, phase.schema, page)
        page = after.page
        warnings.push(...after.warnings)
        if (after.problems) {
          if (row) row[3] = 'done: the page now fails its schema'
          return { status: 'failed', page, stoppedAt: i, reason: after.problems, warnings }
        }
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (row) row[3] = 'failed'
      const reason =
        `${env}: stopped at phase ${i + 1}/${n} (${phase.label}): ${error.message}. The page is left valid ` +
        `(${stateAfter(phases, i)}, whether or not that request landed). To resume, run ${ctx.operation} again ` +
        `with the same files: it reads the page and plans from there.`
      log.info(reason)
      return { status: 'failed', page, stoppedAt: i, reason, warnings }
    }
    if (row) row[3] = 'done'
    log.info(`${env}: phase ${i + 1}/${n} done: ${phase.label} (${ctx.request(phase)})`)
  }
  return { status: 'updated', page, warnings }
}

/**
 * After a schema PUT: the page as it now is (the answer, or a read when the answer lacks its
 * schema or values), whether the base annotation survived, and values that fail the schema sent.
 */
export async function afterSchemaWrite(
  ctx: Pick<ApplyContext, 'client' | 'log' | 'check' | 'mask'>,
  env: Environment,
  sent: Record<string, unknown>,
  answer: ConfigPage
): Promise<{ page: ConfigPage; warnings: string[]; problems?: string }> {
  const complete = (p: ConfigPage): boolean =>
    typeof p.schema === 'object' && p.schema !== null && typeof p.variables === 'object' && p.variables !== null
  const page = complete(answer) ? answer : await ctx.client.getConfigPage(env)
  const warnings: string[] = []
  const held = pageObject(page, 'schema', env)
  if (
    Object.prototype.hasOwnProperty.call(sent, BASE_KEYWORD) &&
    !jsonEqual(held?.[BASE_KEYWORD], sent[BASE_KEYWORD])
  ) {
    const warning =
      `${env}: PolyAI did not keep the ${BASE_KEYWORD} annotation the action wrote into the schema, so three-way ` +
      `protection is off for this page: the next sync cannot tell Studio's edits from the repository's changes, ` +
      `and the repository wins (naming what it overwrites)`
    ctx.log.warning(warning)
    warnings.push(warning)
  }
  const values = pageObject(page, 'variables', env) ?? {}
  const found = await ctx.check(withoutBase(sent) ?? {}, values)
  if (typeof found === 'string' || found.length === 0) return { page, warnings }
  const keys = [...new Set(found.map((p) => p.variable))]
  const problems =
    `${env}: the page now holds values that fail the schema just written: ` +
    `${found.map((p) => formatValueProblem(p, ctx.mask)).join('; ')}. An edit in Studio landed while the step ` +
    `ran (the API has no conditional write). PolyAI refuses to publish while values fail the schema: set valid ` +
    `values for ${nameList(keys)} in Studio, or set them in the repository and run again with ` +
    `overwriteStudioEdits: true.`
  ctx.log.info(problems)
  return { page, warnings, problems }
}
