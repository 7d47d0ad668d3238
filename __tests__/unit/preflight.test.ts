import { describe, expect, test } from '@jest/globals'
import { preflight } from '../../src/inputs/preflight.js'
import { maskForms } from '../../src/report/sanitize.js'
import { memoryRunner } from '../helpers/memory-runner.js'

describe('preflight', () => {
  test('masks the key in every form, encoded ones included, before anything else', async () => {
    const runner = memoryRunner({
      INPUT_APIKEY: ' key-with-space ',
      POLYAI_API_KEY: 'env-key',
      INPUT_OPERATION: 'publish',
      INPUT_AGENTID: 'a'
    })
    await preflight(runner)
    const forms = [...new Set([' key-with-space ', 'key-with-space', 'env-key'].flatMap(maskForms))]
    expect(forms).toContain(Buffer.from('env-key').toString('base64'))
    // As the runner prints them: % escaped, so the command cannot be split.
    expect(runner.lines).toEqual(forms.map((form) => `::add-mask::${form.replace(/%/g, '%25')}`))
  })

  test('bad inputs: one titled error listing every problem, the step failed, a failure summary, no config', async () => {
    const runner = memoryRunner({ INPUT_OPERATION: 'deploy', INPUT_APIKEY: 'k' })
    const config = await preflight(runner)
    expect(config).toBeUndefined()
    expect(runner.code).toBe(1)
    expect(runner.lines[0]).toBe('::add-mask::k')
    expect(runner.lines[1]).toMatch(
      /^::error title=Invalid inputs::Invalid inputs \(2\):%0A {2}- operation "deploy" is unknown/
    )
    expect(runner.lines[1]).toContain('agentId is required')
    expect(runner.summary).toContain('nothing was sent to PolyAI')
    expect(runner.summary).toContain('operation &quot;deploy&quot; is unknown')
  })

  test('good inputs return the config and print only the mask', async () => {
    const runner = memoryRunner({ INPUT_OPERATION: 'publish', INPUT_APIKEY: 'k', INPUT_AGENTID: 'agent-1' })
    const config = await preflight(runner)
    expect(config?.operation).toBe('publish')
    expect(config).toHaveProperty('targetEnvironment', 'sandbox')
    expect(runner.lines).toEqual(['::add-mask::k'])
    expect(runner.code).toBe(0)
  })
})
