/**
 * Answers that contradict the request are never a silent success: filtered, warned about, or failed naming both
 * sides.
 */
import type { Logger } from '../api/client.js'
import { skippedEntries } from '../api/parse.js'
import type { OperationResult } from '../report/report.js'
import { StepError } from '../core/errors.js'
import {
  type ActiveDeployments,
  type Deployment,
  type Environment,
  ENVIRONMENTS,
  knownEnvironment
} from '../core/types.js'

/** `sandbox ×2, "string" ×1`: how many entries named each environment. */
function tally(entries: readonly Deployment[]): string {
  const counts = new Map<string, number>()
  for (const d of entries) counts.set(d.environment, (counts.get(d.environment) ?? 0) + 1)
  return [...counts].map(([env, n]) => `${knownEnvironment(env) ?? JSON.stringify(env)} ×${n}`).join(', ')
}

/**
 * The entries of a `?environment=env` list that are env's, newest first. Entries of another
 * environment (or one the action does not know) and entries that could not be read are left out,
 * each kind named in a warning: a rollback of live must never pick a sandbox deployment.
 */
export function entriesOf(list: readonly Deployment[], env: Environment, log: Logger): Deployment[] {
  const own = list.filter((d) => d.environment === env)
  const others = list.filter((d) => d.environment !== env)
  if (others.length) {
    log.warning(
      `The API listed ${others.length} deployment(s) of other environments (${tally(others)}) when asked for ${env}'s; they were left out`
    )
  }
  const skipped = skippedEntries(list)
  if (skipped.length) {
    log.warning(
      `The API listed ${skipped.length} ${env} entr${skipped.length === 1 ? 'y' : 'ies'} that ` +
        `could not be read; left out: ${skipped.join('; ')}`
    )
  }
  return own
}

/** The first two entries whose server timestamps (createdAt) contradict the list's newest-first order. */
export function outOfOrder(list: readonly Deployment[]): [Deployment, Deployment] | undefined {
  let newer: { d: Deployment; at: number } | undefined
  for (const d of list) {
    const at = Date.parse(d.createdAt)
    if (Number.isNaN(at)) continue
    if (newer && at > newer.at) return [newer.d, d]
    newer = { d, at }
  }
  return undefined
}

/**
 * What runs in env, as the active map says (read every time: a history's first entry is only the
 * newest deployment, not necessarily the running one; null when the map names none). The history
 * is read as newest first for what came before the active one; when its own timestamps say
 * otherwise, the step goes on only when its first entry is the active one (the server's clock may
 * have stepped back); otherwise what is older than what cannot be told, and the step stops before
 * it sends anything (`what`: "roll back live").
 */
export async function activeOf(
  history: readonly Deployment[],
  env: Environment,
  reads: { getActiveDeployments(): Promise<ActiveDeployments> },
  what: string,
  log: Logger
): Promise<Deployment | null> {
  const map = await reads.getActiveDeployments()
  warnActiveContradictions(map, log)
  const active = map[env] ?? null
  if (active && history.length && !history.some((d) => d.id === active.id)) {
    log.warning(
      `The active ${env} deployment ${active.id} (version ${active.version}) is not among the ` +
        `${history.length} listed; what is older than it is told by the timestamps`
    )
  }
  const pair = outOfOrder(history)
  if (!pair) return active
  const [first, later] = pair
  const order = `${first.id} (created ${first.createdAt}) is listed before ${later.id} (created ${later.createdAt})`
  if (active && active.id === history[0]?.id) {
    log.warning(
      `The API's ${env} list is not in the order of its own timestamps (${order}), but its first ` +
        `entry is the active deployment; going by the list's order`
    )
    return active
  }
  throw new StepError(
    `Cannot ${what}: the API's ${env} deployments are not listed newest first (${order}) and ` +
      `the list's first entry ${history[0]?.id ?? '(none)'} is not the active deployment ` +
      `(${active ? active.id : 'none'}), so which deployments came before the active one cannot ` +
      `be told. Nothing was sent; check the agent's deployments in PolyAI Studio.`
  )
}

/**
 * Entries of the active map whose own `environment` names another of the three stages than the key
 * they are listed under. The step goes by the key (the API's answer to "what is active where");
 * each contradiction is a warning naming both sides.
 */
export function activeContradictions(active: ActiveDeployments): string[] {
  return ENVIRONMENTS.flatMap((env) => {
    const d = active[env]
    const named = knownEnvironment(d?.environment)
    return d && named && named !== env
      ? [
          `The API lists deployment ${d.id} as active in ${env}, but its environment says ${named}; going by the list (${env})`
        ]
      : []
  })
}

/** Warns about every contradiction in the active map. */
export function warnActiveContradictions(active: ActiveDeployments, log: Logger): void {
  for (const w of activeContradictions(active)) log.warning(w)
}

