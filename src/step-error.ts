import { ExpectedError } from './expected-error.js'

/** An expected failure that is not an API error (nothing to promote, values that break a schema…). */
export class StepError extends ExpectedError {
  constructor(message: string) {
    super(message)
    this.name = 'StepError'
  }
}
