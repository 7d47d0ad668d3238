/**
 * A purpose-built PolyAI API that reads every request and never answers, for a step on the instant
 * fake clock (clock.ts): while it holds a request it moves the step's clock on, a tenth of a second
 * at a time, until the client gives up on the request (its timeout fires on that clock). A hang then
 * spends the step's budget as it would in real time, with no real waiting, and a GitHub fake the
 * step talks to afterwards sees a clock that stands still (its requests never time out by accident).
 */
import type { FakeClock } from './clock.js'
import { listenLocal } from './local-server.js'

export interface HangingApi {
  url: string
  /** "METHOD /path" of every request, with the step's clock when it arrived and when the client gave up. */
  requests: Array<{ call: string; at: number; abandonedAt?: number }>
  close(): Promise<void>
}

/** How far the clock moves per turn of the event loop while a request is held. */
const STEP_MS = 100

export async function startHangingApi(clock: FakeClock): Promise<HangingApi> {
  const requests: HangingApi['requests'] = []
  const server = await listenLocal(async (req, res) => {
    const entry: HangingApi['requests'][number] = {
      call: `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`,
      at: clock.now()
    }
    requests.push(entry)
    for await (const chunk of req) void chunk // the body, read and dropped
    let open = true
    res.once('close', () => (open = false))
    while (open) {
      clock.advance(STEP_MS)
      await new Promise((resolve) => setImmediate(resolve))
    }
    entry.abandonedAt = clock.now()
  })
  return { url: server.url, requests, close: () => server.close() }
}
