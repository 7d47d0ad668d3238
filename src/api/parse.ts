/**
 * Response shape checks: a success body is checked before use, so a proxy page or missing field is a clear
 * ShapeError.
 */
import {
  type ActiveDeployments,
  type ConfigPage,
  type Deployment,
  type DeploymentMutation,
  ENVIRONMENTS,
  isEnvironment,
  isJsonObject as isObject
} from '../core/types.js'
import { cut } from '../report/sanitize.js'

export class ShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShapeError'
  }
}

function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw new ShapeError(`${what} is not a JSON object`)
  return value
}

function requireString(o: Record<string, unknown>, key: string, what: string): string {
  const v = o[key]
  if (typeof v !== 'string' || v === '') throw new ShapeError(`${what} has no ${key}`)
  return v
}

/**
 * A deployment as PolyAI's contract allows it. Only `id` (non-empty) and `version` (a string) are
 * required: every step that reads a deployment uses them. `environment` is a free string in the
 * contract: it is kept as text (empty when absent), and only a step that acts on it decides what an
 * unknown name means. `createdAt` is kept as text (empty when absent); `metadata` may be absent,
 * null or any object; fields the action does not know are kept verbatim.
 */
export function parseDeployment(value: unknown, what = 'deployment'): Deployment {
  const o = requireObject(value, what)
  const id = requireString(o, 'id', what)
  if (typeof o.version !== 'string') throw new ShapeError(`${what} has no version`)
  const environment = typeof o.environment === 'string' ? o.environment : ''
  const createdAt = typeof o.createdAt === 'string' ? o.createdAt : ''
  return { ...o, id, environment, version: o.version, createdAt }
}

/**
 * The answer to publish / promote / rollback. `testRunIds` may be absent (publish's contract) or
 * null: no runs. Ids that are not strings are dropped and the runs are marked unknown, so only a
 * step that waits for its test runs fails on them.
 */
export function parseMutation(value: unknown): DeploymentMutation {
  const o = requireObject(value, 'response')
  const deployment = parseDeployment(o.deployment, 'response.deployment')
  const ids = o.testRunIds
  if (ids === undefined || ids === null) return { deployment, testRunIds: [] }
  const list: unknown[] = Array.isArray(ids) ? ids : [ids]
  const testRunIds = list.filter((x): x is string => typeof x === 'string' && x !== '')
  if (Array.isArray(ids) && testRunIds.length === ids.length) return { deployment, testRunIds }
  return {
    deployment,
    testRunIds,
    testRunsUnknown: `the API answered with testRunIds that are not a list of ids (${excerptJson(ids)})`
  }
}

/**
 * `{activeDeployments: {sandbox, pre-release, live}}`. A missing or null stage is "nothing active";
 * the entry of a stage is read as a deployment (its map key says which stage it is active in).
 * Keys the action does not know (another environment name) are kept as they came, unread.
 */
export function parseActive(value: unknown): ActiveDeployments {
  const o = requireObject(value, 'response')
  const active = requireObject(o.activeDeployments, 'response.activeDeployments')
  const result: Record<string, unknown> = {}
  for (const [key, d] of Object.entries(active)) {
    if (!isEnvironment(key)) result[key] = d
  }
  for (const env of ENVIRONMENTS) {
    const d = active[env]
    result[env] = d === null || d === undefined ? null : parseDeployment(d, `activeDeployments.${env}`)
  }
  return result as ActiveDeployments
}

/** Entries of a deployments list that could not be read, by list (see skippedEntries()). */
const SKIPPED = new WeakMap<readonly Deployment[], string[]>()

/**
 * `{deployments: [...]}`. One odd entry (not an object, no id or version) does not make the whole
 * list unusable: it is left out, and skippedEntries() says which and why. Entries of any
 * environment are kept: the caller filters what it asked for (see operations/answers.ts).
 */
export function parseDeploymentList(value: unknown): Deployment[] {
  const o = requireObject(value, 'response')
  if (!Array.isArray(o.deployments)) throw new ShapeError('response has no deployments array')
  const list: Deployment[] = []
  const skipped: string[] = []
  o.deployments.forEach((d, i) => {
    try {
      list.push(parseDeployment(d, `deployments[${i}]`))
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error
      skipped.push(error.message)
    }
  })
  if (skipped.length) SKIPPED.set(list, skipped)
  return list
}

/** Why entries of a list parseDeploymentList() returned were left out ([] when none were). */
export function skippedEntries(list: readonly Deployment[]): string[] {
  return SKIPPED.get(list) ?? []
}

/**
 * A config page. The contract requires only `clientEnv`, a free string: it must be a string (an
 * empty one is fine; a step knows which environment it asked for), which tells a page from some
 * other JSON. `schema`, `variables` and `lastUpdated` may be absent or null; the steps that use
 * `schema` or `variables` check them where they use them (config/page.ts). Fields the action does
 * not know are kept verbatim.
 */
export function parseConfigPage(value: unknown, what = 'config page'): ConfigPage {
  const o = requireObject(value, what)
  if (typeof o.clientEnv !== 'string') throw new ShapeError(`${what} has no clientEnv`)
  return o as ConfigPage
}

export function parseConfigPages(value: unknown): ConfigPage[] {
  const o = requireObject(value, 'response')
  if (!Array.isArray(o.configPages)) throw new ShapeError('response has no configPages array')
  return o.configPages.map((p, i) => parseConfigPage(p, `configPages[${i}]`))
}

function excerptJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return cut(text, 60)
}

/** A test run as PolyAI's CLI reads it (undocumented endpoint). */
export interface TestRun {
  id: string
  status: string
  passedCount?: number
  failedCount?: number
  errorCount?: number
  testCaseCount?: number
  [extra: string]: unknown
}

export function parseTestRun(value: unknown, id: string): TestRun {
  const o = requireObject(value, 'test run')
  const status = requireString(o, 'status', 'test run')
  return { ...o, id: typeof o.id === 'string' ? o.id : id, status }
}
