/**
 * Purpose-built misbehaving PolyAI servers, one per failure: a small HTTP front that forwards every
 * read to a simulator untouched, and hands each deployment POST to the failure's own code, which
 * decides when (and whether) the change is applied to the simulator's state and what is answered.
 * Applying is synchronous, so on a driven fake clock a late commit lands exactly when it says.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Environment, Simulator } from '../../dev/simulator/index.js'
import { listenLocal, parkWhile, readBody } from './local-server.js'

/** A deployment POST as the server received it. */
export interface MutationCall {
  kind: 'publish' | 'promote' | 'rollback'
  /** The source deployment of a promote or rollback. */
  deploymentId?: string
  body: Record<string, string | undefined>
  /** Applies it to the simulator's state, as the real API would, and returns the answer it would give. */
  apply(): { status: number; body: unknown }
  /** Holds the request (for the driven clock: the server, not real time, is what it waits on). */
  park<T>(waiting: Promise<T>): Promise<T>
}

/** What the failure answers: a status and a JSON body, or nothing (the connection is dropped). */
export type Answer = { status: number; body: unknown } | undefined

export interface MisbehavingServer {
  url: string
  /** Correlation ids of the requests it is holding on purpose. */
  parked: ReadonlySet<string>
  close(): Promise<void>
}

const MUTATION = /\/v1\/agents\/[^/]+\/deployments\/(?:(publish)|([^/]+)\/(promote|rollback))$/

export async function startMisbehaving(
  sim: Simulator,
  onMutation: (call: MutationCall) => Promise<Answer>
): Promise<MisbehavingServer> {
  const parked = new Set<string>()
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req)
    const url = new URL(req.url ?? '/', sim.url)
    const match = req.method === 'POST' ? MUTATION.exec(url.pathname) : null
    if (!match) return forward(req, raw, res)
    const id = String(req.headers['x-polyai-correlation-id'] ?? '')
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, string | undefined>
    const kind = (match[1] ?? match[3]) as MutationCall['kind']
    const deploymentId = match[2]
    const call: MutationCall = {
      kind,
      body,
      ...(deploymentId ? { deploymentId } : {}),
      apply: () => {
        const message = body.deploymentMessage ?? ''
        if (kind === 'publish')
          return {
            status: 201,
            body: {
              deployment: sim.state.publish((body.environment ?? 'sandbox') as Environment, message),
              testRunIds: []
            }
          }
        if (kind === 'promote')
          return {
            status: 200,
            body: sim.state.promote(deploymentId ?? '', body.targetEnvironment as Environment | undefined, message)
          }
        return { status: 200, body: { deployment: sim.state.rollback(deploymentId ?? '', message), testRunIds: [] } }
      },
      park: (waiting) => parkWhile(parked, id, waiting)
    }
    const answer = await onMutation(call)
    if (!answer) {
      res.socket?.destroy()
      return
    }
    res.writeHead(answer.status, { 'Content-Type': 'application/json', 'X-PolyAI-Correlation-Id': id })
    res.end(JSON.stringify(answer.body))
  }
  const forward = (req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const out = request(new URL(req.url ?? '/', sim.url), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        answer.on('end', resolve)
      })
      out.on('error', () => {
        res.socket?.destroy()
        resolve()
      })
      out.end(raw)
    })
  const { url, close } = await listenLocal(handle)
  return {
    url,
    parked,
    close
  }
}
