/**
 * Which deployment "roll back to the previous version" picks in an environment's history (newest
 * first, index 0 active): the newest deployment whose version differs from the active one and was
 * not replaced by a rollback. Shared by rollback (which acts on it) and list-deployments (which
 * shows it), so the list never disagrees with what a rollback would do.
 */
import type { Deployment } from '../types.js'
import { markedOperation } from './ownership.js'

/** How far back rollback looks for the previous version (list-deployments reads at least as far). */
export const ROLLBACK_HISTORY = 50

/**
 * Versions that a rollback replaced (the deployment just before a rollback in the history): a
 * later "roll back to the previous version" must not bring one of them back, or two rollbacks in
 * a row would re-deploy the bad version.
 */
export function rolledBackVersions(history: readonly Deployment[]): Set<string> {
  const versions = new Set<string>()
  history.forEach((d, i) => {
    const replaced = history[i + 1]
    // A rollback this action made says so in its mark, whatever metadata.deployment_type is called.
    const rolledBack = d.metadata?.deployment_type === 'rollback' || markedOperation(d) === 'rollback'
    if (rolledBack && replaced && replaced.version !== d.version) versions.add(replaced.version)
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
  const target = history.find((d) => d.version !== active.version && !rolledBack.has(d.version))
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
