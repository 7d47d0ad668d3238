/**
 * The bundled action, run as the GitHub runner runs it (node dist/index.js, INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), against the simulator over real HTTP.
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runDist } from '../../dev/run-action.js'
import { startFakeGithub } from '../../dev/fake-github.js'

let sim: Simulator
useSimulator((s) => (sim = s), undefined, 'file')

const base = (): Record<string, string> => actionInputs(sim)

describe('dist/index.js end to end', () => {
  test('publish → promote → promote → rollback → schema push, each with outputs and a summary', async () => {
    const published = await runDist({ inputs: { ...base(), operation: 'publish' } })
    expect(published.code).toBe(0)
    expect(published.outputs.environment).toBe('sandbox')
    expect(published.summary).toContain('Published agent')
    // Request times are whole milliseconds, on the real (monotonic) clock too.
    expect(published.stdout).toMatch(/→ 201 in \d+ ms \(correlation id /)
    expect(published.stdout).not.toMatch(/ in \d+\.\d+ ms/)

    const toPre = await runDist({
      inputs: {
        ...base(),
        operation: 'promote',
        deploymentId: published.outputs.deploymentId!,
        targetEnvironment: 'pre-release'
      }
    })
    expect(toPre.code).toBe(0)
    expect(toPre.outputs.environment).toBe('pre-release')
    expect(toPre.outputs.version).toBe(published.outputs.version)

    const toLive = await runDist({
      inputs: { ...base(), operation: 'promote', deploymentId: toPre.outputs.deploymentId!, targetEnvironment: 'live' }
    })
    expect(toLive.code).toBe(0)
    expect(toLive.outputs.environment).toBe('live')
    expect(toLive.outputs.version).toBe(published.outputs.version)
    expect(JSON.parse(toLive.outputs.testRunIds!)).toHaveLength(1)
    expect(toLive.outputs.previousDeploymentId).toBeTruthy()

    const back = await runDist({
      inputs: {
        ...base(),
        operation: 'rollback',
        deploymentId: toLive.outputs.previousDeploymentId!,
        targetEnvironment: 'live'
      }
    })
    expect(back.code).toBe(0)
    expect(back.outputs.environment).toBe('live')
    expect(back.outputs.version).not.toBe(published.outputs.version)
    expect(sim.state.active('live')!.id).toBe(back.outputs.deploymentId)

    const schema = { type: 'object', properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer' } } }
    const pushed = await runDist({
      inputs: { ...base(), operation: 'upsert-schema', targetEnvironment: 'sandbox', schemaPath: 'schema.json' },
      files: { 'schema.json': JSON.stringify(schema) }
    })
    expect(pushed.code).toBe(0)
    expect(pushed.outputs.changed).toBe('true')
    expect(JSON.parse(pushed.outputs.configPages!)[0].clientEnv).toBe('sandbox')
  })

  test.each([
    ['get-active-deployments', {}, 'activeDeployments'],
    ['list-config-pages', {}, 'configPages'],
    ['get-config-page', { targetEnvironment: 'pre-release' }, 'configPage']
  ])('%s writes its output', async (operation, extra, output) => {
    const run = await runDist({ inputs: { ...base(), operation, ...extra } })
    expect(run.code).toBe(0)
    expect(() => JSON.parse(run.outputs[output]!)).not.toThrow()
    expect(run.outputs.changed).toBe('false')
    expect(run.summary).toMatch(/^## /)
  })

  test('update-variables merges values', async () => {
    const run = await runDist({
      inputs: { ...base(), operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'data.json' },
      files: { 'data.json': JSON.stringify({ maxRetries: 5 }) }
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.configPage!).variables.maxRetries).toBe(5)
  })

  test('a failed call exits 1 with one error line, no stack trace, and a failure summary', async () => {
    const run = await runDist({ inputs: { ...base(), operation: 'rollback', deploymentId: 'dep-4040' } })
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('HTTP 404 DEPLOYMENT_NOT_FOUND')
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expect(run.summary).toContain('❌')
  })

  test('githubToken: the lazily loaded @actions/github chunk records the deployment (the rest of githubToken runs in process)', async () => {
    const github = await startFakeGithub()
    try {
      const run = await runDist({
        inputs: {
          ...base(),
          operation: 'promote',
          targetEnvironment: 'pre-release',
          force: 'true',
          deploymentMessage: 'recorded on GitHub',
          githubToken: github.token
        },
        env: { GITHUB_API_URL: github.url }
      })
      expect(run.stdout).toContain('Recorded GitHub deployment')
      expect(run.code).toBe(0)
      expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /repos/acme/agents/deployments',
        `POST /repos/acme/agents/deployments/${github.deployments[0]!.id}/statuses`
      ])
      expect(run.stdout.replace(/::add-mask::.*\n/g, '') + run.summary).not.toContain(github.token)
    } finally {
      await github.close()
    }
  })
})
