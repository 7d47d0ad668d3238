import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { ACTION_DEFAULTS, COMMON_INPUTS } from '../../src/inputs/inputs.js'
import { OPERATION_SPECS, OPERATIONS, REGISTRY } from '../../src/operations/registry.js'
import { OUTPUT_FORMS } from '../../src/report/outputs.js'

interface Entry {
  description: string
  default?: string
}

const ACTION = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as Record<
  'inputs' | 'outputs',
  Record<string, Entry>
>

/** The entries of one section of action.yml (inputs or outputs): name → description and default. */
function section(name: 'inputs' | 'outputs'): Map<string, Entry> {
  return new Map(Object.entries(ACTION[name]))
}

const COMMON_OUTPUTS = ['changed', 'commentUrl']

describe('action.yml against the registry', () => {
  const inputs = section('inputs')
  const outputs = section('outputs')

  test('reads action.yml', () => {
    expect(inputs.size).toBeGreaterThan(10)
    expect(outputs.size).toBeGreaterThan(10)
    expect(inputs.get('limit')).toEqual(expect.objectContaining({ default: '10' }))
  })

  test('every input is common or used by some operation, and every one declared is in action.yml', () => {
    const declared = new Set<string>([...COMMON_INPUTS, ...OPERATION_SPECS.flatMap((spec) => Object.keys(spec.inputs))])
    expect([...inputs.keys()].filter((name) => !declared.has(name))).toEqual([])
    expect([...declared].filter((name) => !inputs.has(name))).toEqual([])
  })

  test('every input and output is described', () => {
    for (const [name, entry] of [...inputs, ...outputs])
      expect([name, entry.description.length > 20]).toEqual([name, true])
  })

  test("the defaults the parser assumes are action.yml's", () => {
    const defaults = Object.fromEntries(
      [...inputs].flatMap(([name, entry]) => (entry.default === undefined ? [] : [[name, entry.default]]))
    )
    expect(defaults).toEqual(ACTION_DEFAULTS)
  })

  test('the operation input names every operation', () => {
    const description = inputs.get('operation')?.description ?? ''
    for (const name of OPERATIONS) expect([name, description.includes(name)]).toEqual([name, true])
  })

  test('every output is common or declared by some operation, and every one declared is in action.yml', () => {
    const declared = new Set([...COMMON_OUTPUTS, ...OPERATION_SPECS.flatMap((spec) => spec.outputs)])
    expect([...outputs.keys()].filter((name) => !declared.has(name))).toEqual([])
    expect([...declared].filter((name) => !outputs.has(name))).toEqual([])
    // And every output the writer knows is one of them.
    expect(Object.keys(OUTPUT_FORMS).sort()).toEqual([...outputs.keys()].sort())
  })
})

describe('the registry', () => {
  test('lists each operation under its own name', () => {
    for (const [name, spec] of Object.entries(REGISTRY)) expect(spec.name).toBe(name)
    expect(new Set(OPERATIONS).size).toBe(OPERATIONS.length)
  })

  test('deploying operations write the deployment outputs; the others none of them', () => {
    for (const spec of OPERATION_SPECS) {
      expect([spec.name, spec.outputs.includes('deploymentId')]).toEqual([spec.name, spec.deploys])
      expect([spec.name, spec.inputs.waitForTestRuns === true]).toEqual([spec.name, spec.deploys])
    }
  })
})
