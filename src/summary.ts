/**
 * Renders a Report as the job summary's Markdown. Every value may come from the API or a user,
 * so each is escaped: it can neither inject Markdown (links, images, tables) nor HTML.
 */
import type { Outcome, Report, Table } from './report.js'

const ICONS: Record<Outcome, string> = {
  succeeded: '✅',
  unchanged: '⏸️',
  'dry run': '📝',
  failed: '❌'
}

/** Escapes text for a Markdown table cell or paragraph: HTML entities, Markdown punctuation, newlines. */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n|\r/g, ' ')
}

function renderTable(table: Table): string {
  const lines: string[] = []
  if (table.caption) lines.push(`**${escapeMarkdown(table.caption)}**`, '')
  lines.push(`| ${table.headers.map(escapeMarkdown).join(' | ')} |`)
  lines.push(`| ${table.headers.map(() => '---').join(' | ')} |`)
  for (const row of table.rows) lines.push(`| ${row.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`)
  return lines.join('\n')
}

/** A fenced block whose fence is longer than any backtick run inside, so content cannot close it. */
export function fence(text: string, language: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length))
  const marks = '`'.repeat(longest + 1)
  return `${marks}${language.replace(/[^a-z0-9-]/gi, '')}\n${text}\n${marks}`
}

export function renderSummary(report: Report): string {
  const parts: string[] = [`## ${ICONS[report.outcome]} ${escapeMarkdown(report.title)}`]
  for (const note of report.notes) parts.push(`> ${escapeMarkdown(note)}`)
  if (report.facts.length) {
    parts.push(renderTable({ headers: ['Field', 'Value'], rows: report.facts }))
  }
  for (const table of report.tables) parts.push(renderTable(table))
  for (const block of report.blocks) {
    parts.push(`<details><summary>${escapeMarkdown(block.caption)}</summary>\n\n${fence(block.text, block.language)}\n\n</details>`)
  }
  return `${parts.join('\n\n')}\n`
}
