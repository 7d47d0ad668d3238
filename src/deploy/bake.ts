/**
 * The bake: watch PolyAI's alerts after a deploy to live and decide, strictly, whether it is healthy
 * (docs/architecture.md).
 */
import {
  type ActiveAlert,
  type AlertList,
  type AlertRule,
  condition,
  counted,
  describeAlert,
  readServerTime,
  ruleScope,
  startedBefore
} from '../api/alerts.js'
import { ApiError } from '../api/errors.js'
import type { OperationContext } from '../core/context.js'
import { Deadline, formatSeconds } from '../core/clock.js'
import { StepError } from '../core/errors.js'
import type { Deployment } from '../core/types.js'
import type { CountedAlert } from '../report/report.js'
import { SHORTEST_RULE_WINDOW_SECONDS } from '../inputs/bake-inputs.js'

/** Polls are at most this far apart; a short bake polls more often, never more than every SHORT_POLL_MS. */
export const POLL_INTERVAL_MS = 15_000
export const SHORT_POLL_MS = 5_000
/** One poll (its retries included) may take this long: with the interval, a new alert is seen within 30 s. */
export const POLL_BUDGET_MS = 10_000
/** The rules (their states: is there data?) are read every this many polls, and at the last. */
const RULES_EVERY = 4
/** A log line at least this often. */
const LOG_EVERY_MS = 60_000
/** Alerts unread for longer than this at the end of the bake make it unknown. */
const MAX_BLIND_MS = 60_000
/** Kept free at the end of the step's budget for a rollback and its checks. */
export const ROLLBACK_RESERVE_MS = 60_000

export type Health = 'healthy' | 'unhealthy' | 'unknown'

/** What the bake watches, known before anything is sent. */
export interface BakePlan {
  seconds: number
  projectId: string
  /** Enabled rules of this agent, then account-wide ones. */
  watched: AlertRule[]
  /** Rules of other projects and disabled rules: not watched. */
  notWatched: number
  intervalMs: number
}

export interface BakeOutcome {
  health: Health
  /** Why, in one sentence (unhealthy: the alert; unknown: what was missing). */
  reason: string
  counted: CountedAlert[]
  /** Alerts firing since before the deployment: reported, not counted. */
  preexisting: CountedAlert[]
  polls: number
  failedPolls: number
  /** How long it watched. */
  watchedMs: number
}

type Ctx = Pick<OperationContext, 'client' | 'log' | 'clock' | 'deadline'>

/** One poll's budget: its messages name it, not the step's timeoutSeconds. */
class PollDeadline extends Deadline {
  override describe(): string {
    return `the bake poll's ${formatSeconds(this.budgetMs)} budget`
  }
}

/** The poll interval for a bake of `seconds`: an eighth of it, from SHORT_POLL_MS to POLL_INTERVAL_MS. */
export function pollInterval(seconds: number): number {
  return Math.min(POLL_INTERVAL_MS, Math.max(SHORT_POLL_MS, Math.round((seconds * 1000) / 8)))
}

