/** The workflow-command lines of a step's log, for assertions. */
type Log = string | { stdout: string }

const linesOf = (log: Log): string[] => (typeof log === 'string' ? log : log.stdout).split('\n')

/** The first `::error` line ('' when there is none). */
export const errorLine = (log: Log): string => linesOf(log).find((l) => l.startsWith('::error')) ?? ''

/** Every `::warning::` line. */
export const warnings = (log: Log): string[] => linesOf(log).filter((l) => l.startsWith('::warning::'))
