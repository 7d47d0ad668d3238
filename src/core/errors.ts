/**
 * The base of every expected failure (bad input, an API error, nothing to promote…): the step ends
 * with its message as one line and no stack trace. Anything thrown that is not one is a bug, and is
 * reported as "Unexpected error". Checked with instanceof, never by name or message.
 */
export class ExpectedError extends Error {}

/** An expected failure that is not an API error (nothing to promote, values that break a schema…). */
export class StepError extends ExpectedError {
  constructor(message: string) {
    super(message)
    this.name = 'StepError'
  }
}
