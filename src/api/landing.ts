/**
 * How the policy tells whether a deployment mutation landed after an ambiguous failure (when it
 * asks is decided in policy.ts): a deployment that is new since the `before` snapshot in one of
 * the target environments, with the expected version when known, created after the step started
 * and after what was active before. It reads the active deployments first; when one target
 * environment is known and its active deployment is not ours, it also reads that environment's
 * newest deployments, in case ours landed and was replaced since.
 */
import { type ActiveDeployments, type Deployment, type DeploymentMutation, type Environment, knownEnvironment } from '../types.js'

/** What the step knows before its POST, to recognise its own deployment afterwards. */
export interface LandingExpectation {
  /** The active deployments read before the POST. */
  before: Partial<ActiveDeployments>
  /** Where the new deployment can be. */
  environments: readonly Environment[]
  /** The version it must run, when known. */
  version: string | undefined
  /** When the step started (ms since epoch). */
  startedAt: number
}

/** The reads a landing check makes. */
export interface LandingReads {
  getActiveDeployments(): Promise<ActiveDeployments>
  listDeployments(environment: Environment, limit?: number): Promise<Deployment[]>
}

/** Clock skew tolerated between the runner and the API when comparing createdAt. */
const SKEW_MS = 2 * 60 * 1000

/** Why a deployment found by the landing check has no test run ids. */
export const LOST_ANSWER = 'its answer was lost and it was found by reading the deployments, so the test runs it triggered are not known'

/** How many of an environment's newest deployments the landing check reads. */
export const LANDING_HISTORY = 10

/** The deployment the mutation made, found by reading; undefined when nothing landed. */
export async function findLanded(reads: LandingReads, expect: LandingExpectation): Promise<DeploymentMutation | undefined> {
  const { before, environments, version, startedAt } = expect
  const ours = (env: Environment, d: Deployment | null | undefined): d is Deployment => {
    // Found under env's key (or in env's list): ours unless it names another of the three stages. An
    // environment name the action does not know is free text in the contract; refusing it would make
    // a mutation that landed look lost, and resent.
    if (!d || d.id === before[env]?.id) return false
    const named = knownEnvironment(d.environment)
    if (named !== undefined && named !== env) return false
    if (version !== undefined && d.version !== version) return false
    const created = Date.parse(d.createdAt)
    if (Number.isNaN(created)) return true
    const previous = Date.parse(before[env]?.createdAt ?? '')
    return created >= startedAt - SKEW_MS && !(created < previous)
  }
  const after = await reads.getActiveDeployments()
  for (const env of environments) {
    const d = after[env]
    if (ours(env, d)) return { deployment: d, testRunIds: [], testRunsUnknown: LOST_ANSWER }
  }
  const [only] = environments
  if (environments.length !== 1 || only === undefined) return undefined
  const recent = await reads.listDeployments(only, LANDING_HISTORY)
  const found = recent.find((d) => ours(only, d))
  return found ? { deployment: found, testRunIds: [], testRunsUnknown: LOST_ANSWER } : undefined
}
