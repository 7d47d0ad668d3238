/**
 * JSON Schema checks with ajv (draft-07): strict about unknown keywords, never downloads a $ref
 * (docs/architecture.md).
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv'
import type { RegExpEngine } from 'ajv/dist/types/index.js'
import { childPointer, isJsonObject, unescapePointerToken } from './json.js'
import { isExtensionKeyword, metaProblemMessage, unknownKeywordMessage } from './messages.js'
import { walkSchema } from './schema-walk.js'

type AjvClass = typeof AjvModule.default
// ajv is CommonJS: depending on the loader the default import is the class or carries it as .default.
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass)

/** The `$schema` values that name draft-07 (the ones ajv's draft-07 meta-schema answers to). */
export const DRAFT07_URIS = ['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-07/schema']

/** One thing wrong in a schema document: where (JSON pointer, '' = the root), which rule, what. */
export interface SchemaProblem {
  pointer: string
  rule: string
  message: string
}

/** The verdict on a schema document: errors stop the step before any request, the rest is reported. */
export interface SchemaCheck {
  errors: SchemaProblem[]
  /** Not fatal, but probably a mistake (none at present: unknown keywords are errors). */
  warnings: SchemaProblem[]
  /** Worth knowing, not a mistake: formats this action cannot check values against. */
  notices: SchemaProblem[]
}

/** One value that fails a schema: the top-level variable it belongs to, where inside it, which rule. */
export interface ValueProblem {
  variable: string
  /** Pointer into the values object, e.g. /maxRetries or /address/city ('' for the object itself). */
  pointer: string
  rule: string
  message: string
  /** Where in the schema the failing keyword is (a JSON pointer, '' = the root). */
  schemaPath: string
  /** For required / additionalProperties: the property missing or not allowed. */
  property?: string
  /** Whether the values have a value at `pointer` (a missing required one has none). */
  hasValue: boolean
  /** The value at `pointer`, when hasValue (show it only through render.ts, which masks). */
  value?: unknown
}

/** A compiled values check, or why the schema cannot be used for one. */
export type ValuesCheck =
  { ok: true; validate: (values: Record<string, unknown>) => ValueProblem[] } | { ok: false; reason: string }

/**
 * An ajv for compiling one schema. It does not check the schema against the meta-schema again:
 * callers do that first with `metaCheck`, whose compiled draft-07 meta-schema is shared (a fresh
 * one costs about 30 ms, most of a small schema's check).
 */
function newAjv(warnings: string[], regExp?: RegExpEngine): InstanceType<AjvClass> {
  const collect = (...args: unknown[]): void => {
    warnings.push(args.map(String).join(' '))
  }
  return new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: { log: () => undefined, warn: collect, error: collect },
    ...(regExp ? { code: { regExp } } : {})
  })
}

/** The ajv that checks schemas against the draft-07 meta-schema: it compiles no schema of ours, so none can collide. */
let metaAjv: InstanceType<AjvClass> | undefined

/** Whether `schema` passes the draft-07 meta-schema, ajv's errors if not, and ajv's text for them. */
function metaCheck(schema: unknown): { valid: boolean; errors: ErrorObject[]; text: string } {
  metaAjv ??= new Ajv({ strict: false, allErrors: true, logger: false })
  if (metaAjv.validateSchema(schema as object)) return { valid: true, errors: [], text: '' }
  const errors = [...(metaAjv.errors ?? [])]
  return { valid: false, errors, text: metaAjv.errorsText(errors) }
}

/** "#/properties/a" (ajv's schema path in warnings) → "/properties/a". */
function fromFragment(path: string): string {
  return path.replace(/^#/, '')
}

/** ajv's unknown-format warning as a problem with a pointer; other ajv warnings as they are. */
function warningProblem(text: string): SchemaProblem {
  const format = /unknown format "([^"]*)" ignored in schema at path "([^"]*)"/.exec(text)
  if (format) {
    return {
      pointer: `${fromFragment(format[2] ?? '')}/format`,
      rule: 'format',
      message: `format "${format[1] ?? ''}" is not checked by this action (PolyAI may still check it)`
    }
  }
  return { pointer: '', rule: 'ajv', message: text }
}

function describeError(e: ErrorObject): string {
  if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
    return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
  }
  return e.message ?? e.keyword
}

