/** The step's clock, deadline, per-request timeout and back-off arithmetic. */
import { describe, expect, test } from '@jest/globals'
import {
  backoffDelay,
  Deadline,
  DEFAULT_BACKOFF,
  formatSeconds,
  parseRetryAfter,
  requestTimeout
} from '../../src/core/clock.js'
import { fakeClock } from '../helpers/clock.js'

describe('requestTimeout', () => {
  test('takes half of what is left, capped', () => {
    expect(requestTimeout(300_000, 30_000)).toBe(30_000)
    expect(requestTimeout(10_000, 30_000)).toBe(5_000)
  })
  test('a mutation takes a third', () => {
    expect(requestTimeout(9_000, 30_000, 1 / 3)).toBe(3_000)
  })
  test('at least a second, but never past the deadline', () => {
    expect(requestTimeout(1_500, 30_000)).toBe(1_000)
    expect(requestTimeout(400, 30_000)).toBe(400)
    expect(requestTimeout(0, 30_000)).toBe(0)
  })
})

describe('Deadline', () => {
  test('counts down on its clock and describes itself', () => {
    const clock = fakeClock({ start: 1_000_000 })
    const deadline = new Deadline(clock, 10_000)
    expect(deadline.remainingMs()).toBe(10_000)
    clock.advance(4_000)
    expect(deadline.remainingMs()).toBe(6_000)
    expect(deadline.describe()).toBe("the step's 10 s budget (timeoutSeconds)")
    clock.advance(7_000)
    expect(deadline.remainingMs()).toBe(0)
    expect(deadline.expired()).toBe(true)
  })

  test('withGrace gives a landing check a few seconds past the end, and says so', () => {
    const clock = fakeClock({ start: 1_000_000 })
    const deadline = new Deadline(clock, 10_000)
    expect(deadline.withGrace(5_000)).toBe(deadline) // plenty left: the same deadline
    clock.advance(9_000)
    const grace = deadline.withGrace(5_000)
    expect(grace.remainingMs()).toBe(5_000)
    expect(grace.describe()).toBe(
      "the 5 s grace for checking whether the change landed (after the step's 10 s budget (timeoutSeconds) ran out)"
    )
  })
})

describe('back-off and Retry-After', () => {
  test('full jitter under an exponential, capped ceiling', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.5)).toBe(250)
    expect(backoffDelay(4, DEFAULT_BACKOFF, () => 0.5)).toBe(2_000)
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0.999)).toBe(19_980)
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(0)
  })

  test.each([
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['0', 0],
    ['12', 12_000],
    ['86400', 20_000],
    [['3', '9'], 3_000],
    [new Date(1_000_000 + 8_000).toUTCString(), 8_000],
    [new Date(1_000_000 - 8_000).toUTCString(), 0]
  ] as Array<[string | string[] | undefined, number | undefined]>)('Retry-After %j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, 1_000_000, 20_000)).toBe(expected)
  })

  test('formatSeconds', () => {
    expect(formatSeconds(250)).toBe('0.3 s')
    expect(formatSeconds(1_500)).toBe('1.5 s')
    expect(formatSeconds(12_345)).toBe('12 s')
  })
})
