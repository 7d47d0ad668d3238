/** The Runner as GitHub's runner sees it: everything goes through @actions/core. */
import { appendFile } from 'node:fs/promises'
import * as core from '@actions/core'
import type { ErrorAnnotation, Runner } from './runner.js'

export function actionsRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  return {
    env,
    getInput: (name) => core.getInput(name),
    setSecret: (value) => core.setSecret(value),
    setOutput: (name, value) => core.setOutput(name, value),
    info: (message) => core.info(message),
    notice: (message) => core.notice(message),
    warning: (message) => core.warning(message),
    debug: (message) => core.debug(message),
    fail: (message, annotation) => {
      if (!annotation) return core.setFailed(message)
      // setFailed takes no annotation properties, and would add a second, unannotated error.
      core.error(message, properties(annotation))
      process.exitCode = 1
    },
    // Appends to the file as core.summary.write does, without core.summary's cached path.
    appendSummary: async (markdown) => {
      if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, markdown, 'utf8')
    }
  }
}

function properties(a: ErrorAnnotation): core.AnnotationProperties {
  const props: core.AnnotationProperties = { title: a.title }
  if (a.file !== undefined) props.file = a.file
  if (a.startLine !== undefined) props.startLine = a.startLine
  if (a.startColumn !== undefined) props.startColumn = a.startColumn
  return props
}
