/**
 * Dev-only, stateful HTTP simulator of the PolyAI Agents API (deployments, test runs, real-time
 * configs) and Alerts API (alert rules, active alerts: alerts.ts) with fault injection, for exercising the action against realistic failures.
 *
 * Request pipeline: record -> latency -> auth -> fault (before) -> route -> JSON body -> handler -> fault (after).
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { checkAuth, dispatch, errorResult } from './dispatch.js'
import { appliesChange, createFaultPlan, renderFault, type FaultPlan } from './faults.js'
import {
  CORRELATION_HEADER,
  flattenHeaders,
  parseLenient,
  readBody,
  sendJson,
  sleep,
  type HandlerResult
} from './http.js'
import { createRateLimiter, type RateLimitOptions, type RateLimitReport } from './rate-limit.js'
import { admin, seedStaged } from './scenarios.js'
import { SimState, type TestRunPlan } from './state.js'

export type { Fault, FaultPlan, FaultRule } from './faults.js'
export type {
  ConfigPage,
  Deployment,
  DeploymentMetadata,
  DeploymentType,
  Draft,
  Environment,
  TestRun,
  TestRunPlan,
  TestRunStatus,
  TestRunView
} from './state.js'
export type { ErrorEnvelope } from './errors.js'
export type { EarlyRequest, RateLimitOptions, RateLimitReport } from './rate-limit.js'
export { ENVIRONMENTS, SEED_SCHEMA, SEED_VARIABLES, SimState, versionFor } from './state.js'

/** How to start a simulator; every field has a default. */
export interface SimulatorOptions {
  /** Default 'sim-key'. */
  apiKey?: string
  /** Default 'agent-1'. */
  agentId?: string
  /** Default 0 = a random free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Added to every response, default 0. */
  latencyMs?: number
  /** Start with seeded deployments and config pages; default true. 'staged': every environment on a different version (scenarios.ts). */
  seed?: boolean | 'staged'
  /** How test runs of promotes end (default passed), and the polls before they do (default 2). */
  testRuns?: TestRunPlan['outcome']
  testRunPolls?: number
  /**
   * The server's time: its timestamps (now) and its delays (sleep). Default the real clock; tests
   * pass the step's fake clock so a late server and the client's timeouts share one timeline.
   */
  clock?: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> }
  /** More agents on the same key, each with its own world seeded like the first (a matrix of agents). */
  agents?: readonly string[]
  /** A token bucket on the key: beyond it, 429 with Retry-After (see rate-limit.ts). Default none. */
  rateLimit?: RateLimitOptions
}

/** One request as the simulator received it, for assertions on what the client sent. */
export interface RecordedRequest {
  method: string
  /** Pathname only. */
  path: string
  query: Record<string, string>
  /** Lower-case names. */
  headers: Record<string, string>
  /** Parsed JSON, or the raw string when it is not JSON, or undefined when empty. */
  body: unknown
  at: number
  /** Which TCP connection carried it (1, 2, …): equal numbers show keep-alive reuse. */
  connection: number
}

