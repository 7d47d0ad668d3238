/**
 * Error values and the PolyAI error envelope, shared by the domain model and the HTTP layer.
 */

/** A simulated API failure: thrown by state/routes code and turned into an error envelope by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The body PolyAI sends with every 4xx/5xx JSON response. */
export interface ErrorEnvelope {
  success: false
  error: string
  error_id: string
  error_code: string
  error_message: string
  data: null
}

/** Builds the error envelope so every error the simulator produces has the real shape. */
export function envelope(code: string, message: string, correlationId: string): ErrorEnvelope {
  return {
    success: false,
    error: message,
    error_id: correlationId,
    error_code: code,
    error_message: message,
    data: null
  }
}
