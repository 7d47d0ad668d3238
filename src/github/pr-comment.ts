/** prComment: the step's plan or result as one pull request comment, found by its marker and edited in place. */
import { readFile } from 'node:fs/promises'
import { type Clock, type Deadline, withClockTimeout } from '../core/clock.js'
import { describeGithubError } from './deployment-record.js'
import { type TokenIdentity, tokenIdentity, writtenBy } from './comment-owner.js'
import { commentMarker, renderComment, type StepIdentity } from '../report/comment-render.js'
import type { Logger } from '../api/client.js'
import { type GithubRun, runUrl } from '../core/context.js'
import type { Report } from '../report/report.js'
import { redactDeep } from '../report/sanitize.js'

const REQUEST_TIMEOUT_MS = 15_000
const PER_PAGE = 100
/** How many pages of comments are searched for the step's own (10,000 comments). */
const MAX_COMMENT_PAGES = 100
const PR_EVENTS = new Set(['pull_request', 'pull_request_target'])

export interface CommentRequest {
  token: string
  step: StepIdentity
  report: Report
  /** The lead line, instead of the report's title. */
  title?: string
  /** Added to the lead line (e.g. "2 breaking changes"). */
  leadSuffix?: string
  /** Notes shown first, in the comment only. */
  leadNotes?: string[]
  github: GithubRun
  env: NodeJS.ProcessEnv
  /** The step's clock: each request's timeout runs on it. */
  clock: Clock
  /** No request starts with less than a second of it left, and none runs past it. */
  deadline: Deadline
  userAgent: string
  log: Logger
  /** Used when rendering the comment (the redactor). */
  redact: (text: string) => string
}

/** The pull request number of this run's event, or why there is none. */
export async function pullRequestNumber(env: NodeJS.ProcessEnv): Promise<{ number: number } | { skip: string }> {
  const event = env.GITHUB_EVENT_NAME ?? ''
  if (!PR_EVENTS.has(event))
    return { skip: `this run's event is ${event || 'unknown (GITHUB_EVENT_NAME is not set)'}, not pull_request` }
  let payload: unknown
  try {
    payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH ?? '', 'utf8'))
  } catch {
    return { skip: 'the event payload (GITHUB_EVENT_PATH) cannot be read' }
  }
  const p = payload as { pull_request?: { number?: unknown }; number?: unknown } | null
  const n = p?.pull_request?.number ?? p?.number
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0
    ? { number: n }
    : { skip: 'the event payload names no pull request number' }
}

interface CommentLike {
  id: number
  body?: string | null
  html_url: string
  user?: { login?: string; id?: number; type?: string } | null
}

/**
 * Posts or updates the step's comment (the caller checked that its operation comments); returns its URL, or
 * undefined (after a notice or warning) when there is none.
 */
