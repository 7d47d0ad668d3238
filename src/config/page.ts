/** Reading a config page's schema and values where a step needs them (both may be absent or null). */
import { cut } from '../report/sanitize.js'
import { describeInexact, inexactNumbersIn } from '../core/json-syntax.js'
import { StepError } from '../core/errors.js'
import type { ConfigPage, Environment } from '../core/types.js'

export function pageObject(
  page: ConfigPage,
  key: 'schema' | 'variables',
  env: Environment
): Record<string, unknown> | null {
  const value = page[key]
  const inexact = inexactNumbersIn(page, `/${key}`)
  if (inexact.length) {
    const shown = inexact
      .slice(0, 3)
      .map((n) => `${n.pointer.slice(1)}: ${describeInexact(n.text, 'read as')}`)
      .join('; ')
    throw new StepError(
      `The ${key} field of the API's ${env} config page holds ` +
        `${inexact.length === 1 ? 'a number' : `${inexact.length} numbers`} that a double cannot ` +
        `hold exactly (${shown}${inexact.length > 3 ? '; …' : ''}), so the step cannot read or ` +
        `write ${inexact.length === 1 ? 'it' : 'them'} without changing ` +
        `${inexact.length === 1 ? 'it' : 'them'}; nothing was written or sent for ${env}. Store ` +
        `such a value as a string (or with at most 15 significant digits) in PolyAI Studio.`
    )
  }
  if (value === undefined || value === null) return null
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  const text = JSON.stringify(value) ?? String(value)
  throw new StepError(
    `The ${key} field of the API's ${env} config page is not a JSON object (${cut(text, 40)}), ` +
      `so the step cannot compare or check it; nothing was sent to ${env}`
  )
}
