/**
 * Config that never loses an edit (issue 18), each step run as a scheduled run would: a fresh
 * workspace with only the repository's files, no git history, no file from an earlier run. The
 * only memory between runs is what PolyAI holds: the base annotation on each page's schema.
 * A "Studio edit" is a change made to the simulator's page directly, as Studio makes it.
 */
import { describe, expect, test } from '@jest/globals'
import { SEED_SCHEMA, type Simulator } from '../../dev/simulator/index.js'
import { BASE_KEYWORD, withoutBase } from '../../src/config/base.js'
import { actionInputs, useSimulator } from '../helpers/simulator.js'
import { runInProcess } from '../helpers/in-process.js'
import type { ActionRun } from '../../dev/run-action.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const writes = (): string[] =>
  sim.mutations().map((r) => `${r.method} ${r.path.replace(`/v1/agents/${sim.agentId}`, '')}`)
const errors = (run: ActionRun): string =>
  run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .join('\n')
const warnings = (run: ActionRun): string =>
  run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::warning'))
    .join('\n')

/** The summary's Markdown as a reader sees it (escapes undone). */
const plain = (md: string): string =>
  md
    .replace(/\\([\\`*_{}[\]()#+\-.!<>~^$|])/g, '$1')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

const SCHEMA = { ...SEED_SCHEMA, properties: { ...(SEED_SCHEMA.properties as object), locale: { type: 'string' } } }
const VALUES = { greeting: 'Greeting-v1', maxRetries: 3, locale: 'en-GB' }
const live = (): { schema: Record<string, unknown> | null; variables: Record<string, unknown> | null } =>
  sim.state.configPages.live
/** A Studio edit of live's values (Studio keeps the schema, annotation included). */
const studioSets = (values: Record<string, unknown>): void => {
  sim.state.patchVariables('live', values)
}

const sync = (schema: unknown, values: unknown, extra: Record<string, string> = {}, env = 'live'): Promise<ActionRun> =>
  runInProcess({
    inputs: {
      ...actionInputs(sim),
      operation: 'sync-config',
      targetEnvironment: env,
      schemaPath: 'config/schema.json',
      variablesPath: 'config/values.json',
      ...extra
    },
    files: { 'config/schema.json': JSON.stringify(schema), 'config/values.json': JSON.stringify(values) }
  })

const updateVariables = (values: unknown, extra: Record<string, string> = {}): Promise<ActionRun> =>
  runInProcess({
    inputs: {
      ...actionInputs(sim),
      operation: 'update-variables',
      targetEnvironment: 'live',
      variablesPath: 'values.json',
      ...extra
    },
    files: { 'values.json': JSON.stringify(values) }
  })

describe('sync-config: three-way against the base kept on the page', () => {
  test('the first sync writes, names what it overwrote, and records a base that holds no value in clear', async () => {
    const first = await sync(SCHEMA, VALUES)
    expect(first.code).toBe(0)
    expect(live().variables).toMatchObject(VALUES)
    expect(warnings(first)).toContain(
      'live: no base from an earlier sync, so the repository wins: it replaces what the page held for greeting'
    )
    expect(plain(first.summary)).toContain('| greeting | replaced (no base) | "Hello" | "Greeting-v1" |')
    const annotation = JSON.stringify(live().schema?.[BASE_KEYWORD])
    expect(annotation).toContain('"values"')
    for (const value of ['Greeting-v1', 'en-GB']) expect(annotation).not.toContain(value)
    // Nothing changed: no write, not even to refresh the base.
    const count = writes().length
    expect(count).toBeGreaterThan(0)
    const again = await sync(SCHEMA, VALUES)
    expect(again.code).toBe(0)
    expect(writes()).toHaveLength(count)
    expect(again.outputs.changed).toBe('false')
  })

  test('a Studio edit after the last sync survives an unchanged repository, night after night', async () => {
    expect((await sync(SCHEMA, VALUES)).code).toBe(0)
    const before = writes().length
    studioSets({ greeting: 'Edited in Studio' })
    for (let night = 0; night < 2; night++) {
      const run = await sync(SCHEMA, VALUES)
      expect(run.code).toBe(0)
      expect(warnings(run)).toContain("live: kept Studio's edit of greeting")
      expect(plain(run.summary)).toContain('| greeting | kept Studio\'s edit | "Edited in Studio" | "Greeting-v1" |')
    }
    expect(writes()).toHaveLength(before)
    expect(live().variables?.greeting).toBe('Edited in Studio')
  })

  test("Studio changed one key and the repository another: the repository's is applied, Studio's kept (also the next night)", async () => {
    expect((await sync(SCHEMA, VALUES)).code).toBe(0)
    studioSets({ greeting: 'Edited in Studio' })
    const next = { ...VALUES, maxRetries: 5 }
    const run = await sync(SCHEMA, next)
    expect(run.code).toBe(0)
    expect(live().variables).toMatchObject({ greeting: 'Edited in Studio', maxRetries: 5 })
    expect(sim.mutations().at(-2)?.body).toEqual({ variables: { maxRetries: 5 } })
    const count = writes().length
    const night = await sync(SCHEMA, next)
    expect(night.code).toBe(0)
    expect(writes()).toHaveLength(count)
    expect(warnings(night)).toContain("kept Studio's edit of greeting")
    expect(live().variables?.greeting).toBe('Edited in Studio')
  })

  test('both sides changed a key: a conflict, nothing written to that environment; overwriteStudioEdits writes', async () => {
    for (const env of ['sandbox', 'live'] as const)
      sim.state.configPages[env].variables = { greeting: 'Hello', maxRetries: 3 }
    expect((await sync(SCHEMA, VALUES, {}, 'sandbox,live')).code).toBe(0)
    studioSets({ greeting: 'Studio-Gruss-17' })
    const count = writes().length
    const changed = { ...VALUES, greeting: 'Repo-Gruss-42' }
    const run = await sync(SCHEMA, changed, { maskValues: 'true' }, 'sandbox,live')
    expect(run.code).toBe(1)
    // sandbox (no Studio edit) is written; live is not touched.
    expect(
      writes()
        .slice(count)
        .every((w) => w.includes('/sandbox/'))
    ).toBe(true)
    expect(writes().slice(count).length).toBeGreaterThan(0)
    const error = errors(run)
    expect(error).toContain(
      'live: nothing was sent: one key was changed both in Studio and in the repository since the last sync'
    )
    expect(error).toContain('greeting (Studio: (masked), repository: (masked))')
    expect(error).toContain('run pull-config and commit the pulled files')
    expect(error).toContain('overwriteStudioEdits: true')
    expect(run.stdout + run.summary).not.toContain('Studio-Gruss-17')
    expect(run.stdout + run.summary).not.toContain('Repo-Gruss-42')
    expect(plain(run.summary)).toContain('| greeting | conflict: nothing sent | (masked) | (masked) |')
    expect(live().variables?.greeting).toBe('Studio-Gruss-17')

    const dry = await sync(SCHEMA, changed, { dryRun: 'true' })
    expect(dry.code).toBe(1)
    expect(plain(dry.summary)).toContain('| greeting | conflict: nothing sent | "Studio-Gruss-17" | "Repo-Gruss-42" |')

    const overwrite = await sync(SCHEMA, changed, { overwriteStudioEdits: 'true' })
    expect(overwrite.code).toBe(0)
    expect(warnings(overwrite)).toContain("live: overwrote Studio's edit of greeting with the repository's")
    expect(live().variables?.greeting).toBe('Repo-Gruss-42')
  })

  test("a property added to the schema in Studio is not dropped, while the repository's schema change lands", async () => {
    expect((await sync(SCHEMA, VALUES)).code).toBe(0)
    const page = live().schema as Record<string, unknown>
    sim.state.setSchema('live', {
      ...page,
      properties: { ...(page.properties as object), studioFlag: { type: 'boolean' } }
    })
    const repo = { ...SCHEMA, properties: { ...SCHEMA.properties, timeoutMs: { type: 'integer' } } }
    const run = await sync(repo, VALUES)
    expect(run.code).toBe(0)
    expect(warnings(run)).toContain("kept Studio's edit of schema property studioFlag")
    expect(Object.keys((withoutBase(live().schema)?.properties ?? {}) as object)).toEqual([
      'greeting',
      'maxRetries',
      'locale',
      'timeoutMs',
      'studioFlag'
    ])
    // The next night, the same repository: nothing to do, Studio's property still there.
    const count = writes().length
    expect((await sync(repo, VALUES)).code).toBe(0)
    expect(writes()).toHaveLength(count)
  })

  test('a pull, then a push of the same files, never conflicts and changes no value', async () => {
    expect((await sync(SCHEMA, VALUES)).code).toBe(0)
    studioSets({ greeting: 'Edited in Studio' })
    const pulled = await runInProcess({
      inputs: { ...actionInputs(sim), operation: 'pull-config', targetEnvironment: 'live', configPath: 'rtc' }
    })
    expect(pulled.code).toBe(0)
    const { readFile } = await import('node:fs/promises')
    const files = {
      'rtc/live/schema.json': await readFile(`${pulled.workspace}/rtc/live/schema.json`, 'utf8'),
      'rtc/live/data.json': await readFile(`${pulled.workspace}/rtc/live/data.json`, 'utf8')
    }
    expect(files['rtc/live/schema.json']).not.toContain(BASE_KEYWORD)
    const count = writes().length
    const push = await runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'sync-config',
        targetEnvironment: 'live',
        schemaPath: 'rtc',
        variablesPath: 'rtc'
      },
      files
    })
    expect(push.code).toBe(0)
    expect(writes()).toHaveLength(count)
    expect(errors(push)).toBe('')
  })

  test('a refused schema change still reports its breaking changes (values the new schema refuses; failOnBreaking)', async () => {
    const closed = { ...SEED_SCHEMA, additionalProperties: false, properties: { greeting: { type: 'string' } } }
    const refused = await sync(closed, { greeting: 'Hi' })
    expect(refused.code).toBe(1)
    expect(writes()).toEqual([])
    expect(JSON.parse(refused.outputs.breakingChanges!)).toEqual(
      expect.arrayContaining([expect.objectContaining({ environment: 'live', change: 'maxRetries removed' })])
    )
    expect(plain(refused.summary)).toMatch(/\| Breaking changes \| 2 \|/)
    // The removal path: the file is right; the key is on the page only, and a PATCH cannot remove it.
    const error = errors(refused)
    expect(error).toContain('maxRetries is on the page but not in config/values.json (which is right as it is)')
    expect(error).toContain('Remove it in Studio, then run this again')
    expect(error).not.toContain('Fix maxRetries')

    const gated = await sync(closed, { greeting: 'Hi', maxRetries: 3 }, { failOnBreaking: 'true', dryRun: 'true' })
    expect(gated.code).toBe(1)
    expect(JSON.parse(gated.outputs.breakingChanges!).length).toBeGreaterThan(0)
  })
})

describe('update-variables: the same rules', () => {
  test("first write names what it overwrote; a Studio edit survives; the repository's other key lands; both sides → conflict", async () => {
    const first = await updateVariables({ greeting: 'Repo greeting', maxRetries: 3 })
    expect(first.code).toBe(0)
    expect(warnings(first)).toContain('replaces what the page held for greeting')
    // The PATCH, then the same schema with the base.
    expect(writes()).toEqual(['PATCH /real-time-configs/live/variables', 'PUT /real-time-configs/live/schema'])
    expect(withoutBase(live().schema)).toEqual(SEED_SCHEMA)

    studioSets({ greeting: 'Studio greeting' })
    const kept = await updateVariables({ greeting: 'Repo greeting', maxRetries: 4 })
    expect(kept.code).toBe(0)
    expect(live().variables).toMatchObject({ greeting: 'Studio greeting', maxRetries: 4 })
    expect(warnings(kept)).toContain("kept Studio's edit of greeting")
    const count = writes().length
    const night = await updateVariables({ greeting: 'Repo greeting', maxRetries: 4 })
    expect(night.code).toBe(0)
    expect(writes()).toHaveLength(count)
    expect(live().variables?.greeting).toBe('Studio greeting')

    const conflict = await updateVariables({ greeting: 'New repo greeting', maxRetries: 4 })
    expect(conflict.code).toBe(1)
    expect(writes()).toHaveLength(count)
    expect(errors(conflict)).toContain('greeting (Studio: "Studio greeting", repository: "New repo greeting")')
    const overwrite = await updateVariables(
      { greeting: 'New repo greeting', maxRetries: 4 },
      { overwriteStudioEdits: 'true' }
    )
    expect(overwrite.code).toBe(0)
    expect(live().variables?.greeting).toBe('New repo greeting')
  })
})

describe("sourceEnvironment: pre-release's config promoted to live", () => {
  test('a dry run writes nothing; then live equals pre-release', async () => {
    const pre = sim.state.configPages['pre-release']
    pre.schema = { ...SCHEMA, additionalProperties: false }
    pre.variables = { greeting: 'Tested in pre-release', maxRetries: 2, locale: 'de-DE' }
    const inputs = {
      ...actionInputs(sim),
      operation: 'sync-config',
      targetEnvironment: 'live',
      sourceEnvironment: 'pre-release'
    }
    const dry = await runInProcess({ inputs: { ...inputs, dryRun: 'true' } })
    expect(dry.code).toBe(0)
    expect(writes()).toEqual([])
    expect(plain(dry.summary)).toContain("pre-release's page (sourceEnvironment)")
    expect(plain(dry.summary)).toContain('would send')
    const run = await runInProcess({ inputs })
    expect(run.code).toBe(0)
    expect(withoutBase(live().schema)).toEqual(pre.schema)
    expect(live().variables).toEqual(pre.variables)
    expect(writes().every((w) => w.includes('/live/'))).toBe(true)

    const both = await runInProcess({ inputs: { ...inputs, schemaPath: 'schema.json' } })
    expect(both.code).toBe(1)
    expect(errors(both)).toContain('sourceEnvironment takes the schema and values from pre-release')
  })
})

describe('upsert-schema: the same rules, per schema property', () => {
  const upsert = (schema: unknown, extra: Record<string, string> = {}): Promise<ActionRun> =>
    runInProcess({
      inputs: {
        ...actionInputs(sim),
        operation: 'upsert-schema',
        targetEnvironment: 'live',
        schemaPath: 's.json',
        ...extra
      },
      files: { 's.json': JSON.stringify(schema) }
    })

  test("Studio's edit of one property is kept while the repository's of another lands; the same property on both sides is a conflict", async () => {
    expect((await upsert(SCHEMA)).code).toBe(0)
    const page = live().schema as Record<string, unknown>
    const props = page.properties as Record<string, unknown>
    sim.state.setSchema('live', { ...page, properties: { ...props, greeting: { type: 'string', maxLength: 200 } } })
    const repo = { ...SCHEMA, properties: { ...SCHEMA.properties, locale: { type: 'string', minLength: 2 } } }
    const kept = await upsert(repo)
    expect(kept.code).toBe(0)
    expect(warnings(kept)).toContain("kept Studio's edit of schema property greeting")
    expect(withoutBase(live().schema)?.properties).toEqual({
      greeting: { type: 'string', maxLength: 200 },
      maxRetries: { type: 'integer', minimum: 0 },
      locale: { type: 'string', minLength: 2 }
    })
    const count = writes().length
    const both = await upsert({
      ...repo,
      properties: { ...repo.properties, greeting: { type: 'string', maxLength: 80 } }
    })
    expect(both.code).toBe(1)
    expect(writes()).toHaveLength(count)
    expect(errors(both)).toContain(
      'schema property greeting (Studio: {"type":"string","maxLength":200}, repository: {"type":"string","maxLength":80})'
    )
  })
})

describe('a base PolyAI does not keep', () => {
  test('the step warns that three-way protection is off for that page, and the next push names what it overwrites', async () => {
    const { startStudioFront } = await import('../helpers/studio-front.js')
    // A front that drops x- keywords from every schema PUT, as a server that keeps only what it knows might.
    const front = await startStudioFront(
      sim,
      () => undefined,
      (call, body) => {
        if (call.method !== 'PUT') return body
        const { schema } = body as { schema: Record<string, unknown> }
        return { schema: withoutBase(schema) }
      }
    )
    try {
      const inputs = { ...actionInputs(sim), baseUrl: front.url }
      const run = await runInProcess({
        inputs: {
          ...inputs,
          operation: 'sync-config',
          targetEnvironment: 'live',
          schemaPath: 's.json',
          variablesPath: 'v.json'
        },
        files: { 's.json': JSON.stringify(SCHEMA), 'v.json': JSON.stringify(VALUES) }
      })
      expect(run.code).toBe(0)
      expect(warnings(run)).toContain(
        `live: PolyAI did not keep the ${BASE_KEYWORD} annotation the action wrote into the schema, so three-way protection is off for this page`
      )
      expect(plain(run.summary)).toContain('three-way protection is off for this page')
      studioSets({ greeting: 'Edited in Studio' })
      const next = await runInProcess({
        inputs: { ...inputs, operation: 'update-variables', targetEnvironment: 'live', variablesPath: 'v.json' },
        files: { 'v.json': JSON.stringify(VALUES) }
      })
      expect(next.code).toBe(0)
      expect(warnings(next)).toContain(
        'no base from an earlier sync, so the repository wins: it replaces what the page held for greeting'
      )
    } finally {
      await front.close()
    }
  })
})