/** A running simulator: its address, its state and the knobs tests turn. */
export interface Simulator {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string
  apiKey: string
  agentId: string
  /** Direct access for tests: deployments, config pages, draft, test runs. */
  state: SimState
  /** The world of one agent (agentId or one of `agents`). */
  stateOf(agentId: string): SimState | undefined
  /** What the rate limit did (admitted, limited, early requests), when one is set. */
  rateLimit?: RateLimitReport
  /** Every request received, in arrival order (including ones that got faults or auth errors). */
  requests: RecordedRequest[]
  faults: FaultPlan
  /** Mutable: added before every response. */
  latencyMs: number
  /** TCP connections accepted so far. */
  readonly connections: number
  /** Requests with method POST/PUT/PATCH/DELETE to /v1 paths. */
  mutations(): RecordedRequest[]
  /**
   * Correlation ids of the requests the server is holding on purpose (a delay, latency or a hang):
   * only the clock moves them on. A fake clock driven by the test reads it to know when to jump.
   */
  readonly parked: ReadonlySet<string>
  /** Closes the server AND destroys all open sockets (including hung ones). */
  close(): Promise<void>
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Starts a simulator on `options.port` (default: random) and resolves once it is listening. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const apiKey = options.apiKey ?? 'sim-key'
  const agentId = options.agentId ?? 'agent-1'
  const host = options.host ?? '127.0.0.1'
  const clock = options.clock
  const states = new Map<string, SimState>()
  for (const id of [agentId, ...(options.agents ?? [])]) {
    const world = new SimState({
      agentId: id,
      seed: options.seed === undefined || options.seed === true,
      ...(clock ? { now: () => clock.now() } : {})
    })
    if (options.seed === 'staged') seedStaged(world)
    world.testRunPlan = { outcome: options.testRuns ?? 'passed', pollsUntilDone: options.testRunPolls ?? 2 }
    states.set(id, world)
  }
  const state = states.get(agentId) as SimState
  const limiter = options.rateLimit
    ? createRateLimiter(options.rateLimit, () => (clock ? clock.now() : Date.now()))
    : undefined
  const parked = new Set<string>()
  /** Waits on the server's clock; false when the simulator closed meanwhile. */
  const wait = async (ms: number, id: string): Promise<boolean> => {
    if (ms <= 0) return !closing.signal.aborted
    parked.add(id)
    try {
      if (clock) await clock.sleep(ms, closing.signal)
      else return await sleep(ms, closing.signal)
      return !closing.signal.aborted
    } finally {
      parked.delete(id)
    }
  }
  const faults = createFaultPlan()
  const sockets = new Set<Socket>()
  const closing = new AbortController()
  const requests: RecordedRequest[] = []
  const connectionIds = new WeakMap<Socket, number>()
  let connections = 0

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    if (url.pathname.startsWith('/_sim/')) {
      // Admin calls: not part of the API, not recorded, no key.
      const raw = await readBody(req)
      let result: HandlerResult
      try {
        result = admin(state, method, url.pathname, raw.trim() ? JSON.parse(raw) : undefined)
      } catch (err) {
        result =
          err instanceof SyntaxError
            ? { status: 400, body: { error: 'body is not JSON' } }
            : errorResult(err, randomUUID())
      }
      sendJson(res, result)
      return
    }
    const headers = flattenHeaders(req.headers)
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: undefined,
      at: clock ? clock.now() : Date.now(),
      connection: connectionIds.get(req.socket) ?? 0
    }
    requests.push(record)
    const raw = await readBody(req)
    record.body = parseLenient(raw)

    const correlationId = headers['x-polyai-correlation-id'] || randomUUID()
    if (!(await wait(sim.latencyMs, correlationId))) return
    const apiHeaders = { [CORRELATION_HEADER]: correlationId }

    try {
      checkAuth(headers['x-api-key'], apiKey)
      limiter?.take(apiKey, /^\/v1\/agents\/([^/]+)/.exec(url.pathname)?.[1] ?? '', method, url.pathname)
    } catch (err) {
      sendJson(res, errorResult(err, correlationId), apiHeaders)
      return
    }

    let fault = faults.take(method, url.pathname)
    if (fault?.type === 'delay') {
      if (!(await wait(fault.ms, correlationId))) return
      fault = undefined
    }
    const result = !fault || appliesChange(fault) ? dispatch(states, method, url, raw, correlationId) : undefined
    if (fault?.type === 'hang') {
      parked.add(correlationId)
      res.on('close', () => parked.delete(correlationId))
    }
    if (fault) renderFault(fault, res, { apiHeaders, correlationId, result })
    else if (result) sendJson(res, result, apiHeaders)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Client went away mid-body or a bug: answer if we still can, never crash the test process.
      const fallback = errorResult(err, randomUUID())
      sendJson(res, fallback)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    connectionIds.set(socket, ++connections)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail)
      ok()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('simulator: unexpected server address')
  const hostPart = host.includes(':') ? `[${host}]` : host

  let closed: Promise<void> | undefined
  const sim: Simulator = {
    url: `http://${hostPart}:${address.port}`,
    apiKey,
    agentId,
    state,
    stateOf: (id) => states.get(id),
    ...(limiter ? { rateLimit: limiter.report } : {}),
    requests,
    faults,
    latencyMs: options.latencyMs ?? 0,
    get connections() {
      return connections
    },
    parked,
    mutations: () => requests.filter((r) => MUTATING.has(r.method) && (r.path === '/v1' || r.path.startsWith('/v1/'))),
    close() {
      closed ??= new Promise<void>((done) => {
        closing.abort() // wake pending latency/delay waits so they give up
        server.close(() => done())
        for (const socket of sockets) socket.destroy()
      })
      return closed
    }
  }
  return sim
}
