/**
 * The bundled action, run as the GitHub runner runs it (node dist/index.js on Node 24, INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), against the simulator over real HTTP. Two cases spawn it:
 * - publish → promote → promote → rollback: inputs read from INPUT_* by the real @actions/core, outputs
 *   read back from the GITHUB_OUTPUT file (heredocs written by @actions/core) and feeding the next step,
 *   the summary file, request times on the real monotonic clock, each process exiting 0 when done; the
 *   rollback also records a GitHub deployment (githubToken), through the @actions/github code the bundle
 *   loads on demand, with the token masked;
 * - a failed call: exit code 1, one error line, no stack trace on stdout or stderr, the failure summary.
 * The other operations' outputs and summaries are policy: they run in process (src/main.ts run(), the
 * same ActionRun to assert on).
 */
import { describe, expect, test } from '@jest/globals'
import { type Simulator } from '../../dev/simulator/index.js'
import { actionInputs } from '../helpers/simulator.js'
import { concurrentCases, withSimulator } from '../helpers/concurrent-cases.js'
import { runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'
import { startFakeGithub } from '../../dev/fake-github.js'

/** Each case has a simulator of its own; the two bundle cases start with the file, beside the in-process ones. */
const cases = concurrentCases()
const bundleTest = (name: string, body: (sim: Simulator) => Promise<void>, seconds?: number): void =>
  cases.test(name, () => withSimulator(undefined, body), seconds)
const inProcessTest = (name: string, body: (sim: Simulator) => Promise<void>): void =>
  test(name, () => withSimulator(undefined, body))

describe('dist/index.js end to end', () => {
  bundleTest(
    'publish → promote → promote → rollback (recorded on GitHub), each with outputs and a summary',
    async (sim) => {
      const base = actionInputs(sim)
      const published = await runDist({ inputs: { ...base, operation: 'publish' } })
      expect(published.code).toBe(0)
      expect(published.stderr).toBe('')
      expect(published.outputs.environment).toBe('sandbox')
      expect(published.summary).toContain('Published agent')
      // Request times are whole milliseconds, on the real (monotonic) clock too.
      expect(published.stdout).toMatch(/→ 201 in \d+ ms \(correlation id /)
      expect(published.stdout).not.toMatch(/ in \d+\.\d+ ms/)

      const toPre = await runDist({
        inputs: {
          ...base,
          operation: 'promote',
          deploymentId: published.outputs.deploymentId!,
          targetEnvironment: 'pre-release'
        }
      })
      expect(toPre.code).toBe(0)
      expect(toPre.outputs.environment).toBe('pre-release')
      expect(toPre.outputs.version).toBe(published.outputs.version)

      const toLive = await runDist({
        inputs: { ...base, operation: 'promote', deploymentId: toPre.outputs.deploymentId!, targetEnvironment: 'live' }
      })
      expect(toLive.code).toBe(0)
      expect(toLive.outputs.environment).toBe('live')
      expect(toLive.outputs.version).toBe(published.outputs.version)
      expect(JSON.parse(toLive.outputs.testRunIds!)).toHaveLength(1)
      expect(toLive.outputs.previousDeploymentId).toBeTruthy()

      const github = await startFakeGithub()
      try {
        const back = await runDist({
          inputs: {
            ...base,
            operation: 'rollback',
            deploymentId: toLive.outputs.previousDeploymentId!,
            targetEnvironment: 'live',
            githubToken: github.token
          },
          env: { GITHUB_API_URL: github.url }
        })
        expect(back.code).toBe(0)
        expect(back.outputs.environment).toBe('live')
        expect(back.outputs.version).not.toBe(published.outputs.version)
        expect(sim.state.active('live')!.id).toBe(back.outputs.deploymentId)
        expect(back.stdout).toContain('Recorded GitHub deployment')
        expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
          'POST /repos/acme/agents/deployments',
          `POST /repos/acme/agents/deployments/${github.deployments[0]!.id}/statuses`
        ])
        expect(back.stdout.replace(/::add-mask::.*\n/g, '') + back.stderr + back.summary).not.toContain(github.token)
      } finally {
        await github.close()
      }
    },
    4
  )

  bundleTest('a failed call exits 1 with one error line, no stack trace, and a failure summary', async (sim) => {
    const run = await runDist({ inputs: { ...actionInputs(sim), operation: 'rollback', deploymentId: 'dep-4040' } })
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('HTTP 404 DEPLOYMENT_NOT_FOUND')
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expect(run.stderr).toBe('')
    expect(run.summary).toContain('❌')
  })
})

describe('the other operations, in process', () => {
  inProcessTest('a schema push', async (sim) => {
    const schema = { type: 'object', properties: { greeting: { type: 'string' }, maxRetries: { type: 'integer' } } }
    const pushed = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'upsert-schema',
        targetEnvironment: 'sandbox',
        schemaPath: 'schema.json'
      },
      files: { 'schema.json': JSON.stringify(schema) }
    })
    expect(pushed.code).toBe(0)
    expect(pushed.outputs.changed).toBe('true')
    expect(JSON.parse(pushed.outputs.configPages!)[0].clientEnv).toBe('sandbox')
  })

  for (const [operation, extra, output] of [
    ['get-active-deployments', {}, 'activeDeployments'],
    ['list-config-pages', {}, 'configPages'],
    ['get-config-page', { targetEnvironment: 'pre-release' }, 'configPage']
  ] as const)
    inProcessTest(`${operation} writes its output`, async (sim) => {
      const run = await runInProcess({ inputs: { ...actionInputs(sim), operation, ...extra } })
      expect(run.code).toBe(0)
      expect(() => JSON.parse(run.outputs[output]!)).not.toThrow()
      expect(run.outputs.changed).toBe('false')
      expect(run.summary).toMatch(/^## /)
    })

  inProcessTest('update-variables merges values', async (sim) => {
    const run = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'update-variables',
        targetEnvironment: 'live',
        variablesPath: 'data.json'
      },
      files: { 'data.json': JSON.stringify({ maxRetries: 5 }) }
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.configPage!).variables.maxRetries).toBe(5)
  })

  inProcessTest('githubToken on a promote records the deployment, and the token is printed nowhere', async (sim) => {
    const github = await startFakeGithub()
    try {
      const run = await runInProcess({
        inputs: {
          ...actionInputs(sim),
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
