/**
 * What a refused input probably meant: "did you mean" for operation and environment names (close
 * spellings, and the words people use for PolyAI's stages), and what an empty apiKey most likely
 * says about the secret behind it. Hints only: a guessed name is never used in place of the
 * value given; the step still fails and the user fixes the workflow.
 */
import { closest } from '../core/spelling.js'
import { CLI_FOLDERS } from '../core/files.js'
import { type Environment, ENVIRONMENTS } from '../core/types.js'

/**
 * Other names for the three stages, which no spelling distance finds: PolyAI's CLI folders, and the
 * words other platforms use (staging is the stage before live: pre-release).
 */
const STAGE_WORDS: Record<string, { env: Environment; why: string }> = {
  ...Object.fromEntries(
    Object.entries(CLI_FOLDERS)
      .filter(([env, folder]) => env !== folder)
      .map(([env, folder]) => [folder, { env: env as Environment, why: "PolyAI's CLI folder name" }])
  ),
  prod: { env: 'live', why: 'PolyAI calls production live' },
  production: { env: 'live', why: 'PolyAI calls production live' },
  prd: { env: 'live', why: 'PolyAI calls production live' },
  staging: { env: 'pre-release', why: 'the stage between sandbox and live' },
  stage: { env: 'pre-release', why: 'the stage between sandbox and live' },
  preprod: { env: 'pre-release', why: 'the stage between sandbox and live' },
  'pre-prod': { env: 'pre-release', why: 'the stage between sandbox and live' },
  uat: { env: 'pre-release', why: 'the stage between sandbox and live' },
  draft: { env: 'sandbox', why: 'the draft is published to sandbox' },
  dev: { env: 'sandbox', why: 'the first stage, where the draft is published' },
  development: { env: 'sandbox', why: 'the first stage, where the draft is published' }
}

/**
 * `did you mean "live" (PolyAI calls production live)?`, or '' when nothing is close. `all` is a
 * word only where a list is taken (`many`), and there only on its own.
 */
export function environmentHint(name: string, many: boolean): string {
  const word = name.trim().toLowerCase()
  if (word === 'all')
    return many ? 'all stands alone, not in a list.' : 'all is only for config writes and pull-config.'
  const known = STAGE_WORDS[word] ?? STAGE_WORDS[word.replace(/[\s_]+/g, '-')]
  if (known) return `did you mean "${known.env}" (${known.why})?`
  const meant = closest(word.replace(/[\s_]+/g, '-'), ENVIRONMENTS, 2)
  return meant ? `did you mean "${meant}"?` : ''
}

/** The problem for a name that is not an environment (`quoted`: as the message shows it), with a guess. */
export function unknownEnvironment(name: string, quoted: string, many: boolean): string {
  const hint = environmentHint(name, many)
  const choices = `${ENVIRONMENTS.join(', ')}${many ? ', a comma-separated list of them, or all' : ''}`
  return `targetEnvironment ${quoted} is not an environment: ${hint ? `${hint} Use` : 'use'} ${choices}`
}

/** Words for an action that name no operation, with the operations that do it. */
const OPERATION_WORDS: Record<string, string> = {
  deploy: '"publish" (the draft to sandbox), then "promote"',
  release: '"publish" (the draft to sandbox), then "promote"',
  ship: '"publish" (the draft to sandbox), then "promote"',
  revert: '"rollback"',
  undo: '"rollback"'
}

/**
 * `did you mean "promote"?` for a close spelling (any case), an operation named by one of its
 * words (`sync` → sync-config), or a word for what an operation does; '' when nothing fits.
 */
export function operationHint(name: string, operations: readonly string[]): string {
  const word = name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
  if (OPERATION_WORDS[word]) return `did you mean ${OPERATION_WORDS[word]}?`
  const meant = closest(word, operations, 2)
  if (meant) return `did you mean "${meant}"${meant === word ? ' (operation names are lower case, with dashes)' : ''}?`
  const containing = operations.filter((op) => op.split('-').includes(word) || op.split('-').includes(`${word}s`))
  if (containing.length > 0 && containing.length <= 2)
    return `did you mean ${containing.map((op) => `"${op}"`).join(' or ')}?`
  return ''
}

/** The problem for a name that is not an operation (`quoted`: as the message shows it), with a guess. */
export function unknownOperation(name: string, quoted: string, operations: readonly string[]): string {
  const hint = operationHint(name, operations)
  return `operation ${quoted} is unknown: ${hint ? `${hint} The operations are` : 'use one of'} ${operations.join(', ')}`
}

/**
 * The problem for an empty key. Whether the step wrote `apiKey:` cannot be known (the runner passes
 * every declared input, an unset secret as ''), but an empty POLYAI_API_KEY that is set is, and so
 * are the runs that get no secrets (Dependabot's; a pull request's, when it comes from a fork).
 */
export function emptyKeyProblem(env: NodeJS.ProcessEnv): string {
  const viaEnv = env.POLYAI_API_KEY !== undefined
  const why: string[] = []
  if (/^dependabot\b/i.test(env.GITHUB_ACTOR ?? ''))
    why.push('this run was started by Dependabot, which reads Dependabot secrets, not Actions secrets')
  // pull_request_target runs in the base repository, with its secrets.
  else if (/^pull_request(_review(_comment)?)?$/.test(env.GITHUB_EVENT_NAME ?? ''))
    why.push(`this is a ${env.GITHUB_EVENT_NAME} run: GitHub passes no secrets to pull requests from forks`)
  return [
    `apiKey is empty${viaEnv ? ', and so is the POLYAI_API_KEY environment variable (set, but empty)' : ''}: `,
    'if you passed `apiKey: ${{ secrets.POLYAI_API_KEY }}`, that secret is not set for this ' +
      "repository or the job's environment (Settings → Secrets and variables → Actions)",
    why.length
      ? `, or ${why.join('; ')}`
      : ', or is not available to this run (pull requests from forks and Dependabot get none)',
    viaEnv ? '' : '; otherwise pass `apiKey: ${{ secrets.POLYAI_API_KEY }}` or set POLYAI_API_KEY'
  ].join('')
}
