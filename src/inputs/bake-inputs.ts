/**
 * The bake inputs (bakeSeconds, rollbackOnFailure, alertsProjectId): checked with the rest, their budget share and
 * notes.
 */
import type { Environment } from '../core/types.js'
import type { InputUses } from '../operations/operation.js'

/** What a step must keep besides the bake (and the test-run wait) for the deploy, a rollback and their checks. */
export const BAKE_RESERVE_SECONDS = 120
/** The shortest window an alert rule can have (5m): a shorter bake may end before a rule could fire. */
export const SHORTEST_RULE_WINDOW_SECONDS = 300
const MAX_BAKE_SECONDS = 6 * 60 * 60
const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/

export interface BakeInputs {
  bakeSeconds: number
  rollbackOnFailure: boolean
  alertsProjectId: string
}

interface Context {
  /** The operation's declaration (name, inputs), when the operation is known. */
  spec?: { name: string; inputs: InputUses; deploys: boolean } | undefined
  /** targetEnvironment as parsed (one environment for a deploying operation). */
  targetEnvironment: readonly Environment[]
  agentId: string
  /** A strict boolean input (problems pushed by the caller's reader). */
  readFlag: (name: string, fallback: boolean) => boolean
  quote: (value: string) => string
}

/** Reads the three inputs; problems are pushed, never thrown. */
export function readBakeInputs(read: (name: string) => string, ctx: Context, problems: string[]): BakeInputs {
  const { spec: operation, quote } = ctx
  const raw = read('bakeSeconds').trim()
  let bakeSeconds = 0
  if (raw !== '') {
    if (!/^\d+$/.test(raw) || Number(raw) > MAX_BAKE_SECONDS) {
      problems.push(
        `bakeSeconds must be a whole number of seconds from 0 (no bake) to ${MAX_BAKE_SECONDS}, got ${quote(raw)}`
      )
    } else bakeSeconds = Number(raw)
  }
  const target = ctx.targetEnvironment[0]
  if (bakeSeconds > 0 && operation?.inputs.bakeSeconds && target !== 'live') {
    problems.push(
      `bakeSeconds watches PolyAI's alerts, which speak for live traffic only: set ` +
        `targetEnvironment: live for this ${operation.name}${target ? ` (it is ${target})` : ''}, ` +
        `or leave bakeSeconds at 0`
    )
  }
  const rollbackOnFailure = ctx.readFlag('rollbackOnFailure', false)
  if (rollbackOnFailure && operation?.deploys && !operation.inputs.rollbackOnFailure) {
    problems.push(
      `rollbackOnFailure cannot be used on a ${operation.name} step (it would roll back the ` +
        `${operation.name}): leave it false, and bake the ${operation.name} with bakeSeconds if you ` +
        `want it watched`
    )
  }
  const alertsProjectId = read('alertsProjectId').trim()
  if (
    alertsProjectId !== '' &&
    (alertsProjectId === '.' || alertsProjectId === '..' || !ID_PATTERN.test(alertsProjectId))
  ) {
    problems.push(
      `alertsProjectId ${quote(alertsProjectId)} is not a valid id: use the project_id PolyAI's ` +
        `Alerts API gives this agent's rules (letters, digits, '.', '_' and '-')`
    )
  }
  return { bakeSeconds, rollbackOnFailure, alertsProjectId: alertsProjectId || ctx.agentId }
}

/**
 * The problem (none or one) when a bake (with the test-run wait before it) does not fit the step's
 * budget, leaving BAKE_RESERVE_SECONDS for the deploy, the rollback and their checks.
 */
export function bakeFitProblem(
  bakeSeconds: number,
  testRunSeconds: number,
  timeoutSeconds: number,
  given: boolean
): string[] {
  if (bakeSeconds === 0) return []
  const needed = bakeSeconds + testRunSeconds + BAKE_RESERVE_SECONDS
  if (needed <= timeoutSeconds) return []
  const tests = testRunSeconds ? ` + testRunTimeoutSeconds (${testRunSeconds})` : ''
  return [
    given
      ? `timeoutSeconds (${timeoutSeconds}) cannot hold the bake: bakeSeconds ` +
        `(${bakeSeconds})${tests} + ${BAKE_RESERVE_SECONDS} s for the deploy, a rollback and their ` +
        `checks need ${needed}: raise timeoutSeconds or leave it empty (it then defaults to ` +
        `300${tests ? ' + testRunTimeoutSeconds' : ''} + bakeSeconds)`
      : `bakeSeconds (${bakeSeconds})${tests} does not fit the longest step budget ` +
        `(${timeoutSeconds} s) with ${BAKE_RESERVE_SECONDS} s for the deploy, a rollback and their ` +
        `checks: shorten the bake`
  ]
}

/** Log lines for bake inputs that were given but do nothing for a deploying step. */
export function idleBakeInputs(
  read: (name: string) => string,
  operation: { inputs: InputUses },
  values: BakeInputs & { waitForTestRuns: boolean }
): string[] {
  const lines: string[] = []
  const bakes = operation.inputs.bakeSeconds !== undefined && values.bakeSeconds > 0
  if (operation.inputs.alertsProjectId && read('alertsProjectId').trim() !== '' && !bakes) {
    lines.push('alertsProjectId applies only to a bake (bakeSeconds above 0); ignored')
  }
  if (operation.inputs.rollbackOnFailure && values.rollbackOnFailure && !bakes && !values.waitForTestRuns) {
    lines.push(
      'rollbackOnFailure acts on an unhealthy bake (bakeSeconds) or failing test runs ' +
        '(waitForTestRuns); neither is set, so it does nothing here'
    )
  }
  return lines
}
