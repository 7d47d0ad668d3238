// A jest reporter: after the run, the slowest test files and the whole run's wall time, so the
// suite's budget stays visible in every `npm test`. The budget is 40 s on the 2-core reference
// machine, where `node -e "let s=0;for(let i=0;i<3e8;i++)s+=i%7;"` takes 0.57 s. A run over 40 s
// here times that command (about half a second) and scales the run to the reference machine: on a
// slower or shared machine, a slow run may be the machine, not the tests. The load average is
// printed too.
import { spawnSync } from 'node:child_process'
import * as os from 'node:os'

const SHOWN = 10
const BUDGET_S = 40
const REFERENCE_LOOP_S = 0.57

/** Seconds this machine, as busy as it is now, takes to run the reference loop: the same command, timed whole. */
function loopSeconds() {
  const started = process.hrtime.bigint()
  spawnSync(process.execPath, ['-e', 'let s=0;for(let i=0;i<3e8;i++)s+=i%7;'], { stdio: 'ignore' })
  return Number(process.hrtime.bigint() - started) / 1e9
}

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
    let verdict = ''
    if (this.coverage) verdict = ' with coverage (the budget is for npm test, without it)'
    else if (wall > BUDGET_S) {
      const loop = loopSeconds()
      const reference = (wall * REFERENCE_LOOP_S) / loop
      verdict =
        `; the reference loop took ${loop.toFixed(2)} s here (${REFERENCE_LOOP_S} s there), so about ` +
        `${reference.toFixed(1)} s on the reference machine` +
        (reference > BUDGET_S ? ' — OVER BUDGET (check the load, then the files below)' : ', within budget')
    }
    process.stderr.write(
      `\nSlowest test files (the whole run took ${wall.toFixed(1)} s${verdict}; budget ${BUDGET_S} s on the ` +
        `2-core reference machine; ${os.cpus().length} cores here, load average ${load}):\n${lines.join('\n')}\n`
    )
  }
}
