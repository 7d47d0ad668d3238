/** Where pull-config writes: inside the workspace only, never through a link out of it, only changed files. */
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { jsonFileText, resolveOutputFolder, writeIfChanged } from '../../src/config/pull-files.js'
import { makeWorkspace } from '../../dev/run-action.js'

const outsideDir = (): Promise<string> => fs.mkdtemp(path.join(os.tmpdir(), 'polyai-outside-'))

describe('resolveOutputFolder', () => {
  test('a missing folder inside the workspace is fine (created on write); "." is the workspace', async () => {
    const ws = await makeWorkspace()
    const folder = await resolveOutputFolder('a/b', 'configPath', ws)
    expect(folder.rel).toBe('a/b')
    expect(folder.abs).toBe(path.join(await fs.realpath(ws), 'a', 'b'))
    expect((await resolveOutputFolder('.', 'configPath', ws)).rel).toBe('.')
  })

  test('a link inside the workspace that stays inside is followed', async () => {
    const ws = await makeWorkspace({ 'real/.keep': '' })
    await fs.symlink(path.join(ws, 'real'), path.join(ws, 'alias'))
    expect((await resolveOutputFolder('alias/x', 'configPath', ws)).rel).toBe('real/x')
  })

  test('a missing workspace is an input problem', async () => {
    await expect(resolveOutputFolder('x', 'configPath', '/nonexistent/polyai-ws')).rejects.toThrow(
      '(GITHUB_WORKSPACE) does not exist'
    )
  })
})

describe('writeIfChanged', () => {
  test('writes 2-space JSON with a final newline, keeps key order, and skips identical content', async () => {
    const ws = await makeWorkspace()
    const folder = await resolveOutputFolder('rtc', 'configPath', ws)
    const text = jsonFileText({ b: 1, a: { d: [1, 2], c: null } })
    expect(text).toBe('{\n  "b": 1,\n  "a": {\n    "d": [\n      1,\n      2\n    ],\n    "c": null\n  }\n}\n')
    expect(await writeIfChanged(folder, 'live/data.json', text, true)).toBe(true)
    await expect(fs.stat(path.join(ws, 'rtc'))).rejects.toThrow() // a dry run creates nothing
    expect(await writeIfChanged(folder, 'live/data.json', text, false)).toBe(true)
    expect(await fs.readFile(path.join(ws, 'rtc/live/data.json'), 'utf8')).toBe(text)
    expect(await writeIfChanged(folder, 'live/data.json', text, false)).toBe(false)
    expect(await writeIfChanged(folder, 'live/data.json', jsonFileText({}), false)).toBe(true)
  })

  test('refuses an environment folder or a file that links out of the workspace, and writes nothing there', async () => {
    const outside = await outsideDir()
    const ws = await makeWorkspace({ 'rtc/.keep': '' })
    await fs.symlink(outside, path.join(ws, 'rtc', 'live'))
    const folder = await resolveOutputFolder('rtc', 'configPath', ws)
    await expect(writeIfChanged(folder, 'live/data.json', '{}\n', false)).rejects.toThrow(
      'configPath: rtc/live is a link that leads outside the workspace'
    )
    await fs.writeFile(path.join(outside, 'schema.json'), 'old')
    await fs.mkdir(path.join(ws, 'rtc', 'pre_release'))
    await fs.symlink(path.join(outside, 'schema.json'), path.join(ws, 'rtc', 'pre_release', 'schema.json'))
    await expect(writeIfChanged(folder, 'pre_release/schema.json', '{}\n', false)).rejects.toThrow(
      'rtc/pre_release/schema.json is a link that leads outside the workspace'
    )
    await fs.symlink(path.join(outside, 'nothing-here'), path.join(ws, 'rtc', 'pre_release', 'data.json'))
    await expect(writeIfChanged(folder, 'pre_release/data.json', '{}\n', false)).rejects.toThrow('is a link to nowhere')
    await fs.mkdir(path.join(ws, 'rtc', 'pre_release', 'x.json'))
    await expect(writeIfChanged(folder, 'pre_release/x.json', '{}\n', false)).rejects.toThrow('is not a regular file')
    expect(await fs.readdir(outside)).toEqual(['schema.json'])
    expect(await fs.readFile(path.join(outside, 'schema.json'), 'utf8')).toBe('old')
  })
})
