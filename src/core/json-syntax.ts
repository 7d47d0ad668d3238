/** Where a JSON text breaks (line, column, nesting), iteratively so hostile input cannot overflow the stack. */

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return { line, column }
}

/**
 * Deepest nesting of objects/arrays, found without recursion (so no stack overflow on hostile
 * input). With a limit, stops where the nesting first goes past it.
 */
export function nestingDepth(text: string, limit = Infinity): { depth: number; offset: number } {
  let depth = 0
  let max = 0
  let at = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') {
      depth++
      if (depth > max) {
        max = depth
        at = i
        if (depth > limit) break
      }
    } else if (c === '}' || c === ']') depth--
  }
  return { depth: max, offset: at }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

function shown(c: string | undefined): string {
  if (c === undefined) return 'the end of the file'
  if (c === '\n' || c === '\r') return 'a line break'
  return `'${c}'`
}

/**
 * Where and why a JSON text first breaks the grammar (undefined when it does not). Node's own
 * messages do not always give a position, and an annotation needs one. Iterative, so hostile
 * nesting cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  const stack: string[] = []
  let i = 0
  let mode: 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after' = 'value'
  const fail = (reason: string): { offset: number; reason: string } => ({ offset: i, reason })
  const scanString = (): { offset: number; reason: string } | undefined => {
    for (i++; i < text.length; i++) {
      const c = text[i] as string
      if (c === '"') {
        i++
        return undefined
      }
      if (c === '\\') {
        const e = text[i + 1]
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 5
        else if (e !== undefined && ESCAPES.has(e)) i++
        else return fail(`invalid escape in a string: \\${e ?? ''}`)
      } else if (c.charCodeAt(0) < 0x20) return fail('a line break or control character inside a string (escape it)')
    }
    return fail('a string that never ends (missing closing quote)')
  }
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
    const c = text[i]
    if (mode === 'after') {
      const top = stack[stack.length - 1]
      if (top === undefined)
        return c === undefined ? undefined : fail(`unexpected ${shown(c)} after the end of the JSON value`)
      const close = top === '{' ? '}' : ']'
      if (c === ',') {
        i++
        mode = top === '{' ? 'key' : 'value'
      } else if (c === close) {
        stack.pop()
        i++
      } else return fail(`expected ',' or '${close}', found ${shown(c)}`)
    } else if (mode === 'key' || mode === 'key-or-close') {
      if (mode === 'key-or-close' && c === '}') {
        stack.pop()
        i++
        mode = 'after'
        continue
      }
      if (c !== '"') return fail(`expected a double-quoted property name, found ${shown(c)}`)
      const bad = scanString()
      if (bad) return bad
      while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
      if (text[i] !== ':') return fail(`expected ':' after the property name, found ${shown(text[i])}`)
      i++
      mode = 'value'
    } else {
      if (mode === 'value-or-close' && c === ']') {
        stack.pop()
        i++
        mode = 'after'
        continue
      }
      if (c === '{' || c === '[') {
        stack.push(c)
        i++
        mode = c === '{' ? 'key-or-close' : 'value-or-close'
        continue
      }
      mode = 'after'
      if (c === '"') {
        const bad = scanString()
        if (bad) return bad
        continue
      }
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i))
      if (literal) {
        i += literal.length
        continue
      }
      NUMBER.lastIndex = i
      if (NUMBER.test(text)) {
        i = NUMBER.lastIndex
        continue
      }
      return fail(`expected a value (a string, number, object, array, true, false or null), found ${shown(c)}`)
    }
  }
}

/** A number in a JSON text that a double cannot hold: where (JSON pointer) and as written. */
export interface InexactNumber {
  pointer: string
  text: string
  /** Where the token starts in the text. */
  offset: number
}