/** What the step asked for: the environment it targets and the version it expects, when known. */
export interface Asked {
  /** "promote of dep-1", "rollback to dep-3", "publish". */
  what: string
  environment?: Environment | undefined
  version?: string | undefined
  /** The agent the request was for: an answer naming another agent is not this step's deployment. */
  agentId: string
  /** What was active before the request: every deploying call makes a NEW deployment, never one of these. */
  before: Partial<ActiveDeployments>
  /** This step's mark (ownership.ts): the deployment made for this request stores a message ending with it. */
  mark: string
}

export interface AnswerCheck {
  /** The environment to report: the one asked for when the answer names one the action does not know. */
  environment: string
  /** Set when the answer contradicts the request: the step must fail, naming both sides. */
  failure?: string
  /** Set when the answer is a deployment that was already active before the request: nothing new was made. */
  unchanged?: true
  warnings: string[]
}

/** Compares a mutation's answer with what was asked (see the module comment). */
export function checkAnswer(made: Deployment, asked: Asked): AnswerCheck {
  const warnings: string[] = []
  const failures: string[] = []
  const named = knownEnvironment(made.environment)
  let environment = made.environment
  if (asked.environment && named && named !== asked.environment) {
    failures.push(`the API answered the ${asked.what} to ${asked.environment} with deployment ${made.id} in ${named}`)
  } else if (!named) {
    const text =
      made.environment === ''
        ? 'no environment'
        : `environment ${JSON.stringify(made.environment)}, a name the action does not know`
    if (asked.environment) {
      environment = asked.environment
      warnings.push(
        `The API answered the ${asked.what} to ${asked.environment} with deployment ${made.id} in ` +
          `${text}; reporting it as ${asked.environment}, the environment asked for`
      )
    } else {
      warnings.push(
        `The API answered the ${asked.what} with deployment ${made.id} in ${text}; the environment output gives it as the API wrote it`
      )
    }
  }
  if (typeof made.agentId === 'string' && made.agentId !== '' && made.agentId !== asked.agentId) {
    failures.push(
      `the API answered the ${asked.what} of agent ${asked.agentId} with deployment ${made.id} of agent ${made.agentId}`
    )
  }
  if (asked.version && made.version !== asked.version) {
    if (made.version === '') {
      warnings.push(
        `The API answered the ${asked.what} with deployment ${made.id} without a version; the source's is ${asked.version}`
      )
    } else {
      failures.push(
        `the API answered the ${asked.what} (source version ${asked.version}) with deployment ${made.id} of version ${made.version}`
      )
    }
  }
  const stored = made.metadata?.deployment_message
  if (typeof stored === 'string' && stored !== '' && !stored.endsWith(asked.mark)) {
    // Not a contradiction the step can prove (PolyAI may store the message cut or rewritten), but never silent.
    warnings.push(
      `The API answered the ${asked.what} with deployment ${made.id}, whose stored message ` +
        `${JSON.stringify(stored.length > 80 ? `${stored.slice(0, 80)}…` : stored)} does not end ` +
        `with this step's mark ${asked.mark}: it may be someone else's deployment, or PolyAI stored ` +
        `the message altered`
    )
  }
  const already = ENVIRONMENTS.find((env) => asked.before[env]?.id === made.id)
  if (already) {
    warnings.push(
      `The API answered the ${asked.what} with deployment ${made.id}, the one already active in ` +
        `${already} before the request: nothing new was deployed, so the step reports no change`
    )
  }
  const unchanged = already ? ({ unchanged: true } as const) : {}
  if (!failures.length) return { environment, warnings, ...unchanged }
  return {
    environment,
    warnings,
    ...unchanged,
    failure:
      `The answer contradicts the request: ${failures.join('; ')}. It is reported as the API gave ` +
      `it, but this step cannot vouch for it: check the agent's deployments (operation ` +
      `get-active-deployments) before re-running.`
  }
}

/** Where a deployment is active, by the active map's key (undefined when it is active nowhere). */
export function findActive(
  active: ActiveDeployments,
  id: string | undefined
): { env: Environment; deployment: Deployment } | undefined {
  for (const env of ENVIRONMENTS) {
    const d = active[env]
    if (d && id !== undefined && d.id === id) return { env, deployment: d }
  }
  return undefined
}

/** Logs an answer check's warnings, notes them in the report, and fails the result on a contradiction. */
export function applyAnswerCheck(result: OperationResult, check: AnswerCheck, log: Logger): OperationResult {
  for (const w of check.warnings) log.warning(w)
  result.report.notes.push(...check.warnings.map((w) => `Warning: ${w}.`))
  if (check.failure) {
    result.report.outcome = 'failed'
    result.report.notes.push(check.failure)
    result.failure = result.failure ? `${result.failure}; ${check.failure}` : check.failure
  }
  return result
}
