/**
 * The simulator's in-memory world: deployments per environment, the draft, test runs and
 * real-time config pages, plus the domain rules that change them. No HTTP in here.
 */
import { createHash } from 'node:crypto'
import { ApiError } from './errors.js'
import { isPlainObject, schemaProblem, valuesProblem } from './schema.js'
import { AlertBook } from './alerts.js'

/** The three PolyAI environments, in promotion order. */
export const ENVIRONMENTS = ['sandbox', 'pre-release', 'live'] as const

/** A PolyAI deployment environment. */
export type Environment = (typeof ENVIRONMENTS)[number]

/** Narrows an untrusted value (query string, body field) to an Environment. */
export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value)
}

/** What kind of action created a deployment (`metadata.deployment_type`). */
export type DeploymentType = 'publish' | 'promote' | 'rollback'

/** Deployment metadata as the API returns it. */
export interface DeploymentMetadata {
  deployment_message: string
  deployment_type: DeploymentType | string
}

/** One deployment record, shaped like the API's DeploymentResponse. */
export interface Deployment {
  id: string
  accountId: string
  agentId: string
  environment: Environment
  artifactVersion: string
  version: string
  createdBy: string
  createdAt: string
  metadata: DeploymentMetadata | null
}

/** How a test run will behave; copied onto each run when it is created. */
export interface TestRunPlan {
  outcome: 'passed' | 'failed' | 'error' | 'never'
  /** GETs that report pending/running before the outcome shows (0 = done on the first GET). */
  pollsUntilDone: number
}

/** Status values the simulated test-run endpoint reports. */
export type TestRunStatus = 'pending' | 'running' | 'passed' | 'failed' | 'error'

/** A test run triggered by a promote, with its fixed plan and how often it has been read. */
export interface TestRun {
  id: string
  deploymentId: string
  plan: TestRunPlan
  polls: number
}

/** The body of GET /testing/test-runs/{id}. */
export interface TestRunView {
  id: string
  status: TestRunStatus
  passedCount: number
  failedCount: number
  errorCount: number
  testCaseCount: number
}

/** A real-time config page for one environment. */
export interface ConfigPage {
  clientEnv: Environment
  schema: Record<string, unknown> | null
  variables: Record<string, unknown> | null
  lastUpdated: string | null
}

/** Whether the draft holds work that has not been published yet. */
export interface Draft {
  hasChanges: boolean
}

/** Options that shape the initial world. */
export interface StateOptions {
  agentId: string
  /** The default world: pre-release and live on the same version (scenarios.ts has others). */
  seed: boolean
  /** The server's clock (default Date.now). */
  now?: () => number
}

/** Schema every seeded config page starts with. */
export const SEED_SCHEMA: Readonly<Record<string, unknown>> = Object.freeze({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 } },
  required: ['greeting']
})

/** Values every seeded config page starts with. */
export const SEED_VARIABLES: Readonly<Record<string, unknown>> = Object.freeze({ greeting: 'Hello', maxRetries: 3 })

const TEST_CASE_COUNT = 3
const OUTCOME_COUNTS: Record<'passed' | 'failed' | 'error', [number, number, number]> = {
  passed: [3, 0, 0],
  failed: [2, 1, 0],
  error: [2, 0, 1]
}

/** Deterministic 12-hex-char version hash for the n-th build. */
export function versionFor(n: number): string {
  return createHash('sha1').update(`polyai-sim-version-${n}`).digest('hex').slice(0, 12)
}

const pad = (n: number): string => String(n).padStart(4, '0')
const clone = <T>(value: T): T => structuredClone(value)

/** Mutable simulator state; tests read and poke it directly, routes call its domain methods. */
export class SimState {
  readonly agentId: string
  readonly accountId = 'acct-1'
  readonly createdBy = 'ci@example.com'
  /** Per environment, newest first: index 0 is the active deployment. */
  readonly deployments: Record<Environment, Deployment[]> = { sandbox: [], 'pre-release': [], live: [] }
  readonly draft: Draft = { hasChanges: true }
  readonly testRuns = new Map<string, TestRun>()
  /** Plan given to test runs created from now on. */
  testRunPlan: TestRunPlan = { outcome: 'passed', pollsUntilDone: 2 }
  /** When set, each promote starts one test run per plan here (instead of one following testRunPlan). */
  testRunPlans: TestRunPlan[] | null = null
  readonly configPages: Record<Environment, ConfigPage>
  /** The account's alert rules and their scripted firings (alerts.ts). */
  readonly alerts: AlertBook

