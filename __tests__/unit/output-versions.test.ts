/**
 * A version inside a JSON output is held to the same rule as an id (SAFE_VALUE): `deployment`,
 * `deployments[i]` and `activeDeployments.<env>` each carry one, and workflows paste
 * `fromJSON(...).version` into shell commands as readily as the `version` output. An unsafe version
 * with every id safe still keeps that JSON output from being written, and fails the step naming
 * where it was. The last two cases run the step in process against a purpose-built server.
 */
import { describe, expect, test } from '@jest/globals'
import { writeOutputs } from '../../src/report/outputs.js'
import type { Outputs } from '../../src/report/report.js'
import type { Deployment } from '../../src/core/types.js'
import { runInProcess } from '../helpers/in-process.js'
import { deployment, serveContract } from '../helpers/contract-server.js'

const SAFE: Deployment = { id: 'dep-2', environment: 'live', version: 'v2', createdAt: '2026-01-01T00:00:00Z' }

const UNSAFE_VERSIONS: Array<[string, string]> = [
  ['a newline', 'v2\necho pwned'],
  ['a command substitution', 'v2$(id)'],
  ['a space', 'v 2'],
  ['too many characters', 'v'.repeat(129)]
]

function write(outputs: Outputs): { written: string[]; failure: string | undefined } {
  const written: string[] = []
  const failure = writeOutputs(outputs, (name) => written.push(name))
  return { written, failure }
}

describe.each(UNSAFE_VERSIONS)('a version with %s inside a JSON output', (_what, version) => {
  const bad: Deployment = { ...SAFE, version }

  test('deployment: not written, the step fails naming deployment.version; the safe outputs are written', () => {
    const { written, failure } = write({ changed: true, deploymentId: 'dep-2', deployment: bad })
    expect(written).toEqual(['changed', 'deploymentId'])
    expect(failure).toContain('deployment.version')
    expect(failure).not.toContain('deployment.id')
  })

  test('deployments[i]: the list is not written, naming the entry', () => {
    const list = [SAFE, { ...SAFE, id: 'dep-1' }, { ...bad, id: 'dep-0' }]
    const { written, failure } = write({ changed: false, deployments: list as Outputs['deployments'] & object })
    expect(written).toEqual(['changed'])
    expect(failure).toContain('deployments[2].version')
    expect(failure).not.toMatch(/deployments\[[01]\]/)
  })

  test.each(['sandbox', 'pre-release', 'live'] as const)(
    'activeDeployments.%s: the map is not written, naming the environment',
    (env) => {
      const active = { sandbox: null, 'pre-release': null, live: null, [env]: { ...bad, environment: env } }
      const { written, failure } = write({
        changed: false,
        activeDeployments: active as Outputs['activeDeployments'] & object
      })
      expect(written).toEqual(['changed'])
      expect(failure).toContain(`activeDeployments.${env}.version`)
    }
  )
})

test('the same JSON outputs with safe versions are written (the refusals above are the version, nothing else)', () => {
  const { written, failure } = write({
    changed: true,
    deployment: SAFE,
    deployments: [SAFE] as Outputs['deployments'] & object,
    activeDeployments: { sandbox: null, 'pre-release': null, live: SAFE } as Outputs['activeDeployments'] & object
  })
  expect(failure).toBeUndefined()
  expect(written.sort()).toEqual(['activeDeployments', 'changed', 'deployment', 'deployments'])
})

describe('through the step (in process, real HTTP from a purpose-built server)', () => {
  const EVIL = 'v2\necho pwned'

  test('get-active-deployments: an unsafe version in live keeps activeDeployments out of the outputs; the step fails naming it', async () => {
    const server = await serveContract((req) =>
      req.path === '/deployments/active'
        ? {
            body: {
              activeDeployments: {
                sandbox: deployment('dep-s', 'sandbox', 'v3'),
                'pre-release': null,
                live: deployment('dep-l', 'live', EVIL)
              }
            }
          }
        : undefined
    )
    const run = await runInProcess({ inputs: server.inputs({ operation: 'get-active-deployments' }) })
    expect(run.code).toBe(1)
    expect(run.outputs.activeDeployments).toBeUndefined()
    expect(run.outputText).not.toContain('pwned')
    expect(run.stdout).toContain('activeDeployments.live.version')
  })

  test('publish: an unsafe version in the answer keeps deployment (and version) out of the outputs; the id is still written', async () => {
    const server = await serveContract((req) => {
      if (req.path === '/deployments/active')
        return { body: { activeDeployments: { sandbox: null, 'pre-release': null, live: null } } }
      if (req.path === '/deployments/publish')
        return { status: 201, body: { deployment: deployment('dep-9', 'sandbox', EVIL), testRunIds: [] } }
      return undefined
    })
    const run = await runInProcess({ inputs: server.inputs({ operation: 'publish' }) })
    expect(run.code).toBe(1)
    expect(run.outputs.deploymentId).toBe('dep-9')
    expect(run.outputs.deployment).toBeUndefined()
    expect(run.outputs.version).toBeUndefined()
    expect(run.outputText).not.toContain('pwned')
    expect(run.stdout).toContain('deployment.version')
  })
})
