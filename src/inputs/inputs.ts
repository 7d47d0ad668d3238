/**
 * Inputs → one typed Config (step-config.ts: each operation gets exactly its inputs). Every problem
 * is collected and reported together (so a workflow is fixed in one round), each naming the input
 * and the fix; nothing is sent before this succeeds.
 */
import type { CommonConfig, Config, OperationConfig } from '../core/step-config.js'
import { ExpectedError } from '../core/errors.js'
import { ignoredInputs } from './ignored.js'
import { bakeFitProblem, readBakeInputs } from './bake-inputs.js'
import { cut } from '../report/sanitize.js'
import {
  type Environment,
  ENVIRONMENTS,
  isEnvironment,
  type Operation,
  OPERATIONS,
  type Region,
  REGIONS
} from '../core/types.js'

export type { Config } from '../core/step-config.js'

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

/** Operations that write state and so need their environment named explicitly. */
const CONFIG_WRITES: readonly Operation[] = ['upsert-schema', 'update-variables', 'sync-config']
/** Operations that take several environments (a comma list or all). */
const MULTI_ENVIRONMENT: readonly Operation[] = [...CONFIG_WRITES, 'pull-config']
export const DEFAULT_CONFIG_PATH = 'real_time_configuration'

/** list-deployments shows this many deployments unless limit says otherwise. */
export const DEFAULT_LIST_LIMIT = 10
/** list-deployments' limit: at most this many (the API documents no maximum). */
const MAX_LIMIT = 100

function quote(value: string): string {
  return JSON.stringify(cut(value, 60))
}

