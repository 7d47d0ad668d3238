import { StepError } from '../core/errors.js'

/** The one place request paths are built: the client sends them, dry-run plans and config logs show them. */

/**
 * One path segment from an id. A URL parser resolves `.` and `..` (which encodeURIComponent leaves as they are), so
 * `/deployments/../promote` would be sent as `/promote`: an id the server gave is never allowed to
 * move a request to another endpoint. Such an id is refused before anything is sent.
 */
export function segment(id: string): string {
  // encodeURIComponent escapes `%`, so only the literal dot segments can reach the parser as such.
  if (id === '.' || id === '..') {
    throw new StepError(
      `The id "${id}" cannot be sent in a request path (a URL resolves it as a folder step); ` +
        `nothing was sent. Check the answers of the PolyAI API.`
    )
  }
  return encodeURIComponent(id)
}

/** `/v1/agents/{agentId}{suffix}`, as the client sends it. */
export function agentPath(agentId: string, suffix: string): string {
  return `/v1/agents/${segment(agentId)}${suffix}`
}

/** Path suffixes below the agent, one per endpoint. */
export const PATHS = {
  active: '/deployments/active',
  deployments: '/deployments',
  publish: '/deployments/publish',
  promote: (deploymentId: string) => `/deployments/${segment(deploymentId)}/promote`,
  rollback: (deploymentId: string) => `/deployments/${segment(deploymentId)}/rollback`,
  configPages: '/real-time-configs',
  configPage: (env: string) => `/real-time-configs/${env}`,
  schema: (env: string) => `/real-time-configs/${env}/schema`,
  variables: (env: string) => `/real-time-configs/${env}/variables`,
  testRun: (testRunId: string) => `/testing/test-runs/${segment(testRunId)}`
} as const
