/**
 * Whether a deployment mutation landed after an ambiguous failure, from the server's own data only
 * (docs/architecture.md).
 */
import {
  type ActiveDeployments,
  type Deployment,
  type DeploymentMutation,
  type Environment,
  mayBeIn
} from '../core/types.js'

/** Whose a deployment is, as far as its stored message tells. */
export type Owner = 'ours' | 'other' | 'unknown'

/** What the step knows before its POST, to recognise its own deployment afterwards. */
export interface LandingExpectation {
  /** The active deployments read before the POST. */
  before: Partial<ActiveDeployments>
  /** Where the new deployment can be. */
  environments: readonly Environment[]
  /** The version it must run, when known. */
  version: string | undefined
  /** Whose `d` is: 'ours' only when its stored message carries this step's mark. */
  owner: (d: Deployment) => Owner
  /** For a person checking by hand: "a deployment in live whose message ends with …". */
  lookFor: string
  /**
   * Filled by the checks: new deployments of the expected version without this step's mark (a
   * colleague's, or this step's own if the server stored its message altered), by id.
   */
  unmarked: Map<string, Deployment>
  /** Filled by the checks: new deployments of the expected version whose stored message cannot be read. */
  unreadable: Map<string, Deployment>
}

/** The reads a landing check makes. */
export interface LandingReads {
  getActiveDeployments(): Promise<ActiveDeployments>
  listDeployments(environment: Environment, limit?: number): Promise<Deployment[]>
}

/** Why a deployment found by the landing check has no test run ids. */
export const LOST_ANSWER =
  'its answer was lost and it was found by reading the deployments, so the test runs it triggered are not known'

/** How many of an environment's newest deployments the landing check reads. */
export const LANDING_HISTORY = 10

/** A deployment new since `before` in `env`, by id and by the server's own timestamps. */
export function isNewSince(
  before: Partial<ActiveDeployments>,
  env: Environment,
  d: Deployment | null | undefined
): d is Deployment {
  const previous = before[env]
  // Found under env's key (or in env's list): env's unless it names another of the three stages. An
  // environment name the action does not know is free text in the contract; refusing it would make
  // a mutation that landed look lost (ownership is then told by the mark, as for any other).
  if (!d || d.id === previous?.id || !mayBeIn(d.environment, env)) return false
  const created = Date.parse(d.createdAt)
  const previousCreated = Date.parse(previous?.createdAt ?? '')
  return !(created < previousCreated)
}

/** The deployment the mutation made, found by reading; undefined when it is not (yet) there. */
export async function findLanded(
  reads: LandingReads,
  expect: LandingExpectation
): Promise<DeploymentMutation | undefined> {
  const { before, environments, version, owner } = expect
  const candidate = (env: Environment, d: Deployment | null | undefined): d is Deployment =>
    isNewSince(before, env, d) && (version === undefined || d.version === version)
  // This step's mark holds an id drawn after `before` was read: a deployment carrying it is new
  // whatever its createdAt says (a server clock that stepped back must not hide it).
  const mine = (env: Environment, d: Deployment | null | undefined): d is Deployment =>
    !!d && mayBeIn(d.environment, env) && (version === undefined || d.version === version) && owner(d) === 'ours'
  const found = (d: Deployment): DeploymentMutation => ({ deployment: d, testRunIds: [], testRunsUnknown: LOST_ANSWER })

  const note = (d: Deployment): void => {
    const whose = owner(d)
    if (whose === 'other') expect.unmarked.set(d.id, d)
    if (whose === 'unknown') expect.unreadable.set(d.id, d)
  }

  const after = await reads.getActiveDeployments()
  for (const env of environments) {
    const d = after[env]
    if (mine(env, d)) return found(d)
    if (candidate(env, d)) note(d)
  }
  for (const env of environments) {
    const recent = await reads.listDeployments(env, LANDING_HISTORY)
    const ours = recent.find((d) => mine(env, d))
    if (ours) return { ...found(ours), history: { environment: env, deployments: recent } }
    recent.filter((d) => candidate(env, d)).forEach(note)
  }
  return undefined
}

/**
 * The unmarked new deployments the checks saw, for the failure message: without them "it had not
 * landed" would be a claim the step cannot make (the server may have cut or rewritten the message).
 */
export function describeUnmarked(expect: LandingExpectation): string | undefined {
  if (expect.unreadable.size > 0) {
    const named = [...expect.unreadable.values()]
      .map((d) => `${d.id} (${d.environment}, version ${d.version})`)
      .join(', ')
    return (
      `no deployment with this step's mark showed, but new deployment ${named} appeared, and its ` +
      `stored message (metadata.deployment_message) does not carry a readable mark, so whether ` +
      `this step made it cannot be told`
    )
  }
  if (expect.unmarked.size === 0) return undefined
  const named = [...expect.unmarked.values()]
    .slice(0, 3)
    .map((d) => {
      const m = d.metadata?.deployment_message
      const message =
        typeof m === 'string' ? `, message ${JSON.stringify(m.length > 80 ? `${m.slice(0, 80)}…` : m)}` : ''
      return `${d.id} (version ${d.version}${typeof d.createdBy === 'string' && d.createdBy ? `, by ${d.createdBy}` : ''}${message})`
    })
    .join(', ')
  const more = expect.unmarked.size > 3 ? ` and ${expect.unmarked.size - 3} more` : ''
  const where = `${expect.version !== undefined ? ' of the expected version' : ''} in ${expect.environments.join(' or ')}`
  return (
    `no deployment with this step's mark showed, but new deployment ${named}${more}${where} ` +
    `did, without the mark: a colleague's, or this step's if PolyAI stored its message altered`
  )
}