function checkId(name: string, value: string, problems: string[]): void {
  if (value === '.' || value === '..' || !ID_PATTERN.test(value)) {
    problems.push(
      `${name} ${quote(value)} is not a valid id: use only letters, digits, '.', '_' and '-' (at most 128), as shown in PolyAI Studio or by the get-active-deployments operation`
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

function readLimit(read: InputReader, problems: string[]): number {
  const raw = read('limit').trim()
  if (raw === '') return DEFAULT_LIST_LIMIT
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    problems.push(
      `limit must be a whole number from 1 to ${MAX_LIMIT} (the number of deployments list-deployments shows), got ${quote(raw)}`
    )
    return DEFAULT_LIST_LIMIT
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

/** Parses targetEnvironment for the operation: a single name, a comma list or `all` (config writes). */
function readEnvironments(operation: Operation | undefined, raw: string, problems: string[]): Environment[] {
  const text = raw.trim().toLowerCase()
  const allowList = operation !== undefined && MULTI_ENVIRONMENT.includes(operation)
  const names =
    text === '' ? [] : text === 'all' && allowList ? [...ENVIRONMENTS] : text.split(',').map((s) => s.trim())
  const envs: Environment[] = []
  for (const name of names) {
    if (!isEnvironment(name)) {
      problems.push(
        `targetEnvironment ${quote(name)} is not an environment: use ${ENVIRONMENTS.join(', ')}${allowList ? ', a comma-separated list of them, or all' : ''}`
      )
    } else if (!envs.includes(name)) envs.push(name)
  }
  if (!allowList && envs.length > 1) {
    problems.push(
      `targetEnvironment takes a single environment for ${operation ?? 'this operation'}, got ${quote(raw.trim())}`
    )
  }
  switch (operation) {
    case 'promote':
      if (envs[0] === 'sandbox') {
        problems.push('targetEnvironment for promote must be pre-release or live (sandbox is reached by publish)')
      }
      return envs
    case 'publish':
      return envs.length ? envs : ['sandbox']
    case 'pull-config':
      return names.length ? ENVIRONMENTS.filter((e) => envs.includes(e)) : [...ENVIRONMENTS]
    case 'get-config-page':
    case 'list-deployments':
    case 'upsert-schema':
    case 'update-variables':
    case 'sync-config':
      if (names.length === 0) {
        const what =
          operation === 'list-deployments'
            ? 'environment to list'
            : `config page environment (${ENVIRONMENTS.join(', ')}${allowList ? ', a comma-separated list, or all' : ''}) so nothing writes to live by accident`
        problems.push(`targetEnvironment is required for ${operation}: name the ${what}`)
      }
      return ENVIRONMENTS.filter((e) => envs.includes(e))
    default:
      return envs
  }
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
  } else if (!(OPERATIONS as readonly string[]).includes(operationRaw)) {
    problems.push(`operation ${quote(operationRaw)} is unknown: use one of ${OPERATIONS.join(', ')}`)
  } else {
    operation = operationRaw as Operation
  }

  const apiKey = read('apiKey').trim() || (env.POLYAI_API_KEY ?? '').trim()
  if (apiKey === '') {
    problems.push(
      'apiKey is required: pass `apiKey: ${{ secrets.POLYAI_API_KEY }}` or set the POLYAI_API_KEY environment variable'
    )
  } else if (/[^\x21-\x7e]/.test(apiKey)) {
    // Never echoed: it is the secret. Such a key could not be sent as a header anyway.
    problems.push(
      'apiKey contains spaces, line breaks, control or non-ASCII characters, so it cannot be sent as the X-API-KEY header: check how the secret was stored'
    )
  }

  const baseUrl = readBaseUrl(read, problems)

  const agentId = read('agentId').trim()
  if (agentId === '') problems.push('agentId is required: the id of the agent, as shown in PolyAI Studio')
  else checkId('agentId', agentId, problems)

  const deploymentId = read('deploymentId').trim()
  if (deploymentId !== '') checkId('deploymentId', deploymentId, problems)

  const environments = readEnvironments(operation, read('targetEnvironment'), problems)

  if (operation === 'rollback' && deploymentId === '' && environments.length === 0) {
    problems.push(
      'rollback needs deploymentId (the deployment whose version to restore) or targetEnvironment (to roll back there to the previous version)'
    )
  }

  const deploymentMessage = read('deploymentMessage').trim()
  if (deploymentMessage.length > MAX_MESSAGE_LENGTH) {
    problems.push(`deploymentMessage is ${deploymentMessage.length} characters long: keep it to ${MAX_MESSAGE_LENGTH}`)
  }

  const schemaPath = read('schemaPath').trim()
  if ((operation === 'upsert-schema' || operation === 'sync-config') && schemaPath === '') {
    problems.push(
      `schemaPath is required for ${operation}: the path of the JSON Schema file (or CLI config folder) in the repository`
    )
  }
  const variablesPath = read('variablesPath').trim()
  if ((operation === 'update-variables' || operation === 'sync-config') && variablesPath === '') {
    problems.push(
      `variablesPath is required for ${operation}: the path of a JSON object file of values (or CLI config folder) in the repository`
    )
  }
  const limit = operation === 'list-deployments' ? readLimit(read, problems) : DEFAULT_LIST_LIMIT

  const dryRun = readBoolean(read, 'dryRun', false, problems)
  const force = readBoolean(read, 'force', false, problems)
  const waitForTestRuns = readBoolean(read, 'waitForTestRuns', false, problems)
  const maskValues = readBoolean(read, 'maskValues', false, problems)
  const failOnBreaking = readBoolean(read, 'failOnBreaking', false, problems)
  const prComment = readBoolean(read, 'prComment', false, problems)
  const configPath = read('configPath').trim() || DEFAULT_CONFIG_PATH
  const givenTimeout = readSeconds(read, 'timeoutSeconds', 0, problems) // 0: not given
  const testRunTimeoutSeconds = readSeconds(read, 'testRunTimeoutSeconds', 900, problems)
  const bake = readBakeInputs(
    read,
    {
      operation,
      environments,
      agentId,
      quote,
      readBoolean: (name, fallback) => readBoolean(read, name, fallback, problems)
    },
    problems
  )
  // Unset, the step's budget covers the deploy (300 s) plus the test-run wait and the bake, so the
  // default testRunTimeoutSeconds is not silently cut short by the default timeoutSeconds.
  const testRunWait = waitForTestRuns ? testRunTimeoutSeconds : 0
  const timeoutSeconds = givenTimeout || Math.min(MAX_TIMEOUT_SECONDS, 300 + testRunWait + bake.bakeSeconds)
  const unfit = bakeFitProblem(bake.bakeSeconds, testRunWait, timeoutSeconds, givenTimeout > 0)
  if (unfit) problems.push(unfit)
  if (waitForTestRuns && givenTimeout && testRunTimeoutSeconds >= givenTimeout) {
    problems.push(
      `testRunTimeoutSeconds (${testRunTimeoutSeconds}) must be shorter than timeoutSeconds (${givenTimeout}), which bounds the whole step: raise timeoutSeconds or leave it empty (it then defaults to 300 + testRunTimeoutSeconds)`
    )
  }
  const githubToken = read('githubToken').trim()
  if (prComment && githubToken === '') {
    problems.push(
      'prComment needs githubToken: pass `githubToken: ${{ github.token }}` and give the job `permissions: pull-requests: write`'
    )
  }

  if (problems.length > 0 || operation === undefined) throw new InputError(problems)

  const ignored = ignoredInputs(operation, read, {
    waitForTestRuns,
    githubToken: githubToken !== '',
    prComment,
    bake: bake.bakeSeconds > 0,
    rollbackOnFailure: bake.rollbackOnFailure
  })
  const common: CommonConfig = { apiKey, baseUrl, agentId, timeoutSeconds, prComment, ignored }
  if (githubToken) common.githubToken = githubToken
  const deploy = {
    dryRun,
    waitForTestRuns,
    testRunTimeoutSeconds,
    ...bake,
    ...(deploymentMessage ? { deploymentMessage } : {})
  }
  const id = deploymentId ? { deploymentId } : {}
  const [first] = environments
  const target = first ? { targetEnvironment: first } : {}
  const operationConfig = ((): OperationConfig => {
    switch (operation) {
      case 'promote':
        return { operation, force, ...deploy, ...id, ...target }
      case 'rollback':
        // The problems above guarantee one of the two.
        if (deploymentId) return { operation, force, ...deploy, deploymentId, ...target }
        return { operation, force, ...deploy, targetEnvironment: first ?? 'sandbox' }
      case 'publish':
        return { operation, ...deploy, targetEnvironment: first ?? 'sandbox' }
      case 'get-config-page':
        return { operation, targetEnvironment: first ?? 'sandbox' }
      case 'list-deployments':
        return { operation, targetEnvironment: first ?? 'live', limit }
      case 'upsert-schema':
        return { operation, environments, dryRun, schemaPath, force, failOnBreaking, maskValues }
      case 'update-variables':
        return { operation, environments, dryRun, variablesPath, force, maskValues }
      case 'pull-config':
        return { operation, environments, dryRun, configPath }
      case 'sync-config':
        return { operation, environments, dryRun, schemaPath, variablesPath, force, failOnBreaking, maskValues }
      default:
        return { operation }
    }
  })()
  return { ...common, ...operationConfig }
}
