/**
 * What the config operations share around their requests: schema file checks, value problems, per-environment
 * files.
 */
import { FileInputError, fileFor, type JsonFile, type JsonSource } from '../core/files.js'
import type { Environment } from '../core/types.js'
import { formatProblem } from './render.js'
import type { SchemaVerdict, ValuesChecker, ValuesVerdict } from './bounded-check.js'
import { StepError } from '../core/errors.js'
import { checkSchemaDocument, type ValueProblem } from './validate.js'
import { registerMaskedValues } from '../report/sanitize.js'

/** The file a source gives an environment (the loader read one for every environment asked for). */
export function sourceFile(source: JsonSource, env: Environment, what: string): JsonFile {
  const file = fileFor(source, env)
  if (!file) throw new Error(`no ${what} file was loaded for ${env}`)
  return file
}

/**
 * Schemas up to this size (JSON text) are checked on this thread: their check costs little more than
 * ajv's set-up (which a worker pays too), and runs no pattern. Larger ones go to the bounded worker.
 */
export const SMALL_SCHEMA_CHARS = 16 * 1024

/** A schema document's draft-07 check: here when it is small, else in the worker, stopped after `budgetMs`. */
export async function checkSchemaBounded(
  checker: ValuesChecker,
  schema: unknown,
  budgetMs: number
): Promise<SchemaVerdict> {
  const text = JSON.stringify(schema) ?? ''
  if (text.length <= SMALL_SCHEMA_CHARS) return { status: 'checked', check: checkSchemaDocument(schema) }
  return checker.checkSchema(schema, budgetMs)
}

/**
 * Checks every schema file as draft-07 before anything is sent, each large one in the bounded worker (a large
 * schema takes ajv a minute): throws one FileInputError listing every problem (file, JSON pointer,
 * rule, the value found), or returns the notices. A check that outlives its share of the step's
 * time stops the step, saying which file it was checking (never blaming the API: nothing was sent).
 */
export async function checkSchemaFiles(
  checker: ValuesChecker,
  files: JsonFile[],
  budgetMs: () => number
): Promise<{ warnings: string[]; notices: string[] }> {
  const errors: string[] = []
  const warnings: string[] = []
  const notices: string[] = []
  let first: JsonFile | undefined
  for (const file of new Set(files)) {
    const verdict = await checkSchemaBounded(checker, file.value, budgetMs())
    if (verdict.status === 'unfinished') {
      throw new StepError(
        `schemaPath: ${file.path} was being checked as a draft-07 JSON Schema (ajv, work done here ` +
          `before anything is sent), and it ${verdict.reason}. Nothing was sent to PolyAI (the API ` +
          `was not the cause): raise timeoutSeconds, or make the schema smaller.`
      )
    }
    const check = verdict.check
    if (check.errors.length) first ??= file
    errors.push(...check.errors.map((p) => `${file.path} ${formatProblem(p)}`))
    warnings.push(...check.warnings.map((p) => `${file.path} ${formatProblem(p)}`))
    notices.push(...check.notices.map((p) => `${file.path} ${formatProblem(p)}`))
  }
  if (errors.length && first) {
    throw new FileInputError(
      `schemaPath: ${errors.length === 1 ? 'the schema is' : `the schema has ${errors.length} problems, it is`} not ` +
        `a valid draft-07 JSON Schema, so nothing was sent:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
      { file: first.path, title: 'Invalid JSON Schema (draft-07)' }
    )
  }
  return { warnings, notices }
}

/**
 * Stops the step when its budget ran out during a CPU-heavy step done on this thread (comparing
 * schemas, classifying, rendering), naming what it was doing: nothing after it would finish in time.
 */
export function stopIfOutOfTime(deadline: { expired(): boolean; describe(): string }, doing: string): void {
  if (!deadline.expired()) return
  throw new StepError(
    `${deadline.describe()} ran out while ${doing} (work done here, not a request: the PolyAI ` +
      `API was not the cause); nothing more was sent. Raise timeoutSeconds, or make the schema ` +
      `smaller.`
  )
}

/**
 * The problems a values check found; a schema that cannot be compiled, or a check that could not
 * finish in time (it names the pattern), is one problem.
 */
export function problemsOf(verdict: ValuesVerdict): ValueProblem[] {
  if (verdict.status === 'checked') return verdict.problems
  if (verdict.status === 'unfinished') return [verdict.problem]
  return [
    {
      variable: '(all values)',
      pointer: '',
      schemaPath: '',
      hasValue: false,
      rule: 'compile',
      message: `the values cannot be checked: ${verdict.reason}`
    }
  ]
}

/**
 * With maskValues: the values of every environment's file are registered before anything is sent,
 * so a value PolyAI's answer quotes back is never printed (log, summary, comment, failure).
 */
export function maskFileValues(source: JsonSource, envs: readonly Environment[], mask: boolean): void {
  if (mask) for (const env of envs) registerMaskedValues(sourceFile(source, env, 'values').value)
}
