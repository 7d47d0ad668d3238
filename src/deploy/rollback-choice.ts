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
    if (markedOperation(d) === 'rollback' || deploymentKind(d.metadata?.deployment_type) === 'rollback' || restored) {
      versions.add(replaced.version)
    }
  })
  return versions
}

/** What a rollback without deploymentId would do with this history. */
export interface RollbackChoice {
  /** The active deployment (history[0]); undefined when the environment has none. */
  active?: Deployment
  /** The deployment whose version would be restored; undefined when there is none. */
  target?: Deployment
  /** Versions skipped because a rollback already replaced them. */
  rolledBack: Set<string>
}

/** The deployment a rollback to "the previous version" restores (see the module comment). */
export function chooseRollback(history: readonly Deployment[]): RollbackChoice {
  const active = history[0]
  const rolledBack = rolledBackVersions(history)
  if (!active) return { rolledBack }
  // A contract-allowed empty version cannot be told apart from another: never a target.
  const target = history.find((d) => d.version !== '' && d.version !== active.version && !rolledBack.has(d.version))
  return target ? { active, target, rolledBack } : { active, rolledBack }
}

/**
 * The versions successive rollbacks would restore, in order: after each rollback the restored
 * version is active and the one it replaced counts as rolled back from. At most `max` versions.
 */
export function rollbackSequence(history: readonly Deployment[], max = 3): Deployment[] {
  const picks: Deployment[] = []
  let simulated = [...history]
  for (let i = 0; i < max; i++) {
    const { active, target } = chooseRollback(simulated)
    if (!active || !target) break
    picks.push(target)
    const restored: Deployment = { ...target, id: `(rollback ${i + 1})`, metadata: { deployment_type: 'rollback' } }
    simulated = [restored, ...simulated]
  }
  return picks
}

/** The rollback errors' pointer to list-deployments, for an environment. */
export function listHint(env: string): string {
  return `Run operation list-deployments with targetEnvironment: ${env} to see them and what a rollback would pick, then set deploymentId to choose one.`
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