/**
 * ajv's meta-schema errors, one problem per pointer: an anyOf/oneOf failure is replaced by the
 * alternatives that failed ("must be one of … or must be array").
 */
export function groupMetaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const byPointer = new Map<string, ErrorObject[]>()
  for (const e of errors) {
    const list = byPointer.get(e.instancePath) ?? []
    list.push(e)
    byPointer.set(e.instancePath, list)
  }
  const problems: SchemaProblem[] = []
  for (const [pointer, list] of byPointer) {
    const specific = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
    const shown = specific.length ? specific : list
    const seen = new Set<string>()
    const parts: string[] = []
    const rules: string[] = []
    for (const e of shown) {
      const text = describeError(e)
      if (seen.has(text)) continue
      seen.add(text)
      parts.push(text)
      if (!rules.includes(e.keyword)) rules.push(e.keyword)
    }
    problems.push({ pointer, rule: rules.join(', '), message: parts.join(' or ') })
  }
  return problems
}

/**
 * Checks that `schema` is a usable draft-07 schema without downloading anything: `$schema` names
 * draft-07, no remote `$ref`, valid patterns, the draft-07 meta-schema passes, and ajv compiles it.
 */
export function checkSchemaDocument(schema: unknown): SchemaCheck {
  const errors: SchemaProblem[] = []
  const warnings: SchemaProblem[] = []
  const notices: SchemaProblem[] = []
  if (!isJsonObject(schema)) {
    return { errors: [{ pointer: '', rule: 'type', message: 'a schema must be a JSON object' }], warnings, notices }
  }
  const declared = schema.$schema
  const metaOk = declared === undefined || (typeof declared === 'string' && DRAFT07_URIS.includes(declared))
  if (!metaOk) {
    errors.push({
      pointer: '/$schema',
      rule: '$schema',
      message: `${JSON.stringify(declared)} is not draft-07: use "${DRAFT07_URIS[0]}" (or leave $schema out)`
    })
  }
  const walk = walkSchema(schema)
  for (const use of walk.refs.filter((r) => r.remote)) {
    errors.push({
      pointer: use.pointer,
      rule: '$ref',
      message:
        `remote reference ${JSON.stringify(use.ref)}${use.resolved === use.ref ? '' : ` (${use.resolved})`} is not ` +
        `allowed: the action never downloads schemas; copy the definition under "definitions" and refer to it as ` +
        `"#/definitions/…"`
    })
  }
  for (const bad of walk.badPatterns) {
    errors.push({ pointer: bad.pointer, rule: bad.rule, message: `not a valid regular expression: ${bad.message}` })
  }
  for (const unknown of walk.unknownKeywords.filter((u) => !isExtensionKeyword(u.keyword))) {
    errors.push({ pointer: unknown.pointer, rule: 'unknown keyword', message: unknownKeywordMessage(unknown.keyword) })
  }
  if (!metaOk) return { errors, warnings, notices }

  const ajvWarnings: string[] = []
  for (const p of groupMetaErrors(metaCheck(schema).errors))
    errors.push({ ...p, message: metaProblemMessage(p.pointer, p.message, valueAt(schema, p.pointer)) })
  if (errors.length === 0) {
    try {
      newAjv(ajvWarnings).compile(schema)
    } catch (error) {
      errors.push(compileProblem(error, walk.refs))
    }
  }
  const seen = new Set<string>()
  for (const problem of ajvWarnings.map(warningProblem)) {
    const key = `${problem.pointer} ${problem.message}`
    if (!seen.has(key)) notices.push(problem)
    seen.add(key)
  }
  return { errors, warnings, notices }
}

/** A compile failure as a problem; an unresolvable `$ref` is located by the walk. */
function compileProblem(
  error: unknown,
  refs: ReadonlyArray<{ pointer: string; ref: string; resolved: string }>
): SchemaProblem {
  const missing = (error as { missingRef?: unknown }).missingRef
  if (typeof missing === 'string') {
    const use = refs.find((r) => r.ref === missing || r.resolved === missing || missing.endsWith(r.ref))
    return {
      pointer: use?.pointer ?? '',
      rule: '$ref',
      message: `reference ${JSON.stringify(use?.ref ?? missing)} cannot be resolved inside this document`
    }
  }
  return { pointer: '', rule: 'compile', message: error instanceof Error ? error.message : String(error) }
}

