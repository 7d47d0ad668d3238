/**
 * One HTTP exchange: no redirects followed, no library retries, a hard timeout on the step's clock, failures
 * classified.
 */
import * as http from 'node:http'
import * as https from 'node:https'
import { HttpClient } from '@actions/http-client'
import { formatSeconds } from '../core/clock.js'

export interface RawRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  /** The request's timeout, for the message; the timeout itself is `signal`. */
  timeoutMs: number
  /** Aborted when the request has had its time (the caller arms it on the step's clock). */
  signal: AbortSignal
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * not-sent: the connection was never made, so the server cannot have acted on the request.
 * ambiguous: the request may have reached the server (reset, closed mid-response).
 * timeout: no complete answer in time; as ambiguous as a reset.
 */
export type TransportFailure = 'not-sent' | 'ambiguous' | 'timeout'

export class TransportError extends Error {
  constructor(
    message: string,
    readonly failure: TransportFailure,
    readonly code?: string
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

/** The seam tests and the client share: anything that can perform one exchange. */
export interface Transport {
  send(request: RawRequest): Promise<RawResponse>
  close(): void
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL'
])

/** Responses larger than this are refused: the API never sends anything near it. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024

/** The code of a TransportError for a response over MAX_BODY_BYTES: a whole answer, not a transient failure. */
export const TOO_LARGE = 'ETOOBIG'

/** Classifies a socket error by whether the request can have reached the server (see TransportFailure). */
export function classifyNetworkError(error: unknown): TransportError {
  if (error instanceof TransportError) return error
  const code = (error as { code?: unknown })?.code
  const codeText = typeof code === 'string' ? code : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (codeText && NOT_SENT_CODES.has(codeText)) {
    return new TransportError(`connection failed (${codeText})`, 'not-sent', codeText)
  }
  // http-client's socket timeout, should its requestRaw ever be used here.
  if (/^Request timeout/.test(message)) {
    return new TransportError('the connection went idle (socket timeout)', 'timeout', 'ETIMEDOUT')
  }
  return new TransportError(`connection lost (${codeText ?? message})`, 'ambiguous', codeText)
}

/** Reads a whole response body; rejects when the connection drops mid-body or the body is absurdly large. */
function readBody(message: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    message.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        message.destroy(
          new TransportError(
            `the response is larger than ${MAX_BODY_BYTES} bytes (8 MiB), more than the API ever sends; ` +
              `it was not read, and asking again would get the same answer`,
            'ambiguous',
            TOO_LARGE
          )
        )
      } else chunks.push(chunk)
    })
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('error', reject)
    message.on('close', () => {
      if (!message.complete) {
        reject(Object.assign(new Error('response ended early'), { code: 'ECONNRESET' }))
      }
    })
  })
}

/** Creates the production transport: one keep-alive agent for the whole step. */
export function createHttpTransport(userAgent: string): Transport {
  const client = new HttpClient(userAgent, [], { keepAlive: true, maxSockets: 8 })
  return {
    send(request: RawRequest): Promise<RawResponse> {
      return new Promise<RawResponse>((resolve, reject) => {
        let done = false
        let onAbort: (() => void) | undefined
        const settle = (outcome: () => void): void => {
          if (done) return
          done = true
          if (onAbort) request.signal.removeEventListener('abort', onAbort)
          outcome()
        }
        const fail = (error: unknown): void => settle(() => reject(classifyNetworkError(error)))
        try {
          const headers: Record<string, string | number> = { ...request.headers, 'User-Agent': userAgent }
          if (request.body !== undefined) headers['Content-Length'] = Buffer.byteLength(request.body)
          const url = new URL(request.url)
          const req = (url.protocol === 'https:' ? https : http).request(
            url,
            { method: request.method, headers, agent: client.getAgent(request.url) },
            (message) => {
              readBody(message).then(
                (body) => settle(() => resolve({ status: message.statusCode ?? 0, headers: message.headers, body })),
                fail
              )
            }
          )
          // The timeout aborts the request (and its socket), so a hung exchange holds nothing afterwards.
          onAbort = (): void => {
            fail(new TransportError(`no answer within ${formatSeconds(request.timeoutMs)}`, 'timeout', 'ETIMEDOUT'))
            req.destroy()
          }
          if (request.signal.aborted) onAbort()
          else request.signal.addEventListener('abort', onAbort, { once: true })
          req.on('error', fail)
          req.end(request.body)
        } catch (error) {
          // Thrown before anything was written (a bad URL or header): the request was never sent.
          const code = (error as { code?: unknown }).code
          settle(() =>
            reject(
              new TransportError(
                `request not sent (${typeof code === 'string' ? code : 'invalid request'})`,
                'not-sent',
                typeof code === 'string' ? code : undefined
              )
            )
          )
        }
      })
    },
    close(): void {
      client.dispose()
    }
  }
}
