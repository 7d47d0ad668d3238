/**
 * Deployments that stay truthful when the world misbehaves (issue 9), each against a server built
 * for the failure: a server clock 10 minutes off either way, commits that land 25 s and 75 s after
 * the request, a colleague publishing while our publish gets a 502, a colleague's promote racing
 * our rollback. In process on the driven fake clock (the server's delays on the same clock): which
 * deployment is reported and what is resent is policy, the same code in the bundle. Each holds: one
 * deployment per step, outputs that name what runs, warnings that name what changed underneath.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { type Deployment, type Simulator } from '../../dev/simulator/index.js'
import { actionInputs } from '../helpers/simulator.js'
import { type Driven, startDriven } from '../helpers/driven.js'
import { type Answer, type MisbehavingServer, type MutationCall, startMisbehaving } from '../helpers/misbehaving.js'
import { runInProcess } from '../helpers/in-process.js'
import { errorLine, warnings } from '../helpers/log-lines.js'

const TEN_MINUTES = 10 * 60 * 1000
const newSince = (sim: Simulator, before: Set<string>): Deployment[] => sim.state.all().filter((d) => !before.has(d.id))

let closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.reverse()) await close()
  closers = []
})

/** A driven simulator behind a purpose-built front; `posts` counts the deployment POSTs it received. */
async function misbehaving(
  onMutation: (call: MutationCall, driven: Driven) => Promise<Answer>
): Promise<Driven & { front: MisbehavingServer; posts: MutationCall[] }> {
  const driven = await startDriven()
  const posts: MutationCall[] = []
  const front = await startMisbehaving(driven.sim, (call) => {
    posts.push(call)
    return onMutation(call, driven)
  })
  driven.alsoParked.push(front.parked)
  closers.push(
    () => driven.sim.close(),
    () => front.close()
  )
  return { ...driven, front, posts }
}

const inputsFor = (
  d: { sim: Simulator; front: MisbehavingServer },
  extra: Record<string, string>
): Record<string, string> => ({
  ...actionInputs(d.sim),
  baseUrl: d.front.url,
  ...extra
})

describe('no clock but the server’s', () => {
  test.each([
    ['ahead of', TEN_MINUTES],
    ['behind', -TEN_MINUTES]
  ])(
    'a server clock 10 minutes %s the runner: a promote applied then answered 503 is found, never sent twice',
    async (_, skew) => {
      const driven = await startDriven()
      closers.push(() => driven.sim.close())
      const { sim, clock, transport } = driven
      sim.state.now = () => clock.now() + skew
      sim.faults.add({ method: 'POST', path: '/promote', fault: { type: 'apply-then-status', status: 503 } })
      const before = new Set(sim.state.all().map((d) => d.id))
      const run = await runInProcess({
        inputs: { ...actionInputs(sim), operation: 'promote', targetEnvironment: 'pre-release' },
        options: { clock, transport }
      })
      const made = newSince(sim, before)
      expect(made).toHaveLength(1)
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({ deploymentId: made[0]!.id, changed: 'true', environment: 'pre-release' })
      expect(sim.mutations()).toHaveLength(1)
      expect(sim.state.history('pre-release')).toHaveLength(2)
      expect(run.outputs.deploymentId).toBe(sim.state.active('pre-release')!.id)
      expect(warnings(run).some((w) => w.includes('did land despite the failure'))).toBe(true)
    }
  )
})

describe('late commits', () => {
  /** A server that holds a promote for `ms` on the step's clock, then commits it and answers a client long gone. */
  const commitsLate =
    (ms: number) =>
    async (call: MutationCall, { clock }: Driven): Promise<Answer> => {
      await call.park(clock.sleep(ms))
      return call.apply()
    }

  test.each([
    ['25 s', 25_000, { timeoutSeconds: '30' }],
    ['75 s', 75_000, {}]
  ])('a promote committed %s after it arrived is sent once and reported: the outputs name it', async (_, ms, extra) => {
    const d = await misbehaving(commitsLate(ms))
    const before = new Set(d.sim.state.all().map((x) => x.id))
    const run = await runInProcess({
      inputs: inputsFor(d, { operation: 'promote', targetEnvironment: 'pre-release', ...extra }),
      options: { clock: d.clock, transport: d.transport }
    })
    await d.clock.settle()
    const made = newSince(d.sim, before)
    expect(d.posts).toHaveLength(1)
    expect(made).toHaveLength(1)
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ deploymentId: made[0]!.id, changed: 'true' })
    expect(d.sim.state.active('pre-release')!.id).toBe(made[0]!.id)
  })

  test('a commit later than the budget: sent once, and the step fails saying it may land and what to look for', async () => {
    const d = await misbehaving(commitsLate(25_000))
    const run = await runInProcess({
      inputs: inputsFor(d, { operation: 'promote', targetEnvironment: 'pre-release', timeoutSeconds: '20' }),
      options: { clock: d.clock, transport: d.transport }
    })
    expect(run.code).toBe(1)
    expect(run.outputs.deploymentId).toBeUndefined()
    const error = errorLine(run)
    expect(error).toContain(
      "it was not sent again, because the server may still apply it: check the agent's deployments (a deployment in pre-release whose message ends with [promote run 4242.1 id "
    )
    await d.clock.settle() // the server commits after the step ended
    expect(d.posts).toHaveLength(1)
    const landed = d.sim.state.active('pre-release')!
    const mark = /\[promote run 4242\.1 id [0-9a-f]{8}\]/.exec(error)![0]
    expect(String(landed.metadata?.deployment_message).endsWith(mark)).toBe(true)
  })
})

