import { readFileSync } from 'node:fs'
import { type Config, InputError, type InputReader, parseInputs } from '../../src/inputs/inputs.js'
import { environmentsOf } from '../../src/core/step-config.js'

const KEY = 'pk-live-SECRET-7f3a9c'
const OPS =
  'promote, rollback, publish, get-active-deployments, list-deployments, list-config-pages, get-config-page, upsert-schema, update-variables, sync-config, pull-config'

function reader(values: Record<string, string>): InputReader {
  return (name) => values[name] ?? ''
}

/** Parses with a valid key and agent unless overridden. */
function parse(values: Record<string, string>, env: NodeJS.ProcessEnv = {}): Config {
  return parseInputs(reader({ apiKey: KEY, agentId: 'agent-1', ...values }), env)
}

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

function problems(values: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] {
  return inputError(() => parse(values, env)).problems
}

describe('parseInputs: a valid minimal config', () => {
  test('fills every default and sets no optional key; a read gets only the common fields', () => {
    expect(parse({ operation: 'get-active-deployments' })).toStrictEqual({
      operation: 'get-active-deployments',
      apiKey: KEY,
      baseUrl: 'https://api.us.poly.ai',
      agentId: 'agent-1',
      timeoutSeconds: 300,
      prComment: false,
      ignored: []
    })
  })

  test('each operation gets exactly its own inputs, defaulted', () => {
    const common = {
      apiKey: KEY,
      baseUrl: 'https://api.us.poly.ai',
      agentId: 'agent-1',
      timeoutSeconds: 300,
      prComment: false,
      ignored: []
    }
    const deploy = {
      dryRun: false,
      waitForTestRuns: false,
      testRunTimeoutSeconds: 900,
      bakeSeconds: 0,
      rollbackOnFailure: false,
      alertsProjectId: 'agent-1'
    }
    expect(parse({ operation: 'publish' })).toStrictEqual({
      ...common,
      operation: 'publish',
      targetEnvironment: 'sandbox',
      ...deploy
    })
    expect(parse({ operation: 'promote' })).toStrictEqual({ ...common, operation: 'promote', force: false, ...deploy })
    expect(parse({ operation: 'rollback', targetEnvironment: 'live' })).toStrictEqual({
      ...common,
      operation: 'rollback',
      force: false,
      ...deploy,
      targetEnvironment: 'live'
    })
    expect(parse({ operation: 'get-config-page', targetEnvironment: 'live' })).toStrictEqual({
      ...common,
      operation: 'get-config-page',
      targetEnvironment: 'live'
    })
    expect(parse({ operation: 'list-config-pages' })).toStrictEqual({ ...common, operation: 'list-config-pages' })
    expect(parse({ operation: 'upsert-schema', targetEnvironment: 'live', schemaPath: 's.json' })).toStrictEqual({
      ...common,
      operation: 'upsert-schema',
      environments: ['live'],
      dryRun: false,
      schemaPath: 's.json',
      force: false,
      failOnBreaking: false,
      maskValues: false,
      overwriteStudioEdits: false
    })
    expect(parse({ operation: 'list-deployments', targetEnvironment: 'live' })).toStrictEqual({
      ...common,
      operation: 'list-deployments',
      targetEnvironment: 'live',
      limit: 10
    })
    expect(
      parse({ operation: 'sync-config', targetEnvironment: 'live', schemaPath: 's.json', variablesPath: 'v.json' })
    ).toStrictEqual({
      ...common,
      operation: 'sync-config',
      environments: ['live'],
      dryRun: false,
      schemaPath: 's.json',
      variablesPath: 'v.json',
      force: false,
      failOnBreaking: false,
      maskValues: false,
      overwriteStudioEdits: false
    })
    expect(parse({ operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'v.json' })).toStrictEqual({
      ...common,
      operation: 'update-variables',
      environments: ['live'],
      dryRun: false,
      variablesPath: 'v.json',
      force: false,
      maskValues: false,
      overwriteStudioEdits: false
    })
    expect(parse({ operation: 'pull-config' })).toStrictEqual({
      ...common,
      operation: 'pull-config',
      environments: ['sandbox', 'pre-release', 'live'],
      dryRun: false,
      configPath: 'real_time_configuration'
    })
  })

  test('inputs given to an operation that cannot use them are noted for the log', () => {
    expect(parse({ operation: 'list-config-pages', waitForTestRuns: 'true', githubToken: 'ghs_x' }).ignored).toEqual([
      'waitForTestRuns applies only to promote, rollback and publish; ignored for list-config-pages',
      'githubToken records deployments of promote, rollback and publish only; none for list-config-pages'
    ])
    // With prComment the token is for the comment.
    expect(parse({ operation: 'list-config-pages', githubToken: 'ghs_x', prComment: 'true' }).ignored).toEqual([])
    expect(parse({ operation: 'promote', limit: '5', configPath: 'rtc' }).ignored).toEqual([
      'limit applies only to list-deployments; ignored for promote',
      'configPath applies only to pull-config; ignored for promote'
    ])
    // Where they apply, nothing is noted; nor for the defaults the runner sets from action.yml on every step.
    const defaults = Object.fromEntries(
      [
        ...readFileSync(new URL('../../action.yml', import.meta.url), 'utf8').matchAll(
          /^ {2}(\w+):\n(?: {4}.*\n)*? {4}default: "?([^"\n]*)"?$/gm
        )
      ].map((m) => [m[1]!, m[2]!])
    )
    expect(defaults).toMatchObject({ limit: '10', configPath: 'real_time_configuration', dryRun: 'false' })
    for (const operation of ['promote', 'get-active-deployments', 'list-config-pages'])
      expect([operation, parse({ ...defaults, operation }).ignored]).toEqual([operation, []])
    expect(parse({ operation: 'list-deployments', targetEnvironment: 'live', limit: '5' }).ignored).toEqual([])
    expect(parse({ operation: 'pull-config', configPath: 'rtc' }).ignored).toEqual([])
  })

  test('keeps every optional value, trimmed', () => {
    const config = parse({
      operation: ' promote ',
      agentId: ' agent-1 ',
      deploymentId: ' dep-42 ',
      targetEnvironment: 'live',
      deploymentMessage: '  ship it  ',
      githubToken: ' ghs_x ',
      dryRun: 'true',
      force: 'TRUE',
      waitForTestRuns: 'True',
      maskValues: 'true',
      failOnBreaking: 'true',
      prComment: 'true',
      configPath: ' config/rtc ',
      timeoutSeconds: '1200',
      testRunTimeoutSeconds: '600',
      region: 'eu'
    })
    // maskValues, failOnBreaking and configPath are checked, but promote has no use for them: each is noted.
    expect(config).toStrictEqual({
      operation: 'promote',
      apiKey: KEY,
      baseUrl: 'https://api.eu.poly.ai',
      agentId: 'agent-1',
      deploymentId: 'dep-42',
      targetEnvironment: 'live',
      deploymentMessage: 'ship it',
      githubToken: 'ghs_x',
      dryRun: true,
      force: true,
      timeoutSeconds: 1200,
      waitForTestRuns: true,
      testRunTimeoutSeconds: 600,
      bakeSeconds: 0,
      rollbackOnFailure: false,
      alertsProjectId: 'agent-1',
      prComment: true,
      ignored: [
        'maskValues applies only to upsert-schema, update-variables and sync-config; ignored for promote',
        'failOnBreaking applies only to upsert-schema and sync-config; ignored for promote',
        'configPath applies only to pull-config; ignored for promote'
      ]
    })
  })
})

