/** Inputs given to an operation that does not use them: one log line each, so a misplaced input is seen. */
import type { OperationInput } from '../operations/operation.js'
import { type Operation, OPERATION_SPECS, REGISTRY } from '../operations/registry.js'

/** Reads one input by name, trimmed or not. */
type Read = (name: string) => string
type Spec = (typeof OPERATION_SPECS)[number]

/** The inputs an operation may use, in action.yml's order (a Record: a new input does not compile until it is here). */
const ORDER: Record<OperationInput, true> = {
  deploymentId: true,
  targetEnvironment: true,
  deploymentMessage: true,
  schemaPath: true,
  variablesPath: true,
  dryRun: true,
  force: true,
  maskValues: true,
  limit: true,
  failOnBreaking: true,
  overwriteStudioEdits: true,
  sourceEnvironment: true,
  configPath: true,
  waitForTestRuns: true,
  testRunTimeoutSeconds: true,
  bakeSeconds: true,
  rollbackOnFailure: true,
  alertsProjectId: true
}
const OPERATION_INPUTS = Object.keys(ORDER) as OperationInput[]

/** The inputs noted when ignored: each with the operations that use it and its line. */
const NOTED: ReadonlyArray<{
  input: OperationInput | 'githubToken'
  uses: (spec: Spec) => boolean
  line: (users: string, operation: Operation) => string
}> = [
  ...OPERATION_INPUTS.map((input) => ({
    input,
    uses: (spec: Spec) => spec.inputs[input] !== undefined,
    line: (users: string, operation: Operation) => `${input} applies only to ${users}; ignored for ${operation}`
  })),
  {
    input: 'githubToken',
    uses: (spec) => spec.deploys,
    line: (users, operation) => `githubToken records deployments of ${users} only; none for ${operation}`
  }
]

function list(operations: readonly string[]): string {
  return operations.length === 1 ? operations[0]! : `${operations.slice(0, -1).join(', ')} and ${operations.at(-1)}`
}

/**
 * Whether an input was given: the runner sets every input that has a default in action.yml on every
 * step, so only a value other than the default was (a boolean: true).
 */
function given(value: string, actionDefault: string | undefined): boolean {
  if (value === '') return false
  return actionDefault === 'false' ? /^true$/i.test(value) : value !== actionDefault
}

/** The log lines for inputs `operation` ignores (`defaults`: action.yml's). */
export function ignoredInputs(
  operation: Operation,
  read: Read,
  defaults: Partial<Record<string, string>>,
  prComment: boolean
): string[] {
  const spec = REGISTRY[operation]
  const lines: string[] = []
  const isGiven = (input: string): boolean => given(read(input).trim(), defaults[input])
  for (const { input, uses, line } of NOTED) {
    if (!isGiven(input) || uses(spec)) continue
    // With prComment the token is for the comment: nothing to say.
    if (input === 'githubToken' && prComment) continue
    lines.push(line(list(OPERATION_SPECS.filter(uses).map((s) => s.name)), operation))
  }
  // Used by the operation, but only while it waits for test runs.
  if (spec.inputs.testRunTimeoutSeconds && isGiven('testRunTimeoutSeconds') && !isGiven('waitForTestRuns'))
    lines.push(`testRunTimeoutSeconds applies only with waitForTestRuns: true; ignored for ${operation}`)
  return lines
}
