/**
 * Dev-only fake of the GitHub endpoints the action calls with githubToken: create a deployment and
 * its status; list (paginated with a Link header, as GitHub does), create and edit issue comments;
 * and who the token acts as (GraphQL `viewer`, `GET /user`). It records every request and can be
 * told to fail, so tests point GITHUB_API_URL at it and check what was sent and that failures only
 * warn.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { flattenHeaders, parseLenient, readBody, sendJson } from './simulator/http.js'

/** One request as the fake received it. */
export interface GithubRequest {
  method: string
  path: string
  /** Lower-case names. */
  headers: Record<string, string>
  body: unknown
}

/** Answer requests matching `path` (pathname suffix or RegExp) with `status` and GitHub's error body. */
export interface GithubFailure {
  path: string | RegExp
  status: number
  message?: string
  /** Default 1; Infinity allowed. */
  times?: number
}

/** A running fake: its URL, what it received and made, and the knob that makes it fail. */
export interface FakeGithub {
  /** Use as GITHUB_API_URL, e.g. http://127.0.0.1:40123 */
  url: string
  /** The token requests must carry (`Authorization: token …` or `Bearer …`). */
  token: string
  requests: GithubRequest[]
  /** Deployments created, as GitHub returned them. */
  deployments: Array<Record<string, unknown> & { id: number }>
  /** Statuses created, each with the deployment id it belongs to. */
  statuses: Array<Record<string, unknown> & { deployment_id: number }>
  /** Issue and pull request comments, oldest first; tests may add some (addComment). */
  comments: FakeComment[]
  addComment(issueNumber: number, body: string, login?: string): FakeComment
  fail(rule: GithubFailure): void
  close(): Promise<void>
}

/** A comment as the fake stores it. */
export interface FakeComment {
  id: number
  issue_number: number
  body: string
  html_url: string
  user: { login: string; id: number; type: string }
  /** The app a bot's comment was written through (GitHub sets it for installation tokens), else null. */
  performed_via_github_app: { id: number; slug: string; name: string } | null
  created_at: string
  updated_at: string
}

const ISSUE_COMMENTS = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/
const COMMENT = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/
const DEPLOYMENTS = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/
const STATUSES = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/

/** The Actions app's bot account, as GitHub numbers it. */
const ACTIONS_BOT_ID = 41898282

/** A stable id per login, as GitHub's accounts have (the Actions bot keeps its real one). */
export function accountId(login: string): number {
  if (login === 'github-actions[bot]') return ACTIONS_BOT_ID
  let hash = 7
  for (const c of login) hash = (hash * 31 + c.charCodeAt(0)) % 90_000_000
  return 100_000_000 + hash
}

/**
 * Starts the fake on a random loopback port; `token` is the one it accepts (default ghs_fake-token).
 * `login` is the account the token acts as: by default the Actions app (github-actions[bot], the
 * default GITHUB_TOKEN); another `<slug>[bot]` is a GitHub App's installation token. To both, GET
 * /user answers 403 as GitHub does for an installation token, and GraphQL `viewer` names the bot.
 * A user login makes it a personal token, which both name. `maxPerPage` pages comments by fewer
 * than asked, as a server may.
 */
