/**
 * Dev-only fake of the two GitHub REST endpoints the action calls with githubToken (create a
 * deployment, create a deployment status). It records every request and can be told to fail, so
 * tests point GITHUB_API_URL at it and check what was sent and that failures only warn.
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
  fail(rule: GithubFailure): void
  close(): Promise<void>
}

const DEPLOYMENTS = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/
const STATUSES = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/

/** Starts the fake on a random loopback port; `token` is the one it accepts (default ghs_fake-token). */
export async function startFakeGithub(options: { token?: string } = {}): Promise<FakeGithub> {
  const token = options.token ?? 'ghs_fake-token'
  const failures: Array<GithubFailure & { left: number }> = []
  const sockets = new Set<Socket>()
  let nextId = 1000

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    const headers = flattenHeaders(req.headers)
    const request: GithubRequest = { method: req.method ?? 'GET', path: url.pathname, headers, body: parseLenient(await readBody(req)) }
    fake.requests.push(request)
    const reply = (status: number, body: unknown): void => sendJson(res, { status, body })
    const failure = failures.find((f) => f.left > 0 && (typeof f.path === 'string' ? url.pathname.endsWith(f.path) : f.path.test(url.pathname)))
    if (failure) {
      failure.left -= 1
      reply(failure.status, { message: failure.message ?? 'Simulated failure', documentation_url: 'https://docs.github.com/rest' })
      return
    }
    const auth = headers.authorization ?? ''
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
      reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
      return
    }
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
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
