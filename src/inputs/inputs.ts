/** Inputs → one typed Config, every problem collected and reported together, each naming the input and the fix. */
import type { CommonConfig } from '../core/step-config.js'
import { ExpectedError } from '../core/errors.js'
import { ignoredInputs } from './ignored.js'
import { emptyKeyProblem, unknownEnvironment, unknownOperation } from './guess.js'
import { bakeFitProblem, idleBakeInputs, readBakeInputs } from './bake-inputs.js'
import { cut } from '../report/sanitize.js'
import { type Environment, ENVIRONMENTS, isEnvironment, type Region, REGIONS } from '../core/types.js'
import type { CountUse, EnvironmentUse, InputValues, OperationInput } from '../operations/operation.js'
import { type Config, isOperation, type Operation, OPERATIONS, REGISTRY } from '../operations/registry.js'

export type { Config } from '../operations/registry.js'

/** Reads one input by name (core.getInput in production, a map in tests). */
export type InputReader = (name: string) => string

export class InputError extends ExpectedError {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`
    )
    this.name = 'InputError'
  }
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])
const MAX_TIMEOUT_SECONDS = 6 * 60 * 60
const MAX_MESSAGE_LENGTH = 1000

/** The inputs every operation reads. */
export const COMMON_INPUTS = [
  'operation',
  'apiKey',
  'region',
  'baseUrl',
  'agentId',
  'timeoutSeconds',
  'githubToken',
  'prComment'
] as const

/**
 * The default action.yml gives each input that has one: the runner passes it on every step, so an
 * input is given only when its value differs. The parser applies the same defaults to an empty value.
 */
export const ACTION_DEFAULTS: Partial<Record<OperationInput | (typeof COMMON_INPUTS)[number], string>> = {
  region: 'us',
  dryRun: 'false',
  force: 'false',
  maskValues: 'false',
  limit: '10',
  failOnBreaking: 'false',
  overwriteStudioEdits: 'false',
  prComment: 'false',
  configPath: 'real_time_configuration',
  waitForTestRuns: 'false',
  testRunTimeoutSeconds: '900',
  bakeSeconds: '0',
  rollbackOnFailure: 'false'
}
const DEFAULT_LIMIT = 10
const DEFAULT_CONFIG_PATH = 'real_time_configuration'

function quote(value: string): string {
  return JSON.stringify(cut(value, 60))
}

function checkId(name: string, value: string, problems: string[]): void {
  if (value === '.' || value === '..' || !ID_PATTERN.test(value)) {
    problems.push(
      `${name} ${quote(value)} is not a valid id: use only letters, digits, '.', '_' and '-' (at ` +
        `most 128), as shown in PolyAI Studio or by the get-active-deployments operation`
    )
  }
}

/** Strict booleans: true/false (any case, as YAML writes them) or empty for the default. */
function readBoolean(read: InputReader, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (/^true$/i.test(raw)) return true
  if (/^false$/i.test(raw)) return false
  problems.push(`${name} must be true or false, got ${quote(raw)}`)
  return fallback
}

function readSeconds(read: InputReader, name: string, fallback: number, problems: string[]): number {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_TIMEOUT_SECONDS) {
    problems.push(`${name} must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, got ${quote(raw)}`)
    return fallback
  }
  return Number(raw)
}

function readCount(read: InputReader, name: string, use: CountUse, fallback: number, problems: string[]): number {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > use.max) {
    problems.push(`${name} must be a whole number from 1 to ${use.max} (${use.what}), got ${quote(raw)}`)
    return fallback
  }
  return Number(raw)
}

/** Resolves region/baseUrl to the origin every request goes to (https, or http on loopback only). */
function readBaseUrl(read: InputReader, problems: string[]): string {
  const region = (read('region').trim() || 'us').toLowerCase()
  const knownRegion = (REGIONS as readonly string[]).includes(region)
  if (!knownRegion)
    problems.push(`region ${quote(region)} is unknown: use one of ${REGIONS.join(', ')} (or set baseUrl)`)
  const rawBase = read('baseUrl').trim()
  if (rawBase !== '') {
    let url: URL
    try {
      url = new URL(rawBase)
    } catch {
      problems.push(`baseUrl ${quote(rawBase)} is not a valid URL: use e.g. https://api.us.poly.ai`)
      return ''
    }
    const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      problems.push(`baseUrl ${quote(rawBase)} must use https:// (plain http is allowed only for localhost)`)
    } else if (url.username || url.password) {
      // Not echoed: the URL holds a credential.
      problems.push(`baseUrl must not contain credentials (user:password@): pass the key as apiKey`)
    } else if (url.search || url.hash) {
      problems.push(`baseUrl ${quote(rawBase)} must not contain a query or a fragment`)
    } else if (/\/v1\/?$/i.test(url.pathname)) {
      problems.push(
        `baseUrl ${quote(rawBase)} must not end with /v1: the action adds /v1/agents/… itself, so give e.g. https://api.us.poly.ai`
      )
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  }
  return knownRegion ? `https://api.${region as Region}.poly.ai` : ''
}

