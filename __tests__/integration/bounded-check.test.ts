/**
 * The bounded values check with a real worker thread (the sources, bundled by helpers/check-worker.ts; the bundle
 * is covered end to end in e2e/hostile.test.ts): results, a schema that cannot be compiled, a
 * pattern that backtracks stopped at its budget and named, checks queued behind it, a fresh worker
 * afterwards, and close().
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { checkBudgetMs, ValuesChecker } from '../../src/config/bounded-check.js'
import { INLINE_VALUES_CHARS } from '../../src/config/inline-check.js'
import { setWorkerEntry } from '../../src/core/worker-entry.js'
import { formatSeconds } from '../../src/core/clock.js'
import { checkWorkerEntry, hangingCheckTimeoutSeconds } from '../helpers/check-worker.js'

setWorkerEntry(checkWorkerEntry())

const HANGS = '^([a-zA-Z0-9]+\\s?)*$'
const SENTENCE = 'Welcome to Acme Insurance customer support!'
const schema = (greeting: Record<string, unknown>): Record<string, unknown> => ({
  type: 'object',
  properties: { greeting: { type: 'string', ...greeting }, maxRetries: { type: 'integer', minimum: 0 } }
})

/** A schema whose check goes to the worker (it has a pattern; flat schemas are checked on this thread). */
const VIA_WORKER = schema({ pattern: '^W' })

let checker: ValuesChecker

/**
 * Waits until the checker's worker answers (started, ajv loaded, a schema compiled and checked) and
 * returns the budget a check that hangs gets: enough for this machine, as busy as it is now, to
 * compile the schema and reach the pattern. Three times what the whole start-up just took (which
 * includes compiling a schema like it), and at least 0.5 s: a short hang on an idle machine, a
 * longer one only when the machine is slow.
 */
async function ready(c: ValuesChecker): Promise<number> {
  const started = performance.now()
  expect(await c.check(VIA_WORKER, {}, 60_000)).toEqual({ status: 'checked', problems: [] })
  return Math.max(500, Math.ceil((3 * (performance.now() - started)) / 100) * 100)
}
afterEach(async () => {
  await checker.close()
})

