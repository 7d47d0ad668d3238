/**
 * Whether a deployment step replaced what it read before, and whether something has replaced it since (warnings
 * only).
 */
import type { LandingExpectation } from '../api/landing.js'
import { describeDeployment } from '../report/report.js'
import {
  type ActiveDeployments,
  type Deployment,
  type DeploymentMutation,
  type Environment,
  mayBeIn
} from '../core/types.js'
import { outOfOrder } from './answers.js'
import type { OperationContext } from '../core/context.js'
import { carriesMark, type StepMark, storedMessage, withoutMark } from './ownership.js'

/** How many of the environment's newest deployments are read after the step's own. */
const AFTER_HISTORY = 5

/** The landing check's expectation for this step: ours only when the stored message carries its mark. */
export function landingOf(
  before: Partial<ActiveDeployments>,
  environments: readonly Environment[],
  version: string | undefined,
  mark: StepMark
): LandingExpectation {
  return {
    before,
    environments,
    version,
    owner: (d) => (carriesMark(d, mark) ? 'ours' : storedMessage(d) === undefined ? 'unknown' : 'other'),
    lookFor: `a deployment in ${environments.join(' or ')} whose message ends with ${mark.text}`,
    unmarked: new Map(),
    unreadable: new Map()
  }
}

/** "dep-7 (version 1a2b3c4, "Hotfix 12" by ana@example.com)". */
export function whoseDeployment(d: Deployment): string {
  const message = storedMessage(d)
  const by = typeof d.createdBy === 'string' && d.createdBy !== '' ? ` by ${d.createdBy}` : ''
  return `${describeDeployment(d)}${message ? `: "${withoutMark(message)}"` : ''}${by}`
}

/**
 * Reads the environment's newest deployments after the step's `made` and returns the notes to
 * report (also logged as warnings) and the deployment it actually replaced, when that can be read.
 */
export async function reportReplaced(
  ctx: OperationContext,
  before: Partial<ActiveDeployments>,
  made: Deployment,
  /** Where `made` landed; undefined (nothing checked) when the answer contradicts the request or names no stage. */
  env: Environment | undefined,
  /** The environment's history as the landing check read it moments ago, when it found `made` there: not read again. */
  read?: DeploymentMutation['history'],
  /** Ids listed in env before the request: those between ours and the one read as active never ran after it. */
  listedBefore?: ReadonlySet<string>
): Promise<{ notes: string[]; replaced?: Deployment | null }> {
  if (env === undefined) return { notes: [] }
  let history: Deployment[]
  try {
    const list =
      read?.environment === env && read.deployments.some((d) => d.id === made.id)
        ? read.deployments.slice(0, AFTER_HISTORY)
        : await ctx.client.listDeployments(env, AFTER_HISTORY)
    history = list.filter((d) => mayBeIn(d.environment, env))
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    ctx.log.warning(`Could not check whether ${env} changed underneath this step: ${why}`)
    return { notes: [] }
  }
  const disorder = outOfOrder(history)
  if (disorder) {
    // Which entry is active, and what came before ours, are read from the order: it cannot be trusted.
    ctx.log.warning(
      `The API's ${env} list is not newest first (${disorder[0].id} is listed before the newer ` +
        `${disorder[1].id}), so whether ${env} changed underneath this step cannot be told`
    )
    return { notes: [] }
  }
  const notes: string[] = []
  const at = history.findIndex((d) => d.id === made.id)
  const expected = before[env] ?? null
  let replaced: Deployment | null | undefined
  if (at >= 0) {
    const was = expected ? history.findIndex((d, i) => i > at && d.id === expected.id) : -1
    const skipped = history.slice(at + 1, was)
    replaced =
      was > at && listedBefore && skipped.every((d) => listedBefore.has(d.id))
        ? (history[was] ?? null)
        : (history[at + 1] ?? null)
    if (replaced && replaced.id !== expected?.id) {
      notes.push(
        `${env} changed while this step ran: deployment ${made.id} replaced ` +
          `${whoseDeployment(replaced)}, not ${expected ? expected.id : 'nothing'} as read before the ` +
          `request.`
      )
    }
  }
  const now = history[0]
  if (now && now.id !== made.id) {
    notes.push(`${env} changed after this step: deployment ${whoseDeployment(now)} is active now, not ${made.id}.`)
  }
  for (const note of notes) ctx.log.warning(note)
  return replaced === undefined ? { notes } : { notes, replaced }
}
