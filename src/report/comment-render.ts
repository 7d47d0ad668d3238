/**
 * A step's Report as one pull request comment: marker, lead line, tables, under GitHub's size limit, mentions
 * defused.
 */
import type { Report, Table } from './report.js'
import { headOf } from './sanitize.js'
import { escapeMarkdown, fence } from './summary.js'

/** GitHub refuses a comment body longer than this. */
export const COMMENT_LIMIT = 65_536
/** Tables longer than this are collapsed. */
const COLLAPSE_ROWS = 5
/** Longest table cell, so one huge value cannot crowd out the rest. */
const MAX_CELL = 600

const ICONS = { succeeded: '✅', unchanged: '⏸️', 'dry run': '📝', failed: '❌' } as const

/**
 * What identifies a step's comment: agent, operation and environments, and the deployment a
 * promote or rollback names (two rollbacks of live to different deployments are two steps).
 */
export interface StepIdentity {
  agentId: string
  operation: string
  environments: readonly string[]
  deploymentId?: string
}

/**
 * The hidden first line of the step's comment. Ids and environments are validated inputs, so it
 * cannot hold `-->`. Without a deploymentId it is the marker earlier versions wrote, so their
 * comments are still found and edited.
 */
export function commentMarker(step: StepIdentity): string {
  const envs = step.environments.length ? step.environments.join(',') : 'default'
  const id = step.deploymentId ? ` deploymentId=${step.deploymentId}` : ''
  return `<!-- polyai-deploy-action agent=${step.agentId} operation=${step.operation} environments=${envs}${id} -->`
}

/** escapeMarkdown, plus a zero-width space after `@`, `#` and `GH-` so no one is mentioned and nothing is cross-referenced. */
export function escapeComment(value: string): string {
  const short = value.length > MAX_CELL ? `${headOf(value, MAX_CELL - 1)}…` : value
  return escapeMarkdown(short)
    .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, '$1\u200b')
    .replace(/\b(GH-)(?=\d)/giu, '$1\u200b')
}

function tableLines(table: Table, rows: string[][]): string {
  const lines = [
    `| ${table.headers.map(escapeComment).join(' | ')} |`,
    `| ${table.headers.map(() => '---').join(' | ')} |`
  ]
  for (const row of rows) lines.push(`| ${row.map((c) => escapeComment(c) || ' ').join(' | ')} |`)
  return lines.join('\n')
}

/** A table: captioned when short, a collapsed <details> when long; cut to fit `room` (undefined when not even its head fits). */
function renderTable(table: Table, room: number, open: boolean): string | undefined {
  const caption = escapeComment(table.caption ?? 'Details')
  const collapse = !open && table.rows.length > COLLAPSE_ROWS
  const wrap = (body: string): string =>
    collapse
      ? `<details><summary>${caption} (${table.rows.length} rows)</summary>\n\n${body}\n\n</details>`
      : `${table.caption ? `**${caption}**\n\n` : ''}${body}`
  for (let shown = table.rows.length; shown >= 0; shown = shown > 8 ? Math.floor(shown / 2) : shown - 1) {
    const cut = table.rows.length - shown
    const more = cut ? `\n\n… ${cut} more row${cut === 1 ? '' : 's'} in the job summary` : ''
    const text = wrap(tableLines(table, table.rows.slice(0, shown)) + more)
    if (text.length <= room) return text
  }
  return undefined
}

/** Renders the comment body: never longer than `limit` (GitHub's, by default). */
export function renderComment(report: Report, step: StepIdentity, footer: string, limit = COMMENT_LIMIT): string {
  const head = [commentMarker(step), `### ${ICONS[report.outcome]} ${escapeComment(report.title)}`]
  const tail = `\n\n<sub>${escapeComment(footer)}</sub>\n`
  const omitted = '\n\n… more in the job summary (the comment is limited to 65,536 characters)'
  const parts: string[] = [head.join('\n')]
  let used = parts[0]!.length + tail.length + omitted.length
  let cut = false
  const add = (text: string | undefined): void => {
    if (text !== undefined && used + 2 + text.length <= limit) {
      parts.push(text)
      used += 2 + text.length
    } else cut = true
  }
  for (const note of report.notes) add(`> ${escapeComment(note)}`)
  const [first, ...rest] = report.tables
  if (first) add(renderTable(first, limit - used - 2, true))
  for (const table of rest) add(renderTable(table, limit - used - 2, false))
  if (report.facts.length) {
    add(
      renderTable({ caption: 'Step details', headers: ['Field', 'Value'], rows: report.facts }, limit - used - 2, false)
    )
  }
  for (const block of report.blocks) {
    add(
      `<details><summary>${escapeComment(block.caption)}</summary>\n\n${fence(block.text, block.language)}\n\n</details>`
    )
  }
  return `${parts.join('\n\n')}${cut ? omitted : ''}${tail}`
}
