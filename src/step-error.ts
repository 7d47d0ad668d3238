/** An expected failure that is not an API error (nothing to promote, values that break a schema…). */
export class StepError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StepError'
  }
}
