/**
 * Inputs given to an operation that does not use them: one log line each, noted once at parse
 * time (step-config.ts keeps them in `ignored`; run() prints them), so a misplaced input is seen
 * rather than silently doing nothing.
 */
import { DEPLOYING_OPERATIONS, type Operation } from '../core/types.js'

/** Reads one input by name, trimmed or not. */
type Read = (name: string) => string

/**
 * Inputs only some operations use, which, and their default in action.yml: the runner sets every
 * input that has a default on every step, so only a value other than the default was given.
 */
const USED_BY: ReadonlyArray<[input: string, operations: readonly Operation[], actionDefault: string]> = [
  ['limit', ['list-deployments'], '10'],
  ['configPath', ['pull-config'], 'real_time_configuration'],
  ['bakeSeconds', DEPLOYING_OPERATIONS, '0'],
  ['rollbackOnFailure', ['promote', 'publish'], 'false'],
  ['alertsProjectId', DEPLOYING_OPERATIONS, '']
]

function list(operations: readonly Operation[]): string {
  return operations.length === 1 ? operations[0]! : `${operations.slice(0, -1).join(', ')} and ${operations.at(-1)}`
}

/** The log lines for inputs `operation` ignores. */
export function ignoredInputs(
  operation: Operation,
  read: Read,
  given: {
    waitForTestRuns: boolean
    githubToken: boolean
    prComment: boolean
    bake?: boolean
    rollbackOnFailure?: boolean
  }
): string[] {
  const lines: string[] = []
  const deploys = (DEPLOYING_OPERATIONS as readonly Operation[]).includes(operation)
  if (given.waitForTestRuns && !deploys) {
    lines.push(`waitForTestRuns applies only to ${list(DEPLOYING_OPERATIONS)}; ignored for ${operation}`)
  }
  // With prComment the token is for the comment: nothing to say.
  if (given.githubToken && !deploys && !given.prComment) {
    lines.push(`githubToken records deployments of ${list(DEPLOYING_OPERATIONS)} only; none for ${operation}`)
  }
  if (deploys && read('alertsProjectId').trim() !== '' && !given.bake) {
    lines.push('alertsProjectId applies only to a bake (bakeSeconds above 0); ignored')
  }
  if (deploys && given.rollbackOnFailure && !given.bake && !given.waitForTestRuns) {
    lines.push(
      'rollbackOnFailure acts on an unhealthy bake (bakeSeconds) or failing test runs (waitForTestRuns); neither is set, so it does nothing here'
    )
  }
  for (const [input, operations, actionDefault] of USED_BY) {
    const value = read(input).trim()
    if (value !== '' && value !== actionDefault && !operations.includes(operation))
      lines.push(`${input} applies only to ${list(operations)}; ignored for ${operation}`)
  }
  return lines
}
