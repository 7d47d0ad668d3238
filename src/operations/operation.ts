/** What an operation is: its declaration, which the registry lists and the rest of the action reads. */
import type { CommonConfig, DeployConfig, MultiEnvironment } from '../core/step-config.js'
import type { OperationContext } from '../core/context.js'
import type { DeployingOperation, Environment } from '../core/types.js'
import type { OperationResult, Outputs } from '../report/report.js'

/**
 * The inputs an operation may use besides the common ones (operation, apiKey, region, baseUrl,
 * agentId, timeoutSeconds, githubToken, prComment), as parsed: each is checked by its kind for
 * every step (so a typo is caught whatever the operation), defaulted, then handed to `config`.
 */
export interface InputValues {
  /** '' when not given. */
  deploymentId: string
  /** In pipeline order, the operation's default applied ([] when none). */
  targetEnvironment: Environment[]
  /** '' when not given. */
  deploymentMessage: string
  schemaPath: string
  variablesPath: string
  configPath: string
  limit: number
  dryRun: boolean
  force: boolean
  maskValues: boolean
  failOnBreaking: boolean
  waitForTestRuns: boolean
  testRunTimeoutSeconds: number
  /** Config writes: write the repository's side of a conflict with Studio's edits (three-way.ts). */
  overwriteStudioEdits: boolean
  /** sync-config: the environment whose page to promote instead of files (undefined when not given). */
  sourceEnvironment: Environment | undefined
  /** 0: no bake. */
  bakeSeconds: number
  rollbackOnFailure: boolean
  /** agentId when not given. */
  alertsProjectId: string
}
export type OperationInput = keyof InputValues

/** How an operation reads targetEnvironment. */
export interface EnvironmentUse {
  /** A comma-separated list or `all` (config writes and pulls); otherwise a single environment. */
  many?: true
  /** Required: what the user must name ("name the …"). */
  required?: string
  /** Used when none is given. */
  default?: readonly Environment[]
  /** A problem with the environment given, or undefined. */
  check?: (environments: readonly Environment[]) => string | undefined
}

/** A path input the operation cannot run without: what it is, for the problem. */
export interface PathUse {
  required: string
  /** Not required when this input is given (sync-config's files, with sourceEnvironment). */
  unlessGiven?: 'sourceEnvironment'
}

/** A count input: its range, and what it counts (for the problem). */
export interface CountUse {
  max: number
  what: string
}

interface UseKinds {
  targetEnvironment: EnvironmentUse
  schemaPath: PathUse
  variablesPath: PathUse
  limit: CountUse
}

/**
 * The inputs an operation uses, each with its rules for this operation. The files it reads are its
 * path inputs: schemaPath and variablesPath (JSON, read and checked before any request), configPath
 * (the folder it writes).
 */
export type InputUses = { [K in OperationInput]?: K extends keyof UseKinds ? UseKinds[K] : true }

export type OutputName = keyof Outputs

export interface OperationSpec<C extends { operation: string }> {
  name: C['operation']
  inputs: InputUses
  /** A problem inputs make together (deploymentId and targetEnvironment, say), or undefined. */
  check?: (
    values: Pick<
      InputValues,
      'deploymentId' | 'targetEnvironment' | 'schemaPath' | 'variablesPath' | 'sourceEnvironment'
    >
  ) => string | undefined
  /** Whether it deploys (so it can wait for test runs and be recorded as a GitHub Deployment). */
  deploys: C['operation'] extends DeployingOperation ? true : false
  /** Whether its plan or result is worth a pull request comment (prComment). */
  prComment: boolean
  /** The outputs it may write (changed and commentUrl are every step's). */
  outputs: readonly OutputName[]
  /** Its part of the config, from inputs already checked. */
  config: (values: InputValues) => C
  run: (ctx: OperationContext<CommonConfig & C>) => Promise<OperationResult>
}

/** The outputs of a deployment (made, skipped or planned), and of its test-run wait. */
export const DEPLOYMENT_OUTPUTS = [
  'deploymentId',
  'testRunIds',
  'environment',
  'version',
  'deployment',
  'previousDeploymentId',
  'testRunResults',
  'health',
  'alerts',
  'rollbackDeploymentId'
] as const satisfies readonly OutputName[]

/** The outputs of a config write. */
export const CONFIG_WRITE_OUTPUTS = [
  'configPages',
  'configPage',
  'changedEnvironments'
] as const satisfies readonly OutputName[]

/** The deploy inputs of a deploying operation's config. */
export function deployInputs(values: InputValues): DeployConfig {
  const { dryRun, waitForTestRuns, testRunTimeoutSeconds, deploymentMessage } = values
  const { bakeSeconds, rollbackOnFailure, alertsProjectId } = values
  return {
    dryRun,
    waitForTestRuns,
    testRunTimeoutSeconds,
    bakeSeconds,
    rollbackOnFailure,
    alertsProjectId,
    ...(deploymentMessage ? { deploymentMessage } : {})
  }
}

/** The environments and dry run of a config write or pull. */
export function multiEnvironment(values: InputValues): MultiEnvironment {
  return { environments: values.targetEnvironment, dryRun: values.dryRun }
}

/** What every config write (upsert-schema, update-variables, sync-config) reads. */
export interface ConfigWrite extends MultiEnvironment {
  force: boolean
  maskValues: boolean
  /** Each page is merged three-way against its base; true writes the repository's side of a conflict. */
  overwriteStudioEdits: boolean
}

/** The inputs every config write uses; targetEnvironment required, a list or all. */
export const CONFIG_WRITE_INPUTS = {
  dryRun: true,
  force: true,
  maskValues: true,
  overwriteStudioEdits: true,
  targetEnvironment: {
    many: true,
    required:
      'config page environment (sandbox, pre-release, live, a comma-separated list, or all) so nothing writes to live by accident'
  }
} as const satisfies InputUses

/** A config write's part of the config that every config write shares. */
export function configWrite(values: InputValues): ConfigWrite {
  return {
    ...multiEnvironment(values),
    force: values.force,
    maskValues: values.maskValues,
    overwriteStudioEdits: values.overwriteStudioEdits
  }
}

/** schemaPath, where an operation needs it. */
export const SCHEMA_PATH: PathUse = {
  required: 'the path of the JSON Schema file (or CLI config folder) in the repository'
}

/** variablesPath, where an operation needs it. */
export const VARIABLES_PATH: PathUse = {
  required: 'the path of a JSON object file of values (or CLI config folder) in the repository'
}
