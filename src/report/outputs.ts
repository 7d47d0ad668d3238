/** Writes step outputs through core.setOutput: safe values only, within the job's 1 MB (docs/architecture.md). */
import type { Outputs } from './report.js'
import { cut } from './sanitize.js'
import { ENVIRONMENTS } from '../core/types.js'

export type SetOutput = (name: string, value: string) => void

/** What an id, version or environment name may be to become an output: no shell or Markdown meaning, bounded. */
export const SAFE_VALUE = /^[A-Za-z0-9._:-]{0,128}$/
/** What a URL (commentUrl) may be: http(s), and no quote, space, `;`, `&`, `$` or backtick. */
export const SAFE_URL = /^https?:\/\/[A-Za-z0-9._:/#%?=-]{1,500}$/

/** What the step's outputs may take, together, of the 1 MB GitHub allows all outputs of a job. */
export const OUTPUT_BUDGET_BYTES = 900_000

/**
 * Every output, as written: plain text (ids, versions, the environment, a URL) or JSON; in the
 * order they are set. The type makes it list every field of Outputs.
 */
export const OUTPUT_FORMS: { readonly [K in keyof Outputs]-?: 'plain' | 'json' } = {
  changed: 'plain',
  deploymentId: 'plain',
  environment: 'plain',
  version: 'plain',
  previousDeploymentId: 'plain',
  commentUrl: 'plain',
  testRunIds: 'json',
  deployment: 'json',
  activeDeployments: 'json',
  configPages: 'json',
  configPage: 'json',
  changedEnvironments: 'json',
  testRunResults: 'json',
  deployments: 'json',
  breakingChanges: 'json',
  changedFiles: 'json',
  health: 'plain',
  rollbackDeploymentId: 'plain',
  alerts: 'json'
}
const OUTPUT_NAMES = Object.keys(OUTPUT_FORMS) as Array<keyof Outputs>

/** Where the data of a JSON output left out for its size can be found instead. */
const ELSEWHERE: Record<string, string> = {
  testRunIds: 'the job summary lists the runs, and testRunResults has them when it fits',
  testRunResults:
    "the job summary's Test runs table has every run (or says how many rows it left out), and testRunIds is written when it fits",
  configPages:
    "the job summary has an overview only: get-config-page outputs one environment's page, and " +
    'pull-config writes every page to files a later step can read',
  configPage: 'the job summary has an overview only: pull-config writes the page to files a later step can read',
  changedFiles:
    'the files are in the workspace, the job summary lists them, and the changed output says whether any was written',
  breakingChanges: "the job summary's Breaking changes table lists them",
  deployments: 'the job summary lists them; a lower limit makes the list shorter',
  alerts: "the job summary's bake section lists them"
}

/**
 * Where a cut summary table's full data is ("the testRunResults output") once some outputs were
 * left out for their size: not in an output that was not written.
 */
export function fullDataAfter(where: string, leftOut: ReadonlySet<string>): string {
  const name = /^the (\w+) output$/.exec(where)?.[1]
  if (name === undefined || !leftOut.has(name)) return where
  const ids =
    name === 'testRunResults' && !leftOut.has('testRunIds') ? ', and the testRunIds output lists every run' : ''
  return `PolyAI Studio (the ${name} output was too large to write${ids})`
}

/** The value as a reader can see it in an error: quoted, control characters escaped, cut. */
function shown(value: string): string {
  const text = JSON.stringify(cut(value, 80))
  return text.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
}

/** The ids, versions and environment names inside one output, with where each is. */
function namesIn(name: string, value: unknown): Array<[where: string, value: unknown]> {
  if (name === 'testRunIds' || name === 'changedEnvironments') {
    return Array.isArray(value) ? value.map((v, i): [string, unknown] => [`${name}[${i}]`, v]) : []
  }
  // Inside a deployment, the id and version: its environment is the server's free text (the
  // `environment` output is the stage key, checked as a plain output).
  const fields = (where: string, d: unknown): Array<[string, unknown]> =>
    d && typeof d === 'object'
      ? (['id', 'version'] as const).map((k) => [`${where}.${k}`, (d as Record<string, unknown>)[k]])
      : []
  if (name === 'deployment') return fields('deployment', value)
  // The three stages' entries (read as deployments); another key's entry passes as the API wrote it.
  if (name === 'activeDeployments' && value && typeof value === 'object') {
    return ENVIRONMENTS.flatMap((env) => fields(`activeDeployments.${env}`, (value as Record<string, unknown>)[env]))
  }
  if (name === 'testRunResults' && Array.isArray(value)) {
    return value.map((r, i): [string, unknown] => [
      `testRunResults[${i}].id`,
      r && typeof r === 'object' ? (r as Record<string, unknown>).id : undefined
    ])
  }
  if (name === 'alerts' && Array.isArray(value)) {
    return value.map((a, i): [string, unknown] => [
      `alerts[${i}].ruleId`,
      a && typeof a === 'object' ? (a as Record<string, unknown>).ruleId : undefined
    ])
  }
  if (name === 'deployments' && Array.isArray(value)) return value.flatMap((d, i) => fields(`deployments[${i}]`, d))
  return [[name, value]]
}

function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1000).toLocaleString('en-US')} KB`
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Whether an output value may reach a later shell step. */
function safeValue(name: string, value: string): boolean {
  return name === 'commentUrl' ? SAFE_URL.test(value) : SAFE_VALUE.test(value)
}

/**
 * Writes the outputs whose ids, versions and environment names are safe, within the budget
 * (`leftOut` hears of each left out for its size, with the warning to give); returns the step's failure message when some were
 * unsafe (undefined when none was).
 */
export function writeOutputs(
  outputs: Outputs,
  setOutput: SetOutput,
  leftOut: (name: string, message: string) => void = () => undefined
): string | undefined {
  const refused: string[] = []
  const safe = (name: string, value: unknown): boolean => {
    const bad = namesIn(name, value).filter(([, v]) => typeof v === 'string' && !safeValue(name, v))
    for (const [where, v] of bad) refused.push(`${where} ${shown(v as string)}`)
    return bad.length === 0
  }
  const written: Array<[string, string]> = [['changed', String(outputs.changed)]]
  const json: Array<[string, string]> = []
  for (const name of OUTPUT_NAMES) {
    const value = outputs[name]
    if (name === 'changed' || value === undefined || !safe(name, value)) continue
    if (OUTPUT_FORMS[name] === 'json') json.push([name, JSON.stringify(value)])
    else written.push([name, String(value)])
  }
  for (const [name, value] of written) setOutput(name, value)
  const size = (name: string, value: string): number => Buffer.byteLength(name) + Buffer.byteLength(value)
  let used = written.reduce((sum, [name, value]) => sum + size(name, value), 0)
  const admitted = new Set<string>()
  for (const [name, value] of [...json].sort((a, b) => size(...a) - size(...b))) {
    if (used + size(name, value) > OUTPUT_BUDGET_BYTES) {
      leftOut(
        name,
        `The ${name} output was not written: it is ${kilobytes(size(name, value))}, and a step's ` +
          `outputs are kept under ${kilobytes(OUTPUT_BUDGET_BYTES)} (GitHub allows 1 MB for all the ` +
          `outputs of a job). ${capitalized(ELSEWHERE[name] ?? 'the job summary shows its data')}.`
      )
      continue
    }
    used += size(name, value)
    admitted.add(name)
  }
  for (const [name, value] of json) if (admitted.has(name)) setOutput(name, value)
  if (!refused.length) return undefined
  return (
    `The API answered with ${refused.length === 1 ? 'a value' : 'values'} that cannot be step ` +
    `outputs (only letters, digits and . _ : - are safe in a later shell step; at most 128 ` +
    `characters): ${[...new Set(refused)].join(', ')}. Those outputs were not written; check ` +
    `the PolyAI API (or the proxy in between) before relying on this step.`
  )
}
