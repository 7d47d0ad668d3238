/**
 * Fault injection: a plan of rules matched against incoming requests, and how each fault misbehaves.
 * To add a fault: add a member to `Fault`, say in `APPLIES_CHANGE` whether the backend applies the
 * request first, and render it in `renderFault` (the `never` check points at any missing case).
 */
import { STATUS_CODES, type ServerResponse } from 'node:http'
import { envelope } from './errors.js'
import { send, sendJson, type HandlerResult } from './http.js'

/** One way the API (or a proxy in front of it) can misbehave. */
export type Fault =
  /** Respond with this status (JSON error envelope unless `body` is given) WITHOUT applying the change. */
  | { type: 'status'; status: number; body?: unknown; retryAfter?: string; headers?: Record<string, string> }
  /** Apply the change, then answer this status (e.g. a proxy 502 after the backend succeeded). */
  | { type: 'apply-then-status'; status: number }
  /** Wait, then handle normally. */
  | { type: 'delay'; ms: number }
  /** Never answer; the socket stays open until close(). */
  | { type: 'hang' }
  /** Destroy the socket without applying the change. */
  | { type: 'reset-before' }
  /** Apply the change, then destroy the socket without answering. */
  | { type: 'reset-after' }
  /** Proxy-style HTML page (default 502), not applied. Carries no correlation header. */
  | { type: 'html'; status?: number }
  /** Apply, then 200 with the JSON body cut in half. */
  | { type: 'truncated' }
  /** Apply, then `status` (default 200) with an empty body. */
  | { type: 'empty'; status?: number }
  /** 3xx (default 302) with Location, not applied. Carries no correlation header. */
  | { type: 'redirect'; location: string; status?: number }

/** When a fault fires: method (any if omitted), pathname match, and how many times (default 1). */
export interface FaultRule {
  method?: string
  /** Matched against the pathname; a string matches when the pathname ends with it. */
  path: string | RegExp
  /** Default 1; Infinity allowed. */
  times?: number
  fault: Fault
}

/** The mutable list of rules a test arms before driving the client. */
export interface FaultPlan {
  add(rule: FaultRule): void
  clear(): void
  /** Rules that can still fire, with `times` showing what is left. */
  pending(): FaultRule[]
}

/** The plan plus the server-side `take` that consumes a firing. */
export interface FaultPlanInternal extends FaultPlan {
  /** The first matching rule with times left fires: its count drops by one and its fault is returned. */
  take(method: string, pathname: string): Fault | undefined
}

/** Whether the simulated backend applies the request before the fault misbehaves. */
const APPLIES_CHANGE: Record<Fault['type'], boolean> = {
  status: false,
  'apply-then-status': true,
  delay: true,
  hang: false,
  'reset-before': false,
  'reset-after': true,
  html: false,
  truncated: true,
  empty: true,
  redirect: false
}

/** True when the request should reach the route handler despite the fault. */
export function appliesChange(fault: Fault): boolean {
  return APPLIES_CHANGE[fault.type]
}

/** Creates an empty fault plan. */
export function createFaultPlan(): FaultPlanInternal {
  let rules: Array<{ rule: FaultRule; left: number }> = []
  const matches = (rule: FaultRule, method: string, pathname: string): boolean => {
    if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false
    if (typeof rule.path === 'string') return pathname.endsWith(rule.path)
    rule.path.lastIndex = 0 // a /g or /y RegExp would otherwise remember the previous match
    return rule.path.test(pathname)
  }
  return {
    add(rule) {
      rules.push({ rule, left: rule.times ?? 1 })
    },
    clear() {
      rules = []
    },
    pending() {
      return rules.filter((r) => r.left > 0).map((r) => ({ ...r.rule, times: r.left }))
    },
    take(method, pathname) {
      const hit = rules.find((r) => r.left > 0 && matches(r.rule, method, pathname))
      if (!hit) return undefined
      hit.left -= 1
      return hit.rule.fault
    }
  }
}

/** UPPER_SNAKE error code for a bare status, e.g. 429 -> TOO_MANY_REQUESTS. */
function codeFor(status: number): string {
  return (STATUS_CODES[status] ?? 'SIMULATED_FAULT').toUpperCase().replace(/[^A-Z0-9]+/g, '_')
}

/** Error envelope for a status the fault invented. */
function faultEnvelope(status: number, correlationId: string): unknown {
  return envelope(codeFor(status), `Simulated ${status} ${STATUS_CODES[status] ?? 'fault'}`, correlationId)
}

const proxyPage = (status: number): string => {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}

/** Context a fault renders with: the correlation headers, and the handler's result when it was applied. */
export interface FaultContext {
  apiHeaders: Record<string, string>
  correlationId: string
  result: HandlerResult | undefined
}

/**
 * Misbehaves on `res` as `fault` says. `delay` is handled by the caller (it only postpones),
 * so here it simply sends the normal result.
 */
export function renderFault(fault: Fault, res: ServerResponse, ctx: FaultContext): void {
  const { apiHeaders, correlationId, result } = ctx
  switch (fault.type) {
    case 'status': {
      const headers: Record<string, string> = { ...apiHeaders, ...fault.headers }
      if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter
      if (typeof fault.body === 'string') {
        send(res, fault.status, { 'Content-Type': 'text/plain', ...headers }, fault.body)
      } else {
        const body = fault.body === undefined ? faultEnvelope(fault.status, correlationId) : fault.body
        sendJson(res, { status: fault.status, body }, headers)
      }
      return
    }
    case 'apply-then-status': {
      // A success status keeps the real body; an error status gets an envelope, as a gateway would.
      const body = fault.status < 400 && result ? result.body : faultEnvelope(fault.status, correlationId)
      sendJson(res, { status: fault.status, body }, apiHeaders)
      return
    }
    case 'delay':
      if (result) sendJson(res, result, apiHeaders)
      return
    case 'hang':
      return // never answer; close() destroys the socket
    case 'reset-before':
    case 'reset-after':
      res.socket?.destroy()
      return
    case 'html': {
      const status = fault.status ?? 502
      send(res, status, { 'Content-Type': 'text/html' }, proxyPage(status))
      return
    }
    case 'truncated': {
      const full = JSON.stringify(result?.body ?? null)
      send(res, 200, { 'Content-Type': 'application/json', ...apiHeaders }, full.slice(0, Math.floor(full.length / 2)))
      return
    }
    case 'empty':
      send(res, fault.status ?? 200, { 'Content-Type': 'application/json', ...apiHeaders }, '')
      return
    case 'redirect':
      send(res, fault.status ?? 302, { Location: fault.location }, '')
      return
    default: {
      const unhandled: never = fault
      throw new Error(`unhandled fault ${JSON.stringify(unhandled)}`)
    }
  }
}
