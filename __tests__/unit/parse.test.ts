import {
  parseActive,
  parseConfigPage,
  parseConfigPages,
  parseDeployment,
  parseDeploymentList,
  parseMutation,
  parseTestRun,
  ShapeError,
  skippedEntries
} from '../../src/api/parse.js'

const DEP = {
  id: 'dep-1',
  accountId: 'acc',
  agentId: 'agent-1',
  environment: 'live',
  version: 'abc1234def',
  createdAt: '2024-05-01T10:00:00Z',
  metadata: { note: 'x' },
  somethingNew: [1, 2]
}

function shapeError(fn: () => unknown): ShapeError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ShapeError) return error
    throw error
  }
  throw new Error('expected a ShapeError')
}

describe('ShapeError', () => {
  test('is a named Error', () => {
    const error = new ShapeError('m')
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ShapeError')
    expect(error.message).toBe('m')
  })
})

describe('parseDeployment', () => {
  test('keeps unknown fields verbatim', () => {
    expect(parseDeployment(DEP)).toStrictEqual(DEP)
  })

  test('createdAt defaults to an empty string', () => {
    const rest: Record<string, unknown> = { ...DEP }
    delete rest.createdAt
    expect(parseDeployment(rest).createdAt).toBe('')
    expect(parseDeployment({ ...rest, createdAt: 12 }).createdAt).toBe('')
  })

  test.each([
    [null, 'deployment is not a JSON object'],
    ['dep-1', 'deployment is not a JSON object'],
    [[DEP], 'deployment is not a JSON object'],
    [{ ...DEP, id: undefined }, 'deployment has no id'],
    [{ ...DEP, id: '' }, 'deployment has no id'],
    [{ ...DEP, id: 42 }, 'deployment has no id'],
    [{ ...DEP, version: null }, 'deployment has no version'],
    [{ ...DEP, version: 7 }, 'deployment has no version']
  ])('%j → %s', (value, message) => {
    expect(shapeError(() => parseDeployment(value)).message).toBe(message)
  })

  test('an environment is free text: kept as the API wrote it, empty when absent', () => {
    expect(parseDeployment({ ...DEP, environment: 'production' }).environment).toBe('production')
    expect(parseDeployment({ ...DEP, environment: 'LIVE' }).environment).toBe('LIVE')
    expect(parseDeployment({ ...DEP, environment: '' }).environment).toBe('')
    expect(parseDeployment({ ...DEP, environment: undefined }).environment).toBe('')
  })

  test('metadata may be null or absent, and an empty version is kept', () => {
    expect(parseDeployment({ ...DEP, metadata: null }).metadata).toBeNull()
    expect(parseDeployment({ id: 'd', version: '' })).toStrictEqual({
      id: 'd',
      version: '',
      environment: '',
      createdAt: ''
    })
  })

  test('names what it was reading', () => {
    expect(() => parseDeployment({}, 'response.deployment')).toThrow(new ShapeError('response.deployment has no id'))
  })
})

