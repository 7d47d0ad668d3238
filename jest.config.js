/**
 * Jest runs the TypeScript sources as ESM (the @actions packages are ESM-only), one worker per core
 * (tests share no global state: in-process runs use an in-memory runner), and prints the slowest
 * files after each run.
 */
export default {
  maxWorkers: '100%',
  reporters: ['default', '<rootDir>/dev/jest-slowest-files.mjs'],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.dev.json' }]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Coverage is `npm run test:coverage` (what CI runs, failing under 90% of src/ lines), not every `npm test`:
  // jest copies and ships each file's coverage map of the whole src/ graph, a third more time for the suite.
  // lazy-undici.ts exists only in the bundle (tsconfig paths, for ncc); jest loads the real undici.
  // runner.ts holds types only: no code to cover, and a file no test loads is instrumented after the
  // last test in a fresh pool of workers (about 4 s of the run's end).
  collectCoverageFrom: ['src/**/*.ts', '!src/core/lazy-undici.ts', '!src/github/runner.ts'],
  coverageReporters: ['text-summary', 'lcovonly'],
  coverageThreshold: { global: { lines: 90 } },
  // Not a bound on any behaviour (time-bound behaviour runs on the fake clock, and a step through the
  // bundle is killed by its own cap, dev/run-action.ts): room for the end-to-end files' queued cases
  // on a machine busy with other work, where a file can take several times its idle time.
  testTimeout: 120000
}
