/**
 * bakeSeconds, rollbackOnFailure and alertsProjectId as inputs: defaults, the budget they add to
 * timeoutSeconds, every refusal collected with the rest, and the log lines for inputs that do nothing.
 */
import { describe, expect, test } from '@jest/globals'
import { type Config, InputError, parseInputs } from '../../src/inputs/inputs.js'
import { duration, pollInterval } from '../../src/deploy/bake.js'

const parse = (values: Record<string, string>): Config =>
  parseInputs((name) => ({ apiKey: 'k', agentId: 'agent-1', ...values })[name] ?? '', {})
const problems = (values: Record<string, string>): string[] => {
  try {
    parse(values)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected an InputError')
}
const live = { operation: 'promote', targetEnvironment: 'live' }

describe('bake inputs', () => {
  test('defaults: no bake, no automatic rollback, the alerts project is the agent', () => {
    expect(parse(live)).toMatchObject({ bakeSeconds: 0, rollbackOnFailure: false, alertsProjectId: 'agent-1' })
  })

  test('timeoutSeconds defaults to 300 + the test-run wait + the bake', () => {
    expect(parse({ ...live, bakeSeconds: '3600' }).timeoutSeconds).toBe(3900)
    expect(parse({ ...live, bakeSeconds: '3600', waitForTestRuns: 'true' }).timeoutSeconds).toBe(4800)
    expect(parse({ ...live, bakeSeconds: '600', timeoutSeconds: '720' }).timeoutSeconds).toBe(720)
  })

  test('every refusal in one round', () => {
    expect(
      problems({
        operation: 'rollback',
        targetEnvironment: 'pre-release',
        bakeSeconds: '60',
        rollbackOnFailure: 'true',
        alertsProjectId: 'a b'
      })
    ).toEqual([
      expect.stringContaining('set targetEnvironment: live for this rollback (it is pre-release)'),
      expect.stringContaining('rollbackOnFailure cannot be used on a rollback step'),
      expect.stringContaining('alertsProjectId "a b" is not a valid id')
    ])
  })

  test('a promote or publish without targetEnvironment cannot bake (where it lands is not known before)', () => {
    expect(problems({ operation: 'publish', bakeSeconds: '600' })[0]).toContain('(it is sandbox)')
    expect(problems({ operation: 'promote', bakeSeconds: '600' })[0]).toContain('set targetEnvironment: live')
  })

  test('a bake that does not fit the budget', () => {
    expect(problems({ ...live, bakeSeconds: '600', timeoutSeconds: '700' })).toEqual([
      'timeoutSeconds (700) cannot hold the bake: bakeSeconds (600) + 120 s for the deploy, a rollback and their checks need 720: raise timeoutSeconds or leave it empty (it then defaults to 300 + bakeSeconds)'
    ])
    expect(problems({ ...live, bakeSeconds: '21600' })[0]).toContain('does not fit the longest step budget')
    expect(problems({ ...live, bakeSeconds: '-1' })[0]).toContain('bakeSeconds must be a whole number')
  })

  test('inputs that do nothing are noted', () => {
    expect(parse({ ...live, rollbackOnFailure: 'true' }).ignored).toEqual([
      'rollbackOnFailure acts on an unhealthy bake (bakeSeconds) or failing test runs (waitForTestRuns); neither is set, so it does nothing here'
    ])
    expect(parse({ ...live, alertsProjectId: 'proj_1' }).ignored).toEqual([
      'alertsProjectId applies only to a bake (bakeSeconds above 0); ignored'
    ])
    expect(parse({ operation: 'get-active-deployments', bakeSeconds: '60' }).ignored).toEqual([
      'bakeSeconds applies only to promote, rollback and publish; ignored for get-active-deployments'
    ])
  })
})

describe('bake timing', () => {
  test('polls every 15 s, a short bake more often, never more than every 5 s', () => {
    expect([pollInterval(3600), pollInterval(120), pollInterval(60), pollInterval(3)]).toEqual([
      15_000, 15_000, 7_500, 5_000
    ])
  })

  test('durations as a person reads them', () => {
    expect([duration(45_000), duration(250_000), duration(3_600_000), duration(3_900_000)]).toEqual([
      '45 s',
      '4 min 10 s',
      '1 h',
      '1 h 5 min'
    ])
  })
})
