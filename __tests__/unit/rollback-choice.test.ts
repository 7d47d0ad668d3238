/** What "roll back to the previous version" picks, shared by rollback and list-deployments. */
import { describe, expect, test } from '@jest/globals'
import { chooseRollback, rollbackSequence } from '../../src/deploy/rollback-choice.js'
import type { Deployment } from '../../src/core/types.js'

let seq = 0
const dep = (version: string, type = 'promote'): Deployment => ({
  id: `d${++seq}`,
  environment: 'live',
  version,
  createdAt: `2026-01-01T00:00:${String(seq).padStart(2, '0')}Z`,
  metadata: { deployment_type: type }
})

describe('chooseRollback', () => {
  test('the newest other version; none in an empty or single-version history', () => {
    const history = [dep('c'), dep('c'), dep('b'), dep('a')]
    expect(chooseRollback(history)).toMatchObject({ active: history[0], target: history[2] })
    expect(chooseRollback([])).toEqual({ rolledBack: new Set() })
    expect(chooseRollback([dep('a'), dep('a')]).target).toBeUndefined()
  })

  test('skips versions a rollback replaced, so two rollbacks in a row go further back', () => {
    // live ran a, then b, then c; c was rolled back to b: the next rollback must pick a, not c.
    const history = [dep('b', 'rollback'), dep('c'), dep('b'), dep('a')]
    expect(chooseRollback(history)).toMatchObject({ target: history[3], rolledBack: new Set(['c']) })
  })
})

describe('rolled-back versions without trusting deployment_type alone', () => {
  test('a version restored over another marks that one rolled back from, whatever the type says', () => {
    // c ran, then b, then c again (typed "promote", or untyped): b was replaced by a restore of c.
    for (const type of ['promote', '']) {
      const history = [dep('d', type), dep('c', type), dep('b', type), dep('c', type), dep('a', type)]
      expect(chooseRollback(history)).toMatchObject({ target: history[1], rolledBack: new Set(['b']) })
      expect(rollbackSequence(history).map((d) => d.version)).toEqual(['c', 'a'])
    }
  })

  test.each(['rollback', 'Rollback', 'roll_back', 'rolled-back'])('deployment_type %s counts as a rollback', (type) => {
    const history = [dep('b', type), dep('c'), dep('a')]
    expect(chooseRollback(history).rolledBack).toEqual(new Set(['c']))
  })
})

describe('rollbackSequence', () => {
  test('the versions successive rollbacks would restore, in order', () => {
    const history = [dep('d'), dep('c'), dep('b'), dep('e'), dep('a')]
    expect(rollbackSequence(history).map((d) => d.version)).toEqual(['c', 'b', 'e'])
    expect(rollbackSequence(history, undefined, 1).map((d) => d.id)).toEqual([history[1]!.id])
    expect(rollbackSequence([dep('a')])).toEqual([])
  })
})
