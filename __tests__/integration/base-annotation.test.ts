/**
 * The base annotation stays the action's own (issue 18, item 3): once a page holds it, no diff,
 * breaking-change list, output (configPage, configPages), summary, log line, pull request comment
 * or pulled file shows it or any part of it; a `$ref` into it is an input error; a copy another tool
 * pulled into a schema file is left out of what is pushed.
 */
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { SEED_SCHEMA, type Simulator } from '../../dev/simulator/index.js'
import { startFakeGithub } from '../../dev/fake-github.js'
import { BASE_KEYWORD } from '../../src/config/base.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import type { ActionRun } from '../../dev/run-action.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const SCHEMA = { ...SEED_SCHEMA, properties: { ...(SEED_SCHEMA.properties as object), locale: { type: 'string' } } }

/** Every string the annotation holds (salt, check, digests, its own text), and its name. */
function annotationParts(): string[] {
  const annotation = sim.state.configPages.live.schema?.[BASE_KEYWORD] as Record<string, unknown>
  const parts: string[] = [BASE_KEYWORD]
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(annotation)
  return parts.filter((p) => p.length >= 8)
}

function expectNone(where: string, text: string, parts: string[]): void {
  for (const part of parts)
    expect({ where, found: text.includes(part) ? part : undefined }).toEqual({ where, found: undefined })
}

const all = (run: ActionRun): string => `${run.stdout}\n${run.summary}\n${JSON.stringify(run.outputs)}`

describe('the base annotation never leaves the page', () => {
  test('not in diffs, breakingChanges, outputs, summaries, logs, comments or pulled files', async () => {
    const inputs = { ...actionInputs(sim), targetEnvironment: 'live' }
    const first = await runInProcess({
      inputs: { ...inputs, operation: 'sync-config', schemaPath: 's.json', variablesPath: 'v.json' },
      files: { 's.json': JSON.stringify(SCHEMA), 'v.json': JSON.stringify({ locale: 'en-GB' }) }
    })
    expect(first.code).toBe(0)
    const parts = annotationParts()
    expect(parts.length).toBeGreaterThan(5)
    expectNone('first sync', all(first), parts)

    const github = await startFakeGithub()
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-event-'))
    const event = path.join(dir, 'event.json')
    await fs.writeFile(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }))
    const onPr = { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }
    try {
      // A breaking change (a property removed), planned with a comment, by both schema operations.
      const breaking = { ...SCHEMA, properties: { greeting: { type: 'string' }, locale: { type: 'string' } } }
      for (const operation of ['sync-config', 'upsert-schema']) {
        const plan = await runInProcess({
          inputs: {
            ...inputs,
            operation,
            schemaPath: 's.json',
            variablesPath: operation === 'sync-config' ? 'v.json' : '',
            dryRun: 'true',
            prComment: 'true',
            githubToken: github.token,
            force: 'true'
          },
          files: { 's.json': JSON.stringify(breaking), 'v.json': JSON.stringify({ locale: 'en-GB' }) },
          env: onPr
        })
        expect(JSON.parse(plan.outputs.breakingChanges!).length).toBeGreaterThan(0)
        expectNone(`${operation} plan`, all(plan), parts)
      }
      expect(github.comments.length).toBe(2)
      expectNone('comments', github.comments.map((c) => c.body).join('\n'), parts)
    } finally {
      await github.close()
    }

    for (const operation of ['get-config-page', 'list-config-pages']) {
      const read = await runInProcess({ inputs: { ...inputs, operation } })
      expect(read.code).toBe(0)
      expectNone(operation, all(read), parts)
    }
    const values = await runInProcess({
      inputs: { ...inputs, operation: 'update-variables', variablesPath: 'v.json' },
      files: { 'v.json': JSON.stringify({ locale: 'fr-FR' }) }
    })
    expect(values.code).toBe(0)
    expectNone('update-variables', all(values), annotationParts())

    const pull = await runInProcess({ inputs: { ...inputs, operation: 'pull-config', configPath: 'rtc' } })
    expect(pull.code).toBe(0)
    expectNone('pull-config', all(pull), annotationParts())
    const pulled = await fs.readFile(path.join(pull.workspace, 'rtc/live/schema.json'), 'utf8')
    expect(JSON.parse(pulled)).toEqual(SCHEMA)
    expectNone('pulled schema.json', pulled, annotationParts())
  })

  test('a $ref into the annotation is an input error; a copy of it in a file is left out of the push', async () => {
    const withRef = { ...SCHEMA, properties: { ...SCHEMA.properties, odd: { $ref: `#/${BASE_KEYWORD}/values` } } }
    const refused = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'upsert-schema', targetEnvironment: 'live', schemaPath: 's.json' },
      files: { 's.json': JSON.stringify(withRef) }
    })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain(`schemaPath: s.json has a $ref into ${BASE_KEYWORD}`)
    expect(sim.mutations()).toEqual([])

    const copied = { ...SCHEMA, [BASE_KEYWORD]: { version: 1, salt: 'copied-by-another-tool', check: 'x' } }
    const run = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'upsert-schema', targetEnvironment: 'live', schemaPath: 's.json' },
      files: { 's.json': JSON.stringify(copied) }
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`s.json holds a copy of ${BASE_KEYWORD}`)
    expect(JSON.stringify(sim.state.configPages.live.schema)).not.toContain('copied-by-another-tool')
    expect(sim.state.configPages.live.schema?.[BASE_KEYWORD]).toMatchObject({ version: 1 })
  })
})
