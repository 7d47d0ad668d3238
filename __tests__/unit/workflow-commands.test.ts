import { describe, expect, test } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { escapeData, escapeProperty, formatCommand, readInput } from '../../src/workflow-commands.js'
import { maskApiKey, preflight } from '../../src/preflight.js'

describe('workflow commands (the subset @actions/core would write)', () => {
  test('messages escape %, CR and LF so a value cannot start a new command', () => {
    expect(escapeData('50%\r\n::set-output name=x::y')).toBe('50%25%0D%0A::set-output name=x::y')
    expect(formatCommand('error', {}, 'a\n::warning::b')).toBe(`::error::a%0A::warning::b${os.EOL}`)
  })

  test('properties also escape : and , and empty ones are left out', () => {
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc')
    expect(formatCommand('error', { file: 'x,y.json', line: 3, col: undefined, title: '' }, 'm')).toBe(
      `::error file=x%2Cy.json,line=3::m${os.EOL}`
    )
  })

  test('inputs are read like core.getInput: INPUT_<NAME>, spaces as underscores, trimmed', () => {
    expect(readInput('agentId', { INPUT_AGENTID: '  a-1 \n' })).toBe('a-1')
    expect(readInput('my input', { INPUT_MY_INPUT: 'v' })).toBe('v')
    expect(readInput('missing', {})).toBe('')
  })
})

describe('preflight', () => {
  test('masks the key in every form before anything else', () => {
    const lines: string[] = []
    maskApiKey({ INPUT_APIKEY: ' key-with-space ', POLYAI_API_KEY: 'env-key' }, (t) => lines.push(t))
    const masked = lines.map((l) => l.replace(/^::add-mask::/, '').replace(os.EOL, '').replace(/%25/g, '%'))
    expect(lines.every((l) => l.startsWith('::add-mask::'))).toBe(true)
    expect(masked).toEqual(
      expect.arrayContaining([' key-with-space ', 'key-with-space', 'env-key', '%20key-with-space%20', '+key-with-space+', Buffer.from('env-key').toString('base64')])
    )
    expect(new Set(masked).size).toBe(masked.length)
  })

  test('a key with / + = is masked raw, JSON-escaped, URL-encoded (both hex cases) and base64 (both alphabets)', () => {
    const key = 'pk_live/9aZ+Qx7=Wm3rT8vB2nL5kH'
    const lines: string[] = []
    maskApiKey({ INPUT_APIKEY: key }, (t) => lines.push(t))
    const masked = lines.map((l) => l.replace(/^::add-mask::/, '').replace(os.EOL, '').replace(/%25/g, '%'))
    const base64 = Buffer.from(key).toString('base64')
    expect(masked).toEqual([...new Set([
      key,
      'pk_live\\/9aZ+Qx7=Wm3rT8vB2nL5kH',
      encodeURIComponent(key),
      'pk_live%2f9aZ%2bQx7%3dWm3rT8vB2nL5kH',
      base64,
      base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    ])])
  })

  test('bad inputs: one error command listing every problem, exit code 1, a failure summary, no config', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'preflight-'))
    const summary = path.join(dir, 'summary.md')
    const lines: string[] = []
    const saved = process.exitCode
    const config = await preflight({ INPUT_OPERATION: 'deploy', INPUT_APIKEY: 'k', GITHUB_STEP_SUMMARY: summary }, (t) => lines.push(t))
    const code = process.exitCode
    process.exitCode = saved
    expect(config).toBeUndefined()
    expect(code).toBe(1)
    expect(lines[0]).toBe(`::add-mask::k${os.EOL}`)
    expect(lines[1]).toMatch(/^::error title=Invalid inputs::Invalid inputs \(2\):%0A {2}- operation "deploy" is unknown/)
    expect(lines[1]).toContain('agentId is required')
    const text = await fs.readFile(summary, 'utf8')
    expect(text).toContain('nothing was sent to PolyAI')
    expect(text).toContain('operation &quot;deploy&quot; is unknown')
  })

  test('good inputs return the config and print only the mask', async () => {
    const lines: string[] = []
    const config = await preflight(
      { INPUT_OPERATION: 'publish', INPUT_APIKEY: 'k', INPUT_AGENTID: 'agent-1' },
      (t) => lines.push(t)
    )
    expect(config?.operation).toBe('publish')
    expect(config?.environments).toEqual(['sandbox'])
    expect(lines).toEqual([`::add-mask::k${os.EOL}`])
  })
})
