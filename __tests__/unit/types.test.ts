import { ENVIRONMENTS, isEnvironment, nextStage, previousStage } from '../../src/core/types.js'

describe('pipeline stages', () => {
  test('the pipeline order', () => {
    expect(ENVIRONMENTS).toEqual(['sandbox', 'pre-release', 'live'])
  })

  test.each([
    ['sandbox', 'pre-release'],
    ['pre-release', 'live'],
    ['live', undefined]
  ] as const)('nextStage(%s) is %s', (env, next) => {
    expect(nextStage(env)).toBe(next)
  })

  test.each([
    ['sandbox', undefined],
    ['pre-release', 'sandbox'],
    ['live', 'pre-release']
  ] as const)('previousStage(%s) is %s', (env, previous) => {
    expect(previousStage(env)).toBe(previous)
  })

  test.each([
    ['sandbox', true],
    ['pre-release', true],
    ['live', true],
    ['Live', false],
    ['prerelease', false],
    ['all', false],
    ['', false]
  ])('isEnvironment(%j) is %s', (value, expected) => {
    expect(isEnvironment(value)).toBe(expected)
  })
})
