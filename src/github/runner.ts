/** The one seam between the step and the runner; production uses @actions/core, tests an in-memory runner. */

/** How an error is annotated: its title and, for a file error, where it points. */
export interface ErrorAnnotation {
  title: string
  file?: string
  startLine?: number
  startColumn?: number
}

export interface Runner {
  /** The runner's environment: GITHUB_* context, GITHUB_WORKSPACE, the POLYAI_API_KEY fallback. */
  readonly env: NodeJS.ProcessEnv
  /** An input by name, trimmed ('' when not given). */
  getInput(name: string): string
  /** Asks the runner to mask a value in every log line from now on. */
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** Reports an error (titled, and on a file, when `annotation` says so) and marks the step failed. */
  fail(message: string, annotation?: ErrorAnnotation): void
  /** Appends Markdown to the job summary (nothing when the runner gives no summary file). */
  appendSummary(markdown: string): Promise<void>
}
