/** Domain types shared by the client, the operations and the summary. */

export const ENVIRONMENTS = ['sandbox', 'pre-release', 'live'] as const
export type Environment = (typeof ENVIRONMENTS)[number]

/** The operations that deploy: the only ones with test runs to wait for and a GitHub deployment to record. */
export type DeployingOperation = 'promote' | 'rollback' | 'publish'

export const REGIONS = ['us', 'eu', 'uk', 'studio', 'dev'] as const
export type Region = (typeof REGIONS)[number]

/**
 * A deployment as the API returns it (fields we do not use are kept verbatim). `environment` is free
 * text in PolyAI's contract: compare it with knownEnvironment(), never assume one of the three.
 */
export interface Deployment {
  id: string
  accountId?: string
  agentId?: string
  environment: string
  artifactVersion?: string
  version: string
  createdBy?: string
  createdAt: string
  metadata?: Record<string, unknown> | null
  [extra: string]: unknown
}

/** The active deployment per stage; keys the action does not know are kept as they came (unread). */
export type ActiveDeployments = Record<Environment, Deployment | null> & { [other: string]: unknown }

/** The answer to publish / promote / rollback. */
export interface DeploymentMutation {
  deployment: Deployment
  testRunIds: string[]
  /** Set when the test runs it triggered cannot be known (the answer was lost; the deployment was found by reading). */
  testRunsUnknown?: string
  /**
   * Set when the landing check found the deployment in an environment's history: that history as
   * it read it, moments ago (the check for changes underneath reuses it instead of reading again).
   */
  history?: { environment: Environment; deployments: Deployment[] }
}

/** A real-time config page for one environment. */
export interface ConfigPage {
  /** Free text in the contract (may be empty); a step knows which environment it asked for. */
  clientEnv: string
  schema?: unknown
  variables?: unknown
  lastUpdated?: unknown
  [extra: string]: unknown
}

export type JsonObject = Record<string, unknown>

/** True for `{...}` JSON values (not arrays, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The next stage after an environment, or undefined for live. */
export function nextStage(env: Environment): Environment | undefined {
  const i = ENVIRONMENTS.indexOf(env)
  return ENVIRONMENTS[i + 1]
}

/** The stage before an environment, or undefined for sandbox. */
export function previousStage(env: Environment): Environment | undefined {
  const i = ENVIRONMENTS.indexOf(env)
  return i > 0 ? ENVIRONMENTS[i - 1] : undefined
}

export function isEnvironment(value: string): value is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(value)
}

/** The environment a text names, when it is one of the three the action knows. */
export function knownEnvironment(value: unknown): Environment | undefined {
  return typeof value === 'string' && isEnvironment(value) ? value : undefined
}

/** Two versions are the same only when both are known (a contract-allowed empty string is not). */
export function sameVersion(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && a !== '' && a === b
}

/**
 * True when an entry read under env's key (or in env's list) may be env's: its environment is env
 * or free text the action does not know; false when it names another of the three stages.
 */
export function mayBeIn(environment: string, env: Environment): boolean {
  const named = knownEnvironment(environment)
  return named === undefined || named === env
}
