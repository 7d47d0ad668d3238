/** Reads the JSON file inputs safely: inside the workspace, size and nesting bounded, syntax errors located. */
import { constants, promises as fs } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import * as path from 'node:path'
import { ExpectedError } from './errors.js'
import { describeInexact, findJsonSyntaxError, inexactNumbers, lineAndColumn, nestingDepth } from './json-syntax.js'
import { type Environment, ENVIRONMENTS, type JsonObject } from './types.js'

export { findJsonSyntaxError, lineAndColumn, nestingDepth }

export const MAX_FILE_BYTES = 1024 * 1024
export const MAX_NESTING = 64

/** The folder names of PolyAI's CLI layout, by environment. */
export const CLI_FOLDERS: Record<Environment, string> = {
  sandbox: 'draft_and_sandbox',
  'pre-release': 'pre_release',
  live: 'live'
}

export interface Annotation {
  file: string
  /** The annotation's title (default "Invalid JSON input"). */
  title?: string
  startLine?: number
  startColumn?: number
}

export class FileInputError extends ExpectedError {
  constructor(
    message: string,
    readonly annotation?: Annotation,
    /** Set when the file is simply not there (a CLI-layout folder names the missing one). */
    readonly missing = false
  ) {
    super(message)
    this.name = 'FileInputError'
  }
}

export interface JsonFile {
  /** Path relative to the workspace, for messages. */
  path: string
  value: JsonObject
}

/** A file for every environment, or one folder in CLI layout with a file per environment. */
export type JsonSource =
  { kind: 'file'; file: JsonFile } | { kind: 'folder'; path: string; files: Partial<Record<Environment, JsonFile>> }

/** The file a source gives an environment, if any. */
export function fileFor(source: JsonSource, env: Environment): JsonFile | undefined {
  return source.kind === 'file' ? source.file : source.files[env]
}

/** The workspace folder, resolved; a missing one is an input problem, not an unexpected error. */
async function workspaceRoot(workspace: string, name: string): Promise<string> {
  try {
    return await fs.realpath(workspace)
  } catch {
    throw new FileInputError(
      `${name}: the workspace ${JSON.stringify(workspace)} (GITHUB_WORKSPACE) does not exist: ` +
        `check out the repository first (actions/checkout)`
    )
  }
}

/** Resolves a workspace-relative input path, refusing anything that leaves the workspace. */
export async function resolveInWorkspace(input: string, name: string, workspace: string): Promise<string> {
  const root = await workspaceRoot(workspace, name)
  const candidate = path.resolve(root, input)
  const inside = (p: string): boolean => p === root || p.startsWith(root + path.sep)
  if (!inside(candidate)) {
    throw new FileInputError(
      `${name} ${JSON.stringify(input)} is outside the workspace: give a path inside the repository`
    )
  }
  let real: string
  try {
    real = await fs.realpath(candidate)
  } catch {
    throw new FileInputError(
      `${name} ${JSON.stringify(input)} does not exist in the workspace (${root}): check the path ` +
        `and that the repository was checked out (actions/checkout)`,
      undefined,
      true
    )
  }
  if (!inside(real)) {
    throw new FileInputError(
      `${name} ${JSON.stringify(input)} is a link that leads outside the workspace: point it at a file inside the repository`
    )
  }
  return real
}

