/**
 * Whose comment is it: the step edits a comment only when its token's own account wrote it (docs/architecture.md).
 */
/** The account a token acts as. */
export interface TokenIdentity {
  login: string
  /** The account's id (REST `user.id`, GraphQL `databaseId`), when the answer gave one. */
  id?: number
  /** How it was found, for the log. */
  source: 'GraphQL viewer' | 'GET /user'
}

/** A comment's author, as the REST API lists it. */
export interface CommentAuthor {
  login?: string
  id?: number
  type?: string
}

/** What the lookup needs: the two calls, each already bounded in time by the caller. */
export interface IdentityCalls {
  viewer(): Promise<unknown>
  user(): Promise<unknown>
}

/** The identity in an answer, or undefined when it names no login. */
function identityFrom(answer: unknown, idKey: 'databaseId' | 'id'): Omit<TokenIdentity, 'source'> | undefined {
  const a = (answer ?? {}) as Record<string, unknown>
  const login = a.login
  if (typeof login !== 'string' || login === '') return undefined
  const id = a[idKey]
  return Number.isSafeInteger(id) && (id as number) > 0 ? { login, id: id as number } : { login }
}

/** One line for a failed identity question: no hint (a refusal here is expected of some tokens). */
function why(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  // A GraphQL answer with errors is an answer, not a lost one.
  if ((error as { name?: unknown } | null)?.name === 'GraphqlResponseError') return `GitHub answered: ${message}`
  const status = (error as { status?: unknown } | null)?.status
  const answered = typeof status === 'number' && (error as { response?: unknown }).response !== undefined
  return answered ? `HTTP ${status}: ${message}` : `no answer from GitHub (${message})`
}

/** The account the token acts as, or why it cannot be told. */
export async function tokenIdentity(calls: IdentityCalls): Promise<TokenIdentity | { unknown: string }> {
  let viewerError: string
  try {
    const found = identityFrom(((await calls.viewer()) as { viewer?: unknown } | null)?.viewer, 'databaseId')
    if (found) return { ...found, source: 'GraphQL viewer' }
    viewerError = 'the answer names no login'
  } catch (error) {
    viewerError = why(error)
  }
  try {
    const found = identityFrom(await calls.user(), 'id')
    if (found) return { ...found, source: 'GET /user' }
    return { unknown: `GraphQL viewer: ${viewerError}; GET /user: the answer names no login` }
  } catch (error) {
    return { unknown: `GraphQL viewer: ${viewerError}; GET /user: ${why(error)}` }
  }
}

/** Whether `author` is the account `me` (see the module comment). */
export function writtenBy(author: CommentAuthor | null | undefined, me: TokenIdentity): boolean {
  const login = author?.login
  if (typeof login !== 'string' || login.toLowerCase() !== me.login.toLowerCase()) return false
  const id = author?.id
  return me.id === undefined || typeof id !== 'number' || id === me.id
}
