/**
 * Outputs are written only through core.setOutput: a deployment message or an API value with line
 * breaks, `name=value` lines or delimiter-looking text cannot forge another output, and such a
 * value in a log line cannot start a workflow command. The two deployments run through
 * dist/index.js, for what only the bundle shows: the GITHUB_OUTPUT file as the real @actions/core
 * writes it (each output in its own block with a random delimiter), the real GITHUB_STEP_SUMMARY,
 * and the real stdout, on a success and on a failure that still writes outputs. The read runs in
 * process (which outputs are written, and what they hold, is policy).
 */
import { expect, test } from '@jest/globals'
import { withoutMark } from '../../src/deploy/ownership.js'
import { type Simulator } from '../../dev/simulator/index.js'
import { useSimulator, actionInputs } from '../helpers/simulator.js'
import { type ActionRun, runDist } from '../../dev/run-action.js'
import { runInProcess } from '../helpers/in-process.js'

let sim: Simulator
useSimulator((s) => (sim = s))

const base = (): Record<string, string> => actionInputs(sim)

/** Lines of text that try to pass for output file syntax, log commands and delimiters. */
const FORGERY = [
  'ship it',
  'changed=false',
  'deploymentId=forged',
  'ghadelimiter_00000000-0000-0000-0000-000000000000',
  'version<<EOF',
  'forged',
  'EOF',
  '::set-output name=deploymentId::forged',
  '::add-mask::everything'
].join('\n')

/** Every line of stdout that looks like a workflow command is one the action meant to issue. */
function expectOnlyOwnCommands(run: ActionRun): void {
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('::')) expect(line).toMatch(/^::(add-mask|debug|notice|warning|error)( [^:]*)?::/)
    expect(line).not.toMatch(/^\s*::(set-output|add-mask::everything|stop-commands)/)
  }
}

/** How a block of the output file starts: the real @actions/core's random delimiter, or the in-memory runner's fixed one. */
const BLOCK = { bundle: /^[A-Za-z]+<<ghadelimiter_[0-9a-f-]{36}$/, memory: /^[A-Za-z]+<<ghadelimiter_memory$/ }

/** The GITHUB_OUTPUT file holds exactly these names, each once, each in its own delimited block. */
function expectOutputNames(run: ActionRun, names: string[], written: keyof typeof BLOCK = 'bundle'): void {
  const headers = run.outputText.split('\n').filter((l) => BLOCK[written].test(l))
  expect(headers.map((l) => l.split('<<')[0]).sort()).toEqual([...names].sort())
  expect(Object.keys(run.outputs).sort()).toEqual([...names].sort())
}

test('through dist/index.js: a deployment message full of output syntax stays inside the deployment output', async () => {
  const run = await runDist({ inputs: { ...base(), operation: 'publish', deploymentMessage: FORGERY } })
  expect(run.code).toBe(0)
  const made = sim.state.active('sandbox')!
  expect(withoutMark(made.metadata?.deployment_message as string)).toBe(FORGERY)
  expectOutputNames(run, [
    'changed',
    'deploymentId',
    'environment',
    'version',
    'previousDeploymentId',
    'testRunIds',
    'deployment'
  ])
  expect(run.outputs.deploymentId).toBe(made.id)
  expect(run.outputs.changed).toBe('true')
  expect(run.outputs.version).toBe(made.version)
  expect(withoutMark(JSON.parse(run.outputs.deployment!).metadata.deployment_message)).toBe(FORGERY)
  expectOnlyOwnCommands(run)
  // The summary shows it on one escaped line.
  expect(run.summary).not.toContain('\nchanged=false')
})

test('through dist/index.js: an API value with line breaks (a version hash) cannot forge outputs or log commands, and never becomes an output', async () => {
  const weird = sim.state.addDeployment('sandbox', `abc1234\n${FORGERY}`)
  const run = await runDist({
    inputs: { ...base(), operation: 'promote', deploymentId: weird.id, targetEnvironment: 'pre-release' }
  })
  // The promote happened, but a version a later shell step would run is not handed on: the step fails.
  expect(run.code).toBe(1)
  const made = sim.state.active('pre-release')!
  expect(run.outputs.deploymentId).toBe(made.id)
  expect(run.outputs.version).toBeUndefined()
  expect(run.outputs.changed).toBe('true')
  expectOutputNames(run, ['changed', 'deploymentId', 'environment', 'previousDeploymentId', 'testRunIds'])
  expect(run.stdout).toContain('cannot be step outputs')
  // The log line that names the source shows the value on one line.
  expect(run.stdout).toContain('version abc1234 ⏎ ship it ⏎ changed=false')
  expectOnlyOwnCommands(run)
})

test('a read (in process) whose values contain output syntax keeps them inside the JSON output', async () => {
  sim.state.addDeployment('live', 'v1', { deployment_message: FORGERY, deployment_type: 'promote' })
  const run = await runInProcess({ inputs: { ...base(), operation: 'get-active-deployments' } })
  expect(run.code).toBe(0)
  expectOutputNames(run, ['changed', 'activeDeployments'], 'memory')
  expect(JSON.parse(run.outputs.activeDeployments!).live.metadata.deployment_message).toBe(FORGERY)
  expectOnlyOwnCommands(run)
})
