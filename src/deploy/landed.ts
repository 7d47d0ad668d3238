/**
 * The tail promote, rollback and publish share once the API answered: check the answer against the
 * request, read whether the environment changed underneath the step, and build the result.
 */
import type { OperationContext } from '../core/context.js'
import { type Deployment, type DeploymentMutation, type Environment, knownEnvironment } from '../core/types.js'
import type { OperationResult } from '../report/report.js'
import { type Asked, applyAnswerCheck, checkAnswer } from './answers.js'
import { deploymentResult } from './deployment-result.js'
import { reportReplaced } from './replaced.js'

export interface Landing {
  mutation: DeploymentMutation
  /** What was asked (the agent comes from the config). */
  asked: Omit<Asked, 'agentId'>
  verb: string // "Promoted", "Rolled back", "Published"
  /** The log line once the answer checks out, given the environment it landed in. */
  done: (environment: string, made: Deployment) => string
  /** The source deployment, when the step reports where it came from. */
  from?: Deployment | null
  /** Where the deployment landed, when the step knows better than the answer's environment. */
  landedIn?: Environment
  /** What it replaced when the history after the step cannot tell, given where it landed. */
  previous: (landedIn: Environment | undefined) => Deployment | null | undefined
  message: string
  /** Ids listed in the environment before the request (rollback): entries between ours and the one read as active never ran after it. */
  listedBefore?: ReadonlySet<string>
}

/** The result of a deploying request the API answered (see the module comment). */
export async function landedResult(ctx: OperationContext, landing: Landing): Promise<OperationResult> {
  const { config, log } = ctx
  const made = landing.mutation.deployment
  const check = checkAnswer(made, { ...landing.asked, agentId: config.agentId })
  const landed = !check.failure && !check.unchanged
  if (landed) log.info(landing.done(check.environment, made))
  const landedIn = landing.landedIn ?? knownEnvironment(check.environment)
  const { notes, replaced } = await reportReplaced(
    ctx,
    landing.asked.before,
    made,
    landed ? landedIn : undefined,
    landing.mutation.history,
    landing.listedBefore
  )
  const result = deploymentResult({
    notes,
    verb: landing.verb,
    outcome: check.unchanged ? 'unchanged' : 'succeeded',
    agentId: config.agentId,
    ...(landing.from !== undefined ? { from: landing.from } : {}),
    deployment: made,
    environment: check.environment,
    previous: replaced !== undefined ? replaced : landing.previous(landedIn),
    testRunIds: landing.mutation.testRunIds,
    testRunsUnknown: landing.mutation.testRunsUnknown,
    message: landing.message,
    changed: !check.unchanged
  })
  return applyAnswerCheck(result, check, log)
}
