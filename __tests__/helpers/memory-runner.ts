/**
 * The in-memory Runner for in-process tests: inputs and environment from a plain object, and
 * everything the step reports (log lines, outputs, summary, exit status) kept in memory. Log lines
 * are rendered as @actions/core prints them (`::warning::…`, escaped), so a test reads them as it
 * would read a real step's log.
 */
import * as os from 'node:os'
import type { ErrorAnnotation, Runner } from '../../src/github/runner.js'

export interface MemoryRunner extends Runner {
  /** Every line the step printed, in order, as the runner would show it. */
  readonly lines: string[]
  readonly outputs: Record<string, string>
  summary: string
  /** 1 once the step failed, else 0 (process.exitCode on a real runner). */
  code: number
}

/** Escapes a command's message as @actions/core does (so a value cannot start a new command). */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function command(name: string, message: string, properties: Array<[string, string | number | undefined]> = []): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

/** `env` holds INPUT_<NAME> variables as the runner sets them, plus any GITHUB_* context. */
export function memoryRunner(env: Record<string, string>): MemoryRunner {
  const runner: MemoryRunner = {
    env,
    lines: [],
    outputs: {},
    summary: '',
    code: 0,
    getInput: (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim(),
    setSecret: (value) => void runner.lines.push(command('add-mask', value)),
    setOutput: (name, value) => void (runner.outputs[name] = value),
    info: (message) => void runner.lines.push(message),
    notice: (message) => void runner.lines.push(command('notice', message)),
    warning: (message) => void runner.lines.push(command('warning', message)),
    debug: (message) => void runner.lines.push(command('debug', message)),
    fail: (message: string, a?: ErrorAnnotation) => {
      const props: Array<[string, string | number | undefined]> = a
        ? [
            ['title', a.title],
            ['file', a.file],
            ['line', a.startLine],
            ['col', a.startColumn]
          ]
        : []
      runner.lines.push(command('error', message, props))
      runner.code = 1
    },
    appendSummary: async (markdown) => {
      runner.summary += markdown
    }
  }
  return runner
}

/** The log as the runner's stdout would hold it. */
export function stdoutOf(runner: MemoryRunner): string {
  return runner.lines.map((line) => `${line}${os.EOL}`).join('')
}

/** The outputs as a GITHUB_OUTPUT file would hold them (heredoc form, as core.setOutput writes). */
export function outputTextOf(runner: MemoryRunner): string {
  return Object.entries(runner.outputs)
    .map(([name, value]) => `${name}<<ghadelimiter_memory${os.EOL}${value}${os.EOL}ghadelimiter_memory${os.EOL}`)
    .join('')
}