/**
 * Parses targetEnvironment as the operation uses it: a single name, or a comma list or `all` (config
 * writes and pulls). `refused`: a name was given that is not an environment (so no other problem
 * may say none was given).
 */
function readEnvironments(
  operation: Operation | undefined,
  use: EnvironmentUse,
  raw: string,
  problems: string[]
): { environments: Environment[]; refused: boolean } {
  const text = raw.trim().toLowerCase()
  const allowList = use.many === true
  const names =
    text === '' ? [] : text === 'all' && allowList ? [...ENVIRONMENTS] : text.split(',').map((s) => s.trim())
  const envs: Environment[] = []
  let refused = false
  for (const name of names) {
    if (!isEnvironment(name)) {
      refused = true
      problems.push(unknownEnvironment(name, quote(name), allowList))
    } else if (!envs.includes(name)) envs.push(name)
  }
  if (!allowList && envs.length > 1) {
    problems.push(
      `targetEnvironment takes a single environment for ${operation ?? 'this operation'}, got ${quote(raw.trim())}`
    )
  }
  const problem = use.check?.(envs)
  if (problem) problems.push(problem)
  if (names.length === 0) {
    if (use.required) problems.push(`targetEnvironment is required for ${operation}: name the ${use.required}`)
    return { environments: [...(use.default ?? [])], refused }
  }
  return { environments: ENVIRONMENTS.filter((e) => envs.includes(e)), refused }
}

/** sourceEnvironment: one environment name (undefined when not given). */
function readSourceEnvironment(read: InputReader, problems: string[]): Environment | undefined {
  const raw = read('sourceEnvironment').trim().toLowerCase()
  if (raw === '') return undefined
  if (isEnvironment(raw)) return raw
  problems.push(
    `sourceEnvironment ${quote(raw)} is not an environment: use one of ${ENVIRONMENTS.join(', ')} (the page whose ` +
      `schema and values to promote)`
  )
  return undefined
}

/**
 * Builds the Config, or throws InputError listing every problem. `env` supplies the
 * POLYAI_API_KEY fallback.
 */
