/**
 * The README's inputs and outputs matrices say what the registry declares: a ✓ (or **req**) exactly where an
 * operation uses an input or may write an output, a column for every operation and a row for every input and
 * output action.yml declares (the inputs every operation reads are named in the text above the matrix instead).
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { COMMON_INPUTS } from '../../src/inputs/inputs.js'
import { OPERATIONS, REGISTRY, type Operation } from '../../src/operations/registry.js'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const ACTION = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as Record<
  'inputs' | 'outputs',
  Record<string, unknown>
>

/** The inputs the README names above the matrix, as every operation's (prComment and githubToken get rows). */
const EVERY_OPERATION = COMMON_INPUTS.filter((name) => name !== 'prComment' && name !== 'githubToken')
const EVERY_OPERATION_OUTPUTS = ['changed', 'commentUrl']

interface Matrix {
  operations: string[]
  rows: Map<string, string[]>
}

/** The Markdown table whose header starts with `| <first> | \`promote\``: its operation columns and its rows. */
function matrix(first: string): Matrix {
  const lines = README.split('\n')
  const start = lines.findIndex((line) => line.startsWith(`| ${first} | \`promote\``))
  expect(start).toBeGreaterThan(-1)
  const cells = (line: string): string[] =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim())
  const header = cells(lines[start] ?? '')
  const operations = header.filter((cell) => /^`[a-z-]+`$/.test(cell)).map((cell) => cell.slice(1, -1))
  const rows = new Map<string, string[]>()
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    const [name = '', ...rest] = cells(line)
    rows.set(name.replace(/`/g, ''), rest.slice(0, operations.length))
  }
  return { operations, rows }
}

/** What the inputs matrix should show for one input and operation: '**req**', '✓' or ''. */
function expectedInput(input: string, operation: Operation): string {
  const spec = REGISTRY[operation]
  if (input === 'prComment') return spec.prComment ? '✓' : ''
  if (input === 'githubToken') return spec.deploys || spec.prComment ? '✓' : ''
  const use = (spec.inputs as Record<string, unknown>)[input]
  if (use === undefined) return ''
  return typeof use === 'object' && use !== null && 'required' in use ? '**req**' : '✓'
}

/** What the outputs matrix should show: rollbackDeploymentId needs rollbackOnFailure, which rollback refuses. */
function expectedOutput(output: string, operation: Operation): string {
  const spec = REGISTRY[operation]
  if (!(spec.outputs as readonly string[]).includes(output)) return ''
  if (output === 'rollbackDeploymentId' && !('rollbackOnFailure' in spec.inputs)) return ''
  return '✓'
}

describe("the README's matrices", () => {
  test('inputs: a column per operation, a row per input, a mark exactly where the operation uses it', () => {
    const { operations, rows } = matrix('input')
    expect(operations).toEqual(OPERATIONS)
    const declared = Object.keys(ACTION.inputs).filter((name) => !(EVERY_OPERATION as readonly string[]).includes(name))
    expect([...rows.keys()].sort()).toEqual(declared.sort())
    for (const name of EVERY_OPERATION)
      expect(README).toMatch(new RegExp(`Every operation takes these:[^]*\`${name}\``))
    for (const [input, cells] of rows) {
      const expected = OPERATIONS.map((operation) => expectedInput(input, operation))
      expect({ input, cells }).toEqual({ input, cells: expected })
    }
  })

  test('outputs: a column per operation, a row per output, a mark exactly where the operation may write it', () => {
    const { operations, rows } = matrix('output')
    expect(operations).toEqual(OPERATIONS)
    const declared = Object.keys(ACTION.outputs).filter((name) => !EVERY_OPERATION_OUTPUTS.includes(name))
    expect([...rows.keys()].sort()).toEqual(declared.sort())
    for (const [output, cells] of rows) {
      const expected = OPERATIONS.map((operation) => expectedOutput(output, operation))
      expect({ output, cells }).toEqual({ output, cells: expected })
    }
  })
})
