/**
 * Writes step outputs, only through core.setOutput (its file-command delimiter handling means a
 * value with newlines or delimiter-like text cannot forge another output). Structured values are
 * JSON strings, for fromJSON() in workflows.
 */
import type { Outputs } from './report.js'

export type SetOutput = (name: string, value: string) => void

export function writeOutputs(outputs: Outputs, setOutput: SetOutput): void {
  setOutput('changed', String(outputs.changed))
  const plain: Array<[string, string | undefined]> = [
    ['deploymentId', outputs.deploymentId],
    ['environment', outputs.environment],
    ['version', outputs.version],
    ['previousDeploymentId', outputs.previousDeploymentId],
    ['commentUrl', outputs.commentUrl]
  ]
  for (const [name, value] of plain) if (value !== undefined) setOutput(name, value)
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
  for (const [name, value] of structured) if (value !== undefined) setOutput(name, JSON.stringify(value))
}
