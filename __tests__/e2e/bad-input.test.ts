/**
 * Bad inputs as the runner runs the step. Two cases through dist/index.js, for what only a real
 * process shows: a key with a line break is handed to the runner's masking (`::add-mask::`) before
 * anything else reaches the real stdout, and 100000-deep nesting ends with exit code 1, a clean
 * stderr (no stack trace, on Node 24's own stack) and one annotation as @actions/core prints it. The other two run in process with the same
 * assertions (the error line's title, file, line and column are rendered as @actions/core renders
 * them); the whole corpus runs in process in __tests__/integration/bad-input.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runDist, type ActionRun } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'

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

describe('bad inputs', () => {
  test('several problems (in process): one titled error listing them all, exit 1, a failure summary, nothing sent', async () => {
    const run = await runInProcess({
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

  test('through dist/index.js: a key (from POLYAI_API_KEY) with a line break inside is masked and refused without echoing it', async () => {
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

  test('a JSON syntax error (in process) is one annotation on the file, line and column', async () => {
    const run = await runInProcess({
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

  test('through dist/index.js: 100000-deep nesting is refused without a crash', async () => {
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
    // One annotation on the file, as @actions/core renders its properties.
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error title=Invalid JSON input,file=deep\.json,line=1,col=\d+::schemaPath: deep\.json nests deeper than 64 levels/
      )
    ])
  })
})