/** "1 h 5 min", "4 min 10 s", "45 s". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min${s % 60 ? ` ${s % 60} s` : ''}`
}

/** Reads the rules before anything is sent; throws StepError when none can be watched. */
export async function prepareBake(ctx: Ctx, seconds: number, projectId: string, agentId: string): Promise<BakePlan> {
  const { log } = ctx
  let list: AlertList<AlertRule>
  try {
    list = await ctx.client.listAlertRules()
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    throw new StepError(`Cannot bake: the alert rules could not be read, so nothing was sent. ${error.message}`)
  }
  for (const s of list.skipped) log.warning(`An alert rule could not be read and is not watched: ${s.why}`)
  const scoped = list.entries.filter((r) => ruleScope(r.projectId, projectId) !== 'other')
  const watched = [
    ...scoped.filter((r) => r.enabled && r.projectId !== null),
    ...scoped.filter((r) => r.enabled && r.projectId === null)
  ]
  const project = projectId === agentId ? `agent ${agentId}` : `agent ${agentId} (alerts project ${projectId})`
  if (watched.length === 0) {
    const disabled = scoped.length ? ` (${scoped.length} of its rules are disabled)` : ''
    throw new StepError(
      `Cannot bake: ${project} has no enabled alert rules${disabled}, and ${list.entries.length} ` +
        `rule(s) of the account belong to other projects; without a rule a bake watches nothing. ` +
        `Nothing was sent. An account admin creates rules in PolyAI Studio or with the Alerts API ` +
        `(POST /v1/alert-rules); if this agent's rules use another project id, set alertsProjectId.`
    )
  }
  if (seconds < SHORTEST_RULE_WINDOW_SECONDS) {
    log.warning(
      `bakeSeconds is ${seconds}: shorter than the shortest alert window (5 min), so a rule may ` +
        `not have evaluated a single window of the new deployment's traffic when the bake ends`
    )
  }
  const accountWide = watched.filter((r) => r.projectId === null).length
  log.info(
    `Bake: will watch ${watched.length} alert rule(s) of ` +
      `${project}${accountWide ? ` (${accountWide} account-wide)` : ''} for ` +
      `${duration(seconds * 1000)} after the deploy: ` +
      `${watched.map((r) => `"${r.name}" (${condition(r)}, ${r.window || '?'})`).join('; ')}`
  )
  return {
    seconds,
    projectId,
    watched,
    notWatched: list.entries.length - watched.length,
    intervalMs: pollInterval(seconds)
  }
}

