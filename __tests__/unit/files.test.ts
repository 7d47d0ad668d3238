import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  CLI_FOLDERS,
  FileInputError,
  fileFor,
  type JsonSource,
  lineAndColumn,
  loadJsonSource,
  MAX_FILE_BYTES,
  MAX_NESTING,
  nestingDepth,
  openChecked,
  parseJsonObject,
  readWithinLimit,
  resolveInWorkspace
} from '../../src/core/files.js'

function fileError(fn: () => unknown): FileInputError {
  try {
    fn()
  } catch (error) {
    if (error instanceof FileInputError) return error
    throw error
  }
  throw new Error('expected a FileInputError')
}

async function rejected(promise: Promise<unknown>): Promise<FileInputError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof FileInputError) return error
    throw error
  }
  throw new Error('expected a FileInputError')
}

describe('lineAndColumn', () => {
  test.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['abc', 3, 1, 4],
    ['ab\ncd', 2, 1, 3],
    ['ab\ncd', 3, 2, 1],
    ['ab\ncd', 4, 2, 2],
    ['a\n\n\nb', 4, 4, 1],
    ['', 0, 1, 1]
  ])('%j at %i → line %i, column %i', (text, offset, line, column) => {
    expect(lineAndColumn(text, offset)).toEqual({ line, column })
  })
})

describe('nestingDepth', () => {
  test.each([
    ['', 0, 0],
    ['1', 0, 0],
    ['{}', 1, 0],
    ['{"a":[[1]]}', 3, 6],
    ['[[], [[{}]]]', 4, 7],
    ['{"a": "[[[[{{{{"}', 1, 0],
    ['{"a": "\\"[[[["}', 1, 0],
    ['{"a": "\\\\", "b": [[1]]}', 3, 18],
    ['{"a": "x\\\\\\"[[["}', 1, 0]
  ])('%j → depth %i at %i', (text, depth, offset) => {
    expect(nestingDepth(text)).toEqual({ depth, offset })
  })

  test('100000 nested arrays are measured without recursion', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(nestingDepth(text)).toEqual({ depth: 100_000, offset: 99_999 })
  })
})

