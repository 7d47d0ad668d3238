/** Which deployments this step made: told only by the mark appended to the stored message (docs/architecture.md). */
import { randomBytes } from 'node:crypto'
import type { DeployingOperation, Deployment } from '../core/types.js'
import type { GithubRun } from '../core/context.js'

/**
 * What a mark names: a deploying operation, or `auto-rollback`, the rollback a promote, publish or
 * rollback step makes on its own after a failed bake or failing test runs (deploy/auto-rollback.ts):
 * its own word, so neither a re-run of that step nor an explicit rollback step takes it for theirs.
 */
export type MarkedOperation = DeployingOperation | 'auto-rollback'

export interface StepMark {
  operation: MarkedOperation
  runId?: string
  attempt?: number
  /** Random, per step: two steps of one job (or of a matrix) never share a mark. */
  id: string
  /** As appended to the message. */
  text: string
}

const MARK = /\[(publish|promote|rollback|auto-rollback)(?: run (\d+)\.(\d+))? id ([0-9a-f]{8})\]$/

/** This step's mark. */
export function stepMark(operation: MarkedOperation, run: GithubRun, id = randomBytes(4).toString('hex')): StepMark {
  const attempt = Number(run.runAttempt ?? '1')
  const withRun = run.runId !== undefined && /^\d+$/.test(run.runId) && Number.isInteger(attempt) && attempt > 0
  const text = `[${operation}${withRun ? ` run ${run.runId}.${attempt}` : ''} id ${id}]`
  return { operation, id, text, ...(withRun ? { runId: run.runId, attempt } : {}) }
}

/** The message to send: the given one (if any) with the mark appended. */
export function markedMessage(message: string | undefined, mark: StepMark): string {
  return message ? `${message} ${mark.text}` : mark.text
}

/** The deployment_message the API stored, if any. */
export function storedMessage(d: Deployment): string | undefined {
  const m = d.metadata?.deployment_message
  return typeof m === 'string' && m !== '' ? m : undefined
}

/** The message as a user wrote it (without any mark), for summaries. */
export function withoutMark(message: string): string {
  return message.replace(MARK, '').trimEnd()
}

/** True when `d` carries exactly this step's mark. */
export function carriesMark(d: Deployment, mark: StepMark): boolean {
  return storedMessage(d)?.endsWith(mark.text) === true
}

/** True when `d` was made by an earlier attempt of this workflow run doing the same operation. */
export function madeByEarlierAttempt(d: Deployment | null | undefined, mark: StepMark): boolean {
  if (!d || mark.runId === undefined || mark.attempt === undefined) return false
  const found = MARK.exec(storedMessage(d) ?? '')
  if (!found) return false
  const [, operation, runId, attempt] = found
  return operation === mark.operation && runId === mark.runId && Number(attempt) < mark.attempt
}

/** The operation named by the mark on `d`'s stored message, if it carries one. */
export function markedOperation(d: Deployment): MarkedOperation | undefined {
  return MARK.exec(storedMessage(d) ?? '')?.[1] as MarkedOperation | undefined
}
