/**
 * Errors that guess: each refused input shows the fix the user most likely meant, and stays an
 * error (a guess is never used in place of the value given). Also: no problem contradicts another,
 * an empty key says what an empty secret means, and every input an operation ignores is noted.
 */
import { describe, expect, test } from '@jest/globals'
import { type Config, InputError, parseInputs } from '../../src/inputs/inputs.js'
import { emptyKeyProblem, environmentHint, operationHint } from '../../src/inputs/guess.js'
import { closest, editDistance } from '../../src/core/spelling.js'
import { OPERATIONS } from '../../src/operations/registry.js'

const KEY = 'pk-live-SECRET-7f3a9c'

function parse(values: Record<string, string>, env: NodeJS.ProcessEnv = {}): Config {
  return parseInputs((name) => ({ apiKey: KEY, agentId: 'agent-1', ...values })[name] ?? '', env)
}

function problems(values: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parse(values, env)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected an InputError')
}

describe('spelling distance', () => {
  test('a swap of neighbours counts one (Damerau), case is ignored, the cap holds', () => {
    expect(editDistance('promte', 'promote')).toBe(1)
    expect(editDistance('prmoote', 'promote')).toBe(1)
    expect(editDistance('LIVE', 'live')).toBe(0)
    expect(editDistance('rollback', 'publish', 2)).toBe(3)
    expect(closest('sandbx', ['sandbox', 'pre-release', 'live'])).toBe('sandbox')
    expect(closest('xyz', ['sandbox', 'pre-release', 'live'])).toBeUndefined()
  })
})

describe('operation: did you mean', () => {
  test.each([
    ['promte', 'did you mean "promote"?'],
    ['promtoe', 'did you mean "promote"?'],
    ['rolback', 'did you mean "rollback"?'],
    ['get-active-deployment', 'did you mean "get-active-deployments"?'],
    ['sync_config', 'did you mean "sync-config" (operation names are lower case, with dashes)?'],
    ['list', 'did you mean "list-deployments" or "list-config-pages"?'],
    ['Publish', 'did you mean "publish" (operation names are lower case, with dashes)?'],
    ['sync', 'did you mean "sync-config"?'],
    ['deployments', 'did you mean "get-active-deployments" or "list-deployments"?'],
    ['revert', 'did you mean "rollback"?']
  ])('%s → %s', (operation, hint) => {
    expect(operationHint(operation, OPERATIONS)).toBe(hint)
    // Still an error, the whole list after the guess.
    expect(problems({ operation })).toEqual([
      `operation ${JSON.stringify(operation)} is unknown: ${hint} The operations are ${OPERATIONS.join(', ')}`
    ])
  })

  test('nothing close: no guess', () => {
    expect(operationHint('frobnicate', OPERATIONS)).toBe('')
    expect(operationHint('config', OPERATIONS)).toBe('') // three operations: not a guess
    expect(problems({ operation: 'frobnicate' })).toEqual([
      `operation "frobnicate" is unknown: use one of ${OPERATIONS.join(', ')}`
    ])
  })
})

describe('targetEnvironment: did you mean', () => {
  test.each([
    ['prod', 'live', 'PolyAI calls production live'],
    ['production', 'live', 'PolyAI calls production live'],
    ['Production', 'live', 'PolyAI calls production live'],
    ['pre_release', 'pre-release', "PolyAI's CLI folder name"],
    ['draft_and_sandbox', 'sandbox', "PolyAI's CLI folder name"],
    ['staging', 'pre-release', 'the stage between sandbox and live'],
    ['draft', 'sandbox', 'the draft is published to sandbox']
  ])('%s → %s (%s)', (name, env, why) => {
    const hint = `did you mean "${env}" (${why})?`
    expect(environmentHint(name, false)).toBe(hint)
    expect(problems({ operation: 'publish', targetEnvironment: name })).toEqual([
      `targetEnvironment ${JSON.stringify(name.toLowerCase())} is not an environment: ${hint} Use sandbox, pre-release, live`
    ])
  })

  test.each([
    ['sandbx', 'sandbox'],
    ['pre-relase', 'pre-release'],
    ['prerelease', 'pre-release'],
    ['pre release', 'pre-release'],
    ['lvie', 'live'],
    ['lve', 'live']
  ])('close spelling %j → %s', (name, env) => {
    expect(environmentHint(name, true)).toBe(`did you mean "${env}"?`)
  })

  test('each name of a list gets its own guess; nothing close, no guess', () => {
    expect(
      problems({ operation: 'upsert-schema', schemaPath: 's.json', targetEnvironment: 'sandbox,prod,qa' })
    ).toEqual([
      'targetEnvironment "prod" is not an environment: did you mean "live" (PolyAI calls production live)? Use sandbox, pre-release, live, a comma-separated list of them, or all',
      'targetEnvironment "qa" is not an environment: use sandbox, pre-release, live, a comma-separated list of them, or all'
    ])
  })

  test('a guess is never taken: the step does not start', () => {
    expect(() => parse({ operation: 'promote', targetEnvironment: 'production' })).toThrow(InputError)
    expect(() => parse({ operation: 'promte' })).toThrow(InputError)
  })
})