describe('only what this step made', () => {
  test("a colleague's publish while ours answered 502 is never reported as ours, and ours is not resent", async () => {
    let colleague: Deployment | undefined
    const d = await misbehaving(async (call) => {
      d.sim.state.editDraft()
      colleague = d.sim.state.publish('sandbox', 'Published from Studio')
      colleague.createdBy = 'ana@example.com'
      return call.kind === 'publish' ? { status: 502, body: { success: false, error: 'Bad gateway' } } : undefined
    })
    const run = await runInProcess({
      inputs: inputsFor(d, { operation: 'publish', timeoutSeconds: '20' }),
      options: { clock: d.clock, transport: d.transport }
    })
    expect(d.posts).toHaveLength(1)
    expect(run.code).toBe(1)
    expect(run.outputs.deploymentId).toBeUndefined()
    expect(run.outputs.changed).toBeUndefined()
    expect(run.stdout).not.toContain('did land despite the failure')
    expect(errorLine(run)).toContain(
      `no deployment with this step's mark showed, but new deployment ${colleague!.id} (version ${colleague!.version}, by ana@example.com, message "Published from Studio") in sandbox did, without the mark`
    )
    expect(d.sim.state.active('sandbox')!.id).toBe(colleague!.id)
  })

  test('a new deployment whose message cannot be read: the step says ownership cannot be told, and does not resend', async () => {
    const d = await misbehaving(async () => {
      d.sim.state.addDeployment('sandbox', undefined, null) // metadata: null
      return { status: 504, body: { success: false, error: 'Gateway timeout' } }
    })
    const run = await runInProcess({
      inputs: inputsFor(d, { operation: 'publish', timeoutSeconds: '20' }),
      options: { clock: d.clock, transport: d.transport }
    })
    expect(d.posts).toHaveLength(1)
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(
      /ran out: no deployment with this step's mark showed, but new deployment dep-\d+ \(sandbox, version \w+\) appeared, and its stored message \(metadata\.deployment_message\) does not carry a readable mark, so whether this step made it cannot be told; it was not sent again/
    )
  })
})

describe('concurrent changes', () => {
  /** Before applying a rollback, a colleague's hotfix lands in the same environment. */
  const hotfixFirst =
    (sim: () => Simulator) =>
    async (call: MutationCall): Promise<Answer> => {
      const hotfix = sim().state.addDeployment('sandbox', undefined, {
        deployment_message: 'hotfix 12',
        deployment_type: 'publish'
      })
      hotfix.createdBy = 'ana@example.com'
      return call.apply()
    }

  test("a colleague's promote racing our rollback: ours is reported, and the warning names what it replaced", async () => {
    const d = await misbehaving((call) => hotfixFirst(() => d.sim)(call))
    const read = d.sim.state.active('sandbox')!
    const run = await runInProcess({
      inputs: inputsFor(d, { operation: 'rollback', targetEnvironment: 'sandbox' }),
      options: { clock: d.clock, transport: d.transport }
    })
    const [ours, hotfix] = d.sim.state.history('sandbox')
    expect(run.code).toBe(0)
    expect(d.posts).toHaveLength(1)
    expect(run.outputs).toMatchObject({ deploymentId: ours!.id, previousDeploymentId: hotfix!.id })
    const warning = warnings(run).find((w) => w.includes('changed while this step ran'))!
    expect(warning).toContain(`deployment ${ours!.id} replaced ${hotfix!.id}`)
    expect(warning).toContain('"hotfix 12" by ana@example.com')
    expect(warning).toContain(`not ${read.id} as read before the request`)
    expect(run.stdout).toContain(
      `::warning::sandbox changed while this step ran: deployment ${ours!.id} replaced ${hotfix!.id}`
    )
    expect(run.summary).toContain('changed while this step ran')
  })

  test('a deployment made right after ours is named too: outputs name ours, the warning names what is active now', async () => {
    const d = await misbehaving(async (call) => {
      const answer = call.apply()
      d.sim.state.addDeployment('pre-release', undefined, {
        deployment_message: 'quick fix',
        deployment_type: 'promote'
      })
      return answer
    })
    const run = await runInProcess({
      inputs: inputsFor(d, { operation: 'promote', targetEnvironment: 'pre-release' }),
      options: { clock: d.clock, transport: d.transport }
    })
    const [now, ours] = d.sim.state.history('pre-release')
    expect(run.code).toBe(0)
    expect(run.outputs.deploymentId).toBe(ours!.id)
    expect(
      warnings(run).some(
        (w) => w.includes(`pre-release changed after this step: deployment ${now!.id}`) && w.includes('"quick fix"')
      )
    ).toBe(true)
  })
})
