/**
 * The side a config write pushes, per environment: the repository's files (schemaPath /
 * variablesPath), or, for a config promotion (sync-config's sourceEnvironment), another
 * environment's page as PolyAI holds it. Either way the schema is checked as draft-07 before any
 * write, the base annotation is never part of it (a copy another tool pulled into a file is left
 * out, with a notice), and a `$ref` into the annotation is an input error.
 */
import { FileInputError, type JsonFile, type JsonSource } from '../core/files.js'
import { StepError } from '../core/errors.js'
import type { PolyAiClient } from '../api/client.js'
import type { Environment } from '../core/types.js'
import { BASE_KEYWORD, refsIntoBase, withoutBase } from './base.js'
import { checkSchemaFiles, maskFileValues, sourceFile } from './checks.js'
import type { ValuesChecker } from './bounded-check.js'
import { registerMaskedValues } from '../report/sanitize.js'
import { pageObject } from './page.js'
import { describeSource } from './render.js'
import { REPOSITORY, type SourceWords } from './three-way.js'

/** What one environment gets from the source. */
export interface SourceFor {
  schema?: JsonFile
  values?: JsonFile
}

export interface PushSource {
  words: SourceWords
  forEnv(env: Environment): SourceFor
  /** Facts for the summary: [["Schema", "config/schema.json"], …]. */
  facts: Array<[string, string]>
  warnings: string[]
  notices: string[]
}

/**
 * Refuses a schema file with a `$ref` into the annotation; leaves out a copy of the annotation the
 * file holds (PolyAI's CLI pulls the page's schema whole), saying so.
 */
export function ownSchemaFile(file: JsonFile, notices: string[]): JsonFile {
  const refs = refsIntoBase(file.value)
  if (refs.length) {
    throw new FileInputError(
      `schemaPath: ${file.path} has a $ref into ${BASE_KEYWORD} (${refs.join(', ')}), the annotation this action ` +
        `keeps for itself in each page's schema: point the $ref at a definition of your own`,
      { file: file.path, title: 'Reserved annotation' }
    )
  }
  if (!Object.prototype.hasOwnProperty.call(file.value, BASE_KEYWORD)) return file
  notices.push(
    `${file.path} holds a copy of ${BASE_KEYWORD} (another tool pulled the page's schema whole): it is left out ` +
      `of what is pushed; the action keeps its own on the page`
  )
  return { path: file.path, value: withoutBase(file.value) ?? {} }
}

/** The repository's files, checked (draft-07, the reserved annotation). */
export async function fileSource(
  environments: Environment[],
  schemas: JsonSource | undefined,
  values: JsonSource | undefined,
  checker: ValuesChecker,
  budgetMs: () => number,
  mask: boolean
): Promise<PushSource> {
  if (values) maskFileValues(values, environments, mask)
  const notices: string[] = []
  let warnings: string[] = []
  const own = new Map<JsonFile, JsonFile>()
  if (schemas) {
    const files = environments.map((env) => sourceFile(schemas, env, 'schema'))
    // The reserved annotation first: a $ref into it is named as such, not as a reference that does not resolve.
    for (const file of new Set(files)) own.set(file, ownSchemaFile(file, notices))
    const checked = await checkSchemaFiles(
      checker,
      files.map((f) => own.get(f) as JsonFile),
      budgetMs
    )
    warnings = checked.warnings
    notices.push(...checked.notices)
  }
  const facts: Array<[string, string]> = []
  if (schemas) facts.push(['Schema', describeSource(schemas)])
  if (values) facts.push(['Values', describeSource(values)])
  return {
    words: REPOSITORY,
    facts,
    warnings,
    notices,
    forEnv: (env) => ({
      ...(schemas ? { schema: own.get(sourceFile(schemas, env, 'schema')) as JsonFile } : {}),
      ...(values ? { values: sourceFile(values, env, 'values') } : {})
    })
  }
}

/** Another environment's page (config promotion): read once, checked like a file. */
export async function pageSource(
  client: PolyAiClient,
  from: Environment,
  checker: ValuesChecker,
  budgetMs: () => number,
  mask: boolean
): Promise<PushSource> {
  const page = await client.getConfigPage(from)
  const schema = withoutBase(pageObject(page, 'schema', from))
  if (!schema) {
    throw new StepError(
      `sourceEnvironment: ${from}'s config page has no schema, so there is nothing to promote; nothing was sent ` +
        `(push a schema to ${from} first)`
    )
  }
  const values = pageObject(page, 'variables', from) ?? {}
  if (mask) registerMaskedValues(values)
  const path = `${from}'s page`
  const schemaFile: JsonFile = { path: `${path} (schema)`, value: schema }
  const checked = await checkSchemaFiles(checker, [schemaFile], budgetMs)
  const valuesFile: JsonFile = { path: `${path} (values)`, value: values }
  return {
    words: {
      the: `${from}'s page`,
      short: from,
      adopt: `edit ${from}'s page to match (or run pull-config for both environments and compare)`
    },
    facts: [['Source', `${from}'s page (sourceEnvironment): its schema and its values`]],
    warnings: checked.warnings,
    notices: checked.notices,
    forEnv: () => ({ schema: schemaFile, values: valuesFile })
  }
}
