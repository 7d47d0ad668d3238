/** Expected failures share one base class, told apart by instanceof: never by name or message. */
import { describe, expect, test } from '@jest/globals'
import { ApiError } from '../../src/api/errors.js'
import { ShapeError } from '../../src/api/parse.js'
import { TransportError } from '../../src/api/transport.js'
import { ExpectedError } from '../../src/core/errors.js'
import { FileInputError } from '../../src/core/files.js'
import { InputError } from '../../src/inputs/inputs.js'
import { StepError } from '../../src/core/errors.js'

describe('ExpectedError', () => {
  test.each([
    ['ApiError', new ApiError({ action: 'read', method: 'GET', path: '/v1', kind: 'http', message: 'no' })],
    ['StepError', new StepError('nothing to promote')],
    ['FileInputError', new FileInputError('schemaPath: missing')],
    ['InputError', new InputError(['agentId is required'])]
  ])('%s is expected', (_, error) => {
    expect(error).toBeInstanceOf(ExpectedError)
  })

  test('internal errors are not: they are converted before they reach the step, or they are bugs', () => {
    expect(new ShapeError('x')).not.toBeInstanceOf(ExpectedError)
    expect(new TransportError('x', 'timeout')).not.toBeInstanceOf(ExpectedError)
    expect(new TypeError('x')).not.toBeInstanceOf(ExpectedError)
  })

  test('a renamed error is still told apart by its class', () => {
    const error = new StepError('x')
    error.name = 'Something'
    expect(error).toBeInstanceOf(ExpectedError)
  })
})
