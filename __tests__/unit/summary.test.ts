import { newReport } from '../../src/report/report.js'
import {
  escapeMarkdown,
  fence,
  renderSummary,
  SUMMARY_BUDGET_BYTES,
  SUMMARY_LIMIT_BYTES
} from '../../src/report/summary.js'

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '[link](http://evil)',
  '![img](http://evil/x.png)',
  '| pipe | cell |',
  '`code` and ``double``',
  'line one\nline two\r\nline three\rfour',
  '**bold** __under__ ~~strike~~',
  '<script>alert("x")</script>',
  '&lt;b&gt; entity smuggling',
  '# heading',
  '\\| escaped pipe \\\\',
  '<details open>',
  '{curly} +plus !bang'
]

const MARKDOWN_SPECIALS = '\\`*_{}[]()#+!|~'

/** Every Markdown special character in `text` is escaped (preceded by an odd run of backslashes). */
function allSpecialsEscaped(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (!MARKDOWN_SPECIALS.includes(c)) continue
    let run = 0
    for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) run++
    if (c === '\\') {
      // a backslash is either escaping the next character or itself escaped; skip the pair
      i++
      continue
    }
    if (run % 2 === 0) return false
  }
  return true
}

describe('escapeMarkdown', () => {
  test.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['[link](http://evil)', '\\[link\\]\\(http://evil\\)'],
    ['| pipe', '\\| pipe'],
    ['`rm -rf`', '\\`rm -rf\\`'],
    ['a\nb\r\nc\rd', 'a b c d'],
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['_em_ ~~s~~', '\\_em\\_ \\~\\~s\\~\\~'],
    ['# h1', '\\# h1'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['"quoted"', '&quot;quoted&quot;'],
    ['back\\slash', 'back\\\\slash'],
    ['\\|', '\\\\\\|'],
    ['{x} +y !z', '\\{x\\} \\+y \\!z'],
    ['dep-12 version abc1234.', 'dep-12 version abc1234.'],
    ['', '']
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })

  test.each(HOSTILE)('hostile value %j cannot inject', (value) => {
    const out = escapeMarkdown(value)
    expect(out).not.toMatch(/[<>\r\n"]/)
    expect(allSpecialsEscaped(out)).toBe(true)
  })

  test('the escape check itself catches an unescaped character', () => {
    expect(allSpecialsEscaped('a \\| b')).toBe(true)
    expect(allSpecialsEscaped('a | b')).toBe(false)
    expect(allSpecialsEscaped('a \\\\| b')).toBe(false)
  })
})

describe('fence', () => {
  test('plain text gets a three-backtick fence', () => {
    expect(fence('{"a": 1}', 'json')).toBe('```json\n{"a": 1}\n```')
  })

  test('empty text', () => {
    expect(fence('', 'text')).toBe('```text\n\n```')
  })

  test.each([
    ['```', 4],
    ['x\n```\n<script>', 4],
    ['````\n`', 5],
    ['a ``````` b', 8],
    ['`', 3]
  ])('%j is fenced with %i backticks', (text, marks) => {
    const fenced = fence(text, 'json')
    const bar = '`'.repeat(marks)
    expect(fenced).toBe(`${bar}json\n${text}\n${bar}`)
  })

  test.each(['```', '   ````', '```\n~~~', 'ok\n`````````\nmore', 'x'.repeat(10) + '`'.repeat(20)])(
    'content %j has no line that could close the fence',
    (text) => {
      const fenced = fence(text, 'text')
      const lines = fenced.split('\n')
      const opening = /^`+/.exec(lines[0] as string)?.[0].length ?? 0
      expect(lines[lines.length - 1]).toBe('`'.repeat(opening))
      for (const line of lines.slice(1, -1)) {
        const run = /^ {0,3}(`+)\s*$/.exec(line)?.[1]?.length ?? 0
        expect(run).toBeLessThan(opening)
      }
    }
  )

  test('the language is reduced to letters, digits and dashes', () => {
    expect(fence('x', 'json\n```\n<b>')).toBe('```jsonb\nx\n```')
    expect(fence('x', 'c++')).toBe('```c\nx\n```')
    expect(fence('x', 'shell-session')).toBe('```shell-session\nx\n```')
  })
})

describe('renderSummary', () => {
  test('an empty report is just the heading', () => {
    expect(renderSummary(newReport('Promoted dep-1 to live'))).toBe('## ✅ Promoted dep-1 to live\n')
  })

  test.each([
    ['succeeded', '✅'],
    ['dry run', '📝'],
    ['failed', '❌']
  ] as const)('outcome %s uses %s', (outcome, icon) => {
    expect(renderSummary(newReport('T', outcome))).toBe(`## ${icon} T\n`)
  })

  test('outcome unchanged says "No changes" in words, once', () => {
    expect(renderSummary(newReport('T', 'unchanged'))).toBe('## No changes: T\n')
    const quiet = newReport('No changes to the config schema of agent a', 'unchanged')
    expect(renderSummary(quiet)).toBe('## No changes to the config schema of agent a\n')
  })

  test('a multi-line note is a list, a multi-line cell keeps its lines (<br>), each line escaped', () => {
    const report = newReport('sync', 'failed')
    report.notes.push('Errors:\n- sandbox: nothing was sent: *bold*\n- live: stopped at phase 2/2\nsecond line')
    report.tables.push({ headers: ['Details'], rows: [['first\nsecond | pipe']] })
    const md = renderSummary(report)
    expect(md).toContain(
      [
        '> Errors:',
        '> - sandbox: nothing was sent: \\*bold\\*',
        '> - live: stopped at phase 2/2',
        '> second line'
      ].join('\n')
    )
    expect(md).toContain('| first<br>second \\| pipe |')
    expect(md.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(3)
  })

  test('renders notes, facts, tables and blocks in order', () => {
    const report = newReport('publish to sandbox')
    report.notes.push('Dry run: nothing was sent.')
    report.facts.push(['Agent', 'agent-1'], ['Deployment', 'dep-9 (version abc1234)'])
    report.tables.push({
      caption: 'Config pages',
      headers: ['Environment', 'Changed'],
      rows: [
        ['live', ''],
        ['sandbox', 'yes']
      ]
    })
    report.blocks.push({ caption: 'Schema', language: 'json', text: '{"a": 1}' })
    expect(renderSummary(report)).toBe(
      [
        '## ✅ publish to sandbox',
        '',
        '> Dry run: nothing was sent.',
        '',
        '| Field | Value |',
        '| --- | --- |',
        '| Agent | agent-1 |',
        '| Deployment | dep-9 \\(version abc1234\\) |',
        '',
        '**Config pages**',
        '',
        '| Environment | Changed |',
        '| --- | --- |',
        '| live |   |',
        '| sandbox | yes |',
        '',
        '<details><summary>Schema</summary>',
        '',
        '```json',
        '{"a": 1}',
        '```',
        '',
        '</details>',
        ''
      ].join('\n')
    )
  })

  test('hostile values in every slot stay inert', () => {
    const evil = '<img src=x onerror=alert(1)> [link](http://evil) | pipe `tick` **bold**\n## injected\n| a | b |'
    const report = newReport(evil, 'failed')
    report.notes.push(evil)
    report.facts.push([evil, evil])
    report.tables.push({ caption: evil, headers: [evil], rows: [[evil]] })
    report.blocks.push({ caption: evil, language: 'json', text: '```\n</details><img src=x onerror=alert(1)>\n```' })
    const md = renderSummary(report)
    const escaped = escapeMarkdown(evil)
    expect(escaped).toBe(
      '&lt;img src=x onerror=alert\\(1\\)&gt; \\[link\\]\\(http://evil\\) \\| pipe \\`tick\\` \\*\\*bold\\*\\* \\#\\# injected \\| a \\| b \\|'
    )
    const inCell = evil.split('\n').map(escapeMarkdown).join('<br>')
    expect(md).toBe(
      [
        `## ❌ ${escaped}`,
        '',
        // A note keeps its lines, each quoted and escaped; a cell keeps them apart with <br>.
        evil
          .split('\n')
          .map((line) => `> ${escapeMarkdown(line)}`)
          .join('\n'),
        '',
        '| Field | Value |',
        '| --- | --- |',
        `| ${inCell} | ${inCell} |`,
        '',
        `**${escaped}**`,
        '',
        `| ${escaped} |`,
        '| --- |',
        `| ${inCell} |`,
        '',
        `<details><summary>${escaped}</summary>`,
        '',
        '````json',
        '```',
        '</details><img src=x onerror=alert(1)>',
        '```',
        '````',
        '',
        '</details>',
        ''
      ].join('\n')
    )
    // Outside the fenced block, no raw HTML tag other than the ones the renderer writes.
    const outsideFence = md.replace(/````json\n[\s\S]*?\n````/, '')
    const tags = outsideFence.match(/<\/?[a-z][^>]*>/gi) ?? []
    expect(new Set(tags)).toEqual(new Set(['<details>', '<summary>', '</summary>', '</details>', '<br>']))
    // Every table row has exactly its own cells: no value adds a pipe or a line.
    const rows = outsideFence.split('\n').filter((l) => l.startsWith('|'))
    expect(rows).toHaveLength(6)
    for (const row of rows) {
      const unescapedPipes = row.match(/(?<!\\)\|/g) ?? []
      expect([2, 3]).toContain(unescapedPipes.length)
    }
  })
})

describe("renderSummary stays under GitHub's 1 MiB step-summary limit", () => {
  const size = (md: string): number => Buffer.byteLength(md, 'utf8')

  test('a 20000-row table is cut, saying how many rows were left out and where the full data is', () => {
    const report = newReport('Published dep-1 to sandbox')
    report.facts.push(['Agent', 'agent-1'])
    report.tables.push({
      caption: 'Test runs',
      headers: ['Test run', 'Status', 'Passed', 'Failed', 'Errors', 'Total'],
      rows: Array.from({ length: 20_000 }, (_, i) => [
        `tr-${i}-${'x'.repeat(30)}`,
        'failed (timed out)',
        '1',
        '2',
        '0',
        '3'
      ]),
      fullData: 'the testRunResults output'
    })
    report.tables.push({ caption: 'Before and after', headers: ['Environment'], rows: [['sandbox']] })
    const md = renderSummary(report)
    expect(size(md)).toBeLessThanOrEqual(SUMMARY_BUDGET_BYTES)
    const shown = md.split('\n').filter((l) => l.startsWith('| tr-')).length
    expect(shown).toBeGreaterThan(1000)
    expect(md).toContain(
      `_${20_000 - shown} more rows not shown (of 20000), to keep the summary under GitHub's 1 MiB limit: the full data is in the testRunResults output._`
    )
    // The table after the cut one is still there.
    expect(md).toContain('**Before and after**')
    expect(md).toContain('| sandbox |')
  })

  test('everything oversized at once: notes, facts, many tables, cells and a block, all within the budget', () => {
    const big = 'é<'.repeat(5_000)
    const report = newReport(big, 'failed')
    for (let i = 0; i < 2000; i++) report.notes.push(`note ${i}: ${big}`)
    for (let i = 0; i < 2000; i++) report.facts.push([`f${i}`, big])
    for (let t = 0; t < 20; t++)
      report.tables.push({ caption: big, headers: ['A', 'B'], rows: Array.from({ length: 200 }, () => [big, big]) })
    report.blocks.push({ caption: 'Request body', language: 'json', text: big.repeat(400) })
    const md = renderSummary(report)
    expect(size(md)).toBeLessThanOrEqual(SUMMARY_BUDGET_BYTES)
    expect(md).toMatch(/more notes not shown: see the log/)
    expect(md).toContain('… cut to keep the summary under GitHub')
    expect(md.match(/more rows? not shown/g)!.length).toBeGreaterThan(15)
  })

  test('the budget leaves a margin under the limit, and a smaller budget is honoured too', () => {
    expect(SUMMARY_BUDGET_BYTES).toBeLessThan(SUMMARY_LIMIT_BYTES)
    const report = newReport('x')
    report.tables.push({ headers: ['A'], rows: Array.from({ length: 5000 }, (_, i) => [`row ${i}`]) })
    expect(size(renderSummary(report, 20_000))).toBeLessThanOrEqual(20_000)
  })
})