export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv): Config {
  const problems: string[] = []

  const operationRaw = read('operation').trim()
  let operation: Operation | undefined
  if (operationRaw === '') {
    problems.push(`operation is required: use one of ${OPERATIONS.join(', ')}`)
  } else if (!isOperation(operationRaw)) {
    problems.push(unknownOperation(operationRaw, quote(operationRaw), OPERATIONS))
  } else {
    operation = operationRaw
  }
  const uses = operation ? REGISTRY[operation].inputs : {}

  const apiKey = read('apiKey').trim() || (env.POLYAI_API_KEY ?? '').trim()
  if (apiKey === '') problems.push(emptyKeyProblem(env))
  else if (/[^\x21-\x7e]/.test(apiKey)) {
    // Never echoed: it is the secret. Such a key could not be sent as a header anyway.
    problems.push(
      'apiKey contains spaces, line breaks, control or non-ASCII characters, so it cannot be sent ' +
        'as the X-API-KEY header: check how the secret was stored'
    )
  }

  const baseUrl = readBaseUrl(read, problems)

  const agentId = read('agentId').trim()
  if (agentId === '') problems.push('agentId is required: the id of the agent, as shown in PolyAI Studio')
  else checkId('agentId', agentId, problems)

  const deploymentId = read('deploymentId').trim()
  if (deploymentId !== '') checkId('deploymentId', deploymentId, problems)

  const { environments: targetEnvironment, refused } = readEnvironments(
    operation,
    uses.targetEnvironment ?? {},
    read('targetEnvironment'),
    problems
  )

  const deploymentMessage = read('deploymentMessage').trim()
  if (deploymentMessage.length > MAX_MESSAGE_LENGTH) {
    problems.push(`deploymentMessage is ${deploymentMessage.length} characters long: keep it to ${MAX_MESSAGE_LENGTH}`)
  }
  const sourceEnvironment = readSourceEnvironment(read, problems)
  const path = (name: 'schemaPath' | 'variablesPath'): string => {
    const value = read(name).trim()
    const use = uses[name]
    const exempt = use?.unlessGiven === 'sourceEnvironment' && sourceEnvironment !== undefined
    if (use?.required && !exempt && value === '') problems.push(`${name} is required for ${operation}: ${use.required}`)
    return value
  }
  const schemaPath = path('schemaPath')
  const variablesPath = path('variablesPath')
  // A refused name was still given: "needs … or targetEnvironment" would contradict its own problem.
  const together =
    operation && !refused
      ? REGISTRY[operation].check?.({ deploymentId, targetEnvironment, schemaPath, variablesPath, sourceEnvironment })
      : undefined
  if (together) problems.push(together)
  const limit = uses.limit ? readCount(read, 'limit', uses.limit, DEFAULT_LIMIT, problems) : DEFAULT_LIMIT

  const dryRun = readBoolean(read, 'dryRun', false, problems)
  const force = readBoolean(read, 'force', false, problems)
  const waitForTestRuns = readBoolean(read, 'waitForTestRuns', false, problems)
  const maskValues = readBoolean(read, 'maskValues', false, problems)
  const failOnBreaking = readBoolean(read, 'failOnBreaking', false, problems)
  const overwriteStudioEdits = readBoolean(read, 'overwriteStudioEdits', false, problems)
  const prComment = readBoolean(read, 'prComment', false, problems)
  const configPath = read('configPath').trim() || DEFAULT_CONFIG_PATH
  const givenTimeout = readSeconds(read, 'timeoutSeconds', 0, problems) // 0: not given
  const testRunTimeoutSeconds = readSeconds(read, 'testRunTimeoutSeconds', 900, problems)
  const readFlag = (name: string, fallback: boolean): boolean => readBoolean(read, name, fallback, problems)
  const spec = operation ? REGISTRY[operation] : undefined
  const bake = readBakeInputs(read, { spec, targetEnvironment, agentId, quote, readFlag }, problems)
  // Unset, the step's budget covers the deploy (300 s), the test-run wait and the bake.
  const testRunWait = waitForTestRuns ? testRunTimeoutSeconds : 0
  const timeoutSeconds = givenTimeout || Math.min(MAX_TIMEOUT_SECONDS, 300 + testRunWait + bake.bakeSeconds)
  problems.push(...bakeFitProblem(bake.bakeSeconds, testRunWait, timeoutSeconds, givenTimeout > 0))
  if (waitForTestRuns && givenTimeout && testRunTimeoutSeconds >= givenTimeout) {
    problems.push(
      `testRunTimeoutSeconds (${testRunTimeoutSeconds}) must be shorter than timeoutSeconds ` +
        `(${givenTimeout}), which bounds the whole step: raise timeoutSeconds or leave it empty (it ` +
        `then defaults to 300 + testRunTimeoutSeconds)`
    )
  }
  const githubToken = read('githubToken').trim()
  if (prComment && githubToken === '') {
    problems.push(
      'prComment needs githubToken: pass `githubToken: ${{ github.token }}` and give the job `permissions: pull-requests: write`'
    )
  }

  if (problems.length > 0 || operation === undefined) throw new InputError(problems)

  const values: InputValues = {
    deploymentId,
    targetEnvironment,
    deploymentMessage,
    schemaPath,
    variablesPath,
    configPath,
    limit,
    dryRun,
    force,
    maskValues,
    failOnBreaking,
    waitForTestRuns,
    testRunTimeoutSeconds,
    overwriteStudioEdits,
    sourceEnvironment,
    ...bake
  }
  const ignored = [
    ...ignoredInputs(operation, read, ACTION_DEFAULTS, prComment),
    ...idleBakeInputs(read, REGISTRY[operation], { ...bake, waitForTestRuns })
  ]
  const common: CommonConfig = { operation, apiKey, baseUrl, agentId, timeoutSeconds, prComment, ignored }
  if (githubToken) common.githubToken = githubToken
  return { ...common, ...REGISTRY[operation].config(values) }
}
