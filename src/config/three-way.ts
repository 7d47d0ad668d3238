/**
 * The three-way merge of one page, per unit (a top-level value key; a top-level schema property,
 * `required` name or other keyword), against the base (base.ts): changed only in Studio since the
 * base → Studio's is kept; changed only in the repository → the repository's is written; changed on
 * both sides to different contents → a conflict (that environment gets no write), unless
 * overwriteStudioEdits. With no base (a first sync, a base PolyAI dropped or another key wrote),
 * the repository wins, as an upsert always did, and the units it replaces are named.
 */
import type { Digests, Hasher } from './base.js'
import { isJsonObject, jsonEqual } from './json.js'
import { MASKED, nameList, showValue } from './render.js'

export type Decision = 'same' | 'repo' | 'studio' | 'conflict' | 'overwrite'

/** How one unit is decided; `page`/`repo` undefined: absent on that side. */
export interface UnitDecision {
  space: 'values' | 'schema'
  unit: string
  decision: Decision
  page: unknown
  repo: unknown
  /** No base: the repository's content replaces content the page had. */
  overwrote: boolean
}

/** The base half a side is decided against (undefined: no base). */
export interface BaseHalf {
  digests: Digests
  interim?: Digests
  /** Value keys the repository did not set, as the page held them then: unchanged, they are no news. */
  seen?: Digests
  hasher: Hasher
}

/** Decides every unit of one half of a page. */
export function decide(
  space: 'values' | 'schema',
  page: Map<string, unknown>,
  repo: Map<string, unknown>,
  base: BaseHalf | undefined,
  overwrite: boolean
): UnitDecision[] {
  // Without a base, a value key the repository does not set is simply left alone (a PATCH merges);
  // a schema unit it lacks is replaced, as the PUT replaces the whole schema.
  const units = new Set<string>(repo.keys())
  if (base || space === 'schema') for (const unit of page.keys()) units.add(unit)
  if (base) for (const unit of Object.keys(base.digests)) units.add(unit)
  const out: UnitDecision[] = []
  for (const unit of units) {
    const p = page.get(unit)
    const r = repo.get(unit)
    const row = { space, unit, page: p, repo: r, overwrote: false }
    if (jsonEqual(p, r)) {
      out.push({ ...row, decision: 'same' })
      continue
    }
    if (!base) {
      out.push({ ...row, decision: 'repo', overwrote: p !== undefined })
      continue
    }
    const digest = (v: unknown): string => base.hasher.digest(space, unit, v)
    const was = own(base.digests, unit) ?? digest(undefined)
    const pageDigest = digest(p)
    const interim = base.interim ? own(base.interim, unit) : undefined
    // A key the repository never set, as it was at the last write: left alone, and not news.
    if (r === undefined && !own(base.digests, unit) && base.seen && own(base.seen, unit) === pageDigest) {
      out.push({ ...row, decision: 'same' })
      continue
    }
    const studioChanged = pageDigest !== was && pageDigest !== interim
    const repoChanged = digest(r) !== was
    if (!studioChanged) out.push({ ...row, decision: 'repo' })
    else if (!repoChanged) out.push({ ...row, decision: 'studio' })
    else out.push({ ...row, decision: overwrite ? 'overwrite' : 'conflict' })
  }
  return out
}

function own(digests: Digests, unit: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(digests, unit) ? digests[unit] : undefined
}

/** Whether the repository's side is what the page gets for this unit. */
export function repoWins(d: UnitDecision): boolean {
  return d.decision === 'repo' || d.decision === 'overwrite'
}

/** The value keys the PATCH sends (the repository's side where it wins), and keys it cannot remove. */
export function valuesToSend(decisions: UnitDecision[]): { desired: Record<string, unknown>; stays: string[] } {
  const desired: Record<string, unknown> = {}
  const stays: string[] = []
  for (const d of decisions) {
    if (!repoWins(d)) continue
    if (d.repo !== undefined) Object.defineProperty(desired, d.unit, { value: d.repo, enumerable: true })
    else if (d.page !== undefined) stays.push(d.unit)
  }
  return { desired, stays }
}

/**
 * The schema the page gets: the repository's, with Studio's side of each unit it keeps (same
 * order: the repository's keys first). Unchanged (the very object) when Studio keeps nothing.
 */
