/** Domain types shared by the client, the operations and the summary. */

export const ENVIRONMENTS = ['sandbox', 'pre-release', 'live'] as const
export type Environment = (typeof ENVIRONMENTS)[number]

export const OPERATIONS = [
  'promote',
  'rollback',
  'publish',
  'get-active-deployments',
  'list-deployments',
  'list-config-pages',
  'get-config-page',
  'upsert-schema',
  'update-variables',
  'sync-config',
  'pull-config'
] as const
export type Operation = (typeof OPERATIONS)[number]

export const REGIONS = ['us', 'eu', 'uk', 'studio', 'dev'] as const
export type Region = (typeof REGIONS)[number]

/** A deployment as the API returns it (fields we do not use are kept verbatim). */
export interface Deployment {
  id: string
  accountId?: string
  agentId?: string
  environment: Environment
  artifactVersion?: string
  version: string
  createdBy?: string
  createdAt: string
  metadata?: Record<string, unknown> | null
  [extra: string]: unknown
}

export type ActiveDeployments = Record<Environment, Deployment | null>

/** The answer to publish / promote / rollback. */
export interface DeploymentMutation {
  deployment: Deployment
  testRunIds: string[]
  /** Set when the test runs it triggered cannot be known (the answer was lost; the deployment was found by reading). */
  testRunsUnknown?: string
}

/** A real-time config page for one environment. */
export interface ConfigPage {
  clientEnv: string
  schema?: Record<string, unknown> | null
  variables?: Record<string, unknown> | null
  lastUpdated?: string
  [extra: string]: unknown
}

export type JsonObject = Record<string, unknown>

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
