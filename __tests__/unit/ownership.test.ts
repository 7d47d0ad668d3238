/** The step's mark: what makes a deployment this step's, or an earlier attempt's of this run. */
import { describe, expect, test } from '@jest/globals'
import {
  carriesMark,
  madeByEarlierAttempt,
  markedMessage,
  markedOperation,
  stepMark,
  withoutMark
} from '../../src/deploy/ownership.js'
import type { Deployment } from '../../src/core/types.js'

const run = (runId?: string, runAttempt?: string) => ({
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  ...(runId ? { runId } : {}),
  ...(runAttempt ? { runAttempt } : {})
})
const deployment = (message: unknown, metadata: 'with' | 'null' = 'with'): Deployment => ({
  id: 'dep-9',
  environment: 'live',
  version: 'v1',
  createdAt: '2026-01-01T00:00:00.000Z',
  metadata: metadata === 'null' ? null : { deployment_message: message }
})

describe('stepMark', () => {
  test('names the operation, the run and its attempt, and a random id per step', () => {
    const a = stepMark('promote', run('4242', '3'))
    const b = stepMark('promote', run('4242', '3'))
    expect(a.text).toMatch(/^\[promote run 4242\.3 id [0-9a-f]{8}\]$/)
    expect(a.id).not.toBe(b.id)
    expect(stepMark('rollback', run('7'), 'abcdef01').text).toBe('[rollback run 7.1 id abcdef01]')
  })

  test('outside a workflow run, or with an unreadable attempt, only the step id', () => {
    expect(stepMark('publish', run(), 'abcdef01').text).toBe('[publish id abcdef01]')
    expect(stepMark('publish', run('12', 'x'), 'abcdef01').text).toBe('[publish id abcdef01]')
  })

  test('is appended to the message, or is the message', () => {
    const mark = stepMark('publish', run('1'), 'abcdef01')
    expect(markedMessage('ship it', mark)).toBe('ship it [publish run 1.1 id abcdef01]')
    expect(markedMessage(undefined, mark)).toBe('[publish run 1.1 id abcdef01]')
    expect(withoutMark(markedMessage('ship it', mark))).toBe('ship it')
  })
})

describe('ownership', () => {
  const mark = stepMark('promote', run('4242', '2'), 'abcdef01')

  test('a deployment is ours only with exactly our mark at the end of its stored message', () => {
    expect(carriesMark(deployment(`x ${mark.text}`), mark)).toBe(true)
    expect(carriesMark(deployment(`${mark.text} edited`), mark)).toBe(false)
    expect(carriesMark(deployment('[promote run 4242.2 id 00000000]'), mark)).toBe(false)
    expect(carriesMark(deployment(undefined, 'null'), mark)).toBe(false)
    expect(carriesMark(deployment(42), mark)).toBe(false)
  })

  test('an earlier attempt: same operation and run, a lower attempt; never the same attempt or another run', () => {
    expect(madeByEarlierAttempt(deployment('m [promote run 4242.1 id 12345678]'), mark)).toBe(true)
    expect(madeByEarlierAttempt(deployment('m [promote run 4242.2 id 12345678]'), mark)).toBe(false)
    expect(madeByEarlierAttempt(deployment('m [rollback run 4242.1 id 12345678]'), mark)).toBe(false)
    expect(madeByEarlierAttempt(deployment('m [promote run 42.1 id 12345678]'), mark)).toBe(false)
    expect(madeByEarlierAttempt(deployment('no mark'), mark)).toBe(false)
    expect(madeByEarlierAttempt(null, mark)).toBe(false)
    expect(madeByEarlierAttempt(deployment('m [promote run 4242.1 id 12345678]'), stepMark('promote', run()))).toBe(
      false
    )
  })

  test('markedOperation reads the operation of any mark', () => {
    expect(markedOperation(deployment('m [rollback run 1.1 id 12345678]'))).toBe('rollback')
    expect(markedOperation(deployment('m [publish id 12345678]'))).toBe('publish')
    expect(markedOperation(deployment('m'))).toBeUndefined()
  })
})
