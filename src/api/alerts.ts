/**
 * PolyAI's Alerts API (alert rules and firing alerts), read tolerantly; what the bake decides from them is in
 * deploy/bake.ts.
 */
import type { CallSpec } from './exchange.js'
import type { CountedAlert } from '../report/report.js'
import { ShapeError } from './parse.js'

/** Paths of the Alerts API (not below an agent). */
export const ALERT_PATHS = { rules: '/v1/alert-rules', active: '/v1/alerts' } as const

/** Rule states in the contract: ok, alert, no_data (no calls in the window), unknown (not evaluated yet). */
export type RuleState = 'ok' | 'alert' | 'no_data' | 'unknown' | (string & {})

/** An alert rule as read: only `id` is required; what is missing is kept as null. */
export interface AlertRule {
  id: string
  name: string
  /** The project (agent) it watches; null: account-wide (or not sent). */
  projectId: string | null
  metric: string
  operator: string
  threshold: number | null
  window: string
  /** false only when the API says so: a rule of unknown status is watched. */
  enabled: boolean
  state: RuleState
  since: string | null
  currentValue: number | null
}

/** A firing alert as read: only `ruleId` is required. */
export interface ActiveAlert {
  ruleId: string
  name: string
  projectId: string | null
  metric: string
  operator: string
  threshold: number | null
  window: string
  /** Server time it started firing; null when not sent or not a string. */
  since: string | null
  currentValue: number | null
}

/** A list as read: the entries that could be read, and what was left out and why. */
export interface AlertList<T> {
  entries: T[]
  /** Entries that could not be read, with their project_id when one was readable (to tell whose they are). */
  skipped: Array<{ why: string; projectId: string | null | undefined }>
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback)
const numberOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)
      ? Number(v)
      : null
/**
 * project_id: a non-empty string, or null (account-wide); absent is read as null, as the contract's
 * optional field. A whole number (a server that stores ids as integers) is read as its decimal text.
 */
const project = (v: unknown): string | null | undefined =>
  typeof v === 'string' && v !== ''
    ? v
    : Number.isSafeInteger(v)
      ? String(v)
      : v === null || v === undefined || v === ''
        ? null
        : undefined

function readList<T>(value: unknown, read: (o: Record<string, unknown>, i: number) => T): AlertList<T> {
  if (!isObject(value)) throw new ShapeError('response is not a JSON object')
  if (!Array.isArray(value.data)) throw new ShapeError('response has no data array')
  const list: AlertList<T> = { entries: [], skipped: [] }
  value.data.forEach((item, i) => {
    try {
      if (!isObject(item)) throw new ShapeError(`data[${i}] is not a JSON object`)
      list.entries.push(read(item, i))
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error
      list.skipped.push({ why: error.message, projectId: isObject(item) ? project(item.project_id) : undefined })
    }
  })
  return list
}

function requireId(o: Record<string, unknown>, key: string, i: number): string {
  const v = o[key]
  if (typeof v !== 'string' || v.trim() === '') throw new ShapeError(`data[${i}] has no ${key}`)
  return v
}

function readProject(o: Record<string, unknown>, i: number): string | null {
  const p = project(o.project_id)
  if (p === undefined) throw new ShapeError(`data[${i}] has a project_id that is neither a string nor null`)
  return p
}

/** What a rule and an active alert both say of the rule (`id` names it when it has no name). */
function ruleFields(o: Record<string, unknown>, i: number, id: string) {
  return {
    name: text(o.name, id),
    projectId: readProject(o, i),
    metric: text(o.metric),
    operator: text(o.operator),
    threshold: numberOrNull(o.threshold_value),
    window: text(o.window_duration),
    since: typeof o.since === 'string' ? o.since : null,
    currentValue: numberOrNull(o.current_value)
  }
}

/** `{data: AlertRule[]}` (GET /v1/alert-rules). */
export function parseAlertRules(value: unknown): AlertList<AlertRule> {
  return readList(value, (o, i) => {
    const id = requireId(o, 'id', i)
    return {
      id,
      ...ruleFields(o, i, id),
      enabled: o.enabled !== false,
      state: text(o.current_state, 'unknown')
    }
  })
}

