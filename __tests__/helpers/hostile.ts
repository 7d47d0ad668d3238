/**
 * A hostile front for the simulator: every request (reads included) goes to the test's handler,
 * which may forward it untouched, forward it and rewrite the simulator's answer, apply a deployment
 * POST and answer anything at all (raw bytes, HTML on a 2xx, a redirect), hold it on the step's
 * clock, or drop the connection. Where misbehaving.ts lets a test misbehave on the POST only, this
 * one lets the landing check's own reads lie too.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Environment, Simulator } from '../../dev/simulator/index.js'
import { listenLocal, parkWhile, readBody } from './local-server.js'
import { ApiError as SimApiError, envelope } from '../../dev/simulator/errors.js'

export interface HostileRequest {
  method: string
  /** The path below the agent: `/deployments/active`, `/deployments/dep-1/promote`… */
  path: string
  query: Record<string, string>
  body: Record<string, unknown>
  /** Set on a deployment POST. */
  kind?: 'publish' | 'promote' | 'rollback'
  deploymentId?: string
}

/** What the front answers. `raw` is sent as is; `body` as JSON. */
export type Reply =
  { status: number; body?: unknown; raw?: string; headers?: Record<string, string> } | 'drop' | 'forward'

export interface HostileTools {
  /** Applies a deployment POST to the simulator's state; returns the answer the API would give. */
  apply(): { status: number; body: unknown }
  /** The simulator's own answer to this request (reads), to be rewritten. */
  upstream(): Promise<{ status: number; body: unknown }>
  /** Holds the request (the driven clock may jump over it). */
  park<T>(waiting: Promise<T>): Promise<T>
}

export interface HostileServer {
  url: string
  parked: ReadonlySet<string>
  requests: HostileRequest[]
  close(): Promise<void>
}

const MUTATION = /^\/deployments\/(?:(publish)|([^/]+)\/(promote|rollback))$/

export async function startHostile(
  sim: Simulator,
  handler: (req: HostileRequest, tools: HostileTools) => Promise<Reply>
): Promise<HostileServer> {
  const parked = new Set<string>()
  const requests: HostileRequest[] = []
  const prefix = `/v1/agents/${sim.agentId}`
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req)
    const url = new URL(req.url ?? '/', sim.url)
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname
    const id = String(req.headers['x-polyai-correlation-id'] ?? '')
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>
    const match = req.method === 'POST' ? MUTATION.exec(path) : null
    const hr: HostileRequest = { method: req.method ?? 'GET', path, query: Object.fromEntries(url.searchParams), body }
    if (match) {
      hr.kind = (match[1] ?? match[3]) as NonNullable<HostileRequest['kind']>
      if (match[2]) hr.deploymentId = decodeURIComponent(match[2])
    }
    requests.push(hr)
    const tools: HostileTools = {
      apply: () => {
        const message = String(body.deploymentMessage ?? '')
        try {
          if (hr.kind === 'publish') {
            return {
              status: 201,
              body: {
                deployment: sim.state.publish(String(body.environment ?? 'sandbox') as Environment, message),
                testRunIds: []
              }
            }
          }
          if (hr.kind === 'promote') {
            return {
              status: 200,
              body: sim.state.promote(hr.deploymentId ?? '', body.targetEnvironment as Environment | undefined, message)
            }
          }
          return {
            status: 200,
            body: { deployment: sim.state.rollback(hr.deploymentId ?? '', message), testRunIds: [] }
          }
        } catch (error) {
          // The API's refusal (409 already published, 404…), as its error envelope.
          if (!(error instanceof SimApiError)) throw error
          return { status: error.status, body: envelope(error.code, error.message, id) }
        }
      },
      upstream: () =>
        new Promise((resolve, reject) => {
          const out = request(
            new URL(req.url ?? '/', sim.url),
            { method: req.method, headers: req.headers },
            (answer) => {
              const parts: Buffer[] = []
              answer.on('data', (c: Buffer) => parts.push(c))
              answer.on('end', () => {
                const text = Buffer.concat(parts).toString('utf8')
                resolve({ status: answer.statusCode ?? 502, body: text ? (JSON.parse(text) as unknown) : undefined })
              })
            }
          )
          out.on('error', reject)
          out.end(raw)
        }),
      park: (waiting) => parkWhile(parked, id, waiting)
    }
    const reply = await handler(hr, tools)
    if (reply === 'drop') {
      res.socket?.destroy()
      return
    }
    if (reply === 'forward') {
      const answer = await tools.upstream()
      res.writeHead(answer.status, { 'Content-Type': 'application/json', 'X-PolyAI-Correlation-Id': id })
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
      return
    }
    const headers = {
      'Content-Type': reply.raw !== undefined ? 'text/html' : 'application/json',
      'X-PolyAI-Correlation-Id': id,
      ...reply.headers
    }
    res.writeHead(reply.status, headers)
    res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)))
  }
  const { url, close } = await listenLocal(handle)
  return {
    url,
    parked,
    requests,
    close
  }
}
