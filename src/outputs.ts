/**
 * Writes step outputs, only through core.setOutput (its file-command delimiter handling means a
 * value with newlines or delimiter-like text cannot forge another output). Structured values are
 * JSON strings, for fromJSON() in workflows.
 *
 * Ids, versions and environment names come from the server, and workflows paste them into shell
 * commands (`run: echo ${{ steps.x.outputs.deploymentId }}`), where a newline, `;` or `$(…)` would
 * run. Each must match SAFE_VALUE; one that does not is never written (nor the JSON outputs that
 * carry it) and the step fails, naming it.
 */
import type { Outputs } from './report.js'
import { cut } from './sanitize.js'
import { ENVIRONMENTS } from './types.js'

export type SetOutput = (name: string, value: string) => void

/** What an id, version or environment name may be to become an output: no shell or Markdown meaning, bounded. */
export const SAFE_VALUE = /^[A-Za-z0-9._:-]{0,128}$/
/** What a URL (commentUrl) may be: http(s), and no quote, space, `;`, `&`, `$` or backtick. */
export const SAFE_URL = /^https?:\/\/[A-Za-z0-9._:/#%?=-]{1,500}$/

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
    d && typeof d === 'object' ? (['id', 'version'] as const).map((k) => [`${where}.${k}`, (d as Record<string, unknown>)[k]]) : []
  if (name === 'deployment') return fields('deployment', value)
  // The three stages' entries (read as deployments); another key's entry passes as the API wrote it.
  if (name === 'activeDeployments' && value && typeof value === 'object') {
    return ENVIRONMENTS.flatMap((env) => fields(`activeDeployments.${env}`, (value as Record<string, unknown>)[env]))
  }
  if (name === 'testRunResults' && Array.isArray(value)) {
    return value.map((r, i): [string, unknown] => [`testRunResults[${i}].id`, r && typeof r === 'object' ? (r as Record<string, unknown>).id : undefined])
  }
  if (name === 'deployments' && Array.isArray(value)) return value.flatMap((d, i) => fields(`deployments[${i}]`, d))
  return [[name, value]]
}

/** Whether an output value may reach a later shell step. */
function safeValue(name: string, value: string): boolean {
  return name === 'commentUrl' ? SAFE_URL.test(value) : SAFE_VALUE.test(value)
}

/**
 * Writes the outputs whose ids, versions and environment names are safe; returns the step's
 * failure message when some were not (undefined when all were written).
 */
export function writeOutputs(outputs: Outputs, setOutput: SetOutput): string | undefined {
  const refused: string[] = []
  const safe = (name: string, value: unknown): boolean => {
    const bad = namesIn(name, value).filter(([, v]) => typeof v === 'string' && !safeValue(name, v))
    for (const [where, v] of bad) refused.push(`${where} ${shown(v as string)}`)
    return bad.length === 0
  }
  setOutput('changed', String(outputs.changed))
  const plain: Array<[string, string | undefined]> = [
    ['deploymentId', outputs.deploymentId],
    ['environment', outputs.environment],
    ['version', outputs.version],
    ['previousDeploymentId', outputs.previousDeploymentId],
    ['commentUrl', outputs.commentUrl]
  ]
  for (const [name, value] of plain) if (value !== undefined && safe(name, value)) setOutput(name, value)
  const structured: Array<[string, unknown]> = [
    ['testRunIds', outputs.testRunIds],
    ['deployment', outputs.deployment],
    ['activeDeployments', outputs.activeDeployments],
    ['configPages', outputs.configPages],
    ['configPage', outputs.configPage],
    ['changedEnvironments', outputs.changedEnvironments],
    ['testRunResults', outputs.testRunResults],
    ['deployments', outputs.deployments],
    ['breakingChanges', outputs.breakingChanges],
    ['changedFiles', outputs.changedFiles]
  ]
  for (const [name, value] of structured) if (value !== undefined && safe(name, value)) setOutput(name, JSON.stringify(value))
  if (!refused.length) return undefined
  return `The API answered with ${refused.length === 1 ? 'a value' : 'values'} that cannot be step outputs (only letters, digits and . _ : - are safe in a later shell step; at most 128 characters): ${[...new Set(refused)].join(', ')}. Those outputs were not written; check the PolyAI API (or the proxy in between) before relying on this step.`
}
