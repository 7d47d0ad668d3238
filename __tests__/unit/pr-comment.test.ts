/** The plan comment's body (marker, lead line, collapsed sections, escaping, size limit) and the pull request it belongs to. */
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { COMMENT_LIMIT, commentMarker, escapeComment, renderComment } from '../../src/report/comment-render.js'
import { describeCommentError, pullRequestNumber } from '../../src/github/pr-comment.js'
import { newReport } from '../../src/report/report.js'

const STEP = { agentId: 'agent-1', operation: 'upsert-schema', environments: ['sandbox', 'live'] }

describe('renderComment', () => {
  test('marker, lead line, the first table open, long tables collapsed, facts last, footer', () => {
    const report = newReport('Plan: config schema of agent agent-1: would update live', 'dry run')
    report.notes.push('Dry run: nothing was sent that changes state.')
    report.facts.push(['Agent', 'agent-1'])
    report.tables.push({
      caption: 'Environments',
      headers: ['Environment', 'Result'],
      rows: [['live', 'would update']]
    })
    report.tables.push({ caption: 'Short', headers: ['A'], rows: [['1']] })
    report.tables.push({ caption: 'Long', headers: ['A'], rows: Array.from({ length: 6 }, (_, i) => [String(i)]) })
    const body = renderComment(report, STEP, 'footer text')
    const lines = body.split('\n')
    expect(lines[0]).toBe(commentMarker(STEP))
    expect(lines[1]).toBe('### 📝 Plan: config schema of agent agent-1: would update live')
    expect(body).toContain('**Environments**\n\n| Environment | Result |')
    expect(body).toContain('**Short**\n\n| A |')
    expect(body).toContain('<details><summary>Long (6 rows)</summary>')
    expect(body.indexOf('| Agent | agent-1 |')).toBeGreaterThan(body.indexOf('Long (6 rows)'))
    expect(body.endsWith('<sub>footer text</sub>\n')).toBe(true)
  })

  test('a step without environments is marked "default"; the marker is per agent, operation and environments', () => {
    expect(commentMarker({ agentId: 'a', operation: 'promote', environments: [] })).toBe(
      '<!-- polyai-deploy-action agent=a operation=promote environments=default -->'
    )
    expect(commentMarker(STEP)).not.toBe(commentMarker({ ...STEP, environments: ['live'] }))
  })

  test('a deploymentId tells two steps apart (two rollbacks of live); without one the marker is the one earlier versions wrote', () => {
    const rollback = { agentId: 'a', operation: 'rollback', environments: ['live'] }
    expect(commentMarker(rollback)).toBe('<!-- polyai-deploy-action agent=a operation=rollback environments=live -->')
    const one = commentMarker({ ...rollback, deploymentId: 'dep-1' })
    const two = commentMarker({ ...rollback, deploymentId: 'dep-12' })
    expect(one).toBe('<!-- polyai-deploy-action agent=a operation=rollback environments=live deploymentId=dep-1 -->')
    // Comments are found by the marker at the start of the body: no marker may start another's comment.
    const markers = [commentMarker(rollback), one, two]
    for (const a of markers)
      for (const b of markers) expect([a, b, `${b}\n### plan`.startsWith(a)]).toEqual([a, b, a === b])
  })

  test('values cannot inject Markdown or HTML, mention anyone or reference an issue', () => {
    expect(escapeComment('<img src=x> [a](http://e) @team #12 a@b.c `x`')).toBe(
      '&lt;img src=x&gt; \\[a\\]\\(http://e\\) @\u200bteam \\#\u200b12 a@\u200bb.c \\`x\\`'
    )
    expect(escapeComment('see GH-12 and gh-7, not GH-x')).toBe('see GH-\u200b12 and gh-\u200b7, not GH-x')
    expect(escapeComment('x'.repeat(5000))).toHaveLength(600)
  })

  test('never over the limit: rows are cut with a pointer to the job summary, then whole sections dropped', () => {
    const report = newReport('Plan', 'dry run')
    report.tables.push({ caption: 'Environments', headers: ['E'], rows: [['live']] })
    report.tables.push({
      caption: 'Huge',
      headers: ['Key', 'Value'],
      rows: Array.from({ length: 2000 }, (_, i) => [`key${i}`, 'v'.repeat(200)])
    })
    report.blocks.push({ caption: 'Body', language: 'json', text: 'z'.repeat(70_000) })
    const body = renderComment(report, STEP, 'f')
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toMatch(/… \d+ more rows in the job summary/)
    expect(body).toContain('… more in the job summary (the comment is limited to 65,536 characters)')
    expect(body).not.toContain('zzzz')
    const tiny = renderComment(report, STEP, 'f', 700)
    expect(tiny.length).toBeLessThanOrEqual(700)
    expect(tiny).toContain('**Environments**')
  })
})

describe('pullRequestNumber', () => {
  const payload = async (value: unknown): Promise<string> => {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-ev-')), 'event.json')
    await fs.writeFile(file, typeof value === 'string' ? value : JSON.stringify(value))
    return file
  }
  test('pull_request and pull_request_target give the number; other events and bad payloads say why not', async () => {
    const file = await payload({ pull_request: { number: 9 } })
    expect(await pullRequestNumber({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file })).toEqual({
      number: 9
    })
    expect(
      await pullRequestNumber({
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: await payload({ number: 4 })
      })
    ).toEqual({ number: 4 })
    expect(await pullRequestNumber({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: file })).toEqual({
      skip: "this run's event is push, not pull_request"
    })
    expect(await pullRequestNumber({})).toEqual({
      skip: "this run's event is unknown (GITHUB_EVENT_NAME is not set), not pull_request"
    })
    expect(
      await pullRequestNumber({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: await payload('{oops') })
    ).toEqual({
      skip: 'the event payload (GITHUB_EVENT_PATH) cannot be read'
    })
    expect(
      await pullRequestNumber({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: await payload({ pull_request: { number: '9' } })
      })
    ).toEqual({
      skip: 'the event payload names no pull request number'
    })
  })
})

describe('describeCommentError', () => {
  const answered = (status: number): Error => Object.assign(new Error('nope'), { status, response: {} })
  test('403 and 404 name the permission and the fork limitation; others as for deployments', () => {
    expect(describeCommentError(answered(403))).toContain(
      'HTTP 403: nope. Hint: give the job `permissions: pull-requests: write`'
    )
    expect(describeCommentError(answered(404))).toContain('pull requests from forks the token is read-only')
    expect(describeCommentError(answered(401))).toContain('githubToken is not a valid token')
    expect(describeCommentError(new Error('socket hang up'))).toBe('no answer from GitHub (socket hang up)')
  })
})