/** `-12.50e3` as sign, significant digits (no leading or trailing zeros) and power of ten; zero is `0`. */
function decimalValue(token: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(token)
  if (!m) return token
  const [, sign = '', int = '', frac = '', exp = '0'] = m
  let digits = int + frac
  let power = BigInt(exp) - BigInt(frac.length)
  const lead = digits.search(/[^0]/)
  if (lead < 0) return '0'
  digits = digits.slice(lead)
  const trail = digits.length - digits.replace(/0+$/, '').length
  digits = digits.slice(0, digits.length - trail)
  power += BigInt(trail)
  return `${sign}${digits}e${power}`
}

/**
 * Whether a JSON number token survives a round trip through a double: parsed, then written back
 * (as JSON.stringify writes it), it names the same decimal value. `1.0`, `1e2` and `0.1` do;
 * `1e400` (Infinity, written null), `1e-400` (0) and `12345678901234567891` (…567000) do not.
 */
export function survivesDouble(token: string): boolean {
  const value = Number(token)
  if (!Number.isFinite(value)) return false
  return decimalValue(token) === decimalValue(String(value))
}

const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/**
 * Every number in a valid JSON text that does not survive a round trip through a double
 * (survivesDouble), with the JSON pointer of where it stands. JSON.parse cannot say (Node 20 gives
 * a reviver no source text), so the text's own tokens are read: strings are skipped whole (escapes
 * included), and the path is kept as objects and arrays open and close. Iterative and linear.
 */
export function inexactNumbers(text: string): InexactNumber[] {
  const found: InexactNumber[] = []
  // Per open container: the raw key (object) or the item index (array).
  const path: Array<{ key?: [number, number]; index?: number }> = []
  let expectKey = false
  const pointerOf = (): string =>
    path
      .map((frame) => {
        const token = frame.key ? String(JSON.parse(text.slice(frame.key[0], frame.key[1]))) : String(frame.index)
        return `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`
      })
      .join('')
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // A string: find its end, skipping escapes.
      const start = i
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === 0x5c) i++
        else if (d === 0x22) break
      }
      const top = path[path.length - 1]
      if (expectKey && top) {
        top.key = [start, i + 1]
        expectKey = false
      }
    } else if (c === 0x7b) {
      path.push({})
      expectKey = true
    } else if (c === 0x5b) {
      path.push({ index: 0 })
    } else if (c === 0x7d || c === 0x5d) {
      path.pop()
    } else if (c === 0x2c) {
      const top = path[path.length - 1]
      if (top?.index !== undefined) top.index++
      else expectKey = true
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER_TOKEN.lastIndex = i
      const m = NUMBER_TOKEN.exec(text)
      if (!m) continue
      const token = m[0]
      // Integers of up to 15 digits are always exact: the common case costs no conversion.
      if (!(token.length < 16 && /^-?\d+$/.test(token)) && !survivesDouble(token))
        found.push({ pointer: pointerOf(), text: token, offset: i })
      i = NUMBER_TOKEN.lastIndex - 1
    }
  }
  return found
}

/** What a double makes of an inexact number, as JSON would write it back ("null" for 1e400). */
export function asDouble(token: string): string {
  return JSON.stringify(Number(token))
}

/** "1e400 would be read as null" (a token of a thousand digits is shown cut). */
export function describeInexact(token: string, verb: string): string {
  const short = (t: string): string => (t.length > 40 ? `${t.slice(0, 39)}…` : t)
  return `${short(token)} would be ${verb} ${short(asDouble(token))}`
}

/** Inexact numbers of parsed API answers, by the parsed root (see noteInexactNumbers). */
const INEXACT = new WeakMap<object, InexactNumber[]>()

/** Scans `text` (just parsed into `value`) and remembers its inexact numbers with the value. */
export function noteInexactNumbers(value: unknown, text: string): void {
  if (typeof value !== 'object' || value === null) return
  const found = inexactNumbers(text)
  if (found.length) INEXACT.set(value, found)
}

/** The inexact numbers noted for a parsed answer whose pointer starts with `prefix` ([] when none). */
export function inexactNumbersIn(value: unknown, prefix = ''): InexactNumber[] {
  if (typeof value !== 'object' || value === null) return []
  return (INEXACT.get(value) ?? []).filter((n) => n.pointer === prefix || n.pointer.startsWith(`${prefix}/`))
}
