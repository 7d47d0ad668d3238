/**
 * Where pull-config may write: a folder inside the workspace (created when missing), and files in it
 * written only when their content changes. Nothing is written through a link that leads out of the
 * workspace, and nothing replaces a folder or a special file.
 */
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { FileInputError } from '../files.js'

/** A resolved output folder: its real absolute path, the workspace root, and how messages name it. */
export interface OutputFolder {
  abs: string
  root: string
  /** Relative to the workspace ("." for the workspace itself), with "/" separators. */
  rel: string
}

const posix = (p: string): string => p.split(path.sep).join('/')

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root + path.sep)
}

async function realOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p)
  } catch {
    return undefined
  }
}

/**
 * Resolves `input` (workspace-relative) to a folder pull-config may write into: inside the
 * workspace, through no link that leaves it, and not a file. Throws FileInputError naming `name`.
 */
export async function resolveOutputFolder(input: string, name: string, workspace: string): Promise<OutputFolder> {
  const root = await realOrUndefined(workspace)
  if (!root) {
    throw new FileInputError(`${name}: the workspace ${JSON.stringify(workspace)} (GITHUB_WORKSPACE) does not exist: check out the repository first (actions/checkout)`)
  }
  const candidate = path.resolve(root, input)
  if (!isInside(root, candidate)) {
    throw new FileInputError(`${name} ${JSON.stringify(input)} is outside the workspace: give a folder inside the repository, e.g. real_time_configuration`)
  }
  // The deepest part of the path that exists decides where the rest would be created.
  let existing = candidate
  while (!(await realOrUndefined(existing))) existing = path.dirname(existing)
  const real = (await realOrUndefined(existing)) as string
  if (!isInside(root, real)) {
    throw new FileInputError(`${name} ${JSON.stringify(input)} goes through a link that leads outside the workspace: give a folder inside the repository`)
  }
  const stat = await fs.stat(real)
  if (!stat.isDirectory()) {
    const what = existing === candidate ? 'is a file' : `is inside ${JSON.stringify(posix(path.relative(root, existing)))}, which is a file`
    throw new FileInputError(`${name} ${JSON.stringify(input)} ${what}: give a folder (it is created when missing), e.g. real_time_configuration`)
  }
  const abs = path.join(real, path.relative(existing, candidate))
  return { abs, root, rel: posix(path.relative(root, abs)) || '.' }
}

/** JSON as pull-config writes it: 2-space indent, keys in the order given, final newline. */
export function jsonFileText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

/**
 * Writes `text` to `folder`/`relFile` unless the file already holds exactly that text; returns
 * whether it wrote. With `dryRun`, only compares. Refuses links out of the workspace and non-files.
 */
export async function writeIfChanged(folder: OutputFolder, relFile: string, text: string, dryRun: boolean): Promise<boolean> {
  const target = path.join(folder.abs, relFile)
  const shown = posix(path.relative(folder.root, target))
  const dir = path.dirname(target)
  const realDir = await realOrUndefined(dir)
  if (realDir && !isInside(folder.root, realDir)) {
    throw new FileInputError(`configPath: ${posix(path.relative(folder.root, dir))} is a link that leads outside the workspace; nothing was written there`)
  }
  let current: string | undefined
  const real = await realOrUndefined(target)
  if (real !== undefined) {
    if (!isInside(folder.root, real)) {
      throw new FileInputError(`configPath: ${shown} is a link that leads outside the workspace; it was not written`)
    }
    if (!(await fs.stat(real)).isFile()) throw new FileInputError(`configPath: ${shown} is not a regular file; it was not written`)
    current = await fs.readFile(real, 'utf8')
  } else if ((await fs.lstat(target).catch(() => undefined))?.isSymbolicLink()) {
    throw new FileInputError(`configPath: ${shown} is a link to nowhere; it was not written`)
  }
  if (current === text) return false
  if (dryRun) return true
  if (!realDir) {
    await fs.mkdir(dir, { recursive: true })
    const made = await fs.realpath(dir)
    if (!isInside(folder.root, made)) throw new FileInputError(`configPath: ${posix(path.relative(folder.root, dir))} leads outside the workspace; nothing was written there`)
  }
  await fs.writeFile(real ?? target, text, 'utf8')
  return true
}
