/** The summary rows of config pages (list-config-pages, get-config-page). */
import { type ConfigPage, isJsonObject } from '../core/types.js'

export const PAGE_HEADERS = ['Environment', 'Schema properties', 'Variables', 'Last updated']

/** Top-level property names of a page's schema, for the summary. */
export function schemaProperties(page: ConfigPage): string[] {
  const props = isJsonObject(page.schema) ? page.schema.properties : undefined
  return isJsonObject(props) ? Object.keys(props) : []
}

/** One summary row per page: environment, schema properties, variable count, last update. */
export function pageRows(pages: ConfigPage[]): string[][] {
  // Every field may be absent or odd in the contract: the summary shows what is there.
  return pages.map((p) => [
    typeof p.clientEnv === 'string' && p.clientEnv !== '' ? p.clientEnv : '—',
    isJsonObject(p.schema) ? schemaProperties(p).join(', ') || '(no properties)' : 'no schema',
    isJsonObject(p.variables) ? String(Object.keys(p.variables).length) : '0',
    typeof p.lastUpdated === 'string' && p.lastUpdated !== '' ? p.lastUpdated : '—'
  ])
}
