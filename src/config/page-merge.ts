/**
 * One page's three-way merge as the config writes use it: the page read (its annotation split
 * off), the base it holds, the decision per unit for the halves the step pushes, what to send, and
 * the annotations its writes carry: the new base only on the write that completes the sync; the
 * old base (plus the transitional schema's units, which are the action's own) on a write on the way.
 */
import {
  type Base,
  type BaseRead,
  encodeBase,
  freshHasher,
  type Hasher,
  readBase,
  schemaDigests,
  schemaUnits,
  valueDigests,
  withoutBase
} from './base.js'
import {
  decide,
  mergedSchema,
  mergeLines,
  mergeReport,
  type MergeReport,
  type SourceWords,
  type UnitDecision,
  valuesToSend
} from './three-way.js'

export interface MergeInput {
  /** The page's schema as PolyAI holds it (annotation included), and its values. */
  pageSchema: Record<string, unknown> | null
  pageValues: Record<string, unknown>
  /** The side the step pushes; a half it does not push is undefined. */
  repoSchema?: Record<string, unknown>
  repoValues?: Record<string, unknown>
  apiKey: string
  overwrite: boolean
  env: string
  source: SourceWords
}

export interface PageMerge {
  read: BaseRead
  /** The page's schema without the annotation: what diffs, checks and outputs see. */
  schema: Record<string, unknown> | null
  values: Record<string, unknown>
  decisions: UnitDecision[]
  /** The schema to PUT (without annotation), when the schema half is pushed. */
  targetSchema?: Record<string, unknown>
  /** The value keys to PATCH (only where the repository wins), when the values half is pushed. */
  desired?: Record<string, unknown>
  /** Keys the repository's side drops but a PATCH cannot remove. */
  stays: string[]
  report: MergeReport
  /** Warnings: kept, overwritten, replaced, an unreadable base. */
  lines: string[]
  /** The annotation of the write that completes the sync: the new base. */
  finalAnnotation: Record<string, unknown>
  /** The annotation of a schema write on the way (undefined: none to carry). */
  interimAnnotation(transitional: Record<string, unknown>): Record<string, unknown> | undefined
}

function toMap(obj: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(obj))
}

/** Reads the base and decides the page (see the module comment). */
export function mergePage(input: MergeInput): PageMerge {
  const read = readBase(input.pageSchema, input.apiKey)
  const schema = withoutBase(input.pageSchema)
  const old = read.kind === 'base' ? read : undefined
  const half = (digests: Base['values']): Parameters<typeof decide>[3] =>
    old && digests
      ? { digests, hasher: old.hasher, ...(old.base.interim ? { interim: old.base.interim } : {}) }
      : undefined
  const decisions: UnitDecision[] = []
  let targetSchema: Record<string, unknown> | undefined
  let desired: Record<string, unknown> | undefined
  let stays: string[] = []
  if (input.repoValues) {
    const valueHalf = old?.base.values
      ? { digests: old.base.values, hasher: old.hasher, ...(old.base.seen ? { seen: old.base.seen } : {}) }
      : undefined
    const ds = decide('values', toMap(input.pageValues), toMap(input.repoValues), valueHalf, input.overwrite)
    decisions.push(...ds)
    ;({ desired, stays } = valuesToSend(ds))
  }
  if (input.repoSchema) {
    const ds = decide(
      'schema',
      schemaUnits(schema),
      schemaUnits(input.repoSchema),
      half(old?.base.schema),
      input.overwrite
    )
    decisions.push(...ds)
    targetSchema = mergedSchema(input.repoSchema, schema, ds)
  }
  const report = mergeReport(decisions)
  const lines = mergeLines(input.env, report, input.source)
  if (read.kind === 'unreadable')
    lines.unshift(
      `${input.env}: the base an earlier sync left on the page cannot be read (${read.why}), so Studio's edits ` +
        `since cannot be told from ${input.source.the}'s changes: ${input.source.the} wins`
    )

  const hasher: Hasher = old?.hasher ?? freshHasher(input.apiKey)
  const next: Base = { salt: hasher.salt }
  const values = input.repoValues ? valueDigests(hasher, input.repoValues) : old?.base.values
  const schemaPart = input.repoSchema ? schemaDigests(hasher, withoutBase(input.repoSchema)) : old?.base.schema
  if (values) next.values = values
  const seen = input.repoValues ? seenDigests(hasher, input.pageValues, input.repoValues) : old?.base.seen
  if (seen) next.seen = seen
  if (schemaPart) next.schema = schemaPart
  return {
    read,
    schema,
    values: input.pageValues,
    decisions,
    ...(targetSchema ? { targetSchema } : {}),
    ...(desired ? { desired } : {}),
    stays,
    report,
    lines,
    finalAnnotation: encodeBase(next, hasher),
    interimAnnotation(transitional) {
      if (!old) return undefined
      const units = new Set([
        ...schemaUnits(transitional).keys(),
        ...schemaUnits(schema).keys(),
        ...schemaUnits(input.repoSchema ?? null).keys()
      ])
      const now = schemaUnits(transitional)
      const interim: Record<string, string> = {}
      for (const unit of units)
        Object.defineProperty(interim, unit, {
          value: old.hasher.digest('schema', unit, now.get(unit)),
          enumerable: true
        })
      return encodeBase({ ...old.base, interim }, old.hasher)
    }
  }
}

/** Whether the merge has conflicts that stop this environment. */
export function hasConflicts(merge: PageMerge): boolean {
  return merge.report.conflicts.length > 0
}

/** Digests of the page's keys the repository does not set (see Base.seen). */
function seenDigests(
  hasher: Hasher,
  page: Record<string, unknown>,
  repo: Record<string, unknown>
): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(page))
    if (!Object.prototype.hasOwnProperty.call(repo, key))
      Object.defineProperty(out, key, { value: hasher.digest('values', key, value), enumerable: true })
  return Object.keys(out).length ? out : undefined
}
