/**
 * File inputs in process (for coverage): read only inside the workspace, at most 1 MiB, nesting
 * bounded, syntax errors annotated on the file; the CLI folder layout; nothing sent on a problem.
 */
import { describe, expect, test } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { makeWorkspace } from '../../dev/run-action.js'
import { lineAndColumn, nestingDepth, parseJsonObject } from '../../src/core/files.js'
import { runInProcess } from '../helpers/in-process.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const base = (): Record<string, string> => actionInputs(sim)
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { greeting: { type: 'string' } }
}

describe('accepted', () => {
  test('a folder in PolyAI CLI layout: each environment its own file (BOM tolerated)', async () => {
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox,live', schemaPath: 'agent' },
      files: {
        'agent/real_time_configuration/draft_and_sandbox/schema.json': `\ufeff${JSON.stringify({ ...schema, title: 'sb' })}`,
        'agent/real_time_configuration/live/schema.json': JSON.stringify({ ...schema, title: 'live' })
      }
    })
    expect(run.code).toBe(0)
    expect(sim.state.configPages.sandbox.schema).toMatchObject({ title: 'sb' })
    expect(sim.state.configPages.live.schema).toMatchObject({ title: 'live' })
    expect(JSON.parse(run.outputs.changedEnvironments!)).toEqual(['sandbox', 'live'])
  })

  test('a symlink that stays inside the workspace', async () => {
    const workspace = await makeWorkspace({ 'config/values.json': JSON.stringify({ greeting: 'Hey' }) })
    await fs.symlink(path.join(workspace, 'config', 'values.json'), path.join(workspace, 'link.json'))
    const run = await runInProcess({
      inputs: { ...base(), operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'link.json' },
      workspace
    })
    expect(run.code).toBe(0)
    expect(sim.state.configPages.live.variables).toMatchObject({ greeting: 'Hey' })
  })
})

describe('refused before anything is sent', () => {
  const refused = async (files: Record<string, string>, schemaPath: string, workspace?: string) => {
    const run = await runInProcess({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath },
      ...(workspace ? { workspace } : { files })
    })
    expect(run.code).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(run.summary).toContain('Nothing was changed.')
    return run.stdout.split('\n').filter((l) => l.startsWith('::error'))
  }

  test('a syntax error: one annotation with file, line and column', async () => {
    const errors = await refused({ 's.json': '{\n  "a": 1,\n  "b": tru\n}' }, 's.json')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBe(
      "::error title=Invalid JSON input,file=s.json,line=3,col=8::schemaPath: s.json is not valid JSON (line 3, column 8): expected a value (a string, number, object, array, true, false or null), found 't'"
    )
  })

  test('nesting deeper than 64 levels, located', async () => {
    const errors = await refused({ 'deep.json': `{"a":${'['.repeat(70)}${']'.repeat(70)}}` }, 'deep.json')
    expect(errors[0]).toContain('schemaPath: deep.json nests deeper than 64 levels (line 1, column 69); flatten it')
  })

  test('more than 1 MiB', async () => {
    const errors = await refused({ 'big.json': `{"a":"${'x'.repeat(1024 * 1024)}"}` }, 'big.json')
    expect(errors[0]).toContain('schemaPath: big.json is 1048584 bytes; the limit is 1048576 (1 MiB)')
  })

  test('a symlink out of the workspace', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-out-'))
    await fs.writeFile(path.join(outside, 'x.json'), '{}')
    const workspace = await makeWorkspace()
    await fs.symlink(path.join(outside, 'x.json'), path.join(workspace, 'x.json'))
    const errors = await refused({}, 'x.json', workspace)
    expect(errors[0]).toContain('schemaPath "x.json" is a link that leads outside the workspace')
  })

  test('not a regular file', async () => {
    const errors = await refused({ 'dir/real_time_configuration/draft_and_sandbox/schema.json/.keep': '' }, 'dir')
    expect(errors[0]).toContain(
      'schemaPath: dir/real_time_configuration/draft_and_sandbox/schema.json is not a regular file'
    )
  })

  test.each([
    ['"just a string"', 'not a string'],
    ['null', 'not null'],
    ['42', 'not a number']
  ])('%s is not an object', async (text, what) => {
    const errors = await refused({ 's.json': text }, 's.json')
    expect(errors[0]).toContain(`must contain a JSON object ({...}), ${what}`)
  })

  test('path problems join the other input problems in one list', async () => {
    const run = await runInProcess({
      inputs: {
        ...base(),
        operation: 'update-variables',
        targetEnvironment: 'mars',
        variablesPath: '../../x.json',
        schemaPath: '../y.json'
      }
    })
    expect(run.code).toBe(1)
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error'))!
    expect(error).toContain('Invalid inputs (2):')
    expect(error).toContain('variablesPath \\"../../x.json\\"'.replace(/\\"/g, '"'))
    // schemaPath is not an input of update-variables: not checked.
    expect(error).not.toContain('schemaPath')
    expect(sim.requests).toHaveLength(0)
  })
})

describe('helpers', () => {
  test('lineAndColumn and nestingDepth ignore brackets inside strings', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
    expect(nestingDepth('{"a":"[[[[\\"]]"}')).toEqual({ depth: 1, offset: 0 })
  })
  test('parseJsonObject reports the end of a truncated text', () => {
    expect(() => parseJsonObject('{"a": [1, 2', 'f.json', 'schemaPath')).toThrow(
      /schemaPath: f\.json is not valid JSON \(line 1, column 1[12]\)/
    )
  })
})

test('a workspace that does not exist is an input problem naming the fix, not an unexpected error', async () => {
  const run = await runInProcess({
    inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json' },
    workspace: '/nonexistent/polyai-workspace'
  })
  expect(run.code).toBe(1)
  expect(run.stdout).toContain(
    'the workspace "/nonexistent/polyai-workspace" (GITHUB_WORKSPACE) does not exist: check out the repository first'
  )
  expect(run.stdout).not.toContain('Unexpected error')
  expect(sim.requests).toHaveLength(0)
})
