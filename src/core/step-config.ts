/**
 * The step's configuration, typed per operation: a union on `operation` in which each operation
 * carries exactly the inputs it may use, already checked and defaulted (inputs.ts builds it). An
 * operation's code then needs no casts and cannot read an input that does not apply to it.
 */
import { DEPLOYING_OPERATIONS, type DeployingOperation, type Environment, type Operation } from './types.js'

/** What every operation gets: where to send requests, the step's budget, and the GitHub side. */
export interface CommonConfig {
  apiKey: string
  baseUrl: string
  agentId: string
  timeoutSeconds: number
  githubToken?: string
  /** Post the plan or result as one pull request comment (needs githubToken). */
  prComment: boolean
  /** Inputs that were given but do not apply to this operation, as log lines. */
  ignored: string[]
}

/** The inputs of an operation that deploys (and so can wait for its test runs). */
interface DeployConfig {
  deploymentMessage?: string
  dryRun: boolean
  waitForTestRuns: boolean
  testRunTimeoutSeconds: number
  /** The bake (deploy/bake.ts): watch the agent's alerts this long after a deploy to live (0: no bake). */
  bakeSeconds: number
  /** Roll back on an unhealthy bake or failing test runs (deploy/auto-rollback.ts); never on a rollback step. */
  rollbackOnFailure: boolean
  /** The Alerts API's project_id for this agent (default: agentId). */
  alertsProjectId: string
}

export type PromoteConfig = {
  operation: 'promote'
  deploymentId?: string
  targetEnvironment?: Environment
  force: boolean
} & DeployConfig
/** rollback needs a deploymentId, a targetEnvironment, or both. */
export type RollbackConfig = { operation: 'rollback'; force: boolean } & DeployConfig &
  (
    | { deploymentId: string; targetEnvironment?: Environment }
    | { deploymentId?: undefined; targetEnvironment: Environment }
  )
export type PublishConfig = { operation: 'publish'; targetEnvironment: Environment } & DeployConfig

/** Config writes and pulls act on one or more environments, in pipeline order. */
interface MultiEnvironment {
  environments: Environment[]
  dryRun: boolean
}
export type UpsertSchemaConfig = {
  operation: 'upsert-schema'
  schemaPath: string
  force: boolean
  failOnBreaking: boolean
  maskValues: boolean
} & MultiEnvironment
export type UpdateVariablesConfig = {
  operation: 'update-variables'
  variablesPath: string
  force: boolean
  maskValues: boolean
} & MultiEnvironment
export type PullConfigConfig = { operation: 'pull-config'; configPath: string } & MultiEnvironment
/** sync-config pushes schema and values together, in the order that keeps every step valid. */
export type SyncConfigConfig = {
  operation: 'sync-config'
  schemaPath: string
  variablesPath: string
  force: boolean
  failOnBreaking: boolean
  maskValues: boolean
} & MultiEnvironment

export type OperationConfig =
  | PromoteConfig
  | RollbackConfig
  | PublishConfig
  | { operation: 'get-active-deployments' }
  | { operation: 'list-config-pages' }
  | { operation: 'get-config-page'; targetEnvironment: Environment }
  | { operation: 'list-deployments'; targetEnvironment: Environment; limit: number }
  | UpsertSchemaConfig
  | UpdateVariablesConfig
  | PullConfigConfig
  | SyncConfigConfig

export type Config = CommonConfig & OperationConfig

/** The config of one operation. */
export type ConfigOf<O extends Operation> = Config & { operation: O }

export function isDeploying(config: Config): config is ConfigOf<DeployingOperation> {
  return (DEPLOYING_OPERATIONS as readonly Operation[]).includes(config.operation)
}

/** The environments the step acts on, for its log line and its pull request comment ([] when the API picks). */
export function environmentsOf(config: Config): Environment[] {
  if ('environments' in config) return config.environments
  if ('targetEnvironment' in config && config.targetEnvironment) return [config.targetEnvironment]
  return []
}

/** What tells this step's pull request comment from another step's (see commentMarker). */
export function stepIdentity(config: Config): {
  agentId: string
  operation: Operation
  environments: Environment[]
  deploymentId?: string
} {
  const id = 'deploymentId' in config && config.deploymentId ? { deploymentId: config.deploymentId } : {}
  return { agentId: config.agentId, operation: config.operation, environments: environmentsOf(config), ...id }
}

/** Whether the step only plans (sends nothing that changes state). */
export function isDryRun(config: Config): boolean {
  return 'dryRun' in config && config.dryRun
}