describe('no problem contradicts another', () => {
  test('a staging rollback has one problem: the name, not "needs … or targetEnvironment"', () => {
    expect(problems({ operation: 'rollback', targetEnvironment: 'staging' })).toEqual([
      'targetEnvironment "staging" is not an environment: did you mean "pre-release" (the stage between sandbox and live)? Use sandbox, pre-release, live'
    ])
    expect(problems({ operation: 'rollback', targetEnvironment: 'prod' })).toHaveLength(1)
  })

  test('with neither given, rollback still says what it needs', () => {
    expect(problems({ operation: 'rollback' })).toEqual([
      'rollback needs deploymentId (the deployment whose version to restore) or targetEnvironment (to roll back there to the previous version)'
    ])
  })
})

describe('an empty apiKey', () => {
  const SECRET_UNSET =
    "if you passed `apiKey: ${{ secrets.POLYAI_API_KEY }}`, that secret is not set for this repository or the job's environment"

  test('names the likely cause, an unset secret, and still says how to pass one', () => {
    const [problem] = problems({ operation: 'list-config-pages', apiKey: '' })
    expect(problem).toMatch(/^apiKey is empty: /)
    expect(problem).toContain(SECRET_UNSET)
    expect(problem).toContain('(pull requests from forks and Dependabot get none)')
    expect(problem).toContain('otherwise pass `apiKey: ${{ secrets.POLYAI_API_KEY }}` or set POLYAI_API_KEY')
    expect(problem).not.toContain('is required')
  })

  test('an environment variable that is set but empty is named as such', () => {
    const problem = emptyKeyProblem({ POLYAI_API_KEY: '' })
    expect(problem).toMatch(/^apiKey is empty, and so is the POLYAI_API_KEY environment variable \(set, but empty\): /)
    expect(problem).toContain(SECRET_UNSET)
    expect(problem).not.toContain('otherwise')
  })

  test("what the run's context tells: a pull request run, a Dependabot run", () => {
    expect(emptyKeyProblem({ GITHUB_EVENT_NAME: 'pull_request' })).toContain(
      ', or this is a pull_request run: GitHub passes no secrets to pull requests from forks;'
    )
    // pull_request_target gets the base repository's secrets: nothing to add.
    expect(emptyKeyProblem({ GITHUB_EVENT_NAME: 'pull_request_target' })).toBe(emptyKeyProblem({}))
    expect(emptyKeyProblem({ GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'dependabot[bot]' })).toContain(
      ', or this run was started by Dependabot, which reads Dependabot secrets, not Actions secrets;'
    )
  })
})

describe('every ignored input is noted', () => {
  test('schemaPath on get-active-deployments, with the operations that use it', () => {
    expect(parse({ operation: 'get-active-deployments', schemaPath: 'schema.json' }).ignored).toEqual([
      'schemaPath applies only to upsert-schema and sync-config; ignored for get-active-deployments'
    ])
  })

  test('every operation input, for an operation that reads none of them', () => {
    const given = {
      deploymentId: 'dep-1',
      targetEnvironment: 'live',
      deploymentMessage: 'm',
      schemaPath: 's.json',
      variablesPath: 'v.json',
      dryRun: 'true',
      force: 'true',
      maskValues: 'true',
      limit: '5',
      failOnBreaking: 'true',
      configPath: 'rtc',
      waitForTestRuns: 'true',
      testRunTimeoutSeconds: '60',
      timeoutSeconds: '600'
    }
    const ignored = parse({ operation: 'list-config-pages', ...given }).ignored
    expect(ignored.map((line) => line.split(' ')[0])).toEqual(Object.keys(given).slice(0, -1))
    for (const line of ignored) expect(line).toMatch(/ applies only to .+; ignored for list-config-pages$/)
  })

  test('an input equal to its action.yml default was not given (the runner passes defaults on every step)', () => {
    expect(
      parse({
        operation: 'get-active-deployments',
        dryRun: 'false',
        force: 'false',
        limit: '10',
        configPath: 'real_time_configuration',
        testRunTimeoutSeconds: '900',
        region: 'us'
      }).ignored
    ).toEqual([])
  })

  test('testRunTimeoutSeconds without waitForTestRuns is noted where it would apply', () => {
    expect(parse({ operation: 'publish', testRunTimeoutSeconds: '60' }).ignored).toEqual([
      'testRunTimeoutSeconds applies only with waitForTestRuns: true; ignored for publish'
    ])
    expect(parse({ operation: 'publish', testRunTimeoutSeconds: '60', waitForTestRuns: 'true' }).ignored).toEqual([])
  })
})
