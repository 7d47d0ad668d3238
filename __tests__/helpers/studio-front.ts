/**
 * A purpose-built front for races with PolyAI Studio: every request is forwarded to a simulator
 * untouched, but first `before` runs with it, so a test can land a "Studio edit" (a change to the
 * simulator's page) at the exact moment between two of the step's requests.
 */
import type { Simulator } from '../../dev/simulator/index.js'
import { listenLocal, type LocalServer } from './local-server.js'

/** One request as the front received it: method, and the path below /v1/agents/{agentId}. */
export interface FrontCall {
  method: string
  path: string
}

/**
 * `before` runs as each request arrives; `rewrite`, when given, may change a request body before the
 * simulator sees it (a server that drops what it does not keep).
 */
export async function startStudioFront(
  sim: Simulator,
  before: (call: FrontCall) => void,
  rewrite?: (call: FrontCall, body: unknown) => unknown
): Promise<LocalServer> {
  return listenLocal(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = req.url ?? '/'
    const call = { method: req.method ?? 'GET', path: url.replace(`/v1/agents/${sim.agentId}`, '').split('?')[0] ?? '' }
    before(call)
    let body = Buffer.concat(chunks)
    if (rewrite && body.length) body = Buffer.from(JSON.stringify(rewrite(call, JSON.parse(body.toString('utf8')))))
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value
    const answer = await fetch(`${sim.url}${url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body.length ? { body } : {})
    })
    const answered = Buffer.from(await answer.arrayBuffer())
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
    res.end(answered)
  })
}
