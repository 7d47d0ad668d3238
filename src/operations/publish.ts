/** publish: deploy the current draft; an already-published draft is reported with changed=false. */
import { ApiError } from '../api/errors.js'
import type { OperationResult } from '../report/report.js'
import type { Deployment, Environment } from '../core/types.js'
import type { CommonConfig, DeployConfig } from '../core/step-config.js'
import { warnActiveContradictions } from '../deploy/answers.js'
import { defaultDeploymentMessage, type OperationContext } from '../core/context.js'
import { landingOf, whoseDeployment } from '../deploy/replaced.js'
import { markedMessage, stepMark } from '../deploy/ownership.js'
import { agentPath, PATHS } from '../api/paths.js'
import { planResult, skippedResult } from '../deploy/deployment-result.js'
import { landedResult } from '../deploy/landed.js'
import { DEPLOYMENT_OUTPUTS, deployInputs, type OperationSpec } from './operation.js'

export type PublishConfig = { operation: 'publish'; targetEnvironment: Environment } & DeployConfig

export const publish: OperationSpec<PublishConfig> = {
  name: 'publish',
  inputs: {
    targetEnvironment: { default: ['sandbox'] },
    deploymentMessage: true,
    dryRun: true,
    waitForTestRuns: true,
    testRunTimeoutSeconds: true,
    bakeSeconds: true,
    rollbackOnFailure: true,
    alertsProjectId: true
  },
  deploys: true,
  prComment: true,
  outputs: DEPLOYMENT_OUTPUTS,
  config: (values) => ({
    operation: 'publish',
    ...deployInputs(values),
    targetEnvironment: values.targetEnvironment[0] ?? 'sandbox'
  }),
  run: publishStep
}

async function publishStep(ctx: OperationContext<CommonConfig & PublishConfig>): Promise<OperationResult> {
  const { config, client, log } = ctx
  const env = config.targetEnvironment
  const before = await client.getActiveDeployments()
  warnActiveContradictions(before, log)
  const previous = before[env]

  const mark = stepMark('publish', ctx.github)
  const deploymentMessage = markedMessage(config.deploymentMessage ?? defaultDeploymentMessage(ctx.github), mark)
  const body: { deploymentMessage: string; environment: Environment } = { deploymentMessage, environment: env }

  if (config.dryRun) {
    return planResult(ctx, {
      title: `Plan: publish the draft to ${env}`,
      agentId: config.agentId,
      method: 'POST',
      path: agentPath(config.agentId, PATHS.publish),
      body,
      before,
      after: { [env]: 'new deployment of the current draft' },
      previous
    })
  }

  try {
    const mutation = await client.publish(body, landingOf(before, [env], undefined, mark))
    return await landedResult(ctx, {
      mutation,
      asked: { what: 'publish', environment: env, before, mark: mark.text },
      verb: 'Published',
      done: (landed, made) => `Published to ${landed}: new deployment ${made.id} (version ${made.version})`,
      landedIn: env,
      previous: () => previous,
      message: deploymentMessage
    })
  } catch (error) {
    // Only "already published to sandbox" means the draft is in place: any other conflict, or a
    // publish to a later stage that the draft never reached, is a real failure.
    const alreadyPublished =
      error instanceof ApiError &&
      error.status === 409 &&
      (error.errorCode === undefined || error.errorCode === 'DEPLOYMENTS_ALREADY_PUBLISHED')
    if (alreadyPublished && env === 'sandbox') {
      // Someone may have published the draft since it was read: name what sandbox runs now.
      const now = (await activeNow(ctx, env)) ?? previous
      if (now) {
        const note = `The draft is already published (${error.errorCode ?? 'HTTP 409'}); ${env} keeps deployment ${now.id}.`
        const result = skippedResult(ctx, 'Publish skipped for', now, note, undefined, undefined, env)
        if (now.id !== previous?.id) {
          const changed =
            `${env} changed while this step ran: ${whoseDeployment(now)} published the draft, not ` +
            `${previous ? previous.id : 'nothing'} as read before the request.`
          log.warning(changed)
          result.report.notes.push(changed)
        }
        return result
      }
    }
    throw error
  }
}

/** The deployment active in env now (undefined when it cannot be read; the caller falls back). */
async function activeNow(ctx: OperationContext, env: Environment): Promise<Deployment | null | undefined> {
  try {
    return (await ctx.client.getActiveDeployments())[env]
  } catch (error) {
    ctx.log.warning(`Could not read what ${env} runs now: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
}
