/**
 * Issue 13 end to end, against the simulator over real HTTP: list-deployments; sync-config applying
 * the deadlocked schema change (new required key, additionalProperties: false) with no refused write
 * and a valid page after every write; its dry run showing the three phases; a failing middle phase
 * leaving a valid page and a resumable step; a failing value shown (and masked); a misspelled keyword
 * refused before any request. One case runs dist/index.js as the runner runs it, for what only the
 * bundle shows of a bad input: the input read from its INPUT_* variable by the real @actions/core,
 * refused before any request with exit code 1, a clean stderr and no stack trace. The rest is policy
 * (outputs, summaries, annotations, the phases, masking): in process (src/main.ts run(), the same
 * ActionRun to assert on), one case at a time (masked values are registered per process).
 */
import { describe, expect, test as jestTest } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { valuesProblem } from '../../dev/simulator/schema.js'
import { actionInputs, callsOf } from '../helpers/simulator.js'
import { concurrentCases, withSimulator } from '../helpers/concurrent-cases.js'
import { type ActionRun, runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'
import { withoutBase } from '../../src/config/base.js'

/** Every case has a simulator of its own; the bundle case starts with the file, beside the others. */
const cases = concurrentCases()
const bundleTest = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  cases.test(name, () => withSimulator(undefined, body))
const test = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  jestTest(name, () => withSimulator(undefined, body))

const json = (text: string | undefined): unknown => JSON.parse(text ?? 'null')
/** The summary's Markdown with its escapes undone, to match text as a reader sees it. */
const plain = (md: string): string =>
  md
    .replace(/\\([\\`*_{}[\]()#+\-.!<>~^$])/g, '$1')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
const errors = (run: ActionRun): string[] => run.stdout.split('\n').filter((l) => l.startsWith('::error'))

/** The page's schema before the change: closed (additionalProperties: false). */
const CLOSED = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer', minimum: 0 } },
  required: ['greeting'],
  additionalProperties: false
}
/** The new schema: a new required key, still closed. Neither order of plain writes works. */
const WITH_TRANSFER = {
  ...CLOSED,
  properties: { ...CLOSED.properties, transferNumber: { type: 'string', pattern: '^\\+[0-9]+$' } },
  required: ['greeting', 'transferNumber']
}
const NEW_VALUES = { transferNumber: '+441234567890' }

/** Records every schema/values write the simulator applies or refuses, and checks the page after each. */
function watchWrites(sim: Simulator): { refused: string[]; invalidStates: string[]; writes: string[] } {
  const seen = { refused: [] as string[], invalidStates: [] as string[], writes: [] as string[] }
  const state = sim.state
  for (const method of ['setSchema', 'patchVariables'] as const) {
    const original = state[method].bind(state) as (env: 'live', body: Record<string, unknown>) => unknown
    ;(state as unknown as Record<string, unknown>)[method] = (env: 'live', body: Record<string, unknown>) => {
      try {
        original(env, body)
      } catch (error) {
        seen.refused.push(`${method} ${env}: ${String(error)}`)
        throw error
      }
      seen.writes.push(`${method} ${env}`)
      const page = state.configPages[env]
      const problem = page.schema ? valuesProblem(page.schema, page.variables ?? {}) : null
      if (problem) seen.invalidStates.push(`after ${method} ${env}: ${problem}`)
      return page
    }
  }
  return seen
}

/** A sync-config step, in process. */
const sync = (
  sim: Simulator,
  extra: Record<string, string> = {},
  schema: unknown = WITH_TRANSFER
): Promise<ActionRun> =>
  runInProcess({
    inputs: {
      ...actionInputs(sim),
      operation: 'sync-config',
      targetEnvironment: 'live',
      schemaPath: 'config/schema.json',
      variablesPath: 'config/values.json',
      ...extra
    },
    files: { 'config/schema.json': JSON.stringify(schema, null, 2), 'config/values.json': JSON.stringify(NEW_VALUES) }
  })

describe('list-deployments', () => {
  test('lists the newest deployments, marks the active one and what a rollback would restore', async (sim) => {
    const [a, b, c] = ['a', 'b', 'c'].map(() => sim.state.addDeployment('sandbox').version) as [string, string, string]
    sim.state.addDeployment('live', b, { deployment_message: 'ship B', deployment_type: 'promote' })
    sim.state.addDeployment('live', c, { deployment_message: 'ship C', deployment_type: 'promote' })
    void a
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'list-deployments', targetEnvironment: 'live', limit: '2' }
    })
    expect(run.code).toBe(0)
    expect(callsOf(sim)).toEqual(['GET /deployments', 'GET /deployments/active'])
    expect(sim.requests[0]!.query).toEqual({ environment: 'live', limit: '50' })
    const live = sim.state.history('live')
    expect(json(run.outputs.deployments)).toEqual(
      live.slice(0, 2).map((d, i) => ({
        id: d.id,
        version: d.version,
        createdAt: d.createdAt,
        createdBy: d.createdBy,
        message: d.metadata?.deployment_message ?? null,
        active: i === 0
      }))
    )
    expect(run.outputs).toMatchObject({ changed: 'false', environment: 'live' })
    expect(plain(run.summary)).toContain(`| ${live[0]!.id} | ${c.slice(0, 7)} |`)
    expect(plain(run.summary)).toMatch(
      new RegExp(`\\| ${live[1]!.id} \\| ${b.slice(0, 7)} \\|.*\\| next rollback restores this \\|`)
    )
    expect(plain(run.summary)).toContain(`restores version ${b.slice(0, 7)} (deployment ${live[1]!.id})`)
  })

  bundleTest('limit out of range is an input error naming the bound; nothing is sent', async (sim) => {
    const run = await runDist({
      inputs: { ...actionInputs(sim), operation: 'list-deployments', targetEnvironment: 'live', limit: '500' }
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expect(run.stdout).toContain('limit must be a whole number from 1 to 100')
    expect(sim.requests).toHaveLength(0)
  })
})

describe('sync-config: the deadlocked schema change', () => {
  test('a dry run shows the three phases and sends nothing', async (sim) => {
    sim.state.setSchema('live', CLOSED)
    const run = await sync(sim, { dryRun: 'true' })
    expect(run.code).toBe(0)
    expect(sim.mutations()).toHaveLength(0)
    expect(plain(run.summary)).toContain('live: 3 phases (transitional')
    expect(plain(run.summary)).toMatch(
      /\| 1\/3 transitional schema \| PUT \/v1\/agents\/agent-1\/real-time-configs\/live\/schema \| the new schema, loosened: \(root\): "transferNumber" not yet required \| would send \|/
    )
    expect(plain(run.summary)).toMatch(
      /\| 2\/3 values \| PATCH .*\/live\/variables \| keys transferNumber \| would send \|/
    )
    expect(plain(run.summary)).toMatch(
      /\| 3\/3 final schema \| PUT .*\/live\/schema \| the schema in the repository \| would send \|/
    )
    expect(json(run.outputs.changedEnvironments)).toEqual(['live'])
    expect(run.outputs.changed).toBe('false')
  })

  test('applies it with no refused write, a valid page after every write, and the final schema and values in place', async (sim) => {
    sim.state.setSchema('live', CLOSED)
    const seen = watchWrites(sim)
    const run = await sync(sim, {}, WITH_TRANSFER)
    expect(run.code).toBe(0)
    expect(seen.refused).toEqual([])
    expect(seen.invalidStates).toEqual([])
    expect(seen.writes).toEqual(['setSchema live', 'patchVariables live', 'setSchema live'])
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(WITH_TRANSFER)
    expect(sim.state.configPages.live.variables).toEqual({ greeting: 'Hello', maxRetries: 3, ...NEW_VALUES })
    expect(json(run.outputs.changedEnvironments)).toEqual(['live'])
    expect(run.outputs.changed).toBe('true')
    // Run again: nothing left to do.
    const again = await sync(sim, {}, WITH_TRANSFER)
    expect(again.code).toBe(0)
    expect(again.outputs.changed).toBe('false')
    expect(seen.writes).toHaveLength(3)
  })

  test('a failing middle phase leaves the page valid, says where it stopped, and a re-run resumes', async (sim) => {
    sim.state.setSchema('live', CLOSED)
    sim.faults.add({
      method: 'PATCH',
      path: '/real-time-configs/live/variables',
      fault: { type: 'status', status: 400 }
    })
    const run = await sync(sim, {}, WITH_TRANSFER)
    expect(run.code).toBe(1)
    const page = sim.state.configPages.live
    expect(valuesProblem(page.schema!, page.variables)).toBeNull()
    expect(page.variables).toEqual({ greeting: 'Hello', maxRetries: 3 })
    expect(errors(run)[0]).toContain('live: stopped at phase 2/3 (values)')
    expect(errors(run)[0]).toContain('The page is left valid (schema: transitional schema, values: as before')
    expect(errors(run)[0]).toContain('To resume, run sync-config again with the same files')
    expect(plain(run.summary)).toMatch(/\| 1\/3 transitional schema \|.*\| done \|/)
    expect(plain(run.summary)).toMatch(/\| 2\/3 values \|.*\| failed \|/)
    expect(plain(run.summary)).toMatch(/\| 3\/3 final schema \|.*\| not run \|/)
    expect(json(run.outputs.changedEnvironments)).toEqual(['live'])

    const resumed = await sync(sim, {}, WITH_TRANSFER)
    expect(resumed.code).toBe(0)
    expect(withoutBase(sim.state.configPages.live.schema)).toEqual(WITH_TRANSFER)
    expect(sim.state.configPages.live.variables).toMatchObject(NEW_VALUES)
  })
})

describe('messages that show the problem', () => {
  const update = (sim: Simulator, values: unknown, extra: Record<string, string> = {}): Promise<ActionRun> =>
    runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'update-variables',
        targetEnvironment: 'live',
        variablesPath: 'v.json',
        ...extra
      },
      files: { 'v.json': JSON.stringify(values) }
    })

  test('a value that fails the schema is shown with its path, and masked with maskValues', async (sim) => {
    sim.state.setSchema('live', { ...WITH_TRANSFER, required: ['greeting'] })
    const shown = await update(sim, { transferNumber: '12345' })
    expect(shown.code).toBe(1)
    expect(errors(shown)[0]).toContain(
      'transferNumber: must match pattern "^\\+[0-9]+$", found "12345" (rule: pattern)'
    )
    const masked = await update(sim, { transferNumber: '12345' }, { maskValues: 'true' })
    expect(masked.code).toBe(1)
    expect(errors(masked)[0]).toContain(
      'transferNumber: must match pattern "^\\+[0-9]+$", found (masked) (rule: pattern)'
    )
    expect(masked.stdout + masked.summary + masked.outputText).not.toContain('12345')
    expect(sim.mutations()).toHaveLength(0)
  })

  test('a misspelled keyword is refused before any request, with the keyword meant', async (sim) => {
    const run = await sync(sim, {}, { ...WITH_TRANSFER, required: undefined, requried: ['greeting'] })
    expect(run.code).toBe(1)
    expect(sim.requests).toHaveLength(0)
    const [error] = errors(run)
    expect(error).toContain('title=Invalid JSON Schema (draft-07)')
    expect(error).toContain('/requried: \\"requried\\" is not a draft-07 keyword'.replace(/\\"/g, '"'))
    expect(error).toContain('did you mean "required"?')
  })
})
