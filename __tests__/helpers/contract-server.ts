/**
 * A small purpose-built PolyAI server for one test: real HTTP on 127.0.0.1, answering each request
 * from a handler the test writes (so it can serve what the in-repo simulator never would: answers
 * at the loosest PolyAI's published contract allows, answers that contradict the request, odd test
 * run spellings). Unhandled requests get a 404 in PolyAI's error envelope. Every request is recorded.
 */
import { afterEach } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export const AGENT = 'agent-c'
export const KEY = 'contract-key-0123456789'

export interface Received {
  method: string
  /** The path below /v1/agents/{agentId}, e.g. "/deployments/active". */
  path: string
  query: Record<string, string>
  body: unknown
}

export interface Answer {
  status?: number
  body: unknown
}

export type Handler = (req: Received) => Answer | undefined

export interface ContractServer {
  url: string
  requests: Received[]
  /** "METHOD /path" of every request, in arrival order. */
  calls(): string[]
  /** Inputs that point the action at this server. */
  inputs(extra?: Record<string, string>): Record<string, string>
  close(): Promise<void>
}

const open: Server[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
})

/** Starts a server answering with `handler`; it is closed after the test. */
export async function serveContract(handler: Handler): Promise<ContractServer> {
  const requests: Received[] = []
  const prefix = `/v1/agents/${AGENT}`
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const text = Buffer.concat(chunks).toString('utf8')
      const received: Received = {
        method: req.method ?? 'GET',
        path: url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? (JSON.parse(text) as unknown) : undefined
      }
      requests.push(received)
      const answer = handler(received) ?? {
        status: 404,
        body: {
          success: false,
          error: 'not found',
          error_id: 'e-1',
          error_code: 'NOT_FOUND',
          error_message: 'not found',
          data: null
        }
      }
      const body = JSON.stringify(answer.body)
      res.writeHead(answer.status ?? 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body)
      })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  open.push(server)
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    requests,
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    inputs: (extra = {}) => ({ apiKey: KEY, agentId: AGENT, baseUrl: url, ...extra }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/**
 * A deployment with only the fields PolyAI's contract requires, each a free string; `extra` adds
 * or overrides fields (pass `metadata: null` or an unknown environment to loosen it further).
 */
export function deployment(
  id: string,
  environment: string,
  version: string,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    id,
    accountId: 'acc-1',
    agentId: AGENT,
    environment,
    artifactVersion: `art-${version}`,
    version,
    createdBy: 'someone@example.com',
    createdAt: '2026-01-01T00:00:00Z',
    ...extra
  }
}
