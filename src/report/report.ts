/** What an operation produced, as data: outputs and a report; operations never touch @actions/core. */
import type { ActiveDeployments, ConfigPage, Deployment, Environment } from '../core/types.js'

export interface Outputs {
  changed: boolean
  deploymentId?: string
  testRunIds?: string[]
  /** One of the three stages, or (only when the API named one the action does not know and the step could not tell) the API's text. */
  environment?: string
  version?: string
  deployment?: Deployment
  previousDeploymentId?: string
  activeDeployments?: ActiveDeployments
  configPages?: ConfigPage[]
  configPage?: ConfigPage
  changedEnvironments?: Environment[]
  testRunResults?: unknown[]
  /** list-deployments: the environment's newest deployments. */
  deployments?: DeploymentSummary[]
  breakingChanges?: BreakingChange[]
  /** The pull request comment written (prComment). */
  commentUrl?: string
  /** pull-config: the files written, relative to the workspace. */
  changedFiles?: string[]
  /** A bake's verdict (deploy/bake.ts). */
  health?: 'healthy' | 'unhealthy' | 'unknown'
  /** A bake: the alerts that counted. */
  alerts?: CountedAlert[]
  /** The automatic rollback made after a failed bake or failing test runs. */
  rollbackDeploymentId?: string
}

/** One alert that counted in a bake, as the alerts output gives it. */
export interface CountedAlert {
  ruleId: string
  name: string
  /** The project_id of the rule (null: account-wide). */
  projectId: string | null
  metric: string
  operator: string
  threshold: number | null
  currentValue: number | null
  since: string | null
}

/** One deployment as list-deployments outputs it. */
export interface DeploymentSummary {
  id: string
  version: string
  createdAt: string
  createdBy: string | null
  message: string | null
  active: boolean
}

/** A schema change that may refuse values the page's old schema accepted. */
export interface BreakingChange {
  environment: Environment
  /** JSON pointer into the schema ("" for the root). */
  pointer: string
  /** "<property> <kind of change>". */
  change: string
  reason: string
}

export interface Table {
  caption?: string
  headers: string[]
  rows: string[][]
  /** Where all the rows are when the summary has to cut the table (e.g. "the testRunResults output"). */
  fullData?: string
}

export interface CodeBlock {
  caption: string
  language: string
  text: string
}

export type Outcome = 'succeeded' | 'unchanged' | 'dry run' | 'failed'

/** Everything the job summary shows; every string in it is plain text, escaped when rendered. */
export interface Report {
  title: string
  outcome: Outcome
  /** Key/value rows of the main table (Agent, Environment, Deployment, …). */
  facts: Array<[string, string]>
  tables: Table[]
  blocks: CodeBlock[]
  notes: string[]
}

export interface OperationResult {
  outputs: Outputs
  report: Report
  /** Set when the step must fail although it produced outputs (a config sync refused an environment). */
  failure?: string
  /** Why the test runs of the reported deployment cannot be known here (so waitForTestRuns cannot pass). */
  testRunsUnknown?: string
}

export function newReport(title: string, outcome: Outcome = 'succeeded'): Report {
  return { title, outcome, facts: [], tables: [], blocks: [], notes: [] }
}

/** First 7 characters of a version hash, as git shows commits. */
export function shortVersion(version: string | undefined): string {
  return version ? version.slice(0, 7) : '—'
}

/** "dep-12 (v abc1234)" or "none". */
export function describeDeployment(d: Deployment | null | undefined): string {
  return d ? `${d.id} (version ${shortVersion(d.version)})` : 'none'
}
