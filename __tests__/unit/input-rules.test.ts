/** parseInputs: the checks the bad-input corpus runs end to end, plus the accepted forms. */
import { describe, expect, test } from '@jest/globals'
import { InputError, parseInputs } from '../../src/inputs/inputs.js'
import { environmentsOf } from '../../src/core/step-config.js'

const read =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''
const valid = { apiKey: 'key-123456', agentId: 'agent-1', operation: 'get-active-deployments' }

function problems(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseInputs(read(inputs), env)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  return []
}

describe('baseUrl and region', () => {
  test.each([
    ['https://api.eu.poly.ai', 'https://api.eu.poly.ai'],
    ['https://proxy.example/polyai/', 'https://proxy.example/polyai'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.2:9', 'http://127.0.0.2:9'],
    ['http://[::1]:7000', 'http://[::1]:7000']
  ])('%s is accepted as %s', (baseUrl, expected) => {
    expect(parseInputs(read({ ...valid, baseUrl }), {}).baseUrl).toBe(expected)
  })

  test.each([
    ['https://api.us.poly.ai?x=1', 'must not contain a query or a fragment'],
    ['https://api.us.poly.ai#frag', 'must not contain a query or a fragment'],
    ['https://api.us.poly.ai/V1', 'must not end with /v1'],
    ['http://10.0.0.1', 'must use https://'],
    ['http://127.0.0.1.nip.io', 'must use https://'],
    ['https://', 'is not a valid URL']
  ])('%s is refused: %s', (baseUrl, problem) => {
    expect(problems({ ...valid, baseUrl }).join('\n')).toContain(problem)
  })

  test('region picks the host, case-insensitively; default us', () => {
    expect(parseInputs(read({ ...valid, region: 'EU' }), {}).baseUrl).toBe('https://api.eu.poly.ai')
    expect(parseInputs(read(valid), {}).baseUrl).toBe('https://api.us.poly.ai')
  })
})

describe('the key', () => {
  test('falls back to POLYAI_API_KEY, trimmed', () => {
    expect(parseInputs(read({ ...valid, apiKey: '' }), { POLYAI_API_KEY: ' env-key-1234 \n' }).apiKey).toBe(
      'env-key-1234'
    )
  })
  test.each([['with space'], ['tab\there'], ['ünïcode-key']])('%j is refused and not echoed', (apiKey) => {
    const found = problems({ ...valid, apiKey })
    expect(found).toHaveLength(1)
    expect(found[0]).toContain('cannot be sent as the X-API-KEY header')
    expect(found[0]).not.toContain(apiKey)
  })
})

describe('ids, booleans, numbers, environments', () => {
  test('the id rule: letters, digits, . _ -, at most 128, not . or ..', () => {
    expect(problems({ ...valid, agentId: 'a.b_c-D9' })).toEqual([])
    expect(problems({ ...valid, agentId: 'a'.repeat(129) })[0]).toContain('is not a valid id')
    for (const agentId of ['.', '..', 'a b', 'a/b', 'a%2e', 'é']) {
      expect(problems({ ...valid, agentId })[0]).toContain(`agentId ${JSON.stringify(agentId)} is not a valid id`)
    }
  })

  test('long bad values are echoed shortened', () => {
    expect(problems({ ...valid, agentId: `${'x'.repeat(70)}/` })[0]).toContain(`"${'x'.repeat(60)}…"`)
  })

  test('booleans accept true/false in any case, and default when empty', () => {
    const config = parseInputs(
      read({ ...valid, operation: 'promote', dryRun: 'TRUE', force: 'False', waitForTestRuns: '' }),
      {}
    )
    expect(config).toMatchObject({ dryRun: true, force: false, waitForTestRuns: false })
  })

  test('timeouts are whole seconds within 6 hours', () => {
    expect(parseInputs(read({ ...valid, timeoutSeconds: ' 45 ' }), {}).timeoutSeconds).toBe(45)
    expect(problems({ ...valid, timeoutSeconds: '21601' })[0]).toContain('got "21601"')
    expect(problems({ ...valid, testRunTimeoutSeconds: '1.5' })[0]).toContain(
      'testRunTimeoutSeconds must be a whole number'
    )
  })

  test('config writes take a list or all, in pipeline order; publish defaults to sandbox', () => {
    const write = { ...valid, operation: 'update-variables', variablesPath: 'v.json' }
    expect(environmentsOf(parseInputs(read({ ...write, targetEnvironment: 'live, sandbox,live' }), {}))).toEqual([
      'sandbox',
      'live'
    ])
    expect(environmentsOf(parseInputs(read({ ...write, targetEnvironment: 'ALL' }), {}))).toEqual([
      'sandbox',
      'pre-release',
      'live'
    ])
    expect(environmentsOf(parseInputs(read({ ...valid, operation: 'publish' }), {}))).toEqual(['sandbox'])
    expect(problems({ ...valid, operation: 'promote', targetEnvironment: 'all' })[0]).toContain(
      'targetEnvironment "all" is not an environment: all is only for config writes and pull-config. Use sandbox, pre-release, live'
    )
  })

  test('optional values are kept only when given', () => {
    const config = parseInputs(
      read({
        ...valid,
        operation: 'rollback',
        deploymentId: 'dep-1',
        deploymentMessage: ' hi ',
        githubToken: 'gh-tok'
      }),
      {}
    )
    expect(config).toMatchObject({ deploymentId: 'dep-1', deploymentMessage: 'hi', githubToken: 'gh-tok' })
    expect(parseInputs(read(valid), {})).not.toHaveProperty('deploymentId')
  })

  test('one problem reads as one line, several as a list', () => {
    expect(() => parseInputs(read({ ...valid, dryRun: 'x' }), {})).toThrow(
      'Invalid input: dryRun must be true or false, got "x"'
    )
    expect(() => parseInputs(read({ ...valid, dryRun: 'x', force: 'y' }), {})).toThrow(
      /^Invalid inputs \(2\):\n {2}- dryRun/
    )
  })
})
