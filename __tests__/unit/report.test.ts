import { describeDeployment, newReport, shortVersion } from '../../src/report/report.js'

describe('newReport', () => {
  test('starts empty and succeeded', () => {
    expect(newReport('Promote')).toStrictEqual({
      title: 'Promote',
      outcome: 'succeeded',
      facts: [],
      tables: [],
      blocks: [],
      notes: []
    })
  })

  test('takes an outcome, and reports do not share lists', () => {
    const a = newReport('A', 'dry run')
    const b = newReport('B', 'failed')
    a.notes.push('only a')
    expect(a.outcome).toBe('dry run')
    expect(b.outcome).toBe('failed')
    expect(b.notes).toEqual([])
  })
})

describe('shortVersion and describeDeployment', () => {
  test('shortVersion', () => {
    expect(shortVersion('0123456789abcdef')).toBe('0123456')
    expect(shortVersion('abc')).toBe('abc')
    expect(shortVersion(undefined)).toBe('—')
    expect(shortVersion('')).toBe('—')
  })

  test('describeDeployment', () => {
    expect(describeDeployment({ id: 'dep-12', environment: 'live', version: 'abc1234ffff', createdAt: '' })).toBe(
      'dep-12 (version abc1234)'
    )
    expect(describeDeployment(null)).toBe('none')
    expect(describeDeployment(undefined)).toBe('none')
  })
})
