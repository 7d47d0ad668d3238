/**
 * Small node:http helpers: reading bodies, writing responses, abortable waits.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'

/** Header the API uses to correlate a request with its logs and error bodies. */
export const CORRELATION_HEADER = 'X-PolyAI-Correlation-Id'

/** What a route (or an error) wants to send back, before any fault gets a say. */
export interface HandlerResult {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** Reads the whole request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** Flattens node's header object to lower-case name -> single string. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** Parsed JSON, else the raw text, else undefined for an empty body (what RecordedRequest.body holds). */
export function parseLenient(raw: string): unknown {
  if (raw.trim() === '') return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

/** Writes a response unless the socket is already gone (e.g. the simulator closed mid-request). */
export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) })
  res.end(body)
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, result: HandlerResult, headers: Record<string, string> = {}): void {
  send(
    res,
    result.status,
    { 'Content-Type': 'application/json', ...headers, ...result.headers },
    JSON.stringify(result.body)
  )
}

/** Waits `ms`; resolves false instead of waiting on when `signal` aborts (the simulator is closing). */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false
  if (ms <= 0) return true
  try {
    await delay(ms, undefined, { signal })
    return true
  } catch {
    return false
  }
}