describe('operation', () => {
  test('missing', () => {
    expect(problems({ operation: '' })).toEqual([`operation is required: use one of ${OPS}`])
  })

  test('whitespace only counts as missing', () => {
    expect(problems({ operation: '   ' })).toEqual([`operation is required: use one of ${OPS}`])
  })

  test('unknown, quoted', () => {
    expect(problems({ operation: 'nonsense' })).toEqual([`operation "nonsense" is unknown: use one of ${OPS}`])
    // With a guess, the list still follows.
    expect(problems({ operation: 'deploy' })).toEqual([
      `operation "deploy" is unknown: did you mean "publish" (the draft to sandbox), then "promote"? The operations are ${OPS}`
    ])
  })

  test('is case sensitive', () => {
    expect(problems({ operation: 'Promote' })).toEqual([
      `operation "Promote" is unknown: did you mean "promote" (operation names are lower case, with dashes)? The operations are ${OPS}`
    ])
  })

  test('a long unknown value is cut to 60 characters', () => {
    const long = 'x'.repeat(100)
    expect(problems({ operation: long })).toEqual([`operation "${'x'.repeat(60)}…" is unknown: use one of ${OPS}`])
  })

  test.each([
    'promote',
    'rollback',
    'publish',
    'get-active-deployments',
    'list-config-pages',
    'get-config-page',
    'upsert-schema',
    'update-variables'
  ])('accepts %s', (operation) => {
    const config = parse({
      operation,
      targetEnvironment:
        operation === 'promote' || operation === 'rollback' || operation === 'get-config-page'
          ? 'live'
          : operation.startsWith('u')
            ? 'sandbox'
            : '',
      schemaPath: 'schema.json',
      variablesPath: 'vars.json'
    })
    expect(config.operation).toBe(operation)
  })
})

