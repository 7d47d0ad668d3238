/**
 * What promote, rollback and publish share: turning a deployment (made, skipped or planned) into
 * outputs and a report.
 */
import {
  type Environment,
  ENVIRONMENTS,
  type ActiveDeployments,
  type Deployment,
  knownEnvironment
} from '../core/types.js'
import { describeDeployment, newReport, type OperationResult, type Outcome, shortVersion } from '../report/report.js'
import type { OperationContext } from '../core/context.js'
import { storedMessage } from './ownership.js'

/** Why a deployment made by an earlier attempt of this run has no test run ids. */
export const EARLIER_ATTEMPT =
  'it was made by an earlier attempt of this workflow run, whose test run ids this attempt cannot know'

export interface DeploymentReportInput {
  verb: string // "Promoted", "Rolled back", "Published"
  outcome: Outcome
  agentId: string
  from?: Deployment | null
  /** The deployment the step produced (or found already in place). */
  deployment: Deployment
  previous: Deployment | null | undefined
  testRunIds: string[]
  message: string | undefined
  changed: boolean
  notes?: string[]
  /** Why the deployment's test runs cannot be known (see OperationResult.testRunsUnknown). */
  testRunsUnknown?: string | undefined
  /** The environment to report when it is not the deployment's own text (see answers.ts checkAnswer()). */
  environment?: string | undefined
}

/** Outputs and report for a deployment that exists (made now or already in place). */
export function deploymentResult(input: DeploymentReportInput): OperationResult {
  const { deployment: d, previous } = input
  const environment = input.environment ?? d.environment
  // The report (and so the pull request comment) names only the three stages, never the API's text:
  // an environment it does not know is in the environment output and the warning that quotes it.
  const named = knownEnvironment(environment)
  const from = input.from ? (knownEnvironment(input.from.environment) ?? 'an unknown environment') : undefined
  const report = newReport(
    `${input.verb} agent ${input.agentId} in ${named ?? 'an environment the action does not know'}`,
    input.outcome
  )
  report.facts.push(['Agent', input.agentId])
  const shown = named ?? 'unknown (the API named one the action does not know: see the warning)'
  report.facts.push(['Environment', from && from !== named ? `${from} → ${shown}` : shown])
  report.facts.push(['Deployment', d.id])
  report.facts.push([
    'Version',
    previous && previous.version !== d.version
      ? `${shortVersion(previous.version)} → ${shortVersion(d.version)}`
      : shortVersion(d.version)
  ])
  report.facts.push(['Previously active', describeDeployment(previous)])
  report.facts.push(['Message', input.message ?? storedMessage(d) ?? '—'])
  report.facts.push(['Test runs', input.testRunIds.length ? input.testRunIds.join(', ') : 'none'])
  report.notes.push(...(input.notes ?? []))
  const outputs: OperationResult['outputs'] = {
    changed: input.changed,
    deploymentId: d.id,
    testRunIds: input.testRunIds,
    environment,
    version: d.version,
    deployment: d
  }
  if (previous) outputs.previousDeploymentId = previous.id
  if (input.testRunsUnknown) {
    report.notes.push(`Test runs unknown: ${input.testRunsUnknown}.`)
    return { outputs, report, testRunsUnknown: input.testRunsUnknown }
  }
  return { outputs, report }
}

/**
 * The result of a deployment step that changed nothing because `active` already is what it would
 * make (same version, already published, made by an earlier attempt): a notice, changed=false.
 */
export function skippedResult(
  ctx: OperationContext,
  verb: string,
  active: Deployment,
  note: string,
  from?: Deployment | null,
  testRunsUnknown?: string,
  /** Where `active` is active (the active map's key), when its own environment text may differ. */
  environment?: Environment
): OperationResult {
  ctx.log.notice(note)
  return deploymentResult({
    testRunsUnknown,
    environment,
    verb,
    outcome: 'unchanged',
    agentId: ctx.config.agentId,
    ...(from !== undefined ? { from } : {}),
    deployment: active,
    previous: active,
    testRunIds: [],
    message: undefined,
    changed: false,
    notes: [note]
  })
}

export interface PlanInput {
  title: string
  agentId: string
  method: string
  path: string
  body: Record<string, unknown>
  /** Active deployment per environment before, and what would be active after. */
  before: Partial<ActiveDeployments>
  after: Partial<Record<Environment, string>>
  previous: Deployment | null | undefined
  source?: Deployment | undefined
  notes?: string[]
}

/** The dry-run result: the exact request that would be sent, and before/after per environment. */
export function planResult(ctx: OperationContext, input: PlanInput): OperationResult {
  const report = newReport(input.title, 'dry run')
  report.notes.push('Dry run: nothing was sent that changes state.', ...(input.notes ?? []))
  report.facts.push(['Agent', input.agentId])
  report.facts.push(['Request', `${input.method} ${input.path}`])
  if (input.source) report.facts.push(['Source', describeDeployment(input.source)])
  report.tables.push({
    caption: 'Before and after',
    headers: ['Environment', 'Active now', 'After this step'],
    rows: ENVIRONMENTS.filter((e) => e in input.before || e in input.after).map((env) => [
      env,
      describeDeployment(input.before[env]),
      input.after[env] ?? 'unchanged'
    ])
  })
  report.blocks.push({ caption: 'Request body', language: 'json', text: JSON.stringify(input.body, null, 2) })
  ctx.log.info(`Dry run: would send ${input.method} ${input.path} ${JSON.stringify(input.body)}`)
  const outputs: OperationResult['outputs'] = { changed: false, testRunIds: [] }
  if (input.previous) outputs.previousDeploymentId = input.previous.id
  // The environment the request would change, when known before sending it.
  const [target, ...more] = Object.keys(input.after) as Environment[]
  if (target && more.length === 0) outputs.environment = target
  return { outputs, report }
}
