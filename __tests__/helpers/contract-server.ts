/**
 * A small purpose-built PolyAI server for one test: real HTTP on 127.0.0.1, answering each request
 * from a handler the test writes (so it can serve what the in-repo simulator never would: answers
 * at the loosest PolyAI's published contract allows, answers that contradict the request, odd test
 * run spellings). Unhandled requests get a 404 in PolyAI's error envelope. Every request is recorded.
 */
import { afterEach } from '@jest/globals'
import { listenLocal, readBody } from './local-server.js'

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

const open: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()))
})

/** Starts a server answering with `handler`; it is closed after the test. */
export async function serveContract(handler: Handler): Promise<ContractServer> {
  const requests: Received[] = []
  const prefix = `/v1/agents/${AGENT}`
  const { url, close } = await listenLocal(async (req, res) => {
    const address = new URL(req.url ?? '/', 'http://127.0.0.1')
    const text = await readBody(req)
    const received: Received = {
      method: req.method ?? 'GET',
      path: address.pathname.startsWith(prefix) ? address.pathname.slice(prefix.length) : address.pathname,
      query: Object.fromEntries(address.searchParams),
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
  open.push(close)
  return {
    url,
    requests,
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    inputs: (extra = {}) => ({ apiKey: KEY, agentId: AGENT, baseUrl: url, ...extra }),
    close
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