describe('apiKey', () => {
  const MISSING =
    "apiKey is empty: if you passed `apiKey: ${{ secrets.POLYAI_API_KEY }}`, that secret is not set for this repository or the job's environment (Settings → Secrets and variables → Actions), or is not available to this run (pull requests from forks and Dependabot get none); otherwise pass `apiKey: ${{ secrets.POLYAI_API_KEY }}` or set POLYAI_API_KEY"
  const SET_BUT_EMPTY =
    "apiKey is empty, and so is the POLYAI_API_KEY environment variable (set, but empty): if you passed `apiKey: ${{ secrets.POLYAI_API_KEY }}`, that secret is not set for this repository or the job's environment (Settings → Secrets and variables → Actions), or is not available to this run (pull requests from forks and Dependabot get none)"

  test('falls back to POLYAI_API_KEY', () => {
    const config = parseInputs(reader({ operation: 'list-config-pages', agentId: 'a' }), {
      POLYAI_API_KEY: ' env-key '
    })
    expect(config.apiKey).toBe('env-key')
  })

  test('the input wins over the environment', () => {
    expect(parse({ operation: 'list-config-pages' }, { POLYAI_API_KEY: 'env-key' }).apiKey).toBe(KEY)
  })

  test('a whitespace-only input falls back to the environment', () => {
    expect(parse({ operation: 'list-config-pages', apiKey: '  ' }, { POLYAI_API_KEY: 'env-key' }).apiKey).toBe(
      'env-key'
    )
  })

  test('missing from both', () => {
    expect(problems({ operation: 'list-config-pages', apiKey: '' })).toEqual([MISSING])
    expect(problems({ operation: 'list-config-pages', apiKey: '' }, { POLYAI_API_KEY: ' \n ' })).toEqual([
      SET_BUT_EMPTY
    ])
  })

  test('a trailing newline is trimmed, not refused', () => {
    expect(parse({ operation: 'list-config-pages', apiKey: `${KEY}\n` }).apiKey).toBe(KEY)
  })

  test.each([`${KEY}\nsecond-line`, `${KEY}\r\nline-two`, `${KEY}\rother-part`])('multi-line key %#', (apiKey) => {
    const error = inputError(() => parse({ operation: 'list-config-pages', apiKey }))
    const problem =
      'apiKey contains spaces, line breaks, control or non-ASCII characters, so it cannot be sent as the X-API-KEY header: check how the secret was stored'
    expect(error.problems).toEqual([problem])
    expect(error.message).toBe(`Invalid input: ${problem}`)
    for (const part of apiKey.split(/\r?\n|\r/)) expect(error.message).not.toContain(part)
  })
})

