// A jest reporter: after the run, the slowest test files and the whole run's wall time, so the
// suite's budget (under 40 s on 2 cores) stays visible in every `npm test`.
const SHOWN = 8

export default class SlowestFiles {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({ file: r.testFilePath.replace(`${process.cwd()}/`, ''), ms: r.perfStats.end - r.perfStats.start }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SHOWN)
    const wall = (Date.now() - results.startTime) / 1000
    const lines = files.map(({ file, ms }) => `  ${(ms / 1000).toFixed(1).padStart(5)} s  ${file}`)
    process.stderr.write(`\nSlowest test files (the whole run took ${wall.toFixed(1)} s; budget 40 s on 2 cores):\n${lines.join('\n')}\n`)
  }
}
