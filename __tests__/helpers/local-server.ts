/**
 * The one base of the suite's purpose-built test servers (scripted-server, contract-server,
 * misbehaving, hostile, silent-github): a server on 127.0.0.1 that serves `handle`, remembers its
 * sockets so close() ends parked and half-answered requests at once, and destroys the socket when
 * `handle` throws. Each of those adds only what its tests script: the answers and the faults.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface LocalServer {
  url: string
  close(): Promise<void>
}

export async function listenLocal(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>
): Promise<LocalServer> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}

/** The request's body, as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Holds a request (its correlation id listed in `parked`) until `waiting` settles: the driven clock may jump over it. */
export async function parkWhile<T>(parked: Set<string>, id: string, waiting: Promise<T>): Promise<T> {
  parked.add(id)
  try {
    return await waiting
  } finally {
    parked.delete(id)
  }
}
