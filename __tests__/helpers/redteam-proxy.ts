/**
 * A proxy on 127.0.0.1 in front of the simulator that can rewrite what it answers: how a read
 * replica that lags, or a server that formats its timestamps its own way, looks to the step.
 */
import type { IncomingMessage } from 'node:http'
import { listenLocal, readBody, type LocalServer } from './local-server.js'

export interface Passed {
  method: string
  path: string
  status: number
  body: string
}

/** Returns the answer to send instead (status and body), or undefined to pass the simulator's on. */
export type Rewrite = (passed: Passed) => { status: number; body: string } | undefined

export async function startProxy(target: string, rewrite: Rewrite): Promise<LocalServer> {
  return listenLocal(async (req: IncomingMessage, res) => {
    const body = await readBody(req)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v
    }
    const answer = await fetch(`${target}${req.url ?? ''}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body && req.method !== 'GET' ? { body } : {})
    })
    const text = await answer.text()
    const passed = { method: req.method ?? 'GET', path: req.url ?? '', status: answer.status, body: text }
    const out = rewrite(passed) ?? passed
    const keep: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' }
    for (const h of ['retry-after', 'date', 'x-request-id']) {
      const v = answer.headers.get(h)
      if (v) keep[h] = v
    }
    res.writeHead(out.status, keep)
    res.end(out.body)
  })
}
