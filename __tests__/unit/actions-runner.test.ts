import { beforeEach, describe, expect, jest, test } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { actionsRunner } = await import('../../src/github/actions-runner.js')

describe('the @actions/core runner', () => {
  beforeEach(() => {
    jest.resetAllMocks()
  })

  test('inputs, secrets, outputs and log lines go straight to @actions/core', () => {
    core.getInput.mockReturnValue('agent-1')
    const runner = actionsRunner({})
    expect(runner.getInput('agentId')).toBe('agent-1')
    expect(core.getInput).toHaveBeenCalledWith('agentId')
    runner.setSecret('k')
    runner.setOutput('changed', 'true')
    runner.info('i')
    runner.notice('n')
    runner.warning('w')
    runner.debug('d')
    expect(core.setSecret).toHaveBeenCalledWith('k')
    expect(core.setOutput).toHaveBeenCalledWith('changed', 'true')
    expect([core.info, core.notice, core.warning, core.debug].map((f) => f.mock.calls[0]?.[0])).toEqual([
      'i',
      'n',
      'w',
      'd'
    ])
  })

  test('a plain failure is setFailed; an annotated one is a single error with its properties', () => {
    const runner = actionsRunner({})
    runner.fail('plain')
    expect(core.setFailed).toHaveBeenCalledWith('plain')
    const saved = process.exitCode
    try {
      runner.fail('bad JSON', { title: 'Invalid JSON input', file: 's.json', startLine: 3, startColumn: 8 })
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = saved
    }
    expect(core.error).toHaveBeenCalledWith('bad JSON', {
      title: 'Invalid JSON input',
      file: 's.json',
      startLine: 3,
      startColumn: 8
    })
    expect(core.setFailed).toHaveBeenCalledTimes(1)
  })

  test('the summary is appended to GITHUB_STEP_SUMMARY, and skipped without one', async () => {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'runner-')), 'summary.md')
    await fs.writeFile(file, 'before\n')
    await actionsRunner({ GITHUB_STEP_SUMMARY: file }).appendSummary('## after\n')
    expect(await fs.readFile(file, 'utf8')).toBe('before\n## after\n')
    await expect(actionsRunner({}).appendSummary('nowhere')).resolves.toBeUndefined()
  })
})
