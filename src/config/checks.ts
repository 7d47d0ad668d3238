/**
 * What the config operations share before and around their requests: checking every schema file
 * as draft-07 (one error listing every problem, before anything is sent), compiling a values
 * check once per distinct schema, and the per-environment file of a source.
 */
import { FileInputError, fileFor, type JsonFile, type JsonSource } from '../files.js'
import type { Environment } from '../types.js'
import { canonicalJson } from './json.js'
import { formatProblem } from './render.js'
import type { ValueProblem, ValuesCheck } from './validate.js'

type Validate = typeof import('./validate.js')

/** Loads the ajv-backed module (a separate chunk, so other operations never pay for it). */
export function loadValidate(): Promise<Validate> {
  return import('./validate.js')
}

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

/** A values check per distinct schema (key order ignored), compiled on first use. */
export function valuesChecks(validate: () => Promise<Validate>): (schema: Record<string, unknown>) => Promise<ValuesCheck> {
  const checks = new Map<string, Promise<ValuesCheck>>()
  return (schema) => {
    const key = canonicalJson(schema)
    let check = checks.get(key)
    if (!check) {
      check = validate().then((v) => v.compileValuesCheck(schema))
      checks.set(key, check)
    }
    return check
  }
}

/** The problems of `values` under a compiled check; a schema that cannot be compiled is one problem. */
export function problemsOf(check: ValuesCheck, values: Record<string, unknown>): ValueProblem[] {
  return check.ok
    ? check.validate(values)
    : [{ variable: '(all values)', pointer: '', schemaPath: '', hasValue: false, rule: 'compile', message: `the values cannot be checked: ${check.reason}` }]
}
