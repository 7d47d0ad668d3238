/** The one place request paths are built: the client sends them, dry-run plans and config logs show them. */

/** `/v1/agents/{agentId}{suffix}`, as the client sends it. */
export function agentPath(agentId: string, suffix: string): string {
  return `/v1/agents/${encodeURIComponent(agentId)}${suffix}`
}

/** Path suffixes below the agent, one per endpoint. */
export const PATHS = {
  active: '/deployments/active',
  deployments: '/deployments',
  publish: '/deployments/publish',
  promote: (deploymentId: string) => `/deployments/${encodeURIComponent(deploymentId)}/promote`,
  rollback: (deploymentId: string) => `/deployments/${encodeURIComponent(deploymentId)}/rollback`,
  configPages: '/real-time-configs',
  configPage: (env: string) => `/real-time-configs/${env}`,
  schema: (env: string) => `/real-time-configs/${env}/schema`,
  variables: (env: string) => `/real-time-configs/${env}/variables`,
  testRun: (testRunId: string) => `/testing/test-runs/${encodeURIComponent(testRunId)}`
} as const
