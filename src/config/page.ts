/** Reading a config page's schema and values where a step needs them (both may be absent or null). */
import { cut } from '../report/sanitize.js'
import { StepError } from '../core/errors.js'
import type { ConfigPage, Environment } from '../core/types.js'

export function pageObject(
  page: ConfigPage,
  key: 'schema' | 'variables',
  env: Environment
): Record<string, unknown> | null {
  const value = page[key]
  if (value === undefined || value === null) return null
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  const text = JSON.stringify(value) ?? String(value)
  throw new StepError(
    `The ${key} field of the API's ${env} config page is not a JSON object (${cut(text, 40)}), so the step cannot compare or check it; nothing was sent to ${env}`
  )
}