describe('parseJsonObject', () => {
  test('an object', () => {
    expect(parseJsonObject('{"a": 1, "b": [true, null]}', 'vars.json', 'variablesPath')).toEqual({
      a: 1,
      b: [true, null]
    })
  })

  test('a UTF-8 byte order mark is skipped', () => {
    expect(parseJsonObject('\uFEFF{"a": 1}', 'vars.json', 'variablesPath')).toEqual({ a: 1 })
  })

  test('a syntax error is located by line and column', () => {
    const error = fileError(() => parseJsonObject('{\n  "a": 1\n  "b": 2\n}', 'cfg/schema.json', 'schemaPath'))
    expect(error.name).toBe('FileInputError')
    expect(error.message).toBe(
      "schemaPath: cfg/schema.json is not valid JSON (line 3, column 3): expected ',' or '}', found '\"'"
    )
    expect(error.annotation).toEqual({ file: 'cfg/schema.json', startLine: 3, startColumn: 3 })
  })

  test('the location ignores a byte order mark', () => {
    const error = fileError(() => parseJsonObject('\uFEFF{"a" 1}', 'v.json', 'variablesPath'))
    expect(error.message).toBe(
      "variablesPath: v.json is not valid JSON (line 1, column 6): expected ':' after the property name, found '1'"
    )
    expect(error.annotation).toEqual({ file: 'v.json', startLine: 1, startColumn: 6 })
  })

  test('a truncated file points at its end', () => {
    const error = fileError(() => parseJsonObject('{\n  "a":', 'v.json', 'variablesPath'))
    expect(error.message).toBe(
      'variablesPath: v.json is not valid JSON (line 2, column 7): expected a value (a string, number, object, array, true, false or null), found the end of the file'
    )
    expect(error.annotation).toEqual({ file: 'v.json', startLine: 2, startColumn: 7 })
  })

  test('an empty file', () => {
    const error = fileError(() => parseJsonObject('', 'v.json', 'variablesPath'))
    expect(error.message).toBe(
      'variablesPath: v.json is not valid JSON (line 1, column 1): expected a value (a string, number, object, array, true, false or null), found the end of the file'
    )
    expect(error.annotation).toEqual({ file: 'v.json', startLine: 1, startColumn: 1 })
  })

  test('every syntax error is a FileInputError annotated on the file', () => {
    for (const text of ['{"a": }', '[1,]', '{"a": tru}', '{} x', '{"a":01}', "{'a': 1}"]) {
      const error = fileError(() => parseJsonObject(text, 'v.json', 'variablesPath'))
      expect(error.message).toMatch(/^variablesPath: v\.json is not valid JSON/)
      expect(error.annotation?.file).toBe('v.json')
    }
  })

  // V8's "Unexpected token" errors (a missing value, a trailing comma in an array, a bad
  // literal) carry no position: the action's own scanner must still locate them.
  test('an unexpected token is located too', () => {
    const error = fileError(() => parseJsonObject('{\n  "a": ,\n  "b": 2\n}', 'v.json', 'variablesPath'))
    expect(error.annotation).toEqual({ file: 'v.json', startLine: 2, startColumn: 8 })
    expect(error.message).toContain('(line 2, column 8)')
  })

  test.each([
    ['[1, 2]', 'an array'],
    ['null', 'null'],
    ['42', 'a number'],
    ['"text"', 'a string'],
    ['true', 'a boolean']
  ])('%s is not an object', (text, what) => {
    const error = fileError(() => parseJsonObject(text, 'cfg/vars.json', 'variablesPath'))
    expect(error.message).toBe(`variablesPath: cfg/vars.json must contain a JSON object ({...}), not ${what}`)
    expect(error.annotation).toEqual({ file: 'cfg/vars.json' })
  })

  test(`${MAX_NESTING} levels are allowed, one more is refused`, () => {
    expect(MAX_NESTING).toBe(64)
    const ok = `{"a":${'['.repeat(63)}${']'.repeat(63)}}`
    expect(parseJsonObject(ok, 's.json', 'schemaPath')).toHaveProperty('a')
    const deep = `{"a":${'['.repeat(64)}${']'.repeat(64)}}`
    const error = fileError(() => parseJsonObject(deep, 's.json', 'schemaPath'))
    expect(error.message).toBe('schemaPath: s.json nests deeper than 64 levels (line 1, column 69); flatten it')
    expect(error.annotation).toEqual({ file: 's.json', startLine: 1, startColumn: 69 })
  })

  test('100000 nested arrays are refused without overflowing the stack', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000)
    const error = fileError(() => parseJsonObject(text, 'evil.json', 'schemaPath'))
    expect(error.message).toBe('schemaPath: evil.json nests deeper than 64 levels (line 1, column 65); flatten it')
  })

  test('100000 unclosed objects are refused too', () => {
    const text = '{"a":'.repeat(100_000)
    const error = fileError(() => parseJsonObject(text, 'evil.json', 'schemaPath'))
    expect(error.message).toMatch(/^schemaPath: evil\.json nests deeper than 64 levels/)
  })
})

