/** The update-variables plan: the merge as PolyAI's PATCH applies it, and only the keys that really change. */
import { jsonEqual } from './json.js'

/** What a PATCH would change on one page, computed before sending it. */
export interface MergePlan {
  /** The values the page holds after the PATCH. */
  merged: Record<string, unknown>
  /** The PATCH body's `variables`: only added and changed keys. */
  patch: Record<string, unknown>
  /** Keys the page does not have yet. */
  added: string[]
  /** Keys whose value differs. */
  changed: string[]
}

/** Plans the shallow merge of `desired` into `current` (a page with no values counts as {}). */
export function planMerge(
  current: Record<string, unknown> | null | undefined,
  desired: Record<string, unknown>
): MergePlan {
  const before = current ?? {}
  const plan: MergePlan = { merged: { ...before }, patch: {}, added: [], changed: [] }
  for (const [key, value] of Object.entries(desired)) {
    const exists = Object.prototype.hasOwnProperty.call(before, key)
    if (exists && jsonEqual(before[key], value)) continue
    ;(exists ? plan.changed : plan.added).push(key)
    setOwn(plan.patch, key, value)
    setOwn(plan.merged, key, value)
  }
  return plan
}

/** obj[key] = value as an own data property, even for a key such as "__proto__". */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
}

/** True when the plan sends nothing. */
export function isNoop(plan: MergePlan): boolean {
  return plan.added.length === 0 && plan.changed.length === 0
}
