/**
 * Close spellings, for "did you mean" hints: the Damerau-Levenshtein distance (optimal string
 * alignment: an insertion, deletion, substitution or swap of two neighbours counts 1), and the one
 * candidate close enough to a word to be its typo. Hints only: nothing is ever accepted in place
 * of what was written.
 */

/** Distance of two short words (case-insensitive), capped at `max` + 1. */
export function editDistance(a: string, b: string, max = 3): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  if (Math.abs(s.length - t.length) > max) return max + 1
  // Three rows: the one before last is needed for a swap.
  let before: number[] = []
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1)
      row[j] = d
    }
    before = prev
    prev = row
  }
  return Math.min(prev[t.length] ?? max + 1, max + 1)
}

/**
 * The candidate closest to `word` when it is close enough to be a typo: at most a third of the
 * word's length apart (at least 1, at most `max`). Ties go to the first candidate.
 */
export function closest(word: string, candidates: Iterable<string>, max = 3): string | undefined {
  const limit = Math.max(1, Math.min(max, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const c of candidates) {
    const d = editDistance(word, c, limit)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}
