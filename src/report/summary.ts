/** Renders a Report as the job summary's Markdown: every value escaped, within a byte budget. */
import type { Outcome, Report, Table } from './report.js'
import { cut } from './sanitize.js'

/** GitHub's limit for one step's summary: a summary over it is not shown at all. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
/** What this action writes at most: three quarters of the limit, the rest is margin. */
export const SUMMARY_BUDGET_BYTES = 768 * 1024
/** Longest table cell or note shown. */
const MAX_TEXT_CHARS = 2_000
/** Longest title, caption or header shown. */
const MAX_CAPTION_CHARS = 300

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

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

/** A cell, note or title: cut to `max` characters, then escaped. */
function text(value: string, max = MAX_TEXT_CHARS): string {
  return escapeMarkdown(cut(value, max))
}

function leftOut(table: Table, left: number): string {
  const where = table.fullData ?? "this step's outputs and log"
  return (
    `_${left} more row${left === 1 ? '' : 's'} not shown (of ${table.rows.length}), to keep the ` +
    `summary under GitHub's 1 MiB limit: the full data is in ${escapeMarkdown(where)}._`
  )
}

/** The table in at most `budget` bytes: the rows that fit, then a line saying what was left out. */
function renderTable(table: Table, budget = Infinity, rendered: string[] = []): string {
  const lines: string[] = []
  if (table.caption) lines.push(`**${text(table.caption, MAX_CAPTION_CHARS)}**`, '')
  lines.push(`| ${table.headers.map((h) => text(h, MAX_CAPTION_CHARS)).join(' | ')} |`)
  lines.push(`| ${table.headers.map(() => '---').join(' | ')} |`)
  let used = bytes(lines.join('\n'))
  const sizes: number[] = []
  for (const [i, row] of table.rows.entries()) {
    // Rows are rendered only while they fit (and once): a huge table costs no more than the budget.
    const line = (rendered[i] ??= `| ${row.map((c) => text(c) || ' ').join(' | ')} |`)
    if (used + bytes(line) + 1 > budget) break
    lines.push(line)
    sizes.push(bytes(line) + 1)
    used += bytes(line) + 1
  }
  if (sizes.length === table.rows.length) return lines.join('\n')
  const note = (shown: number): string => `\n\n${leftOut(table, table.rows.length - shown)}`
  while (sizes.length && used + bytes(note(sizes.length)) > budget) {
    lines.pop()
    used -= sizes.pop() as number
  }
  if (used + bytes(note(0)) > budget) {
    return `_${text(`${table.caption ? `${table.caption}: ` : 'A table: '}${table.rows.length} rows not shown (no room left)`, 200)}_`
  }
  return `${lines.join('\n')}${note(sizes.length)}`
}

/** A block in at most `budget` bytes: its text cut when needed, saying so. */
function renderBlock(block: { caption: string; language: string; text: string }, budget = Infinity): string {
  const wrap = (body: string): string =>
    `<details><summary>${text(block.caption, MAX_CAPTION_CHARS)}</summary>\n\n${fence(body, block.language)}\n\n</details>`
  const whole = wrap(block.text)
  if (bytes(whole) <= budget) return whole
  const note = "\n… cut to keep the summary under GitHub's 1 MiB limit: see the log"
  const space = budget - bytes(wrap(note)) - 16
  let chars = Math.max(0, Math.min(block.text.length, space))
  while (chars > 0 && bytes(wrap(`${cut(block.text, chars)}${note}`)) > budget) chars = Math.floor(chars * 0.9)
  return wrap(`${chars > 0 ? cut(block.text, chars) : ''}${note}`)
}

/**
 * Shares `available` bytes between parts of these sizes: small parts get all they need, the
 * large ones share the rest equally (water-filling).
 */
function shares(sizes: number[], available: number): number[] {
  const result = sizes.map(() => 0)
  let left = Math.max(0, available)
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size)
  order.forEach(({ size, i }, k) => {
    const share = Math.min(size, Math.floor(left / (order.length - k)))
    result[i] = share
    left -= share
  })
  return result
}

/** A fenced block whose fence is longer than any backtick run inside, so content cannot close it. */
export function fence(text: string, language: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length))
  const marks = '`'.repeat(longest + 1)
  return `${marks}${language.replace(/[^a-z0-9-]/gi, '')}\n${text}\n${marks}`
}

/** The report as Markdown, in at most `budget` bytes (see the module comment). */
export function renderSummary(report: Report, budget = SUMMARY_BUDGET_BYTES): string {
  const parts: string[] = [`## ${ICONS[report.outcome]} ${text(report.title, MAX_CAPTION_CHARS)}`]
  let used = bytes(parts[0] as string) + 1
  const add = (part: string): void => {
    parts.push(part)
    used += bytes(part) + 2
  }
  let notesLeft = report.notes.length
  for (const note of report.notes) {
    const line = `> ${text(note)}`
    if (used + bytes(line) + 2 > budget / 4) break
    add(line)
    notesLeft--
  }
  if (notesLeft > 0) add(`> ${notesLeft} more note${notesLeft === 1 ? '' : 's'} not shown: see the log`)

  const render: Array<(budget?: number) => string> = []
  const tables = report.facts.length
    ? [{ headers: ['Field', 'Value'], rows: report.facts }, ...report.tables]
    : report.tables
  for (const table of tables) {
    const rendered: string[] = []
    render.push((b) => renderTable(table, b, rendered))
  }
  for (const block of report.blocks) render.push((b) => renderBlock(block, b))
  // What each part would take whole (capped at the budget: more cannot be given anyway).
  const sizes = render.map((r) => bytes(r(budget + 1)) + 2)
  const given = shares(sizes, budget - used)
  render.forEach((r, i) => add(r((given[i] as number) - 2)))
  return `${parts.join('\n\n')}\n`
}
