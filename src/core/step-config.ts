/**
 * What every step's configuration shares; each operation's own part is declared in its file and joined by the
 * registry.
 */
import type { DeployingOperation, Environment } from './types.js'

/** What every operation gets: where to send requests, the step's budget, and the GitHub side. */
export interface CommonConfig {
  operation: string
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
export interface DeployConfig {
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

/** Config writes and pulls act on one or more environments, in pipeline order. */
export interface MultiEnvironment {
  environments: Environment[]
  dryRun: boolean
}

/** The config of a step that deploys: what the follow-ups (test-run wait, GitHub Deployment record) read. */
export type DeployingConfig = CommonConfig & DeployConfig & { operation: DeployingOperation }

/** The parts of any operation's config that tell steps apart. */
type StepShape = CommonConfig & {
  environments?: Environment[]
  targetEnvironment?: Environment | undefined
  deploymentId?: string | undefined
  dryRun?: boolean
}

/** The environments the step acts on, for its log line and its pull request comment ([] when the API picks). */
export function environmentsOf(config: StepShape): Environment[] {
  if (config.environments) return config.environments
  if (config.targetEnvironment) return [config.targetEnvironment]
  return []
}

/** What tells this step's pull request comment from another step's (see commentMarker). */
export function stepIdentity(config: StepShape): {
  agentId: string
  operation: string
  environments: Environment[]
  deploymentId?: string
} {
  const id = config.deploymentId ? { deploymentId: config.deploymentId } : {}
  return { agentId: config.agentId, operation: config.operation, environments: environmentsOf(config), ...id }
}

/** Whether the step only plans (sends nothing that changes state). */
export function isDryRun(config: StepShape): boolean {
  return config.dryRun === true
}
