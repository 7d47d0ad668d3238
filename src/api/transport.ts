/**
 * One HTTP exchange over @actions/http-client, with the guarantees the retry policy needs:
 * no redirects followed, no library retries, one keep-alive agent, a hard per-request timeout,
 * and failures classified by whether the request can have reached the server.
 */
import type { IncomingMessage } from 'node:http'
import { HttpClient } from '@actions/http-client'

export interface RawRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  timeoutMs: number
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

/** Responses larger than this are cut off: the API never sends anything near it. */
const MAX_BODY_BYTES = 8 * 1024 * 1024

export function classifyNetworkError(error: unknown): TransportError {
  const code = (error as { code?: unknown })?.code
  const codeText = typeof code === 'string' ? code : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (codeText && NOT_SENT_CODES.has(codeText)) {
    return new TransportError(`connection failed (${codeText})`, 'not-sent', codeText)
  }
  if (/^Request timeout/.test(message)) {
    return new TransportError('the connection went idle (socket timeout)', 'timeout', 'ETIMEDOUT')
  }
  return new TransportError(
    `connection lost (${codeText ?? message})`,
    'ambiguous',
    codeText
  )
}

/** Reads a whole response body; unlike readBodyBuffer it rejects when the connection drops mid-body. */
function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    message.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
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

/** Creates the production transport: one keep-alive HttpClient for the whole step. */
export function createHttpTransport(userAgent: string): Transport {
  const client = new HttpClient(userAgent, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: true,
    maxSockets: 8
  })
  return {
    async send(request: RawRequest): Promise<RawResponse> {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new TransportError(
                `no answer within ${Math.round(request.timeoutMs / 100) / 10} s`,
                'timeout',
                'ETIMEDOUT'
              )
            ),
          request.timeoutMs
        )
      })
      const exchange = (async (): Promise<RawResponse> => {
        const response = await client.request(
          request.method,
          request.url,
          request.body ?? null,
          request.headers
        )
        const body = await readBody(response.message)
        return {
          status: response.message.statusCode ?? 0,
          headers: response.message.headers,
          body
        }
      })()
      // A request abandoned on timeout settles later (when close() destroys its socket).
      exchange.catch(() => undefined)
      try {
        return await Promise.race([exchange, timeout])
      } catch (error) {
        if (error instanceof TransportError) throw error
        throw classifyNetworkError(error)
      } finally {
        clearTimeout(timer)
      }
    },
    close(): void {
      client.dispose()
    }
  }
}
