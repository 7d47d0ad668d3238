/** Which deployment "the previous version" is; shared by rollback and list-deployments so they agree. */
import type { Deployment } from '../core/types.js'
import { markedOperation } from './ownership.js'

/** How far back rollback looks for the previous version (list-deployments reads at least as far). */
export const ROLLBACK_HISTORY = 50

/**
 * Versions that a rollback replaced (the deployment just before a rollback in the history): a
 * later "roll back to the previous version" must not bring one of them back, or two rollbacks in
 * a row would re-deploy the bad version. A rollback is told by its deployment_type in any of the
 * spellings seen, or by the history itself (it restored a version that ran before).
 */
export function rolledBackVersions(history: readonly Deployment[]): Set<string> {
  const versions = new Set<string>()
  history.forEach((d, i) => {
    const replaced = history[i + 1]
    if (!replaced || replaced.version === d.version || replaced.version === '') return
    // A rollback says so in this action's mark, in metadata.deployment_type (in any spelling seen), or
    // the history shows it: d brought back a version that ran before the one it replaced. Any is enough.
    const restored = d.version !== '' && history.slice(i + 2).some((older) => older.version === d.version)
    const marked = markedOperation(d)
    if (
      marked === 'rollback' ||
      marked === 'auto-rollback' ||
      deploymentKind(d.metadata?.deployment_type) === 'rollback' ||
      restored
    ) {
      versions.add(replaced.version)
    }
  })
  return versions
}

/** What a rollback without deploymentId would do with this history. */
export interface RollbackChoice {
  /** The active deployment (as the active map names it); undefined when the environment has none. */
  active?: Deployment
  /** The deployment whose version would be restored; undefined when there is none. */
  target?: Deployment
  /** Versions skipped because a rollback already replaced them. */
  rolledBack: Set<string>
}

/**
 * The active deployment followed by the history entries older than it: by position when the
 * history lists it (its first entry with that id), else by createdAt (none when a timestamp cannot
 * be read). Entries listed before the active one never ran after it and are never a target.
 */
export function timeline(history: readonly Deployment[], active: Deployment): Deployment[] {
  const at = history.findIndex((d) => d.id === active.id)
  if (at >= 0) return [history[at] as Deployment, ...history.slice(at + 1)]
  const since = Date.parse(active.createdAt)
  if (Number.isNaN(since)) return [active]
  return [active, ...history.filter((d) => Date.parse(d.createdAt) < since)]
}

/** The pick on a timeline whose first entry is the active deployment. */
function pick(line: readonly Deployment[]): RollbackChoice {
  const active = line[0]
  const rolledBack = rolledBackVersions(line)
  if (!active) return { rolledBack }
  // Never the active deployment's own id (a duplicate in the history), nor a contract-allowed empty version.
  const target = line.find(
    (d) => d.id !== active.id && d.version !== '' && d.version !== active.version && !rolledBack.has(d.version)
  )
  return target ? { active, target, rolledBack } : { active, rolledBack }
}

/**
 * The deployment a rollback to "the previous version" restores (see the module comment). `active`
 * is what the active map says runs (null: nothing runs); without it, the history's first entry.
 */
export function chooseRollback(
  history: readonly Deployment[],
  active: Deployment | null = history[0] ?? null
): RollbackChoice {
  if (!active) return { rolledBack: new Set() }
  return pick(timeline(history, active))
}

/**
 * The versions successive rollbacks would restore, in order: after each rollback the restored
 * version is active and the one it replaced counts as rolled back from. At most `max` versions.
 */
export function rollbackSequence(
  history: readonly Deployment[],
  active: Deployment | null = history[0] ?? null,
  max = 3
): Deployment[] {
  const picks: Deployment[] = []
  if (!active) return picks
  let simulated = timeline(history, active)
  for (let i = 0; i < max; i++) {
    const { target } = pick(simulated)
    if (!target) break
    picks.push(target)
    const restored: Deployment = { ...target, id: `(rollback ${i + 1})`, metadata: { deployment_type: 'rollback' } }
    simulated = [restored, ...simulated]
  }
  return picks
}

/** The rollback errors' pointer to list-deployments, for an environment. */
export function listHint(env: string): string {
  return (
    `Run operation list-deployments with targetEnvironment: ${env} to see them and what a ` +
    `rollback would pick, then set deploymentId to choose one.`
  )
}

/**
 * What metadata.deployment_type says, in the spellings seen (`promote`, `promotion`, `rollback`,
 * `roll_back`…; PolyAI has not documented the values): 'other' for any other text, undefined when absent.
 */
export function deploymentKind(value: unknown): 'promote' | 'rollback' | 'other' | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const v = value.trim().toLowerCase()
  if (/^promot(e|ed|ion)$/.test(v)) return 'promote'
  if (/^roll(ed)?[-_ ]?back$/.test(v)) return 'rollback'
  return 'other'
}