describe('parseMutation', () => {
  test('a deployment with test runs', () => {
    expect(parseMutation({ deployment: DEP, testRunIds: ['t1', 't2'] })).toStrictEqual({
      deployment: DEP,
      testRunIds: ['t1', 't2']
    })
  })

  test.each([undefined, null])('testRunIds %j means none', (testRunIds) => {
    expect(parseMutation({ deployment: DEP, testRunIds }).testRunIds).toEqual([])
  })

  test.each([
    [['t1', 2], ['t1']],
    ['t1', ['t1']],
    [[null], []],
    [{ 0: 't1' }, []]
  ])('testRunIds %j keeps %j and marks the runs unknown (only a test gate needs them)', (testRunIds, kept) => {
    const parsed = parseMutation({ deployment: DEP, testRunIds })
    expect(parsed.testRunIds).toEqual(kept)
    expect(parsed.testRunsUnknown).toMatch(/^the API answered with testRunIds that are not a list of ids \(/)
  })

  test('an environment the action does not know is kept for the step to judge', () => {
    expect(parseMutation({ deployment: { ...DEP, environment: 'staging' } }).deployment.environment).toBe('staging')
  })

  test.each([
    ['<html>', 'response is not a JSON object'],
    [{}, 'response.deployment is not a JSON object'],
    [{ deployment: { ...DEP, id: '' } }, 'response.deployment has no id']
  ])('%j → %s', (value, message) => {
    expect(shapeError(() => parseMutation(value)).message).toBe(message)
  })
})

describe('parseActive', () => {
  test('every environment, missing and null entries as null, other keys kept unread', () => {
    const sandbox = { ...DEP, id: 'dep-s', environment: 'sandbox' }
    expect(parseActive({ activeDeployments: { sandbox, 'pre-release': null, other: 'kept' } })).toStrictEqual({
      other: 'kept',
      sandbox,
      'pre-release': null,
      live: null
    })
  })

  test('an entry whose environment the action does not know is kept under its key', () => {
    const live = { ...DEP, environment: 'prerelease' }
    expect(parseActive({ activeDeployments: { live } }).live).toStrictEqual(live)
  })

  test.each([
    [null, 'response is not a JSON object'],
    [{}, 'response.activeDeployments is not a JSON object'],
    [{ activeDeployments: [] }, 'response.activeDeployments is not a JSON object'],
    [{ activeDeployments: { live: 'dep-1' } }, 'activeDeployments.live is not a JSON object'],
    [
      { activeDeployments: { sandbox: { environment: 'sandbox', version: 'v' } } },
      'activeDeployments.sandbox has no id'
    ]
  ])('%j → %s', (value, message) => {
    expect(shapeError(() => parseActive(value)).message).toBe(message)
  })
})

describe('parseDeploymentList', () => {
  test('a list', () => {
    const second = { ...DEP, id: 'dep-2' }
    expect(parseDeploymentList({ deployments: [DEP, second] })).toStrictEqual([DEP, second])
    expect(parseDeploymentList({ deployments: [] })).toEqual([])
    expect(skippedEntries(parseDeploymentList({ deployments: [DEP] }))).toEqual([])
  })

  test('odd entries are left out and named, the rest kept', () => {
    const list = parseDeploymentList({
      deployments: [DEP, { ...DEP, version: null }, null, { ...DEP, id: 'dep-3', environment: 'x' }]
    })
    expect(list.map((d) => d.id)).toEqual(['dep-1', 'dep-3'])
    expect(skippedEntries(list)).toEqual(['deployments[1] has no version', 'deployments[2] is not a JSON object'])
  })

  test.each([
    [[], 'response is not a JSON object'],
    [{}, 'response has no deployments array'],
    [{ deployments: { 0: DEP } }, 'response has no deployments array']
  ])('%j → %s', (value, message) => {
    expect(shapeError(() => parseDeploymentList(value)).message).toBe(message)
  })
})

describe('parseConfigPage', () => {
  const PAGE = {
    clientEnv: 'live',
    schema: { type: 'object' },
    variables: { a: 1 },
    lastUpdated: '2024-01-01',
    extra: true
  }

  test('keeps the page as is', () => {
    expect(parseConfigPage(PAGE)).toStrictEqual(PAGE)
  })

  test('null or absent schema and variables are fine', () => {
    expect(parseConfigPage({ clientEnv: 'sandbox', schema: null })).toStrictEqual({
      clientEnv: 'sandbox',
      schema: null
    })
  })

  test.each([{ clientEnv: '' }, { clientEnv: 'eu-canary' }, { clientEnv: 'live', schema: '{}', variables: 5 }])(
    '%j is kept as is: the step that uses a field checks it (config/page.ts)',
    (page) => {
      expect(parseConfigPage(page)).toStrictEqual(page)
    }
  )

  test.each([
    ['x', 'config page is not a JSON object'],
    [[], 'config page is not a JSON object'],
    [{}, 'config page has no clientEnv'],
    [{ clientEnv: 5 }, 'config page has no clientEnv']
  ])('%j → %s', (value, message) => {
    expect(shapeError(() => parseConfigPage(value)).message).toBe(message)
  })
})

describe('parseConfigPages', () => {
  test('a list', () => {
    expect(parseConfigPages({ configPages: [{ clientEnv: 'sandbox' }, { clientEnv: 'live' }] })).toStrictEqual([
      { clientEnv: 'sandbox' },
      { clientEnv: 'live' }
    ])
  })

  test.each([
    [null, 'response is not a JSON object'],
    [{}, 'response has no configPages array'],
    [{ configPages: { clientEnv: 'live' } }, 'response has no configPages array'],
    [{ configPages: 'none' }, 'response has no configPages array'],
    [{ configPages: [{ clientEnv: 'live' }, 'x'] }, 'configPages[1] is not a JSON object']
  ])('%j → %s', (value, message) => {
    expect(shapeError(() => parseConfigPages(value)).message).toBe(message)
  })
})

describe('parseTestRun', () => {
  test('keeps counts and its own id', () => {
    expect(parseTestRun({ id: 'tr-9', status: 'PASSED', passedCount: 3 }, 'tr-1')).toStrictEqual({
      id: 'tr-9',
      status: 'PASSED',
      passedCount: 3
    })
  })

  test('falls back to the id asked for', () => {
    expect(parseTestRun({ status: 'RUNNING' }, 'tr-1')).toStrictEqual({ status: 'RUNNING', id: 'tr-1' })
    expect(parseTestRun({ id: 7, status: 'RUNNING' }, 'tr-1').id).toBe('tr-1')
  })

  test.each([
    [[], 'test run is not a JSON object'],
    [{ id: 'tr-1' }, 'test run has no status'],
    [{ status: '' }, 'test run has no status'],
    [{ status: 1 }, 'test run has no status']
  ])('%j → %s', (value, message) => {
    expect(shapeError(() => parseTestRun(value, 'tr-1')).message).toBe(message)
  })
})
