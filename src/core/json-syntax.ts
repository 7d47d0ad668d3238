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
