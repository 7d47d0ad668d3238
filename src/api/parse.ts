/**
 * Response shape checks: a success body is checked before anything uses it, so a proxy page,
 * a truncated body or a missing field becomes a clear error instead of a TypeError later.
 * Each parser throws ShapeError with what was missing; the client turns it into an ApiError.
 */
import {
  type ActiveDeployments,
  type ConfigPage,
  type Deployment,
  type DeploymentMutation,
  ENVIRONMENTS,
  isEnvironment
} from '../types.js'

export class ShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShapeError'
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
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

export function parseDeployment(value: unknown, what = 'deployment'): Deployment {
  const o = requireObject(value, what)
  const id = requireString(o, 'id', what)
  const environment = requireString(o, 'environment', what)
  if (!isEnvironment(environment)) throw new ShapeError(`${what} has an unknown environment "${environment}"`)
  const version = requireString(o, 'version', what)
  const createdAt = typeof o.createdAt === 'string' ? o.createdAt : ''
  return { ...o, id, environment, version, createdAt }
}

export function parseMutation(value: unknown): DeploymentMutation {
  const o = requireObject(value, 'response')
  const deployment = parseDeployment(o.deployment, 'response.deployment')
  const ids = o.testRunIds
  if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.every((x) => typeof x === 'string'))) {
    throw new ShapeError('response.testRunIds is not an array of strings')
  }
  return { deployment, testRunIds: (ids as string[] | undefined | null) ?? [] }
}

export function parseActive(value: unknown): ActiveDeployments {
  const o = requireObject(value, 'response')
  const active = requireObject(o.activeDeployments, 'response.activeDeployments')
  const result = {} as ActiveDeployments
  for (const env of ENVIRONMENTS) {
    const d = active[env]
    result[env] = d === null || d === undefined ? null : parseDeployment(d, `activeDeployments.${env}`)
  }
  return result
}

export function parseDeploymentList(value: unknown): Deployment[] {
  const o = requireObject(value, 'response')
  if (!Array.isArray(o.deployments)) throw new ShapeError('response has no deployments array')
  return o.deployments.map((d, i) => parseDeployment(d, `deployments[${i}]`))
}

export function parseConfigPage(value: unknown, what = 'config page'): ConfigPage {
  const o = requireObject(value, what)
  const clientEnv = requireString(o, 'clientEnv', what)
  for (const key of ['schema', 'variables'] as const) {
    if (o[key] !== undefined && o[key] !== null && !isObject(o[key])) {
      throw new ShapeError(`${what}.${key} is not a JSON object`)
    }
  }
  return { ...o, clientEnv } as ConfigPage
}

export function parseConfigPages(value: unknown): ConfigPage[] {
  const o = requireObject(value, 'response')
  if (!Array.isArray(o.configPages)) throw new ShapeError('response has no configPages array')
  return o.configPages.map((p, i) => parseConfigPage(p, `configPages[${i}]`))
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
