// A jest reporter: after the run, the slowest test files and the whole run's wall time, so the
// suite's budget (under 40 s on 2 cores) stays visible in every `npm test`. The load average is
// printed with it: on a shared machine a slow run may be the neighbours, not the tests.
import * as os from 'node:os'

const SHOWN = 10
const BUDGET_S = 40

export default class SlowestFiles {
  constructor(globalConfig) {
    this.coverage = Boolean(globalConfig?.collectCoverage)
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({ file: r.testFilePath.replace(`${process.cwd()}/`, ''), ms: r.perfStats.end - r.perfStats.start }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SHOWN)
    const wall = (Date.now() - results.startTime) / 1000
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')
    const lines = files.map(({ file, ms }) => `  ${(ms / 1000).toFixed(1).padStart(5)} s  ${file}`)
    // The budget is npm test's: coverage (npm run test:coverage) adds about a third.
    const over = this.coverage
      ? ' with coverage'
      : wall > BUDGET_S
        ? ` — OVER BUDGET (check the load, then the files below)`
        : ''
    process.stderr.write(
      `\nSlowest test files (the whole run took ${wall.toFixed(1)} s${over}; budget ${BUDGET_S} s on 2 cores without coverage; ${os.cpus().length} cores here, load average ${load}):\n${lines.join('\n')}\n`
    )
  }
}
