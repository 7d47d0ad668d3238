/**
 * Bad inputs through the bundle, as the runner runs it: what only a real process shows (the exit
 * code, the runner's own command output, no stack trace on stderr, nothing sent). The whole corpus
 * runs in process: __tests__/integration/bad-input.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runDist, type ActionRun } from '../../dev/run-action.js'

let sim: Simulator
useSimulator((s) => (sim = s), undefined, 'file')

function expectRefused(run: ActionRun): void {
  expect(run.code).toBe(1)
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|TypeError|Unexpected error|RangeError/)
  expect(run.summary).toContain('❌')
  expect(run.outputText).toBe('')
  expect(sim.requests).toHaveLength(0)
}

const errorLines = (run: ActionRun): string[] => run.stdout.split('\n').filter((l) => l.startsWith('::error'))

describe('bad inputs through dist/index.js', () => {
  test('several problems: one titled error listing them all, exit 1, a failure summary, nothing sent', async () => {
    const run = await runDist({
      inputs: {
        ...actionInputs(sim),
        operation: 'upsert-schema',
        targetEnvironment: 'qa',
        schemaPath: '../../etc/passwd',
        dryRun: 'nah'
      }
    })
    expectRefused(run)
    const lines = errorLines(run)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^::error title=Invalid inputs::Invalid inputs \(3\):%0A {2}- /)
    expect(lines[0]).toContain('schemaPath "../../etc/passwd" is outside the workspace')
    expect(run.summary).toContain('nothing was sent to PolyAI')
  })

  test('a key (from POLYAI_API_KEY) with a line break inside is masked and refused without echoing it', async () => {
    const run = await runDist({
      inputs: { agentId: sim.agentId, baseUrl: sim.url, operation: 'publish' },
      env: { POLYAI_API_KEY: 'first-half-of-key\nsecond-half-of-key' }
    })
    expectRefused(run)
    expect(run.stdout.split('\n')[0]).toMatch(/^::add-mask::/)
    const shown =
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n') + run.summary
    expect(shown).not.toContain('half-of-key')
  })

  test('a JSON syntax error is one annotation on the file, line and column', async () => {
    const run = await runDist({
      inputs: {
        ...actionInputs(sim),
        operation: 'update-variables',
        targetEnvironment: 'live',
        variablesPath: 'data.json'
      },
      files: { 'data.json': '{\n  "greeting": "Hi"' }
    })
    expectRefused(run)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error title=Invalid JSON input,file=data\.json,line=2,col=\d+::variablesPath: data\.json is not valid JSON/
      )
    ])
  })

  test('100000-deep nesting is refused without a crash', async () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const run = await runDist({
      inputs: {
        ...actionInputs(sim),
        operation: 'upsert-schema',
        targetEnvironment: 'sandbox',
        schemaPath: 'deep.json'
      },
      files: { 'deep.json': deep }
    })
    expectRefused(run)
    expect(run.stderr).toBe('')
  })
})
