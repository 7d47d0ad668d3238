/**
 * A purpose-built GitHub that reads every request and never answers, with the fake clock of the step
 * that talks to it: the clock is driven (clock.ts) and moves only while this GitHub holds a request,
 * so the step's requests to PolyAI run as usual and a request held here meets its timeout on the
 * step's clock at once, with no real waiting. For steps with no other wait (a sleep would hang).
 */
import { type FakeClock, fakeClock } from './clock.js'
import { listenLocal } from './local-server.js'

export interface SilentGithub {
  /** Use as GITHUB_API_URL. */
  url: string
  /** "METHOD /path" of every request that reached it. */
  requests: string[]
  /** The step's clock (pass it as the run's clock seam). */
  clock: FakeClock
  close(): Promise<void>
}

export async function startSilentGithub(): Promise<SilentGithub> {
  const requests: string[] = []
  let held = 0
  const server = await listenLocal(async (req) => {
    requests.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`)
    held++
    req.socket.once('close', () => held--)
    await new Promise<never>(() => undefined) // never answers
  })
  return { url: server.url, requests, clock: fakeClock({ idle: () => held > 0 }), close: () => server.close() }
}
