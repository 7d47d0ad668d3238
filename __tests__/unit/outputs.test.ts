import { writeOutputs } from '../../src/outputs.js'
import type { Outputs } from '../../src/report.js'
import type { Deployment } from '../../src/types.js'

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

  test('values with newlines and delimiter-like text pass through untouched for setOutput to encode', () => {
    const tricky = 'v1\nother=forged\n<<EOF\nx\nEOF'
    expect(record({ changed: true, version: tricky, configPage: { clientEnv: 'live', note: tricky } })).toEqual([
      ['changed', 'true'],
      ['version', tricky],
      ['configPage', JSON.stringify({ clientEnv: 'live', note: tricky })]
    ])
    // the JSON form keeps the structured value on one line
    expect(JSON.stringify({ note: tricky })).not.toContain('\n')
  })
})