/** The top-level variable an ajv error is about. */
function variableOf(e: ErrorObject): string {
  const first = e.instancePath.split('/')[1]
  if (first !== undefined) return unescapePointerToken(first)
  for (const key of ['missingProperty', 'additionalProperty', 'propertyName'] as const) {
    const named = e.params[key]
    if (typeof named === 'string') return named
  }
  return '(all values)'
}

function valueMessage(e: ErrorObject): string {
  const at = e.instancePath.split('/').length > 2 ? `at ${e.instancePath}: ` : ''
  if (e.keyword === 'required' && e.instancePath === '') return 'is required but has no value'
  if (e.keyword === 'additionalProperties' && e.instancePath === '')
    return 'is not allowed by the schema (additionalProperties: false)'
  const named = e.params.additionalProperty
  if (e.keyword === 'additionalProperties' && typeof named === 'string')
    return `${at}${JSON.stringify(named)} is not allowed (additionalProperties: false)`
  return `${at}${describeError(e)}`
}

/** The value at a JSON pointer (undefined when there is none). */
export function valueAt(root: unknown, pointer: string): unknown {
  let node = root
  for (const token of pointer.split('/').slice(1).map(unescapePointerToken)) {
    if (Array.isArray(node)) node = node[Number(token)]
    else if (isJsonObject(node) && Object.prototype.hasOwnProperty.call(node, token)) node = node[token]
    else return undefined
  }
  return node
}

/** ajv's schemaPath ("#/properties/a~1b/type", URI-escaped) as a JSON pointer. */
function schemaPointer(schemaPath: string): string {
  const path = schemaPath.replace(/^#/, '')
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** ajv errors about a values object as one problem per variable, rule and message. */
export function valueProblems(errors: readonly ErrorObject[], values?: unknown): ValueProblem[] {
  const seen = new Set<string>()
  const problems: ValueProblem[] = []
  for (const e of errors) {
    const named: unknown = e.params.missingProperty ?? e.params.additionalProperty
    // The value shown: the property not allowed, else the value at the error (never the whole object, nor a missing one).
    const valuePointer =
      e.keyword === 'additionalProperties' && typeof named === 'string'
        ? childPointer(e.instancePath, named)
        : e.instancePath
    const at =
      values === undefined || valuePointer === '' || e.keyword === 'required' || e.keyword === 'dependencies'
        ? undefined
        : valueAt(values, valuePointer)
    const problem: ValueProblem = {
      variable: variableOf(e),
      pointer: e.instancePath,
      rule: e.keyword,
      message: valueMessage(e),
      schemaPath: schemaPointer(e.schemaPath),
      hasValue: at !== undefined
    }
    if (problem.hasValue) problem.value = at
    if (typeof named === 'string') problem.property = named
    // Same rule and message at another place, or about another property, is another problem.
    const key = [problem.variable, problem.pointer, problem.rule, problem.message, problem.property ?? ''].join(
      '\u0000'
    )
    if (seen.has(key)) continue
    seen.add(key)
    problems.push(problem)
  }
  return problems
}

/**
 * Compiles `schema` for checking values (all errors, nothing downloaded), or says why it cannot.
 * Checking values runs the schema's patterns, which can backtrack for hours: the action calls
 * this only inside a worker thread it can stop (bounded-check.ts), with `regExp` recording
 * which pattern runs. Compiling runs none of them (patterns are only constructed).
 */
export function compileValuesCheck(schema: Record<string, unknown>, regExp?: RegExpEngine): ValuesCheck {
  let validate: ValidateFunction
  try {
    // As ajv words it when it checks the schema itself.
    const meta = metaCheck(schema)
    if (!meta.valid) throw new Error(`schema is invalid: ${meta.text}`)
    validate = newAjv([], regExp).compile(schema)
  } catch (error) {
    const missing = (error as { missingRef?: unknown }).missingRef
    const reason =
      typeof missing === 'string'
        ? `it refers to ${JSON.stringify(missing)}, which the action does not download`
        : error instanceof Error
          ? error.message
          : String(error)
    return { ok: false, reason }
  }
  return { ok: true, validate: (values) => (validate(values) ? [] : valueProblems(validate.errors ?? [], values)) }
}
