/**
 * The simulator's Alerts API (account-wide, outside /v1/agents): GET /v1/alert-rules and
 * GET /v1/alerts, shaped as PolyAI's published contract (alerts-openapi v1.0.8), and the admin
 * calls that script them:
 *
 *   POST   /_sim/alerts       {"ruleId": "ar_p95", "afterSeconds": 30, "forSeconds"?: 600, "value"?: 1830}
 *          the rule fires N seconds from now (on the server's clock) and stops after forSeconds (default: never)
 *   DELETE /_sim/alerts       every rule stops firing
 *   POST   /_sim/alert-rules  {"id"?, "name", "projectId": "agent-1" | null, "metric", "operator", "threshold",
 *                              "window"?, "state"?: "ok" | "no_data" | "unknown", "enabled"?}   add or replace a rule
 *   DELETE /_sim/alert-rules  no rules at all
 *
 * Seeded: a p95 latency rule for the agent, an account-wide call-crash rule, and another agent's rule.
 */
import { ApiError } from './errors.js'
import type { HandlerResult } from './http.js'

export interface SimAlertRule {
  id: string
  name: string
  project_id: string | null
  metric: string
  operator: string
  threshold_value: number
  window_duration: string
  enabled: boolean
  /** The state when not firing. */
  baseState: 'ok' | 'no_data' | 'unknown'
  created_at: string
}

interface Firing {
  ruleId: string
  from: number
  until: number
  value: number
}

/** The account's alert rules and the firings scripted for them. */
export class AlertBook {
  rules: SimAlertRule[] = []
  firings: Firing[] = []

  constructor(
    private readonly now: () => number,
    agentId: string
  ) {
    const at = new Date(now() - 7 * 24 * 3600_000).toISOString()
    const rule = (r: Omit<SimAlertRule, 'enabled' | 'baseState' | 'created_at'>): SimAlertRule => ({
      ...r,
      enabled: true,
      baseState: 'ok',
      created_at: at
    })
    this.rules = [
      rule({
        id: 'ar_p95',
        name: 'Turn latency p95',
        project_id: agentId,
        metric: 'turn_latency_p95',
        operator: '>=',
        threshold_value: 1500,
        window_duration: '5m'
      }),
      rule({
        id: 'ar_crashes',
        name: 'Call crashes (account)',
        project_id: null,
        metric: 'call_crashes',
        operator: '>',
        threshold_value: 0,
        window_duration: '10m'
      }),
      rule({
        id: 'ar_other',
        name: 'API errors of another agent',
        project_id: 'agent-other',
        metric: 'api_errors',
        operator: '>',
        threshold_value: 5,
        window_duration: '5m'
      })
    ]
  }

  /** The firing of a rule at this moment, if any. */
  private firing(ruleId: string): Firing | undefined {
    const t = this.now()
    return this.firings.find((f) => f.ruleId === ruleId && f.from <= t && t < f.until)
  }

  /** GET /v1/alert-rules: every rule with its current state. */
  ruleViews(): unknown[] {
    return this.rules.map(({ baseState, ...r }) => {
      const f = this.firing(r.id)
      return {
        ...r,
        updated_at: r.created_at,
        current_state: f ? 'alert' : baseState,
        since: f ? new Date(f.from).toISOString() : r.created_at,
        last_evaluated_at: new Date(this.now()).toISOString(),
        current_value: f ? f.value : baseState === 'ok' ? 0 : null
      }
    })
  }

  /** GET /v1/alerts: the rules firing now. */
  activeViews(): unknown[] {
    return this.rules.flatMap((r) => {
      const f = r.enabled ? this.firing(r.id) : undefined
      if (!f) return []
      return [
        {
          alert_rule_id: r.id,
          name: r.name,
          project_id: r.project_id,
          metric: r.metric,
          operator: r.operator,
          threshold_value: r.threshold_value,
          window_duration: r.window_duration,
          since: new Date(f.from).toISOString(),
          last_evaluated_at: new Date(this.now()).toISOString(),
          current_value: f.value
        }
      ]
    })
  }

