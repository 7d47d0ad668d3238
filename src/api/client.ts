/** The PolyAI Agents API client: one method per endpoint, each handed to the call policy (docs/architecture.md). */
import type { ActiveDeployments, ConfigPage, Deployment, DeploymentMutation, Environment } from '../core/types.js'
import type { CallSpec, Logger, Wire } from './exchange.js'
import { describeUnmarked, findLanded, type LandingExpectation } from './landing.js'
import {
  parseActive,
  parseConfigPage,
  parseConfigPages,
  parseDeploymentList,
  parseMutation,
  parseTestRun,
  type TestRun
} from './parse.js'
import { agentPath, PATHS } from './paths.js'
import { callWithPolicy } from './policy.js'
import { type ActiveAlert, activeAlertsCall, type AlertList, type AlertRule, alertRulesCall } from './alerts.js'
import { type BackoffPolicy, type Clock, type Deadline, DEFAULT_BACKOFF } from '../core/clock.js'
import type { Transport } from './transport.js'

export type { Logger } from './exchange.js'
export { MAX_RESPONSE_NESTING, parseJsonBody } from './exchange.js'

export interface ClientOptions {
  baseUrl: string
  apiKey: string
  agentId: string
  userAgent: string
  transport: Transport
  clock: Clock
  deadline: Deadline
  log: Logger
  backoff?: BackoffPolicy
  /** Upper bound for one request (default 30 s); see requestTimeout() for how the budget cuts it. */
  requestTimeoutMs?: number
}

export class PolyAiClient {
  private readonly wire: Wire

  /** `wire` is shared by clients made with withDeadline(): same transport, same request count. */
  constructor(
    private readonly options: ClientOptions,
    wire?: Wire
  ) {
    this.wire = wire ?? {
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      transport: options.transport,
      clock: options.clock,
      log: options.log,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      counter: { requests: 0 }
    }
  }

  /** Requests sent so far (every attempt counts): the benchmark and tests read it. */
  get requestCount(): number {
    return this.wire.counter.requests
  }

  /** The same client, bounded by another deadline (a landing check's grace). */
  withDeadline(deadline: Deadline): PolyAiClient {
    return new PolyAiClient({ ...this.options, deadline }, this.wire)
  }

  private call<T>(spec: CallSpec<T>): Promise<T> {
    return callWithPolicy(
      this.wire,
      { ...spec, path: agentPath(this.options.agentId, spec.path) },
      this.options.deadline
    )
  }

  /** verify() for a deployment mutation: reads under the deadline the policy gives it. */
  private landing(expect: LandingExpectation): (deadline: Deadline) => Promise<DeploymentMutation | undefined> {
    return (deadline) => findLanded(this.withDeadline(deadline), expect)
  }

  getActiveDeployments(): Promise<ActiveDeployments> {
    return this.call({
      action: 'read the active deployments',
      method: 'GET',
      path: PATHS.active,
      idempotent: true,
      parse: parseActive
    })
  }

  listDeployments(environment: Environment, limit?: number): Promise<Deployment[]> {
    const query: Record<string, string> = { environment }
    if (limit !== undefined) query.limit = String(limit)
    return this.call({
      action: `list the ${environment} deployments`,
      method: 'GET',
      path: PATHS.deployments,
      query,
      idempotent: true,
      parse: parseDeploymentList
    })
  }

  publish(
    body: { deploymentMessage?: string; environment?: Environment },
    expect: LandingExpectation
  ): Promise<DeploymentMutation> {
    return this.call({
      action: `publish to ${body.environment ?? 'sandbox'}`,
      method: 'POST',
      path: PATHS.publish,
      body,
      idempotent: false,
      parse: parseMutation,
      verify: this.landing(expect),
      lookFor: expect.lookFor,
      unclaimed: () => describeUnmarked(expect)
    })
  }

  promote(
    deploymentId: string,
    body: { deploymentMessage?: string; targetEnvironment?: Environment },
    expect: LandingExpectation,
    hint: string
  ): Promise<DeploymentMutation> {
    return this.call({
      action: `promote deployment ${deploymentId}${body.targetEnvironment ? ` to ${body.targetEnvironment}` : ''}`,
      method: 'POST',
      path: PATHS.promote(deploymentId),
      body,
      idempotent: false,
      parse: parseMutation,
      hints: { 404: hint },
      verify: this.landing(expect),
      lookFor: expect.lookFor,
      unclaimed: () => describeUnmarked(expect)
    })
  }

  rollback(
    deploymentId: string,
    body: { deploymentMessage?: string },
    expect: LandingExpectation,
    hint: string
  ): Promise<DeploymentMutation> {
    return this.call({
      action: `roll back to deployment ${deploymentId}`,
      method: 'POST',
      path: PATHS.rollback(deploymentId),
      body,
      idempotent: false,
      parse: parseMutation,
      hints: { 404: hint },
      verify: this.landing(expect),
      lookFor: expect.lookFor,
      unclaimed: () => describeUnmarked(expect)
    })
  }

  listConfigPages(): Promise<ConfigPage[]> {
    return this.call({
      action: 'list the config pages',
      method: 'GET',
      path: PATHS.configPages,
      idempotent: true,
      parse: parseConfigPages
    })
  }

  getConfigPage(environment: Environment): Promise<ConfigPage> {
    return this.call({
      action: `read the ${environment} config page`,
      method: 'GET',
      path: PATHS.configPage(environment),
      idempotent: true,
      parse: (json) => parseConfigPage(json)
    })
  }

  /** PUT replaces the schema: sending the same schema twice leaves the same page, so it is retried freely. */
  putSchema(environment: Environment, schema: Record<string, unknown>): Promise<ConfigPage> {
    return this.call({
      action: `update the ${environment} config schema`,
      method: 'PUT',
      path: PATHS.schema(environment),
      body: { schema },
      idempotent: true,
      parse: (json) => parseConfigPage(json)
    })
  }

  /**
   * PATCH shallow-merges the given keys. Applying the same keys twice gives the same values as
   * applying them once (no key is removed or computed from the old value), so a retry after an
   * ambiguous failure is harmless and it is treated as idempotent.
   */
  patchVariables(environment: Environment, variables: Record<string, unknown>): Promise<ConfigPage> {
    return this.call({
      action: `update the ${environment} config variables`,
      method: 'PATCH',
      path: PATHS.variables(environment),
      body: { variables },
      idempotent: true,
      parse: (json) => parseConfigPage(json)
    })
  }

  /** The Alerts API (alerts.ts): every rule of the account, with its current state. */
  listAlertRules(): Promise<AlertList<AlertRule>> {
    return callWithPolicy(this.wire, alertRulesCall(), this.options.deadline)
  }

  /** The Alerts API (alerts.ts): every rule of the account firing now. */
  listActiveAlerts(): Promise<AlertList<ActiveAlert>> {
    return callWithPolicy(this.wire, activeAlertsCall(), this.options.deadline)
  }

  /** Undocumented endpoint that PolyAI's CLI polls: GET /testing/test-runs/{id}. */
  getTestRun(testRunId: string): Promise<TestRun> {
    return this.call({
      action: `read test run ${testRunId}`,
      method: 'GET',
      path: PATHS.testRun(testRunId),
      idempotent: true,
      parse: (json) => parseTestRun(json, testRunId)
    })
  }
}
