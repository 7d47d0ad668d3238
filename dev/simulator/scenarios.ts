/**
 * Start-up worlds for rehearsing the README's workflows locally (`--seed staged`), and the admin
 * calls (`/_sim/...`, no API key) that change the world of a running simulator: make test runs
 * fail, give the draft new changes, deploy a version "from Studio". Dev-only.
 */
import { ApiError } from './errors.js'
import type { HandlerResult } from './http.js'
import { isPlainObject } from './schema.js'
import { alertsAdmin } from './alerts.js'
import { ENVIRONMENTS, isEnvironment, SEED_SCHEMA, SEED_VARIABLES, type SimState, type TestRunPlan } from './state.js'

const HOUR = 3600_000
const OUTCOMES: ReadonlyArray<TestRunPlan['outcome']> = ['passed', 'failed', 'error', 'never']

/** The staged world's config schema: the seed schema, closed to keys it does not list. */
export const STAGED_SCHEMA: Readonly<Record<string, unknown>> = Object.freeze({
  ...SEED_SCHEMA,
  additionalProperties: false
})

/**
 * Each environment one build ahead of the next, with history: live ran v1 then v2 (active v2),
 * pre-release v1, v2, v3 (active v3), sandbox v1…v4 (active v4), and the draft has changes. So a
 * promote to live plans v3 over v2, a promote to pre-release plans v4 over v3, a rollback of live
 * restores v1, and publish makes v5. Every config page holds SEED_VARIABLES under STAGED_SCHEMA
 * (closed: a new required key cannot simply be added, see examples/config).
 */
export function seedStaged(state: SimState): void {
  const start = state.now() - 48 * HOUR
  const versions = [1, 2, 3, 4].map(() => state.mintVersion())
  const messages = ['First build', 'Second build', 'Third build', 'Fourth build']
  const depth = { live: 2, 'pre-release': 3, sandbox: 4 } as const
  let at = start
  versions.forEach((version, i) => {
    for (const env of ['sandbox', 'pre-release', 'live'] as const) {
      if (i >= depth[env]) continue
      state.addDeployment(
        env,
        version,
        { deployment_message: messages[i] ?? '', deployment_type: env === 'sandbox' ? 'publish' : 'promote' },
        (at += HOUR)
      )
    }
  })
  state.editDraft()
  for (const env of ENVIRONMENTS) {
    state.setSchema(env, STAGED_SCHEMA)
    state.patchVariables(env, { ...SEED_VARIABLES })
  }
}

/** A test-run outcome, or a 400 naming the choices. */
export function parseOutcome(value: unknown): TestRunPlan['outcome'] {
  if (typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value))
    return value as TestRunPlan['outcome']
  throw new ApiError(400, 'SIM_BAD_REQUEST', `outcome must be one of ${OUTCOMES.join(', ')}`)
}

function nonNegative(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  throw new ApiError(400, 'SIM_BAD_REQUEST', `${name} must be a non-negative integer`)
}

/** What GET /_sim/state shows: the active version per environment and the test-run plan. */
function overview(state: SimState): unknown {
  return {
    active: Object.fromEntries(ENVIRONMENTS.map((env) => [env, state.active(env)?.version ?? null])),
    draftHasChanges: state.draft.hasChanges,
    testRunPlan: state.testRunPlan
  }
}

/**
 * The admin calls:
 *   GET  /_sim/state                                  active versions, draft, test-run plan
 *   POST /_sim/test-runs   {"outcome": "failed", "pollsUntilDone": 0}   test runs of later promotes
 *   POST /_sim/draft                                  the draft has changes again (publish works)
 *   POST /_sim/deployments {"environment": "live", "version"?: "…", "message"?: "…"}   a deployment made in Studio
 *   /_sim/alerts, /_sim/alert-rules                   script the Alerts API (alerts.ts)
 */
export function admin(state: SimState, method: string, path: string, body: unknown): HandlerResult {
  const input = body === undefined ? {} : body
  if (!isPlainObject(input)) throw new ApiError(400, 'SIM_BAD_REQUEST', 'body must be a JSON object')
  const alerts = alertsAdmin(state.alerts, method, path, input)
  if (alerts) return alerts
  if (method === 'GET' && path === '/_sim/state') return { status: 200, body: overview(state) }
  if (method === 'POST' && path === '/_sim/test-runs') {
    state.testRunPlan = {
      outcome: parseOutcome(input.outcome),
      pollsUntilDone:
        input.pollsUntilDone === undefined
          ? state.testRunPlan.pollsUntilDone
          : nonNegative(input.pollsUntilDone, 'pollsUntilDone')
    }
    return { status: 200, body: overview(state) }
  }
  if (method === 'POST' && path === '/_sim/draft') {
    state.editDraft()
    return { status: 200, body: overview(state) }
  }
  if (method === 'POST' && path === '/_sim/deployments') {
    if (!isEnvironment(input.environment))
      throw new ApiError(400, 'SIM_BAD_REQUEST', `environment must be one of ${ENVIRONMENTS.join(', ')}`)
    if (input.version !== undefined && typeof input.version !== 'string')
      throw new ApiError(400, 'SIM_BAD_REQUEST', 'version must be a string')
    const message = typeof input.message === 'string' ? input.message : 'Deployed in Studio'
    const made = state.addDeployment(input.environment, input.version, {
      deployment_message: message,
      deployment_type: 'promote'
    })
    return { status: 201, body: { deployment: made } }
  }
  throw new ApiError(404, 'NOT_FOUND', `No admin call ${method} ${path}: see dev/simulator/scenarios.ts`)
}