  /** Makes a rule fire `afterMs` from now, for `forMs` (default: until stopped). */
  fire(ruleId: string, afterMs: number, forMs = Infinity, value?: number): void {
    const rule = this.rules.find((r) => r.id === ruleId)
    if (!rule) throw new ApiError(404, 'SIM_NOT_FOUND', `No alert rule ${ruleId}`)
    const from = this.now() + afterMs
    this.firings.push({ ruleId, from, until: from + forMs, value: value ?? rule.threshold_value + 1 })
  }
}

const ok = (body: unknown): HandlerResult => ({ status: 200, body })

/** The handler of an Alerts API path, or undefined for another path. */
export function alertsRoute(
  book: AlertBook,
  method: string,
  pathname: string,
  query: Record<string, string>
): HandlerResult | undefined {
  const path = pathname.replace(/\/+$/, '')
  if (path !== '/v1/alert-rules' && path !== '/v1/alerts') return undefined
  if (method !== 'GET') {
    throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not served by the simulator on ${path}.`, {
      Allow: 'GET'
    })
  }
  const matches = (o: Record<string, unknown>): boolean =>
    (query.project_id === undefined || o.project_id === query.project_id) &&
    (query.metric === undefined || o.metric === query.metric) &&
    (query.state === undefined || o.current_state === query.state) &&
    (query.enabled === undefined || String(o.enabled) === query.enabled)
  const list = (path === '/v1/alerts' ? book.activeViews() : book.ruleViews()) as Array<Record<string, unknown>>
  return ok({ data: list.filter(matches) })
}

function seconds(value: unknown, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback
  if (typeof value === 'number' && value >= 0 && Number.isFinite(value)) return value
  throw new ApiError(400, 'SIM_BAD_REQUEST', `${name} must be a number of seconds ≥ 0`)
}

/** The admin calls (see the module comment); undefined for another path. */
export function alertsAdmin(
  book: AlertBook,
  method: string,
  path: string,
  input: Record<string, unknown>
): HandlerResult | undefined {
  if (path === '/_sim/alerts' && method === 'POST') {
    if (typeof input.ruleId !== 'string') throw new ApiError(400, 'SIM_BAD_REQUEST', 'ruleId must be a string')
    const forSeconds = input.forSeconds === undefined ? Infinity : seconds(input.forSeconds, 'forSeconds')
    const value = typeof input.value === 'number' ? input.value : undefined
    book.fire(input.ruleId, seconds(input.afterSeconds, 'afterSeconds', 0) * 1000, forSeconds * 1000, value)
    return { status: 200, body: { firings: book.firings.length } }
  }
  if (path === '/_sim/alerts' && method === 'DELETE') {
    book.firings = []
    return { status: 200, body: { firings: 0 } }
  }
  if (path === '/_sim/alert-rules' && method === 'DELETE') {
    book.rules = []
    return { status: 200, body: { rules: 0 } }
  }
  if (path === '/_sim/alert-rules' && method === 'POST') {
    const text = (v: unknown, name: string, fallback?: string): string => {
      if (typeof v === 'string' && v !== '') return v
      if (fallback !== undefined) return fallback
      throw new ApiError(400, 'SIM_BAD_REQUEST', `${name} must be a string`)
    }
    const id = text(input.id, 'id', `ar_sim${book.rules.length + 1}`)
    const state = input.state === undefined ? 'ok' : input.state
    if (state !== 'ok' && state !== 'no_data' && state !== 'unknown')
      throw new ApiError(400, 'SIM_BAD_REQUEST', 'state must be ok, no_data or unknown')
    const rule: SimAlertRule = {
      id,
      name: text(input.name, 'name', id),
      project_id: input.projectId === null ? null : text(input.projectId, 'projectId'),
      metric: text(input.metric, 'metric', 'api_errors'),
      operator: text(input.operator, 'operator', '>'),
      threshold_value: typeof input.threshold === 'number' ? input.threshold : 0,
      window_duration: text(input.window, 'window', '5m'),
      enabled: input.enabled !== false,
      baseState: state,
      created_at: new Date().toISOString()
    }
    book.rules = [...book.rules.filter((r) => r.id !== id), rule]
    return { status: 201, body: { rule } }
  }
  return undefined
}
