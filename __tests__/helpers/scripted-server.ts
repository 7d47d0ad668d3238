/**
 * A purpose-built API server for one hostile scenario: every request is recorded (method, path,
 * body bytes) and answered by the test's own handler, over real HTTP on 127.0.0.1.
 */
import type { ServerResponse } from 'node:http'
import { listenLocal, readBody } from './local-server.js'

export interface Recorded {
  method: string
  path: string
  body: string
}

export interface ScriptedServer {
  url: string
  requests: Recorded[]
  /** Requests that would change something (anything but GET). */
  writes(): Recorded[]
  close(): Promise<void>
}

export type Handler = (req: Recorded, res: ServerResponse) => void

/** Answers with JSON (status 200 unless given). */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

export async function startScriptedServer(handler: Handler): Promise<ScriptedServer> {
  const requests: Recorded[] = []
  const { url, close } = await listenLocal(async (req, res) => {
    const recorded = { method: req.method ?? '', path: req.url ?? '', body: await readBody(req) }
    requests.push(recorded)
    handler(recorded, res)
  })
  return { url, requests, writes: () => requests.filter((r) => r.method !== 'GET'), close }
}
