/**
 * What the config operations share around their requests: schema file checks, value problems, per-environment
 * files.
 */
import { FileInputError, fileFor, type JsonFile, type JsonSource } from '../core/files.js'
import type { Environment } from '../core/types.js'
import { formatProblem } from './render.js'
import type { ValuesVerdict } from './bounded-check.js'
import type { ValueProblem } from './validate.js'

type Validate = typeof import('./validate.js')

/** The file a source gives an environment (the loader read one for every environment asked for). */
export function sourceFile(source: JsonSource, env: Environment, what: string): JsonFile {
  const file = fileFor(source, env)
  if (!file) throw new Error(`no ${what} file was loaded for ${env}`)
  return file
}

/**
 * Checks every schema file as draft-07 before anything is sent: throws one FileInputError listing
 * every problem (file, JSON pointer, rule, the value found), or returns the notices.
 */
export function checkSchemaFiles(validate: Validate, files: JsonFile[]): { warnings: string[]; notices: string[] } {
  const errors: string[] = []
  const warnings: string[] = []
  const notices: string[] = []
  let first: JsonFile | undefined
  for (const file of new Set(files)) {
    const check = validate.checkSchemaDocument(file.value)
    if (check.errors.length) first ??= file
    errors.push(...check.errors.map((p) => `${file.path} ${formatProblem(p)}`))
    warnings.push(...check.warnings.map((p) => `${file.path} ${formatProblem(p)}`))
    notices.push(...check.notices.map((p) => `${file.path} ${formatProblem(p)}`))
  }
  if (errors.length && first) {
    throw new FileInputError(
      `schemaPath: ${errors.length === 1 ? 'the schema is' : `the schema has ${errors.length} problems, it is`} not a valid draft-07 JSON Schema, so nothing was sent:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
      { file: first.path, title: 'Invalid JSON Schema (draft-07)' }
    )
  }
  return { warnings, notices }
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