export async function postPlanComment(req: CommentRequest): Promise<string | undefined> {
  const { log, github } = req
  const pr = await pullRequestNumber(req.env)
  if ('skip' in pr) {
    log.notice(`prComment is ignored: ${pr.skip}`)
    return undefined
  }
  const warn = (why: string): undefined => {
    log.warning(`Could not write the pull request comment (the step itself is not affected): ${why}`)
    req.report.notes.push(`Not posted as a pull request comment: ${why}`)
    return undefined
  }
  const [owner, repo, ...rest] = (github.repository ?? '').split('/')
  if (!owner || !repo || rest.length > 0)
    return warn('GITHUB_REPOSITORY is not set: is this running in GitHub Actions?')
  // Each request with its own time limit on the step's clock, only while a second is left, and never past the deadline.
  const SPENT = "the step's time budget (timeoutSeconds) is spent"
  const timed = <T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const ms = Math.min(REQUEST_TIMEOUT_MS, req.deadline.remainingMs())
    return ms < 1000 ? Promise.reject(new Spent()) : withClockTimeout(req.clock, ms, call)
  }
  if (req.deadline.remainingMs() < 1000) return warn(SPENT)

  const marker = commentMarker(req.step)
  const run = runUrl(github)
  const footer =
    `PolyAI deploy action · ${req.step.operation} · ` +
    `${github.sha ? `commit ${github.sha.slice(0, 7)}` : 'this run'}${run ? ` · ${run}` : ''} · ` +
    `edited in place on every run`
  const report = {
    ...req.report,
    title: (req.title ?? req.report.title) + (req.leadSuffix ? ` — ${req.leadSuffix}` : ''),
    notes: [...(req.leadNotes ?? []), ...req.report.notes]
  }
  // Redacted before escaping (an escaped secret no longer matches) and after, as the summary is.
  const body = req.redact(renderComment(redactDeep(report, req.redact), req.step, footer))
  try {
    // Kept lazy (evaluated at start-up it takes a read operation to 1.5× the minimal script); eager = no chunk.
    const { getOctokit } = await import(/* webpackMode: "eager" */ '@actions/github')
    const octokit = getOctokit(req.token, {
      baseUrl: github.apiUrl,
      userAgent: req.userAgent,
      log: { debug: log.debug, info: log.debug, warn: log.debug, error: log.debug }
    })
    // Anyone can write the marker: a comment is the step's own only when this token's account wrote it.
    let me: Promise<TokenIdentity | { unknown: string }> | undefined
    const ours = async (c: CommentLike): Promise<boolean> => {
      me ??= tokenIdentity({
        viewer: () =>
          timed((signal) => octokit.graphql('query { viewer { login databaseId } }', { request: { signal } })),
        user: () => timed((signal) => octokit.rest.users.getAuthenticated({ request: { signal } })).then((a) => a.data)
      })
      const identity = await me
      const author = c.user?.login ?? 'an unknown account'
      if ('unknown' in identity) {
        log.info(
          `Comment ${c.id} by ${author} carries this step's marker, but which account this token acts ` +
            `as cannot be told (${identity.unknown}): left alone, and a new comment is written`
        )
        return false
      }
      if (writtenBy(c.user, identity)) return true
      log.info(
        `Comment ${c.id}: a comment by ${author} carries this step's marker but was not written by ` +
          `this token's account (${identity.login}): left alone`
      )
      return false
    }
    let found: CommentLike | undefined
    // Page by page, each request with its own time limit: octokit's paginate drops the abort
    // signal, so a GitHub that never answered would hold the step until the job's timeout.
    search: for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const answer = await timed((signal) =>
        octokit.rest.issues.listComments({
          owner,
          repo,
          issue_number: pr.number,
          per_page: PER_PAGE,
          page,
          request: { signal }
        })
      )
      const comments = answer.data as CommentLike[]
      for (const c of comments) {
        if ((c.body ?? '').startsWith(marker) && (await ours(c))) {
          found = c
          break search
        }
      }
      // GitHub says when there is more (a server may page by fewer than asked).
      if (!/rel="next"/.test(String(answer.headers.link ?? ''))) break
    }
    const answer = found
      ? await timed((signal) =>
          octokit.rest.issues.updateComment({ owner, repo, comment_id: found.id, body, request: { signal } })
        )
      : await timed((signal) =>
          octokit.rest.issues.createComment({ owner, repo, issue_number: pr.number, body, request: { signal } })
        )
    const url = (answer.data as Partial<CommentLike>).html_url
    log.info(`${found ? 'Updated' : 'Posted'} the plan comment on pull request #${pr.number}${url ? `: ${url}` : ''}`)
    return typeof url === 'string' ? url : undefined
  } catch (error) {
    return warn(error instanceof Spent ? SPENT : describeCommentError(error))
  }
}

/** No time left for the next request. */
class Spent extends Error {}

/** One line for a refused comment, with the fix: a comment needs pull-requests: write, which a fork's token never has. */
export function describeCommentError(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status
  const answered = typeof status === 'number' && (error as { response?: unknown }).response !== undefined
  if (!answered || (status !== 403 && status !== 404)) return describeGithubError(error)
  const message = error instanceof Error ? error.message : String(error)
  return (
    `HTTP ${status}: ${message}. Hint: give the job \`permissions: pull-requests: write\` and ` +
    `pass githubToken: \${{ github.token }}; on pull requests from forks the token is ` +
    `read-only, so no comment can be written there`
  )
}