  private deploymentSeq = 0
  private artifactSeq = 0
  private versionSeq = 0
  private testRunSeq = 0
  private lastTimestamp = 0
  private readonly artifactByVersion = new Map<string, string>()

  /** The server's clock: createdAt and lastUpdated come from it (tests skew it, or drive it with a fake clock). */
  now: () => number

  constructor(options: StateOptions) {
    this.agentId = options.agentId
    this.now = options.now ?? Date.now
    this.alerts = new AlertBook(() => this.now(), options.agentId)
    const page = (clientEnv: Environment): ConfigPage => ({
      clientEnv,
      schema: null,
      variables: null,
      lastUpdated: null
    })
    this.configPages = { sandbox: page('sandbox'), 'pre-release': page('pre-release'), live: page('live') }
    if (options.seed) this.seed()
  }

  /** The active (newest) deployment of an environment, or null when it has none. */
  active(env: Environment): Deployment | null {
    return this.deployments[env][0] ?? null
  }

  /** A copy of an environment's history, newest first. */
  history(env: Environment): Deployment[] {
    return [...this.deployments[env]]
  }

  /** Every deployment across environments, newest first. */
  all(): Deployment[] {
    return ENVIRONMENTS.flatMap((env) => this.deployments[env]).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** Looks a deployment up by id in any environment. */
  find(id: string): Deployment | undefined {
    return ENVIRONMENTS.flatMap((env) => this.deployments[env]).find((d) => d.id === id)
  }

  /** Simulates someone editing the agent in Studio: the next publish will succeed. */
  editDraft(): void {
    this.draft.hasChanges = true
  }

  /**
   * Test helper: records a deployment made outside the action (e.g. in the Studio UI) and makes it
   * the active one. Without `version` a new build is minted. metadata defaults to null.
   */
  addDeployment(
    env: Environment,
    version?: string,
    metadata: DeploymentMetadata | null = null,
    at?: number
  ): Deployment {
    return this.record(env, version ?? this.newVersion(), metadata, at)
  }

  /** A new build's version hash (for seeding worlds). */
  mintVersion(): string {
    return this.newVersion()
  }

  /** POST /deployments/publish: turns the draft into a new build deployed to `env`. */
  publish(env: Environment, message: string): Deployment {
    if (!this.draft.hasChanges) {
      throw new ApiError(
        409,
        'DEPLOYMENTS_ALREADY_PUBLISHED',
        'There are no unpublished changes: the draft is already published.'
      )
    }
    const deployment = this.record(env, this.newVersion(), { deployment_message: message, deployment_type: 'publish' })
    this.draft.hasChanges = false
    return deployment
  }

  /** POST /deployments/{id}/promote: copies the source's build to a later environment. */
  promote(
    sourceId: string,
    target: Environment | undefined,
    message: string
  ): { deployment: Deployment; testRunIds: string[] } {
    const source = this.mustFind(sourceId)
    const from = ENVIRONMENTS.indexOf(source.environment)
    const to = target === undefined ? from + 1 : ENVIRONMENTS.indexOf(target)
    const targetEnv = ENVIRONMENTS[to]
    if (targetEnv === undefined || to <= from) {
      throw new ApiError(
        400,
        'DEPLOYMENTS_INVALID_ENVIRONMENT',
        `Cannot promote a ${source.environment} deployment to ${target ?? 'a later stage'}: the target must be a later stage.`
      )
    }
    const deployment = this.record(targetEnv, source.version, {
      deployment_message: message,
      deployment_type: 'promote'
    })
    const plans = targetEnv === 'sandbox' ? [] : (this.testRunPlans ?? [this.testRunPlan])
    const testRunIds = plans.map((plan) => this.createTestRun(deployment.id, plan).id)
    return { deployment, testRunIds }
  }

  /** POST /deployments/{id}/rollback: re-deploys the source's build in its own environment. */
  rollback(sourceId: string, message: string): Deployment {
    const source = this.mustFind(sourceId)
    return this.record(source.environment, source.version, { deployment_message: message, deployment_type: 'rollback' })
  }

  /** Starts a test run that follows `plan` (default: the current `testRunPlan`). */
  createTestRun(deploymentId: string, plan: TestRunPlan = this.testRunPlan): TestRun {
    const run: TestRun = { id: `tr-${pad(++this.testRunSeq)}`, deploymentId, plan: { ...plan }, polls: 0 }
    this.testRuns.set(run.id, run)
    return run
  }

  /**
   * GET /testing/test-runs/{id}: counts the poll, then reports 'pending' on the first GET, 'running'
   * while polls <= pollsUntilDone, and the planned outcome afterwards ('never' stays 'running').
   */
  pollTestRun(id: string): TestRunView {
    const run = this.testRuns.get(id)
    if (!run) throw new ApiError(404, 'TEST_RUN_NOT_FOUND', `Test run ${id} does not exist.`)
    run.polls += 1
    const { outcome, pollsUntilDone } = run.plan
    const base = { id, passedCount: 0, failedCount: 0, errorCount: 0, testCaseCount: TEST_CASE_COUNT }
    if (run.polls > pollsUntilDone && outcome !== 'never') {
      const [passedCount, failedCount, errorCount] = OUTCOME_COUNTS[outcome]
      return { ...base, status: outcome, passedCount, failedCount, errorCount }
    }
    return { ...base, status: run.polls === 1 ? 'pending' : 'running' }
  }

  /** PUT /real-time-configs/{env}/schema: stores a draft-07 schema WITHOUT re-checking stored values. */
  setSchema(env: Environment, schema: unknown): ConfigPage {
    const problem = schemaProblem(schema)
    if (problem !== null || !isPlainObject(schema)) {
      throw new ApiError(
        400,
        'REAL_TIME_CONFIG_INVALID_SCHEMA',
        `JSON Schema definition is invalid: ${problem ?? 'not an object'}`
      )
    }
    const page = this.configPages[env]
    page.schema = clone(schema)
    page.lastUpdated = this.timestamp()
    return page
  }

  /** PATCH /real-time-configs/{env}/variables: shallow-merges, then rejects the result if it fails the schema. */
  patchVariables(env: Environment, variables: Record<string, unknown>): ConfigPage {
    const page = this.configPages[env]
    const merged = { ...(page.variables ?? {}), ...clone(variables) }
    if (page.schema) {
      const problem = valuesProblem(page.schema, merged)
      if (problem !== null) {
        throw new ApiError(
          400,
          'REAL_TIME_CONFIG_INVALID_FOR_SCHEMA',
          `Config values do not match the schema: ${problem}`
        )
      }
    }
    page.variables = merged
    page.lastUpdated = this.timestamp()
    return page
  }

  private mustFind(id: string): Deployment {
    const found = this.find(id)
    if (!found) throw new ApiError(404, 'DEPLOYMENT_NOT_FOUND', 'Deployment ID does not exist.')
    return found
  }

  private newVersion(): string {
    return versionFor(++this.versionSeq)
  }

  /** Creates a deployment (new id; artifact reused per version) and makes it the environment's newest. */
  private record(env: Environment, version: string, metadata: DeploymentMetadata | null, at?: number): Deployment {
    let artifactVersion = this.artifactByVersion.get(version)
    if (artifactVersion === undefined) {
      artifactVersion = `art-${pad(++this.artifactSeq)}`
      this.artifactByVersion.set(version, artifactVersion)
    }
    const deployment: Deployment = {
      id: `dep-${pad(++this.deploymentSeq)}`,
      accountId: this.accountId,
      agentId: this.agentId,
      environment: env,
      artifactVersion,
      version,
      createdBy: this.createdBy,
      createdAt: this.timestamp(at),
      metadata
    }
    this.deployments[env].unshift(deployment)
    return deployment
  }

  /** Strictly increasing ISO timestamps (at `at`, default now), so createdAt always orders deployments. */
  private timestamp(at: number = this.now()): string {
    this.lastTimestamp = Math.max(at, this.lastTimestamp + 1)
    return new Date(this.lastTimestamp).toISOString()
  }

  /** Sandbox: A then B (active B); pre-release and live: A. Config pages get SEED_SCHEMA/SEED_VARIABLES. */
  private seed(): void {
    const hour = 3600_000
    const start = this.now() - 24 * hour // seeded history lies in the past
    const a = this.newVersion()
    const b = this.newVersion()
    this.record('sandbox', a, { deployment_message: 'Initial build', deployment_type: 'publish' }, start)
    this.record('pre-release', a, { deployment_message: 'Initial build', deployment_type: 'promote' }, start + hour)
    this.record('live', a, { deployment_message: 'Initial build', deployment_type: 'promote' }, start + 2 * hour)
    this.record('sandbox', b, { deployment_message: 'Second build', deployment_type: 'publish' }, start + 3 * hour)
    this.seedPages(start + 4 * hour)
  }

  /** Every config page gets SEED_SCHEMA and SEED_VARIABLES. */
  private seedPages(at: number): void {
    for (const env of ENVIRONMENTS) {
      const page = this.configPages[env]
      page.schema = clone(SEED_SCHEMA)
      page.variables = clone(SEED_VARIABLES)
      page.lastUpdated = this.timestamp(at)
    }
  }
}
