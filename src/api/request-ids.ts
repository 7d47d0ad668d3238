/**
 * Naming a request: the action sends an id of its own (X-PolyAI-Correlation-Id) with every
 * request, and PolyAI echoes it (in its answer's header and as error_id). Only an id the server
 * echoed is called the correlation id; otherwise it is named as the action's own request id, so
 * nobody asks support about an id the server never saw.
 */
import { cut } from '../report/sanitize.js'

/** A request's ids: ours (sent as X-PolyAI-Correlation-Id), and the one the server echoed, if any. */
export interface RequestIds {
  /** The id the action made up and sent as X-PolyAI-Correlation-Id. */
  requestId?: string
  /** The id the server echoed for the request (its error_id, or the X-PolyAI-Correlation-Id of its answer). */
  correlationId?: string
}

/** The correlation id an answer echoed in its X-PolyAI-Correlation-Id header, if any. */
export function echoedId(headers: Record<string, string | string[] | undefined>): { correlationId?: string } {
  const value = headers['x-polyai-correlation-id']
  const echoed = (Array.isArray(value) ? value[0] : value)?.trim()
  return echoed ? { correlationId: cut(echoed, 100) } : {}
}

/**
 * How a request is named: by the correlation id when the server echoed one (with ours too when it
 * is another), otherwise as our own request id, saying the server never confirmed it.
 */
export function requestIdText(ids: RequestIds, answered = false): string | undefined {
  if (ids.correlationId) {
    return ids.requestId && ids.requestId !== ids.correlationId
      ? `correlation id ${ids.correlationId}; our request id ${ids.requestId}`
      : `correlation id ${ids.correlationId}`
  }
  if (!ids.requestId) return undefined
  return `request id ${ids.requestId}, ours: ${answered ? 'the answer did not echo it' : 'the server did not answer'}`
}
