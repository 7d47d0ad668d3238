/** ExpectedError: an expected failure, ending the step with one line and no stack trace (checked with instanceof). */
export class ExpectedError extends Error {}

/** An expected failure that is not an API error (nothing to promote, values that break a schema…). */
export class StepError extends ExpectedError {
  constructor(message: string) {
    super(message)
    this.name = 'StepError'
  }
}
