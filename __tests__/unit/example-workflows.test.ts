/**
 * The example workflows (examples/workflows/*.yml) keep one scheme, whoever adds a file: every job
 * that writes to PolyAI (or pulls it into the repository) holds its agent's concurrency group,
 * `polyai-<agent id>`, the same expression as the steps' agentId; every step of the action names
 * its region and the placeholder owner; a job that can change live runs in a polyai-<environment>
 * GitHub environment, with a comment asking for required reviewers. (actionlint, the inputs and
 * the outputs are checked by `npm run lint`.)
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { isMap, parseDocument } from 'yaml'

const folder = new URL('../../examples/workflows/', import.meta.url)
const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name))

const WRITES = ['publish', 'promote', 'rollback', 'upsert-schema', 'update-variables', 'sync-config']
const USES = 'your-org/polyai-deploy-action@v1'

type Json = Record<string, unknown>
interface Step {
  uses?: string
  with?: Json
}
interface Job {
  steps?: Step[]
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean } | string
  environment?: string | { name?: string }
}

/** The `${{ … }}` expression of an agent id, without spaces, or the literal id. */
const expression = (value: unknown): string => String(value ?? '').replace(/\s+/g, '')

function jobsOf(name: string): { text: string; jobs: [string, Job][] } {
  const text = readFileSync(new URL(name, folder), 'utf8')
  const doc = parseDocument(text)
  expect(doc.errors).toEqual([])
  const jobs = doc.get('jobs')
  expect(isMap(jobs)).toBe(true)
  return { text, jobs: Object.entries(doc.toJS().jobs as Record<string, Job>) }
}

const ours = (job: Job): Step[] => (job.steps ?? []).filter((s) => /polyai-deploy-action@/.test(s.uses ?? ''))

describe('examples/workflows', () => {
  test('there are at least 4, and none is empty of this action', () => {
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const name of files) {
      const { jobs } = jobsOf(name)
      expect({ name, steps: jobs.flatMap(([, job]) => ours(job)).length }).toEqual({ name, steps: expect.any(Number) })
      expect(jobs.flatMap(([, job]) => ours(job)).length).toBeGreaterThan(0)
    }
  })

  test.each(files)(
    '%s: placeholder owner, region, and one concurrency group per agent on every job that writes',
    (name) => {
      const { jobs } = jobsOf(name)
      for (const [id, job] of jobs) {
        const steps = ours(job)
        for (const step of steps) {
          expect({ job: id, uses: step.uses }).toEqual({ job: id, uses: USES })
          expect({ job: id, region: step.with?.region }).toEqual({ job: id, region: expect.stringMatching(/^[a-z]+$/) })
        }
        const writes = steps.some(
          (s) =>
            s.with?.operation === 'pull-config' ||
            ((WRITES.includes(String(s.with?.operation)) || String(s.with?.operation).includes('${{')) &&
              s.with?.dryRun !== true)
        )
        const group = typeof job.concurrency === 'string' ? job.concurrency : job.concurrency?.group
        const isPlanGroup = group?.startsWith('polyai-plan-') ?? false
        if (!writes && (group === undefined || isPlanGroup)) continue
        const agents = new Set(steps.map((s) => expression(s.with?.agentId)))
        expect({ job: id, agents: agents.size }).toEqual({ job: id, agents: 1 })
        const agent = [...agents][0] as string
        expect({ job: id, group: expression(group) }).toEqual({ job: id, group: `polyai-${agent}` })
        expect(agent).toMatch(/^\$\{\{(vars\.POLYAI_AGENT_ID|matrix\.agent)\}\}$/)
        expect({
          job: id,
          cancelInProgress: typeof job.concurrency === 'object' && job.concurrency['cancel-in-progress']
        }).toEqual({
          job: id,
          cancelInProgress: false
        })
      }
    }
  )

  test.each(files)('%s: a job that can change live runs in a polyai- environment with required reviewers', (name) => {
    const { text, jobs } = jobsOf(name)
    for (const [id, job] of jobs) {
      const changesLive = ours(job).some((s) => {
        const target = String(s.with?.targetEnvironment ?? '')
        const operation = String(s.with?.operation)
        const writes = WRITES.includes(operation) || operation.includes('${{')
        return writes && s.with?.dryRun !== true && /live|all|\$\{\{/.test(target)
      })
      if (!changesLive) continue
      const environment = typeof job.environment === 'object' ? job.environment.name : job.environment
      expect({ job: id, environment }).toEqual({ job: id, environment: expect.stringMatching(/^polyai-/) })
      expect(text).toMatch(/required reviewers/i)
    }
  })

  test('the scheme above is not vacuous: some job writes live behind an environment, and the matrix keys by agent', () => {
    const all = files.flatMap((name) => jobsOf(name).jobs.map(([, job]) => job))
    expect(all.some((job) => job.environment !== undefined)).toBe(true)
    expect(
      all.some((job) => typeof job.concurrency === 'object' && job.concurrency.group === 'polyai-${{ matrix.agent }}')
    ).toBe(true)
  })
})