/** Parses JSON text that must be an object, with located errors. */
export function parseJsonObject(text: string, file: string, name: string): JsonObject {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const { depth, offset } = nestingDepth(body, MAX_NESTING)
  if (depth > MAX_NESTING) {
    const where = lineAndColumn(body, offset)
    throw new FileInputError(
      `${name}: ${file} nests deeper than ${MAX_NESTING} levels (line ${where.line}, column ${where.column}); flatten it`,
      { file, startLine: where.line, startColumn: where.column }
    )
  }
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (error) {
    const found = findJsonSyntaxError(body)
    const reason = found?.reason ?? (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')
    const where = lineAndColumn(body, found?.offset ?? body.length)
    throw new FileInputError(
      `${name}: ${file} is not valid JSON (line ${where.line}, column ${where.column}): ${reason}`,
      {
        file,
        startLine: where.line,
        startColumn: where.column
      }
    )
  }
  const inexact = inexactNumbers(body)[0]
  if (inexact) {
    const where = lineAndColumn(body, inexact.offset)
    throw new FileInputError(
      `${name}: ${file} holds a number a double cannot hold exactly at ${inexact.pointer} (line ` +
        `${where.line}, column ${where.column}): ${describeInexact(inexact.text, 'sent as')}. ` +
        `Nothing was sent: write it as a string, or with at most 15 significant digits`,
      { file, startLine: where.line, startColumn: where.column, title: 'Number out of range for JSON' }
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FileInputError(
      `${name}: ${file} must contain a JSON object ({...}), not ` +
        `${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : `a ${typeof value}`}`,
      { file }
    )
  }
  return value as JsonObject
}

/**
 * Opens a file for reading once: not through a link (the path was resolved inside the workspace;
 * a link swapped in since is refused) and without waiting on a pipe. Checks that same descriptor:
 * a regular file within the limit. What is read later is read from it, so a file swapped on disk
 * in between changes nothing.
 */
export async function openChecked(real: string, rel: string, name: string): Promise<FileHandle> {
  let handle: FileHandle
  try {
    handle = await fs.open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ELOOP' ? 'became a link since it was checked' : `cannot be opened (${code ?? String(error)})`
    throw new FileInputError(`${name}: ${rel} ${why}`, { file: rel })
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new FileInputError(`${name}: ${rel} is not a regular file`, { file: rel })
    if (stat.size > MAX_FILE_BYTES) {
      throw new FileInputError(`${name}: ${rel} is ${stat.size} bytes; the limit is ${MAX_FILE_BYTES} (1 MiB)`, {
        file: rel
      })
    }
    return handle
  } catch (error) {
    await handle.close()
    throw error
  }
}

/**
 * Reads an opened file to its end, but never more than the limit plus one byte: a file that grows
 * while it is read is refused, so the limit holds for the bytes actually sent.
 */
export async function readWithinLimit(handle: FileHandle, rel: string, name: string): Promise<string> {
  const buffer = Buffer.alloc(MAX_FILE_BYTES + 1)
  let length = 0
  for (;;) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
    if (bytesRead === 0) break
    length += bytesRead
    if (length > MAX_FILE_BYTES) {
      throw new FileInputError(
        `${name}: ${rel} grew past the limit of ${MAX_FILE_BYTES} bytes (1 MiB) while it was read; nothing was sent`,
        { file: rel }
      )
    }
  }
  return buffer.toString('utf8', 0, length)
}

async function readJsonFile(real: string, workspaceRoot: string, name: string): Promise<JsonFile> {
  const rel = path.relative(workspaceRoot, real) || path.basename(real)
  const handle = await openChecked(real, rel, name)
  try {
    return { path: rel, value: parseJsonObject(await readWithinLimit(handle, rel, name), rel, name) }
  } finally {
    await handle.close()
  }
}

/**
 * Loads a file input: a JSON object file, or a folder in PolyAI's CLI layout
 * (`[real_time_configuration/]{draft_and_sandbox,pre_release,live}/<fileName>`).
 * Only the environments asked for are read from a folder; each must have its file.
 */
export async function loadJsonSource(
  input: string,
  name: string,
  fileName: string,
  environments: Environment[],
  workspace: string
): Promise<JsonSource> {
  const real = await resolveInWorkspace(input, name, workspace)
  const root = await workspaceRoot(workspace, name)
  const stat = await fs.stat(real)
  if (!stat.isDirectory()) return { kind: 'file', file: await readJsonFile(real, root, name) }

  let base = real
  const nested = path.join(real, 'real_time_configuration')
  if (await isDirectory(nested)) base = nested
  const files: Partial<Record<Environment, JsonFile>> = {}
  for (const env of ENVIRONMENTS.filter((e) => environments.includes(e))) {
    const candidate = path.join(base, CLI_FOLDERS[env], fileName)
    const rel = path.relative(root, candidate)
    let resolved: string
    try {
      resolved = await resolveInWorkspace(rel, name, root)
    } catch (error) {
      if (error instanceof FileInputError && error.missing) {
        throw new FileInputError(
          `${name}: ${rel} is missing: a folder in CLI layout needs ${CLI_FOLDERS[env]}/${fileName} for ${env}`
        )
      }
      throw error
    }
    files[env] = await readJsonFile(resolved, root, name)
  }
  return { kind: 'folder', path: path.relative(root, real) || '.', files }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory()
  } catch {
    return false
  }
}

/**
 * The problems of path inputs (outside the workspace, missing), as messages: used to report them
 * with the other input problems when those fail, so a workflow is fixed in one round.
 */
export async function pathProblems(
  inputs: ReadonlyArray<[name: string, value: string]>,
  workspace: string
): Promise<string[]> {
  const problems: string[] = []
  for (const [name, value] of inputs) {
    if (value.trim() === '') continue
    try {
      await resolveInWorkspace(value.trim(), name, workspace)
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error))
    }
  }
  return problems
}