export function mergedSchema(
  repo: Record<string, unknown>,
  page: Record<string, unknown> | null,
  decisions: UnitDecision[]
): Record<string, unknown> {
  if (!decisions.some((d) => !repoWins(d) && d.decision !== 'same')) return repo
  const chosen = new Map(decisions.map((d) => [d.unit, repoWins(d) || d.decision === 'same' ? d.repo : d.page]))
  const side = (schema: Record<string, unknown> | null, key: string): unknown => schema?.[key]
  const out: Record<string, unknown> = {}
  const keywords = [...new Set([...Object.keys(repo), ...Object.keys(page ?? {})])]
  for (const keyword of keywords) {
    const fromRepo = side(repo, keyword)
    const fromPage = side(page, keyword)
    if (keyword === 'properties' && (isJsonObject(fromRepo) || isJsonObject(fromPage)) && !chosen.has('k:properties')) {
      const props: Record<string, unknown> = {}
      const names = [
        ...Object.keys(isJsonObject(fromRepo) ? fromRepo : {}),
        ...Object.keys(isJsonObject(fromPage) ? fromPage : {})
      ]
      for (const name of names) {
        const value = chosen.get(`p:${name}`)
        if (value !== undefined)
          Object.defineProperty(props, name, { value, enumerable: true, configurable: true, writable: true })
      }
      if (fromRepo !== undefined || Object.keys(props).length) out.properties = props
    } else if (
      keyword === 'required' &&
      (Array.isArray(fromRepo) || Array.isArray(fromPage)) &&
      !chosen.has('k:required')
    ) {
      const names = [...(Array.isArray(fromRepo) ? fromRepo : []), ...(Array.isArray(fromPage) ? fromPage : [])]
      const required = [
        ...new Set(names.filter((n): n is string => typeof n === 'string' && chosen.get(`r:${n}`) === true))
      ]
      if (fromRepo !== undefined || required.length) out.required = required
    } else {
      const value = chosen.get(`k:${keyword}`)
      if (value !== undefined) out[keyword] = value
    }
  }
  return out
}

/** "greeting", "schema property greeting", "required greeting", "schema keyword additionalProperties". */
export function unitLabel(d: Pick<UnitDecision, 'space' | 'unit'>): string {
  if (d.space === 'values') return d.unit
  const name = d.unit.slice(2)
  if (d.unit.startsWith('p:')) return `schema property ${name}`
  if (d.unit.startsWith('r:')) return `"${name}" in required`
  return `schema keyword ${name}`
}

function side(value: unknown, mask: boolean): string {
  return value === undefined ? '(absent)' : showValue(value, mask)
}

/** What the merge did that a reader must hear of, in words, and the rows of the summary's table. */
export interface MergeReport {
  kept: UnitDecision[]
  conflicts: UnitDecision[]
  overwritten: UnitDecision[]
  /** No base: content on the page the repository's replaced. */
  replaced: UnitDecision[]
}

export function mergeReport(decisions: UnitDecision[]): MergeReport {
  return {
    kept: decisions.filter((d) => d.decision === 'studio'),
    conflicts: decisions.filter((d) => d.decision === 'conflict'),
    overwritten: decisions.filter((d) => d.decision === 'overwrite'),
    replaced: decisions.filter((d) => d.overwrote)
  }
}

/** "greeting (Studio: "Hi", repository: "Hello")", values masked with maskValues (schema content too). */
export function conflictLine(d: UnitDecision, mask: boolean, source: string): string {
  return `${unitLabel(d)} (Studio: ${side(d.page, mask)}, ${source}: ${side(d.repo, mask)})`
}

/** The step's error for an environment with conflicts. */
export function conflictReason(env: string, conflicts: UnitDecision[], mask: boolean, source: SourceWords): string {
  const n = conflicts.length
  return (
    `${env}: nothing was sent: ${n === 1 ? 'one key was' : `${n} keys were`} changed both in Studio and in ` +
    `${source.the} since the last sync, to different contents: ` +
    `${conflicts.map((d) => conflictLine(d, mask, source.short)).join('; ')}. Either adopt Studio's: ` +
    `${source.adopt}; or set overwriteStudioEdits: true to write the ${source.short}'s side over Studio's edits.`
  )
}

/** How messages name the side the step pushes: the repository's files, or another environment's page. */
export interface SourceWords {
  /** "the repository", "pre-release's page". */
  the: string
  /** "repository", "pre-release". */
  short: string
  /** How to take Studio's side instead. */
  adopt: string
}

export const REPOSITORY: SourceWords = {
  the: 'the repository',
  short: 'repository',
  adopt:
    'run pull-config and commit the pulled files (the next push then has nothing to overwrite), or copy those ' +
    'values into the repository by hand'
}

/** One line per kind of event for the log and the summary's notes (empty when nothing happened). */
export function mergeLines(env: string, report: MergeReport, source: SourceWords): string[] {
  const lines: string[] = []
  const names = (ds: UnitDecision[]): string => nameList(ds.map(unitLabel))
  if (report.kept.length)
    lines.push(
      `${env}: kept Studio's edit of ${names(report.kept)} (changed in Studio since the last sync, not in ${source.the})`
    )
  if (report.overwritten.length)
    lines.push(
      `${env}: overwrote Studio's edit of ${names(report.overwritten)} with the ${source.short}'s (overwriteStudioEdits: true)`
    )
  if (report.replaced.length)
    lines.push(
      `${env}: no base from an earlier sync, so ${source.the} wins: it replaces what the page held for ${names(report.replaced)}`
    )
  return lines
}

/** Summary rows Unit | What happened | Studio | source, for the kept, overwritten and conflicting units. */
export function mergeRows(report: MergeReport, mask: boolean): string[][] {
  const row = (d: UnitDecision, what: string): string[] => [unitLabel(d), what, side(d.page, mask), side(d.repo, mask)]
  return [
    ...report.conflicts.map((d) => row(d, 'conflict: nothing sent')),
    ...report.kept.map((d) => row(d, "kept Studio's edit")),
    ...report.overwritten.map((d) => row(d, "overwrote Studio's edit")),
    ...report.replaced.map((d) => row(d, 'replaced (no base)'))
  ]
}

export { MASKED }
