/**
 * The few runner commands the start-up path needs (read an input, mask a secret, report an error),
 * written without @actions/core: core pulls in its HTTP stack at load time, which would triple the
 * cost of a step that fails input validation. Same formats and escaping as @actions/core.
 */
import { EOL } from 'node:os'

/** Escapes a command's message (as @actions/core's escapeData). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a command property (as @actions/core's escapeProperty). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::name k=v,…::message` followed by a newline. */
export function formatCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`
}

/** An input as the runner passes it (INPUT_<NAME>, spaces as underscores), trimmed, as core.getInput does. */
export function readInput(name: string, env: NodeJS.ProcessEnv): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}