describe('region and baseUrl', () => {
  test.each(['us', 'eu', 'uk', 'studio', 'dev'])('region %s', (region) => {
    expect(parse({ operation: 'list-config-pages', region }).baseUrl).toBe(`https://api.${region}.poly.ai`)
  })

  test('region defaults to us and is case-insensitive', () => {
    expect(parse({ operation: 'list-config-pages', region: '' }).baseUrl).toBe('https://api.us.poly.ai')
    expect(parse({ operation: 'list-config-pages', region: ' EU ' }).baseUrl).toBe('https://api.eu.poly.ai')
  })

  test('unknown region', () => {
    expect(problems({ operation: 'list-config-pages', region: 'Mars' })).toEqual([
      'region "mars" is unknown: use one of us, eu, uk, studio, dev (or set baseUrl)'
    ])
  })

  test('baseUrl overrides region', () => {
    expect(parse({ operation: 'list-config-pages', region: 'eu', baseUrl: 'https://proxy.example.com' }).baseUrl).toBe(
      'https://proxy.example.com'
    )
  })

  test.each([
    ['https://proxy.example.com/', 'https://proxy.example.com'],
    ['https://proxy.example.com/polyai//', 'https://proxy.example.com/polyai'],
    ['https://Proxy.Example.com:8443/a/b', 'https://proxy.example.com:8443/a/b'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://localhost', 'http://localhost'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['http://127.4.5.6:1', 'http://127.4.5.6:1'],
    ['http://[::1]:9000', 'http://[::1]:9000']
  ])('accepts %s as %s', (baseUrl, expected) => {
    expect(parse({ operation: 'list-config-pages', baseUrl }).baseUrl).toBe(expected)
  })

  test.each([
    'http://api.us.poly.ai',
    'http://localhost.evil.com',
    'http://127.0.0.1.nip.io',
    'http://10.0.0.1',
    'ftp://localhost',
    'file:///etc/passwd'
  ])('refuses non-https %s', (baseUrl) => {
    expect(problems({ operation: 'list-config-pages', baseUrl })).toEqual([
      `baseUrl "${baseUrl}" must use https:// (plain http is allowed only for localhost)`
    ])
  })

  test.each(['not a url', 'api.us.poly.ai', '://x'])('malformed %s', (baseUrl) => {
    expect(problems({ operation: 'list-config-pages', baseUrl })).toEqual([
      `baseUrl "${baseUrl}" is not a valid URL: use e.g. https://api.us.poly.ai`
    ])
  })

  test.each(['https://api.us.poly.ai?debug=1', 'https://api.us.poly.ai/#x'])(
    'refuses a query or fragment: %s',
    (baseUrl) => {
      expect(problems({ operation: 'list-config-pages', baseUrl })).toEqual([
        `baseUrl "${baseUrl}" must not contain a query or a fragment`
      ])
    }
  )

  test.each(['https://user@api.us.poly.ai', 'https://user:pw-s3cret@api.us.poly.ai'])(
    'refuses credentials without echoing them: %s',
    (baseUrl) => {
      const found = problems({ operation: 'list-config-pages', baseUrl })
      expect(found).toEqual(['baseUrl must not contain credentials (user:password@): pass the key as apiKey'])
      expect(found.join(' ')).not.toMatch(/pw-s3cret|api\.us\.poly\.ai/)
    }
  )

  test('an unknown region is refused even when baseUrl overrides it', () => {
    expect(problems({ operation: 'list-config-pages', baseUrl: 'https://proxy.example.com', region: 'mars' })).toEqual([
      'region "mars" is unknown: use one of us, eu, uk, studio, dev (or set baseUrl)'
    ])
  })

  test('testRunTimeoutSeconds must fit inside an explicit timeoutSeconds', () => {
    expect(problems({ operation: 'promote', waitForTestRuns: 'true', timeoutSeconds: '60' })).toEqual([
      'testRunTimeoutSeconds (900) must be shorter than timeoutSeconds (60), which bounds the whole step: raise timeoutSeconds or leave it empty (it then defaults to 300 + testRunTimeoutSeconds)'
    ])
    expect(
      parse({ operation: 'promote', waitForTestRuns: 'true', timeoutSeconds: '60', testRunTimeoutSeconds: '30' })
        .timeoutSeconds
    ).toBe(60)
  })
})

describe('agentId and deploymentId', () => {
  const invalid = (name: string, value: string): string =>
    `${name} ${JSON.stringify(value)} is not a valid id: use only letters, digits, '.', '_' and '-' (at most 128), as shown in PolyAI Studio or by the get-active-deployments operation`

  test('agentId is required', () => {
    expect(problems({ operation: 'list-config-pages', agentId: ' ' })).toEqual([
      'agentId is required: the id of the agent, as shown in PolyAI Studio'
    ])
  })

  test.each(['a', 'Agent_1.v-2', '...', 'x'.repeat(128)])('accepts %s', (id) => {
    const config = parse({ operation: 'rollback', agentId: id, deploymentId: id })
    expect(config.agentId).toBe(id)
    expect(config).toHaveProperty('deploymentId', id)
  })

  test.each(['.', '..', 'a/b', '../etc', 'a\\b', 'a b', 'dep%2e', 'dep?x', 'dep#1', 'ä', 'x'.repeat(129)])(
    'refuses %s in both fields',
    (id) => {
      expect(problems({ operation: 'rollback', agentId: id, deploymentId: id })).toEqual([
        invalid('agentId', id.length > 60 ? `${id.slice(0, 60)}…` : id),
        invalid('deploymentId', id.length > 60 ? `${id.slice(0, 60)}…` : id)
      ])
    }
  )

  test('deploymentId is optional', () => {
    expect(parse({ operation: 'promote' })).not.toHaveProperty('deploymentId')
  })
})

describe('targetEnvironment', () => {
  const notAnEnv = (name: string, list: boolean, hint = ''): string =>
    `targetEnvironment "${name}" is not an environment: ${hint ? `${hint} Use` : 'use'} sandbox, pre-release, live${list ? ', a comma-separated list of them, or all' : ''}`
  const ALL_SINGLE = 'all is only for config writes and pull-config.'

  describe('promote', () => {
    test.each([
      ['', []],
      ['live', ['live']],
      [' Pre-Release ', ['pre-release']]
    ])('%j → %j', (targetEnvironment, expected) => {
      expect(environmentsOf(parse({ operation: 'promote', targetEnvironment }))).toEqual(expected)
    })

    test('refuses sandbox', () => {
      expect(problems({ operation: 'promote', targetEnvironment: 'sandbox' })).toEqual([
        'targetEnvironment for promote must be pre-release or live (sandbox is reached by publish)'
      ])
    })

    test('takes a single environment', () => {
      expect(problems({ operation: 'promote', targetEnvironment: 'pre-release, live' })).toEqual([
        'targetEnvironment takes a single environment for promote, got "pre-release, live"'
      ])
    })

    test('does not take all', () => {
      expect(problems({ operation: 'promote', targetEnvironment: 'all' })).toEqual([notAnEnv('all', false, ALL_SINGLE)])
    })

    test('a repeated name is one environment', () => {
      expect(environmentsOf(parse({ operation: 'promote', targetEnvironment: 'live,live' }))).toEqual(['live'])
    })
  })

  describe('publish', () => {
    test('defaults to sandbox', () => {
      expect(environmentsOf(parse({ operation: 'publish' }))).toEqual(['sandbox'])
    })

    test('keeps a named environment', () => {
      expect(environmentsOf(parse({ operation: 'publish', targetEnvironment: 'pre-release' }))).toEqual(['pre-release'])
    })

    test('takes a single environment', () => {
      expect(problems({ operation: 'publish', targetEnvironment: 'sandbox,live' })).toEqual([
        'targetEnvironment takes a single environment for publish, got "sandbox,live"'
      ])
    })

    test('unknown environment', () => {
      expect(problems({ operation: 'publish', targetEnvironment: 'prod' })).toEqual([
        notAnEnv('prod', false, 'did you mean "live" (PolyAI calls production live)?')
      ])
      expect(problems({ operation: 'publish', targetEnvironment: 'qa' })).toEqual([notAnEnv('qa', false)])
    })
  })

  describe('get-config-page', () => {
    test('is required', () => {
      expect(problems({ operation: 'get-config-page' })).toEqual([
        'targetEnvironment is required for get-config-page: name the config page environment (sandbox, pre-release, live) so nothing writes to live by accident'
      ])
    })

    test('single', () => {
      expect(environmentsOf(parse({ operation: 'get-config-page', targetEnvironment: 'LIVE' }))).toEqual(['live'])
      expect(problems({ operation: 'get-config-page', targetEnvironment: 'sandbox,live' })).toEqual([
        'targetEnvironment takes a single environment for get-config-page, got "sandbox,live"'
      ])
      expect(problems({ operation: 'get-config-page', targetEnvironment: 'all' })).toEqual([
        notAnEnv('all', false, ALL_SINGLE)
      ])
    })
  })

  describe.each([
    ['upsert-schema', { schemaPath: 'schema.json' }],
    ['update-variables', { variablesPath: 'vars.json' }]
  ])('%s', (operation, paths) => {
    const run = (targetEnvironment: string): Config => parse({ operation, targetEnvironment, ...paths })

    test('is required', () => {
      expect(problems({ operation, ...paths })).toEqual([
        `targetEnvironment is required for ${operation}: name the config page environment (sandbox, pre-release, live, a comma-separated list, or all) so nothing writes to live by accident`
      ])
    })

    test('single', () => {
      expect(environmentsOf(run('pre-release'))).toEqual(['pre-release'])
    })

    test('all, any case', () => {
      expect(environmentsOf(run('all'))).toEqual(['sandbox', 'pre-release', 'live'])
      expect(environmentsOf(run(' ALL '))).toEqual(['sandbox', 'pre-release', 'live'])
    })

    test('a comma list is deduplicated and put in pipeline order', () => {
      expect(environmentsOf(run('live, sandbox,LIVE ,sandbox'))).toEqual(['sandbox', 'live'])
      expect(environmentsOf(run('live,pre-release,sandbox'))).toEqual(['sandbox', 'pre-release', 'live'])
    })

    test('each unknown name is reported', () => {
      expect(problems({ operation, targetEnvironment: 'sandbox,prod,staging', ...paths })).toEqual([
        notAnEnv('prod', true, 'did you mean "live" (PolyAI calls production live)?'),
        notAnEnv('staging', true, 'did you mean "pre-release" (the stage between sandbox and live)?')
      ])
    })

    test('all inside a list is not a name', () => {
      expect(problems({ operation, targetEnvironment: 'live,all', ...paths })).toEqual([
        notAnEnv('all', true, 'all stands alone, not in a list.')
      ])
    })
  })

  describe('rollback', () => {
    const NEEDS =
      'rollback needs deploymentId (the deployment whose version to restore) or targetEnvironment (to roll back there to the previous version)'

    test('needs deploymentId or targetEnvironment', () => {
      expect(problems({ operation: 'rollback' })).toEqual([NEEDS])
    })

    test('deploymentId alone is enough', () => {
      const config = parse({ operation: 'rollback', deploymentId: 'dep-1' })
      expect(config).toHaveProperty('deploymentId', 'dep-1')
      expect(config).not.toHaveProperty('targetEnvironment')
    })

    test('targetEnvironment alone is enough', () => {
      expect(environmentsOf(parse({ operation: 'rollback', targetEnvironment: 'live' }))).toEqual(['live'])
    })

    test('takes a single environment', () => {
      expect(problems({ operation: 'rollback', targetEnvironment: 'live,sandbox' })).toEqual([
        'targetEnvironment takes a single environment for rollback, got "live,sandbox"'
      ])
    })
  })

  test('read operations take at most one environment, and those that use none are given none', () => {
    expect(parse({ operation: 'list-config-pages', targetEnvironment: 'live' })).not.toHaveProperty('targetEnvironment')
    expect(problems({ operation: 'get-active-deployments', targetEnvironment: 'live,sandbox' })).toEqual([
      'targetEnvironment takes a single environment for get-active-deployments, got "live,sandbox"'
    ])
  })

  test('without a valid operation the message still reads', () => {
    expect(problems({ operation: 'nope', targetEnvironment: 'live,sandbox' })).toEqual([
      `operation "nope" is unknown: use one of ${OPS}`,
      'targetEnvironment takes a single environment for this operation, got "live,sandbox"'
    ])
  })
})

describe('pull-config, prComment and failOnBreaking', () => {
  test('pull-config reads every environment by default, or the ones named', () => {
    expect(environmentsOf(parse({ operation: 'pull-config' }))).toEqual(['sandbox', 'pre-release', 'live'])
    expect(environmentsOf(parse({ operation: 'pull-config', targetEnvironment: 'live, sandbox' }))).toEqual([
      'sandbox',
      'live'
    ])
    expect(environmentsOf(parse({ operation: 'pull-config', targetEnvironment: 'all' }))).toEqual([
      'sandbox',
      'pre-release',
      'live'
    ])
    expect(problems({ operation: 'pull-config', targetEnvironment: 'qa' })[0]).toContain(
      'a comma-separated list of them, or all'
    )
  })

  test('prComment needs githubToken; booleans are strict', () => {
    expect(problems({ operation: 'publish', prComment: 'true' })).toEqual([
      'prComment needs githubToken: pass `githubToken: ${{ github.token }}` and give the job `permissions: pull-requests: write`'
    ])
    expect(parse({ operation: 'publish', prComment: 'true', githubToken: 'ghs_x' }).prComment).toBe(true)
    expect(problems({ operation: 'publish', prComment: 'on', failOnBreaking: '1' })).toEqual([
      'failOnBreaking must be true or false, got "1"',
      'prComment must be true or false, got "on"'
    ])
  })
})

describe('booleans', () => {
  /** An operation that uses each input. */
  const USER: Record<string, Record<string, string>> = {
    dryRun: { operation: 'publish' },
    force: { operation: 'promote' },
    waitForTestRuns: { operation: 'publish' },
    maskValues: { operation: 'update-variables', targetEnvironment: 'sandbox', variablesPath: 'v.json' }
  }

  test.each(['dryRun', 'force', 'waitForTestRuns', 'maskValues'] as const)(
    '%s is strict and echoes the bad value',
    (name) => {
      expect(parse({ ...USER[name], [name]: ' TRUE ' })).toHaveProperty(name, true)
      expect(parse({ ...USER[name], [name]: 'False' })).toHaveProperty(name, false)
      expect(parse({ ...USER[name], [name]: '' })).toHaveProperty(name, false)
      expect(parse({ operation: 'list-config-pages', [name]: 'true' })).not.toHaveProperty(name)
      for (const bad of ['yes', '1', 'on', 'truee']) {
        expect(problems({ operation: 'list-config-pages', [name]: bad })).toEqual([
          `${name} must be true or false, got "${bad}"`
        ])
      }
    }
  )
})

describe('timeouts', () => {
  test('with waitForTestRuns and no timeoutSeconds, the step budget covers the deploy and the whole wait', () => {
    expect(parse({ operation: 'promote', waitForTestRuns: 'true' }).timeoutSeconds).toBe(300 + 900)
    expect(parse({ operation: 'promote', waitForTestRuns: 'true', testRunTimeoutSeconds: '60' }).timeoutSeconds).toBe(
      360
    )
    expect(
      parse({ operation: 'promote', waitForTestRuns: 'true', testRunTimeoutSeconds: '21600' }).timeoutSeconds
    ).toBe(21600)
    expect(parse({ operation: 'promote', waitForTestRuns: 'true', timeoutSeconds: '1200' }).timeoutSeconds).toBe(1200)
  })

  test.each([
    ['timeoutSeconds', 300],
    ['testRunTimeoutSeconds', 900]
  ] as const)('%s defaults to %i and accepts 1..21600', (name, fallback) => {
    expect(parse({ operation: 'publish' })).toHaveProperty(name, fallback)
    expect(parse({ operation: 'publish', [name]: '1' })).toHaveProperty(name, 1)
    expect(parse({ operation: 'publish', [name]: ' 21600 ' })).toHaveProperty(name, 21600)
  })

  test.each(['0', '21601', '-5', '1.5', '1e3', 'abc', '99999999999999999999999'])('refuses %s', (value) => {
    expect(problems({ operation: 'list-config-pages', timeoutSeconds: value, testRunTimeoutSeconds: value })).toEqual([
      `timeoutSeconds must be a whole number of seconds from 1 to 21600, got "${value}"`,
      `testRunTimeoutSeconds must be a whole number of seconds from 1 to 21600, got "${value}"`
    ])
  })
})

describe('file paths and message', () => {
  test('schemaPath is required for upsert-schema', () => {
    expect(problems({ operation: 'upsert-schema', targetEnvironment: 'sandbox' })).toEqual([
      'schemaPath is required for upsert-schema: the path of the JSON Schema file (or CLI config folder) in the repository'
    ])
  })

  test('variablesPath is required for update-variables', () => {
    expect(problems({ operation: 'update-variables', targetEnvironment: 'sandbox' })).toEqual([
      'variablesPath is required for update-variables: the path of a JSON object file of values (or CLI config folder) in the repository'
    ])
  })

  test('paths are kept (trimmed) and not required elsewhere', () => {
    const config = parse({ operation: 'upsert-schema', targetEnvironment: 'live', schemaPath: ' cfg/schema.json ' })
    expect(config).toHaveProperty('schemaPath', 'cfg/schema.json')
    expect(config).not.toHaveProperty('variablesPath')
    expect(parse({ operation: 'publish' })).not.toHaveProperty('schemaPath')
  })

  test('deploymentMessage of at most 1000 characters', () => {
    expect(parse({ operation: 'publish', deploymentMessage: 'm'.repeat(1000) })).toHaveProperty(
      'deploymentMessage',
      'm'.repeat(1000)
    )
    expect(problems({ operation: 'publish', deploymentMessage: 'm'.repeat(1001) })).toEqual([
      'deploymentMessage is 1001 characters long: keep it to 1000'
    ])
  })
})

describe('InputError', () => {
  test('collects every problem in one error, in input order', () => {
    const error = inputError(() =>
      parseInputs(
        reader({
          operation: 'upsert-schema',
          region: 'mars',
          agentId: '../x',
          deploymentId: 'a b',
          targetEnvironment: 'prod',
          deploymentMessage: 'm'.repeat(1001),
          dryRun: 'yes',
          force: 'no',
          waitForTestRuns: '1',
          maskValues: 'y',
          timeoutSeconds: '0',
          testRunTimeoutSeconds: 'later'
        }),
        {}
      )
    )
    const expected = [
      "apiKey is empty: if you passed `apiKey: ${{ secrets.POLYAI_API_KEY }}`, that secret is not set for this repository or the job's environment (Settings → Secrets and variables → Actions), or is not available to this run (pull requests from forks and Dependabot get none); otherwise pass `apiKey: ${{ secrets.POLYAI_API_KEY }}` or set POLYAI_API_KEY",
      'region "mars" is unknown: use one of us, eu, uk, studio, dev (or set baseUrl)',
      `agentId "../x" is not a valid id: use only letters, digits, '.', '_' and '-' (at most 128), as shown in PolyAI Studio or by the get-active-deployments operation`,
      `deploymentId "a b" is not a valid id: use only letters, digits, '.', '_' and '-' (at most 128), as shown in PolyAI Studio or by the get-active-deployments operation`,
      'targetEnvironment "prod" is not an environment: did you mean "live" (PolyAI calls production live)? Use sandbox, pre-release, live, a comma-separated list of them, or all',
      'deploymentMessage is 1001 characters long: keep it to 1000',
      'schemaPath is required for upsert-schema: the path of the JSON Schema file (or CLI config folder) in the repository',
      'dryRun must be true or false, got "yes"',
      'force must be true or false, got "no"',
      'waitForTestRuns must be true or false, got "1"',
      'maskValues must be true or false, got "y"',
      'timeoutSeconds must be a whole number of seconds from 1 to 21600, got "0"',
      'testRunTimeoutSeconds must be a whole number of seconds from 1 to 21600, got "later"'
    ]
    expect(error.problems).toEqual(expected)
    expect(error.name).toBe('InputError')
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toBe(`Invalid inputs (13):\n${expected.map((p) => `  - ${p}`).join('\n')}`)
  })

  test('one problem reads as a single line', () => {
    const error = inputError(() => parse({ operation: 'publish', dryRun: 'maybe' }))
    expect(error.message).toBe('Invalid input: dryRun must be true or false, got "maybe"')
  })

  test('the API key never appears in any message', () => {
    const hostile: Array<Record<string, string>> = [
      { operation: '', agentId: '', region: 'x' },
      { operation: 'promote', targetEnvironment: 'sandbox', baseUrl: 'http://evil.example' },
      { operation: 'update-variables', dryRun: 'nope', timeoutSeconds: '-1', deploymentId: '..' },
      { operation: 'rollback', baseUrl: 'https://u:p@h', deploymentMessage: 'x'.repeat(2000) },
      { operation: 'get-config-page', targetEnvironment: 'a,b,c', agentId: 'a/b' }
    ]
    for (const values of hostile) {
      for (const env of [{}, { POLYAI_API_KEY: KEY }]) {
        const viaInput = inputError(() => parseInputs(reader({ apiKey: KEY, ...values }), env))
        const viaEnv = inputError(() => parseInputs(reader(values), { POLYAI_API_KEY: KEY }))
        for (const error of [viaInput, viaEnv]) {
          expect(error.problems.length).toBeGreaterThan(0)
          expect(error.message).not.toContain(KEY)
          expect(error.problems.join('\n')).not.toContain(KEY)
        }
      }
    }
  })
})

describe('list-deployments and sync-config inputs', () => {
  test('list-deployments needs one environment; limit is 1 to 100, 10 when not given, and only kept for it', () => {
    expect(parse({ operation: 'list-deployments', targetEnvironment: 'live', limit: '25' })).toMatchObject({
      targetEnvironment: 'live',
      limit: 25
    })
    expect(parse({ operation: 'list-deployments', targetEnvironment: 'live' })).toHaveProperty('limit', 10)
    expect(parse({ operation: 'get-active-deployments', limit: '25' })).not.toHaveProperty('limit')
    expect(problems({ operation: 'list-deployments' })).toEqual([
      expect.stringContaining('targetEnvironment is required for list-deployments: name the environment')
    ])
    expect(problems({ operation: 'list-deployments', targetEnvironment: 'all' })[0]).toContain('is not an environment')
    for (const bad of ['0', '101', '1.5', 'ten']) {
      expect(problems({ operation: 'list-deployments', targetEnvironment: 'live', limit: bad })).toEqual([
        `limit must be a whole number from 1 to 100 (the number of deployments list-deployments shows), got "${bad}"`
      ])
    }
  })

  test('sync-config needs both paths and an environment list', () => {
    expect(
      environmentsOf(
        parse({ operation: 'sync-config', targetEnvironment: 'all', schemaPath: 's.json', variablesPath: 'v.json' })
      )
    ).toEqual(['sandbox', 'pre-release', 'live'])
    expect(problems({ operation: 'sync-config' })).toEqual([
      expect.stringContaining('targetEnvironment is required for sync-config'),
      expect.stringContaining('schemaPath is required for sync-config'),
      expect.stringContaining('variablesPath is required for sync-config')
    ])
  })
})

describe('overwriteStudioEdits and sourceEnvironment', () => {
  const sync = { operation: 'sync-config', targetEnvironment: 'live' }
  test('a promotion needs no files, and refuses files, a bad name, or itself as a target', () => {
    expect(parse({ ...sync, sourceEnvironment: 'Pre-Release' })).toMatchObject({
      operation: 'sync-config',
      sourceEnvironment: 'pre-release',
      schemaPath: '',
      variablesPath: '',
      overwriteStudioEdits: false
    })
    expect(problems({ ...sync, sourceEnvironment: 'pre-release', schemaPath: 's.json' })).toEqual([
      "sourceEnvironment takes the schema and values from pre-release's page, so schemaPath and variablesPath must be left empty: give either sourceEnvironment (a config promotion) or the files"
    ])
    expect(problems({ ...sync, sourceEnvironment: 'staging' })[0]).toContain(
      'sourceEnvironment "staging" is not an environment'
    )
    expect(problems({ ...sync, targetEnvironment: 'pre-release,live', sourceEnvironment: 'live' })[0]).toContain(
      'sourceEnvironment live is also in targetEnvironment'
    )
    expect(problems(sync)).toEqual(
      expect.arrayContaining([expect.stringContaining('schemaPath is required for sync-config')])
    )
  })

  test('strict boolean; noted as ignored where it does not apply', () => {
    expect(problems({ ...sync, schemaPath: 's', variablesPath: 'v', overwriteStudioEdits: 'yes' })).toEqual([
      'overwriteStudioEdits must be true or false, got "yes"'
    ])
    expect(
      parse({ operation: 'list-config-pages', overwriteStudioEdits: 'true', sourceEnvironment: 'live' }).ignored
    ).toEqual([
      'overwriteStudioEdits applies only to upsert-schema, update-variables and sync-config; ignored for list-config-pages',
      'sourceEnvironment applies only to sync-config; ignored for list-config-pages'
    ])
  })
})
