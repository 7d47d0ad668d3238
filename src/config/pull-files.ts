/** Where pull-config may write: inside the workspace, never through a link, only files whose content changes. */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { FileInputError } from '../core/files.js'

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
    throw new FileInputError(
      `${name}: the workspace ${JSON.stringify(workspace)} (GITHUB_WORKSPACE) does not exist: ` +
        `check out the repository first (actions/checkout)`
    )
  }
  const candidate = path.resolve(root, input)
  if (!isInside(root, candidate)) {
    throw new FileInputError(
      `${name} ${JSON.stringify(input)} is outside the workspace: give a folder inside the repository, e.g. real_time_configuration`
    )
  }
  // The deepest part of the path that exists decides where the rest would be created.
  let existing = candidate
  while (!(await realOrUndefined(existing))) {
    if (await isLink(existing)) {
      throw new FileInputError(
        `${name} ${JSON.stringify(input)} is a link to nowhere ` +
          `(${JSON.stringify(posix(path.relative(root, existing)))}): remove the link or give another ` +
          `folder`
      )
    }
    existing = path.dirname(existing)
  }
  const real = (await realOrUndefined(existing)) as string
  if (!isInside(root, real)) {
    throw new FileInputError(
      `${name} ${JSON.stringify(input)} goes through a link that leads outside the workspace: give a folder inside the repository`
    )
  }
  const stat = await fs.stat(real)
  if (!stat.isDirectory()) {
    const what =
      existing === candidate
        ? 'is a file'
        : `is inside ${JSON.stringify(posix(path.relative(root, existing)))}, which is a file`
    throw new FileInputError(
      `${name} ${JSON.stringify(input)} ${what}: give a folder (it is created when missing), e.g. real_time_configuration`
    )
  }
  const abs = path.join(real, path.relative(existing, candidate))
  return { abs, root, rel: posix(path.relative(root, abs)) || '.' }
}

async function isLink(p: string): Promise<boolean> {
  return (await fs.lstat(p).catch(() => undefined))?.isSymbolicLink() === true
}

/**
 * Every folder on the way from the workspace to `dir` that exists must be a folder inside the
 * workspace: not a file, not a link to nowhere, not a link out (the missing rest is created).
 */
async function checkWay(folder: OutputFolder, dir: string): Promise<void> {
  let at = folder.root
  for (const part of path.relative(folder.root, dir).split(path.sep).filter(Boolean)) {
    at = path.join(at, part)
    const shown = posix(path.relative(folder.root, at))
    const real = await realOrUndefined(at)
    if (real === undefined) {
      if (await isLink(at))
        throw new FileInputError(
          `configPath: ${shown} is a link to nowhere; nothing was written there: remove the link`
        )
      return
    }
    if (!isInside(folder.root, real))
      throw new FileInputError(
        `configPath: ${shown} is a link that leads outside the workspace; nothing was written there`
      )
    if (!(await fs.stat(real)).isDirectory()) {
      throw new FileInputError(
        `configPath: ${shown} is a file where a folder should be; nothing was written there: move it away or give another configPath`
      )
    }
  }
}

/** Where `folder`/`relFile` would land once links in its folders are followed (the file may not exist yet). */
export async function landingPath(folder: OutputFolder, relFile: string): Promise<string> {
  const target = path.join(folder.abs, relFile)
  const dir = path.dirname(target)
  return path.join((await realOrUndefined(dir)) ?? dir, path.basename(target))
}

/**
 * Refuses targets that land on the same file (an environment folder linked to another's): the
 * second write would overwrite the first. Throws FileInputError naming both.
 */
export async function checkDistinct(folder: OutputFolder, relFiles: readonly string[]): Promise<void> {
  const seen = new Map<string, string>()
  const shown = (rel: string): string => posix(path.relative(folder.root, path.join(folder.abs, rel)))
  for (const rel of relFiles) {
    const at = await landingPath(folder, rel)
    const other = seen.get(at)
    if (other !== undefined) {
      throw new FileInputError(
        `configPath: ${shown(rel)} and ${shown(other)} are the same file (a folder is a link to ` +
          `another), so one environment's pull would overwrite the other's; nothing was written: make ` +
          `each environment folder its own`
      )
    }
    seen.set(at, rel)
  }
}

/** JSON as pull-config writes it: 2-space indent, keys in the order given, final newline. */
export function jsonFileText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

/**
 * Writes `text` to `folder`/`relFile` unless the file already holds exactly that text; returns
 * whether it wrote. With `dryRun`, only compares. Refuses a file that is a link (or a non-file),
 * and folders that link out of the workspace.
 */
export async function writeIfChanged(
  folder: OutputFolder,
  relFile: string,
  text: string,
  dryRun: boolean
): Promise<boolean> {
  const target = path.join(folder.abs, relFile)
  const shown = posix(path.relative(folder.root, target))
  const dir = path.dirname(target)
  await checkWay(folder, dir)
  const realDir = await realOrUndefined(dir)
  let current: string | undefined
  const real = await realOrUndefined(target)
  if (real !== undefined) {
    if (!isInside(folder.root, real)) {
      throw new FileInputError(`configPath: ${shown} is a link that leads outside the workspace; it was not written`)
    }
    if (await isLink(target)) {
      // Written through, it would overwrite that file (another environment's, say): the last pull would win.
      throw new FileInputError(
        `configPath: ${shown} is a link (to ${posix(path.relative(folder.root, real))}); ` +
          `pull-config writes each file at its own path, so nothing was written: replace the link ` +
          `with a file`
      )
    }
    if (!(await fs.stat(real)).isFile())
      throw new FileInputError(`configPath: ${shown} is not a regular file; it was not written`)
    current = await fs.readFile(real, 'utf8')
  } else if ((await fs.lstat(target).catch(() => undefined))?.isSymbolicLink()) {
    throw new FileInputError(`configPath: ${shown} is a link to nowhere; it was not written`)
  }
  if (current === text) return false
  if (dryRun) return true
  if (!realDir) {
    await fs.mkdir(dir, { recursive: true })
    const made = await fs.realpath(dir)
    if (!isInside(folder.root, made))
      throw new FileInputError(
        `configPath: ${posix(path.relative(folder.root, dir))} leads outside the workspace; nothing was written there`
      )
  }
  await replaceFile(real ?? target, text)
  return true
}

/**
 * Writes a new file next to `target` and renames it into place: a hard link or symlink planted at
 * `target` is replaced, never written through (the file it shares with stays as it was), and a
 * reader never sees half a file. The new file is created exclusively (never opened through a link
 * someone placed at its name) and removed when anything fails.
 */
async function replaceFile(target: string, text: string): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  )
  try {
    await fs.writeFile(temp, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 })
    await fs.rename(temp, target)
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined)
    throw error
  }
}