export async function startFakeGithub(
  options: { token?: string; login?: string; maxPerPage?: number } = {}
): Promise<FakeGithub> {
  const token = options.token ?? 'ghs_fake-token'
  const login = options.login ?? 'github-actions[bot]'
  const failures: Array<GithubFailure & { left: number }> = []
  const sockets = new Set<Socket>()
  let nextId = 1000

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    const headers = flattenHeaders(req.headers)
    const request: GithubRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers,
      body: parseLenient(await readBody(req))
    }
    fake.requests.push(request)
    const reply = (status: number, body: unknown): void => sendJson(res, { status, body })
    const failure = failures.find(
      (f) => f.left > 0 && (typeof f.path === 'string' ? url.pathname.endsWith(f.path) : f.path.test(url.pathname))
    )
    if (failure) {
      failure.left -= 1
      reply(failure.status, {
        message: failure.message ?? 'Simulated failure',
        documentation_url: 'https://docs.github.com/rest'
      })
      return
    }
    const auth = headers.authorization ?? ''
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
      reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
      return
    }
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >
    if (url.pathname === '/user' && request.method === 'GET') {
      if (login.endsWith('[bot]')) reply(403, { message: 'Resource not accessible by integration' })
      else reply(200, { login, id: accountId(login), type: 'User' })
      return
    }
    if (url.pathname === '/graphql' && request.method === 'POST') {
      // GraphQL answers 200 with `errors` for a query it cannot run.
      if (
        typeof body.query === 'string' &&
        /^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s+databaseId\s*\}\s*\}\s*$/.test(body.query)
      )
        reply(200, { data: { viewer: { login, databaseId: accountId(login) } } })
      else reply(200, { errors: [{ message: 'the fake GitHub answers only { viewer { login databaseId } }' }] })
      return
    }
    const deployments = DEPLOYMENTS.exec(url.pathname)
    if (deployments && request.method === 'POST') {
      if (typeof body.ref !== 'string' || body.ref === '') {
        reply(422, { message: 'Invalid request: ref is required' })
        return
      }
      const created = { id: nextId++, ...body, created_at: new Date().toISOString() }
      fake.deployments.push(created)
      reply(201, created)
      return
    }
    const listed = ISSUE_COMMENTS.exec(url.pathname)
    if (listed && request.method === 'GET') {
      const issue = Number(listed[3])
      const perPage = Math.min(options.maxPerPage ?? 100, Number(url.searchParams.get('per_page') ?? 30) || 30)
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
      const all = fake.comments.filter((c) => c.issue_number === issue)
      if (page * perPage < all.length) {
        const next = new URL(url.pathname, fake.url)
        next.searchParams.set('per_page', String(perPage))
        next.searchParams.set('page', String(page + 1))
        res.setHeader('link', `<${next.href}>; rel="next"`)
      }
      reply(200, all.slice((page - 1) * perPage, page * perPage))
      return
    }
    if (listed && request.method === 'POST') {
      if (typeof body.body !== 'string' || body.body.length > 65536) {
        reply(422, { message: 'Validation Failed: body is missing or too long (maximum is 65536 characters)' })
        return
      }
      reply(201, fake.addComment(Number(listed[3]), body.body, login))
      return
    }
    const edited = COMMENT.exec(url.pathname)
    if (edited && request.method === 'PATCH') {
      const comment = fake.comments.find((c) => c.id === Number(edited[3]))
      if (!comment) {
        reply(404, { message: 'Not Found' })
        return
      }
      if (typeof body.body !== 'string' || body.body.length > 65536) {
        reply(422, { message: 'Validation Failed: body is missing or too long (maximum is 65536 characters)' })
        return
      }
      comment.body = body.body
      comment.updated_at = new Date().toISOString()
      reply(200, comment)
      return
    }
    const statuses = STATUSES.exec(url.pathname)
    if (statuses && request.method === 'POST') {
      const deploymentId = Number(statuses[3])
      if (!fake.deployments.some((d) => d.id === deploymentId)) {
        reply(404, { message: 'Not Found' })
        return
      }
      const status = { id: nextId++, deployment_id: deploymentId, ...body }
      fake.statuses.push(status)
      reply(201, status)
      return
    }
    reply(404, { message: 'Not Found' })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendJson(res, { status: 500, body: { message: 'fake GitHub bug' } }))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('fake GitHub: unexpected server address')

  const fake: FakeGithub = {
    url: `http://127.0.0.1:${address.port}`,
    token,
    requests: [],
    deployments: [],
    statuses: [],
    comments: [],
    addComment(issueNumber, body, login = 'octocat') {
      const id = nextId++
      const at = new Date().toISOString()
      const comment: FakeComment = {
        id,
        issue_number: issueNumber,
        body,
        html_url: `https://github.com/acme/agents/pull/${issueNumber}#issuecomment-${id}`,
        user: { login, id: accountId(login), type: login.endsWith('[bot]') ? 'Bot' : 'User' },
        performed_via_github_app: login.endsWith('[bot]')
          ? { id: accountId(login) % 1_000_000, slug: login.slice(0, -'[bot]'.length), name: login.slice(0, -5) }
          : null,
        created_at: at,
        updated_at: at
      }
      fake.comments.push(comment)
      return comment
    },
    fail(rule) {
      failures.push({ ...rule, left: rule.times ?? 1 })
    },
    close() {
      return new Promise<void>((done) => {
        server.close(() => done())
        for (const socket of sockets) socket.destroy()
      })
    }
  }
  return fake
}