/** Watches the alerts after `deployment` was made; see the module comment. */
export async function runBake(ctx: Ctx, plan: BakePlan, deployment: Deployment): Promise<BakeOutcome> {
  const { clock, log, deadline } = ctx
  const started = clock.now()
  const planned = started + plan.seconds * 1000
  const end = Math.min(planned, clock.now() + deadline.remainingMs() - ROLLBACK_RESERVE_MS)
  const bounded = (): Ctx['client'] =>
    ctx.client.withDeadline(new PollDeadline(clock, Math.max(0, Math.min(POLL_BUDGET_MS, deadline.remainingMs()))))
  if (!readServerTime(deployment.createdAt)) {
    log.warning(
      `Deployment ${deployment.id} has no readable createdAt ` +
        `(${JSON.stringify(deployment.createdAt)}), so no alert can be shown to predate it: every ` +
        `alert of a watched rule counts`
    )
  }
  log.info(
    `Baking deployment ${deployment.id} in live for ${duration(plan.seconds * 1000)}: polling ` +
      `the alerts every ${formatSeconds(plan.intervalMs)}`
  )
  const preexisting = new Map<string, CountedAlert>()
  const state = { polls: 0, failed: 0, lastRead: undefined as number | undefined, lastError: '', withData: false }
  let doubt: string | undefined // an active alert that may be this agent's could not be read: never healthy
  const warned = { at: -Infinity, lastRead: null as number | undefined | null }
  const ruleStates = new Map<string, string>()
  let lastLog = started
  let rulesRead = 0

  const finish = (health: Health, reason: string, found: CountedAlert[] = []): BakeOutcome => ({
    health,
    reason,
    counted: found,
    preexisting: [...preexisting.values()],
    polls: state.polls,
    failedPolls: state.failed,
    watchedMs: clock.now() - started
  })

  for (;;) {
    const pollStart = clock.now()
    const last = pollStart >= end
    state.polls++
    const seen: Array<ActiveAlert | AlertRule> = []
    let readable = true
    try {
      const alerts = await bounded().listActiveAlerts()
      seen.push(...alerts.entries)
      const doubtful = alerts.skipped.filter(
        (s) => s.projectId === undefined || s.projectId === null || ruleScope(s.projectId, plan.projectId) !== 'other'
      )
      if (doubtful.length) {
        readable = false
        state.lastError = `an active alert that may be this agent's could not be read (${doubtful.map((s) => s.why).join('; ')})`
        doubt = `at ${duration(pollStart - started)} into the bake, ${state.lastError}`
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      readable = false
      state.lastError = error.message
    }
    // A warning when reading starts failing (a read succeeded since the last warning), then at most one a minute.
    if (!readable && (state.lastRead !== warned.lastRead || pollStart - warned.at >= LOG_EVERY_MS)) {
      warned.at = pollStart
      warned.lastRead = state.lastRead
      log.warning(`Bake poll ${state.polls}: the active alerts could not be read (polling on): ${state.lastError}`)
    }
    if (last || (state.polls - 1) % RULES_EVERY === 0) {
      try {
        const rules = await bounded().listAlertRules()
        rulesRead++
        for (const r of rules.entries) {
          if (ruleScope(r.projectId, plan.projectId) === 'other' || !r.enabled) continue
          ruleStates.set(r.id, r.state)
          if (r.state === 'ok' || r.state === 'alert') state.withData = true
          if (r.state === 'alert') seen.push(r)
        }
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        log.warning(`Bake poll ${state.polls}: could not read the alert rules' states: ${error.message}`)
      }
    }
    if (readable) state.lastRead = pollStart
    else state.failed++

    const found = new Map<string, CountedAlert>()
    for (const a of seen) {
      if (ruleScope(a.projectId, plan.projectId) === 'other') continue
      const alert = counted(a)
      if (startedBefore(alert.since, deployment.createdAt)) {
        if (!preexisting.has(alert.ruleId)) {
          preexisting.set(alert.ruleId, alert)
          log.warning(
            `Alert ${describeAlert(alert)} was already firing when deployment ${deployment.id} was made ` +
              `(${deployment.createdAt}): reported, not counted`
          )
        }
        continue
      }
      // The active alert's entry has the value; a rule in alert state is used when the alert list has none.
      if (!found.has(alert.ruleId) || 'ruleId' in a) found.set(alert.ruleId, alert)
    }
    if (found.size) {
      const alerts = [...found.values()]
      const into = duration(clock.now() - started)
      log.warning(
        `Bake: ${alerts.map(describeAlert).join('; ')} fired ${into} into the bake of deployment ${deployment.id}`
      )
      return finish(
        'unhealthy',
        `alert ${alerts.map(describeAlert).join('; ')} fired ${into} into the ` +
          `${duration(plan.seconds * 1000)} bake of deployment ${deployment.id}`,
        alerts
      )
    }
    const now = clock.now()
    if (last) break
    if (now - lastLog >= LOG_EVERY_MS) {
      lastLog = now
      const states = [...ruleStates.values()].reduce<Record<string, number>>(
        (n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }),
        {}
      )
      const summary = Object.entries(states)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ')
      log.info(
        `Bake: ${duration(now - started)} of ${duration(plan.seconds * 1000)}, ${state.polls} ` +
          `poll(s)${state.failed ? ` (${state.failed} unread)` : ''}, no new ` +
          `alert${summary ? `; rules: ${summary}` : ''}`
      )
    }
    await clock.sleep(Math.max(0, Math.min(pollStart + plan.intervalMs, end) - now))
  }

  const watchedMs = clock.now() - started
  if (state.lastRead === undefined) {
    return finish(
      'unknown',
      `the active alerts could not be read during the whole bake (${state.polls} poll(s); last error: ${state.lastError})`
    )
  }
  if (clock.now() - state.lastRead > MAX_BLIND_MS) {
    return finish(
      'unknown',
      `the active alerts could not be read for the last ${duration(clock.now() - state.lastRead)} ` +
        `of the bake (last error: ${state.lastError})`
    )
  }
  if (doubt) return finish('unknown', `something may have fired: ${doubt}`)
  if (end < planned) {
    return finish(
      'unknown',
      `the step's budget (timeoutSeconds) cut the bake to ${duration(watchedMs)} of ${duration(plan.seconds * 1000)}: raise timeoutSeconds`
    )
  }
  if (!state.withData) {
    return finish(
      'unknown',
      rulesRead === 0
        ? "the alert rules' states could not be read during the bake, so whether they had data cannot be told"
        : `every watched rule was without data ` +
            `(${[...new Set(ruleStates.values())].join(', ') || 'no state'}) throughout the bake: no ` +
            `calls in their windows gives no data, not health`
    )
  }
  return finish('healthy', `no new alert in ${duration(watchedMs)} (${state.polls} polls)`)
}