/** `{data: ActiveAlert[]}` (GET /v1/alerts). */
export function parseActiveAlerts(value: unknown): AlertList<ActiveAlert> {
  return readList(value, (o, i) => {
    const ruleId = requireId(o, 'alert_rule_id', i)
    return { ruleId, ...ruleFields(o, i, ruleId) }
  })
}

/** The call reading every alert rule of the account. */
export function alertRulesCall(): CallSpec<AlertList<AlertRule>> {
  return {
    action: 'read the alert rules',
    method: 'GET',
    path: ALERT_PATHS.rules,
    idempotent: true,
    parse: parseAlertRules,
    hints: {
      401: HINT_ALERTS_KEY,
      403: HINT_ALERTS_KEY,
      404: 'the Alerts API was not found at this base URL: check region/baseUrl'
    }
  }
}

/** The call reading the alerts firing now, account-wide. */
export function activeAlertsCall(): CallSpec<AlertList<ActiveAlert>> {
  return {
    action: 'read the active alerts',
    method: 'GET',
    path: ALERT_PATHS.active,
    idempotent: true,
    parse: parseActiveAlerts,
    hints: { 401: HINT_ALERTS_KEY, 403: HINT_ALERTS_KEY }
  }
}

export const HINT_ALERTS_KEY =
  'a bake reads the Alerts API (GET /v1/alert-rules, GET /v1/alerts) with the same key: check ' +
  'that apiKey may read alerts in this workspace and that region/baseUrl is the key’s region'

/** Whose rule or alert it is for the step: this agent's, the account's (project_id null), or another's. */
export function ruleScope(projectId: string | null, alertsProjectId: string): 'agent' | 'account' | 'other' {
  if (projectId === null) return 'account'
  return projectId === alertsProjectId ? 'agent' : 'other'
}

/** A server timestamp as read: its instant, and whether it named its offset from UTC. */
export interface ServerTime {
  ms: number
  /** false: written without an offset ("2026-12-03T12:00:00"), so the zone it is in is not known. */
  zoned: boolean
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * An RFC 3339 date-time as the server wrote it, or undefined when it is not one (a date alone, a
 * number, free text: Date.parse would guess). A timestamp without an offset is read as if it were
 * UTC, never in the runner's time zone, and says so (`zoned: false`): whether it may be compared
 * with another timestamp is the caller's decision.
 */
export function readServerTime(text: string | null | undefined): ServerTime | undefined {
  const m = typeof text === 'string' ? RFC3339.exec(text.trim()) : null
  if (!m) return undefined
  const [, date, time, zone] = m
  const offset =
    !zone || /^[Zz]$/.test(zone) ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2}):?/, '$1:')
  const ms = Date.parse(`${date}T${time}${offset}`)
  return Number.isNaN(ms) ? undefined : { ms, zoned: !!zone }
}

/**
 * Whether the server's `since` proves an alert started at or before `createdAt`: only when both
 * are readable and both name their offset, or both leave it out (one server writing one way).
 */
export function startedBefore(since: string | null, createdAt: string): boolean {
  const [s, c] = [readServerTime(since), readServerTime(createdAt)]
  return !!s && !!c && s.zoned === c.zoned && s.ms <= c.ms
}

/** "turn_latency_p95 >= 1500": a rule's condition. */
export function condition(a: { metric: string; operator: string; threshold: number | null }): string {
  return `${a.metric || '(metric not sent)'} ${a.operator || '?'} ${a.threshold ?? '?'}`
}

/** An alert (or a rule in state alert) as the alerts output gives it. */
export function counted(a: ActiveAlert | AlertRule): CountedAlert {
  const ruleId = 'ruleId' in a ? a.ruleId : a.id
  return {
    ruleId,
    name: a.name,
    projectId: a.projectId,
    metric: a.metric,
    operator: a.operator,
    threshold: a.threshold,
    currentValue: a.currentValue,
    since: a.since
  }
}

/** "\"High p95\" (turn_latency_p95 1830 against >= 1500, since 2026-…)". */
export function describeAlert(a: CountedAlert): string {
  return (
    `"${a.name}" (${a.metric || 'metric not sent'} ${a.currentValue ?? '(value not sent)'} ` +
    `against ${a.operator || '?'} ${a.threshold ?? '?'}, since ` +
    `${a.since ?? '(not sent)'}${a.projectId === null ? ', an account-wide rule' : ''})`
  )
}