describe('ValuesChecker', () => {
  test('checks values in the worker: problems, a pass, and a schema it cannot compile', async () => {
    checker = new ValuesChecker()
    const failing = await checker.check(schema({ pattern: '^[A-Z]' }), { greeting: 'hello', maxRetries: -1 }, 60_000)
    expect(failing).toEqual({
      status: 'checked',
      problems: [
        expect.objectContaining({ variable: 'greeting', rule: 'pattern' }),
        expect.objectContaining({ variable: 'maxRetries', rule: 'minimum' })
      ]
    })
    expect(await checker.check(schema({ pattern: '^[A-Z]' }), { greeting: 'Hello' }, 60_000)).toEqual({
      status: 'checked',
      problems: []
    })
    const remote = await checker.check({ $ref: 'https://example.invalid/s.json' }, {}, 60_000)
    expect(remote.status).toBe('unusable')
  })

  test('a pattern that backtracks is stopped at the budget and named with its variable; queued checks fail, later ones get a new worker', async () => {
    checker = new ValuesChecker()
    const values = { maxRetries: 1, greeting: SENTENCE }
    // The worker is up first (a busy machine may take long to start one): the budget below is then all the pattern's.
    const budget = await ready(checker)
    const [hung, queued] = await Promise.all([
      checker.check(schema({ pattern: HANGS }), values, budget),
      checker.check(VIA_WORKER, values, 60_000)
    ])
    expect(hung).toEqual({
      status: 'unfinished',
      problem: {
        variable: 'greeting',
        pointer: '',
        schemaPath: '',
        hasValue: false,
        rule: 'timeout',
        message: `the check against the pattern ${JSON.stringify(HANGS)} did not finish within ${formatSeconds(budget)} (half the time the step had left, see timeoutSeconds): the pattern backtracks catastrophically on this value; simplify it (e.g. no nested quantifiers)`
      }
    })
    expect(queued).toMatchObject({
      status: 'unfinished',
      problem: { rule: 'timeout', message: expect.stringContaining('the check before it did not finish') }
    })
    expect(await checker.check(VIA_WORKER, values, 60_000)).toEqual({ status: 'checked', problems: [] })
  })

  test('patternProperties: the key a pattern hangs on is named', async () => {
    checker = new ValuesChecker()
    const budget = await ready(checker)
    const verdict = await checker.check(
      { type: 'object', patternProperties: { [HANGS]: { type: 'string' } } },
      { [SENTENCE]: 'x' },
      budget
    )
    expect(verdict).toMatchObject({
      status: 'unfinished',
      problem: { variable: SENTENCE, message: expect.stringContaining(JSON.stringify(HANGS)) }
    })
  })

  test('no time left: nothing is started; close() answers a check still waiting', async () => {
    checker = new ValuesChecker()
    expect(await checker.check(schema({}), {}, 0)).toMatchObject({ status: 'unfinished', problem: { rule: 'timeout' } })
    const waiting = checker.check(schema({ pattern: HANGS }), { greeting: SENTENCE }, 60_000)
    await checker.close()
    expect(await waiting).toMatchObject({
      status: 'unfinished',
      problem: { message: 'could not be checked: the step ended first' }
    })
  })

  test('a flat schema on small values is checked on this thread: the same verdicts, and no worker starts', async () => {
    // A worker file that cannot start: any check sent to a worker reports it.
    setWorkerEntry(new URL('file:///nonexistent/polyai-check-worker.mjs'))
    try {
      checker = new ValuesChecker()
      const flat = { type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] }
      expect(await checker.check(flat, { n: -1 }, 60_000)).toEqual({
        status: 'checked',
        problems: [expect.objectContaining({ variable: 'n', rule: 'minimum', value: -1 })]
      })
      expect(await checker.check(flat, { n: 2 }, 60_000)).toEqual({ status: 'checked', problems: [] })
      expect(await checker.check({ type: 'nope' }, {}, 60_000)).toEqual({
        status: 'unusable',
        reason: expect.stringContaining('schema is invalid')
      })
      // A pattern, or values too large to check here, go to the worker (which here cannot start).
      for (const [s, v] of [
        [VIA_WORKER, { greeting: 'Hi' }],
        [flat, { n: 1, big: 'x'.repeat(INLINE_VALUES_CHARS) }],
        // Flat, but its `required` fails once per name on each of 3,000 objects: 180,000 errors on this thread.
        [
          { properties: { list: { items: { required: Array.from({ length: 60 }, (_, i) => `k${i}`) } } } },
          { list: Array.from({ length: 3000 }, () => ({})) }
        ]
      ] as const)
        expect(await checker.check(s, v, 60_000)).toMatchObject({
          status: 'unfinished',
          problem: {
            message: expect.stringMatching(/^could not be checked: the check (could not start|stopped|ended)/)
          }
        })
    } finally {
      setWorkerEntry(checkWorkerEntry())
    }
  })

  test('the budget is half of what is left of timeoutSeconds', () => {
    expect(checkBudgetMs({ deadline: { remainingMs: () => 8_000 } })).toBe(4_000)
    checker = new ValuesChecker()
  })
})

describe('sync-config plans with the bounded check too', () => {
  test('a pattern that backtracks on the merged values refuses the environment, naming it; nothing is sent', async () => {
    const { runInProcess } = await import('../helpers/in-process.js')
    const { sendJson, startScriptedServer } = await import('../helpers/scripted-server.js')
    const server = await startScriptedServer((req, res) =>
      sendJson(res, { clientEnv: 'sandbox', schema: { type: 'object' }, variables: { greeting: 'Hi' } })
    )
    checker = new ValuesChecker()
    try {
      const run = await runInProcess({
        inputs: {
          operation: 'sync-config',
          apiKey: 'pk_test_0123456789',
          agentId: 'agent-1',
          baseUrl: server.url,
          targetEnvironment: 'sandbox',
          schemaPath: 'schema.json',
          variablesPath: 'values.json',
          // On the fake clock the check gets exactly half of it: time for the worker to start and reach the pattern here.
          timeoutSeconds: await hangingCheckTimeoutSeconds()
        },
        files: {
          'schema.json': JSON.stringify(schema({ pattern: HANGS })),
          'values.json': JSON.stringify({ greeting: SENTENCE })
        }
      })
      expect(run.code).toBe(1)
      expect(server.writes()).toEqual([])
      expect(run.stdout).toContain(`greeting: the check against the pattern ${JSON.stringify(HANGS)}`)
    } finally {
      await server.close()
    }
  })
})
