/** Reads and checks the file inputs the step's operation declared, before any request. */
import { loadJsonSource } from '../core/files.js'
import type { StepFiles } from '../core/context.js'
import { resolveOutputFolder } from '../config/pull-files.js'
import type { Config } from '../operations/registry.js'

export async function loadFiles(config: Config, workspace: string): Promise<StepFiles> {
  const files: StepFiles = {}
  // A config promotion (sync-config's sourceEnvironment) reads a page, not files.
  if ('sourceEnvironment' in config && config.sourceEnvironment) return files
  if ('schemaPath' in config) {
    files.schema = await loadJsonSource(config.schemaPath, 'schemaPath', 'schema.json', config.environments, workspace)
  }
  if ('variablesPath' in config) {
    const { variablesPath, environments } = config
    files.variables = await loadJsonSource(variablesPath, 'variablesPath', 'data.json', environments, workspace)
  }
  if ('configPath' in config) {
    files.configFolder = await resolveOutputFolder(config.configPath, 'configPath', workspace)
  }
  return files
}