describe('with a real workspace', () => {
  let base: string
  let workspace: string
  let root: string
  let outside: string

  beforeEach(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'polyai-files-'))
    workspace = path.join(base, 'ws')
    outside = path.join(base, 'ws-outside')
    await fs.mkdir(workspace)
    await fs.mkdir(outside)
    root = await fs.realpath(workspace)
    await fs.writeFile(path.join(outside, 'secret.json'), '{"secret": true}')
  })

  afterEach(async () => {
    await fs.rm(base, { recursive: true, force: true })
  })

  async function write(rel: string, text: string): Promise<void> {
    await fs.mkdir(path.dirname(path.join(workspace, rel)), { recursive: true })
    await fs.writeFile(path.join(workspace, rel), text)
  }

  describe('resolveInWorkspace', () => {
    test('a file inside the workspace', async () => {
      await write('cfg/schema.json', '{}')
      await expect(resolveInWorkspace('cfg/schema.json', 'schemaPath', workspace)).resolves.toBe(
        path.join(root, 'cfg', 'schema.json')
      )
      await expect(resolveInWorkspace('./cfg/../cfg/schema.json', 'schemaPath', workspace)).resolves.toBe(
        path.join(root, 'cfg', 'schema.json')
      )
    })

    test('an absolute path inside the workspace', async () => {
      await write('a.json', '{}')
      await expect(resolveInWorkspace(path.join(workspace, 'a.json'), 'schemaPath', workspace)).resolves.toBe(
        path.join(root, 'a.json')
      )
    })

    test('the workspace itself', async () => {
      await expect(resolveInWorkspace('.', 'schemaPath', workspace)).resolves.toBe(root)
    })

    test.each(['../ws-outside/secret.json', 'cfg/../../ws-outside/secret.json', '..'])('refuses %s', async (input) => {
      const error = await rejected(resolveInWorkspace(input, 'schemaPath', workspace))
      expect(error.message).toBe(
        `schemaPath ${JSON.stringify(input)} is outside the workspace: give a path inside the repository`
      )
    })

    test('refuses an absolute path outside', async () => {
      const input = path.join(outside, 'secret.json')
      const error = await rejected(resolveInWorkspace(input, 'variablesPath', workspace))
      expect(error.message).toBe(
        `variablesPath ${JSON.stringify(input)} is outside the workspace: give a path inside the repository`
      )
    })

    test('refuses a symlink that leads outside', async () => {
      await fs.symlink(path.join(outside, 'secret.json'), path.join(workspace, 'link.json'))
      const error = await rejected(resolveInWorkspace('link.json', 'variablesPath', workspace))
      expect(error.message).toBe(
        'variablesPath "link.json" is a link that leads outside the workspace: point it at a file inside the repository'
      )
    })

    test('refuses a file under a symlinked folder that leads outside', async () => {
      await fs.symlink(outside, path.join(workspace, 'cfg'))
      const error = await rejected(resolveInWorkspace('cfg/secret.json', 'variablesPath', workspace))
      expect(error.message).toBe(
        'variablesPath "cfg/secret.json" is a link that leads outside the workspace: point it at a file inside the repository'
      )
    })

    test('follows a symlink that stays inside', async () => {
      await write('real/schema.json', '{}')
      await fs.symlink(path.join(workspace, 'real'), path.join(workspace, 'alias'))
      await expect(resolveInWorkspace('alias/schema.json', 'schemaPath', workspace)).resolves.toBe(
        path.join(root, 'real', 'schema.json')
      )
    })

    test('works when the workspace path is itself a symlink', async () => {
      await write('a.json', '{}')
      const linked = path.join(base, 'ws-link')
      await fs.symlink(workspace, linked)
      await expect(resolveInWorkspace('a.json', 'schemaPath', linked)).resolves.toBe(path.join(root, 'a.json'))
    })

    test('a missing file', async () => {
      const error = await rejected(resolveInWorkspace('nope.json', 'schemaPath', workspace))
      expect(error.message).toBe(
        `schemaPath "nope.json" does not exist in the workspace (${root}): check the path and that the repository was checked out (actions/checkout)`
      )
    })
  })

  describe('loadJsonSource: a file', () => {
    test('reads a JSON object file', async () => {
      await write('cfg/schema.json', '{"type": "object"}')
      await expect(
        loadJsonSource('cfg/schema.json', 'schemaPath', 'schema.json', ['live'], workspace)
      ).resolves.toStrictEqual({
        kind: 'file',
        file: { path: path.join('cfg', 'schema.json'), value: { type: 'object' } }
      })
    })

    test('a syntax error is annotated on the workspace-relative path', async () => {
      await write('cfg/vars.json', '{\n  "a": 1,\n}')
      const error = await rejected(
        loadJsonSource('cfg/vars.json', 'variablesPath', 'data.json', ['sandbox'], workspace)
      )
      expect(error.message).toBe(
        "variablesPath: cfg/vars.json is not valid JSON (line 3, column 1): expected a double-quoted property name, found '}'"
      )
      expect(error.annotation).toEqual({ file: 'cfg/vars.json', startLine: 3, startColumn: 1 })
    })

    test(`exactly ${MAX_FILE_BYTES} bytes is allowed`, async () => {
      const text = `{"a":"${'x'.repeat(MAX_FILE_BYTES - 8)}"}`
      expect(Buffer.byteLength(text)).toBe(MAX_FILE_BYTES)
      await write('big.json', text)
      const source = await loadJsonSource('big.json', 'variablesPath', 'data.json', ['live'], workspace)
      expect(source.kind).toBe('file')
    })

    test('more than 1 MiB is refused', async () => {
      await write('big.json', `{"a":"${'x'.repeat(MAX_FILE_BYTES - 7)}"}`)
      const error = await rejected(loadJsonSource('big.json', 'variablesPath', 'data.json', ['live'], workspace))
      expect(error.message).toBe('variablesPath: big.json is 1048577 bytes; the limit is 1048576 (1 MiB)')
      expect(error.annotation).toEqual({ file: 'big.json' })
    })

    test('one descriptor: a file swapped on disk after it was opened and checked is not what is read', async () => {
      await write('swap.json', '{"a":1}')
      const handle = await openChecked(path.join(root, 'swap.json'), 'swap.json', 'schemaPath')
      try {
        await write('big.json', `{"a":"${'x'.repeat(2 * MAX_FILE_BYTES)}"}`)
        await fs.rename(path.join(workspace, 'big.json'), path.join(workspace, 'swap.json'))
        expect(await readWithinLimit(handle, 'swap.json', 'schemaPath')).toBe('{"a":1}')
      } finally {
        await handle.close()
      }
    })

    test('a file that grows past the limit after its size was checked is refused, reading at most the limit plus one byte', async () => {
      await write('grow.json', '{"a":1}')
      const handle = await openChecked(path.join(root, 'grow.json'), 'grow.json', 'schemaPath')
      try {
        await fs.appendFile(path.join(workspace, 'grow.json'), ' '.repeat(52 * MAX_FILE_BYTES))
        const error = await rejected(readWithinLimit(handle, 'grow.json', 'schemaPath'))
        expect(error.message).toBe(
          'schemaPath: grow.json grew past the limit of 1048576 bytes (1 MiB) while it was read; nothing was sent'
        )
      } finally {
        await handle.close()
      }
    })

    test('a link or a pipe swapped in for the checked path is refused without waiting', async () => {
      await fs.symlink(path.join(outside, 'secret.json'), path.join(workspace, 'link.json'))
      const link = await rejected(openChecked(path.join(root, 'link.json'), 'link.json', 'schemaPath'))
      expect(link.message).toBe('schemaPath: link.json became a link since it was checked')
      const { execFileSync } = await import('node:child_process')
      execFileSync('mkfifo', [path.join(workspace, 'pipe.json')])
      const pipe = await rejected(openChecked(path.join(root, 'pipe.json'), 'pipe.json', 'schemaPath'))
      expect(pipe.message).toBe('schemaPath: pipe.json is not a regular file')
    })

    test('a missing file', async () => {
      const error = await rejected(loadJsonSource('missing.json', 'schemaPath', 'schema.json', ['live'], workspace))
      expect(error.message).toMatch(/^schemaPath "missing\.json" does not exist in the workspace/)
    })

    test('../ escape', async () => {
      const error = await rejected(
        loadJsonSource('../ws-outside/secret.json', 'schemaPath', 'schema.json', ['live'], workspace)
      )
      expect(error.message).toBe(
        'schemaPath "../ws-outside/secret.json" is outside the workspace: give a path inside the repository'
      )
    })

    test('symlink escape', async () => {
      await fs.symlink(path.join(outside, 'secret.json'), path.join(workspace, 'schema.json'))
      const error = await rejected(loadJsonSource('schema.json', 'schemaPath', 'schema.json', ['live'], workspace))
      expect(error.message).toMatch(/is a link that leads outside the workspace/)
    })
  })

  describe('loadJsonSource: a folder in CLI layout', () => {
    async function cliLayout(prefix: string, fileName: string): Promise<void> {
      for (const [env, folder] of Object.entries(CLI_FOLDERS)) {
        await write(path.join(prefix, folder, fileName), JSON.stringify({ env }))
      }
    }

    test('the CLI folder names', () => {
      expect(CLI_FOLDERS).toEqual({ sandbox: 'draft_and_sandbox', 'pre-release': 'pre_release', live: 'live' })
    })

    test('real_time_configuration/<env>/schema.json, only the environments asked for', async () => {
      await cliLayout('agent/real_time_configuration', 'schema.json')
      const source = await loadJsonSource('agent', 'schemaPath', 'schema.json', ['live', 'sandbox'], workspace)
      expect(source).toStrictEqual({
        kind: 'folder',
        path: 'agent',
        files: {
          sandbox: {
            path: path.join('agent', 'real_time_configuration', 'draft_and_sandbox', 'schema.json'),
            value: { env: 'sandbox' }
          },
          live: { path: path.join('agent', 'real_time_configuration', 'live', 'schema.json'), value: { env: 'live' } }
        }
      })
    })

    test('the environment folders directly', async () => {
      await cliLayout('cfg', 'data.json')
      const source = await loadJsonSource(
        'cfg/',
        'variablesPath',
        'data.json',
        ['sandbox', 'pre-release', 'live'],
        workspace
      )
      expect(source).toStrictEqual({
        kind: 'folder',
        path: 'cfg',
        files: {
          sandbox: { path: path.join('cfg', 'draft_and_sandbox', 'data.json'), value: { env: 'sandbox' } },
          'pre-release': { path: path.join('cfg', 'pre_release', 'data.json'), value: { env: 'pre-release' } },
          live: { path: path.join('cfg', 'live', 'data.json'), value: { env: 'live' } }
        }
      })
    })

    test('the workspace root as the folder', async () => {
      await cliLayout('real_time_configuration', 'schema.json')
      const source = await loadJsonSource('.', 'schemaPath', 'schema.json', ['pre-release'], workspace)
      expect(source).toStrictEqual({
        kind: 'folder',
        path: '.',
        files: {
          'pre-release': {
            path: path.join('real_time_configuration', 'pre_release', 'schema.json'),
            value: { env: 'pre-release' }
          }
        }
      })
    })

    test('a missing environment file', async () => {
      await write('cfg/draft_and_sandbox/data.json', '{}')
      const error = await rejected(
        loadJsonSource('cfg', 'variablesPath', 'data.json', ['sandbox', 'pre-release'], workspace)
      )
      expect(error.message).toBe(
        `variablesPath: ${path.join('cfg', 'pre_release', 'data.json')} is missing: a folder in CLI layout needs pre_release/data.json for pre-release`
      )
    })

    test('a missing environment file under real_time_configuration', async () => {
      await write('agent/real_time_configuration/live/other.json', '{}')
      const error = await rejected(loadJsonSource('agent', 'schemaPath', 'schema.json', ['live'], workspace))
      expect(error.message).toBe(
        `schemaPath: ${path.join('agent', 'real_time_configuration', 'live', 'schema.json')} is missing: a folder in CLI layout needs live/schema.json for live`
      )
    })

    test('an environment file that is a folder', async () => {
      await fs.mkdir(path.join(workspace, 'cfg', 'live', 'schema.json'), { recursive: true })
      const error = await rejected(loadJsonSource('cfg', 'schemaPath', 'schema.json', ['live'], workspace))
      expect(error.message).toBe(`schemaPath: ${path.join('cfg', 'live', 'schema.json')} is not a regular file`)
    })

    test('an environment file that links outside', async () => {
      await fs.mkdir(path.join(workspace, 'cfg', 'live'), { recursive: true })
      await fs.symlink(path.join(outside, 'secret.json'), path.join(workspace, 'cfg', 'live', 'schema.json'))
      const error = await rejected(loadJsonSource('cfg', 'schemaPath', 'schema.json', ['live'], workspace))
      expect(error.message).toMatch(/is a link that leads outside the workspace/)
    })

    test('an invalid environment file is annotated', async () => {
      await write('cfg/live/data.json', '[]')
      const error = await rejected(loadJsonSource('cfg', 'variablesPath', 'data.json', ['live'], workspace))
      expect(error.message).toBe(
        `variablesPath: ${path.join('cfg', 'live', 'data.json')} must contain a JSON object ({...}), not an array`
      )
    })
  })
})

describe('fileFor', () => {
  const file = { path: 'a.json', value: { a: 1 } }

  test('a file serves every environment', () => {
    const source: JsonSource = { kind: 'file', file }
    expect(fileFor(source, 'sandbox')).toBe(file)
    expect(fileFor(source, 'live')).toBe(file)
  })

  test('a folder serves the environments it has', () => {
    const source: JsonSource = { kind: 'folder', path: 'cfg', files: { live: file } }
    expect(fileFor(source, 'live')).toBe(file)
    expect(fileFor(source, 'sandbox')).toBeUndefined()
  })
})
