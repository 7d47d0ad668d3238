import { defaultDeploymentMessage, githubRunFromEnv } from '../../src/core/context.js'

const FULL_ENV = {
  GITHUB_SERVER_URL: 'https://github.example.com',
  GITHUB_REPOSITORY: 'acme/agents',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_ACTOR: 'octocat',
  GITHUB_RUN_ID: '4242',
  GITHUB_WORKFLOW: 'Deploy',
  GITHUB_REF: 'refs/heads/main'
}

describe('githubRunFromEnv', () => {
  test('an empty environment gives only the default server', () => {
    expect(githubRunFromEnv({})).toStrictEqual({ serverUrl: 'https://github.com', apiUrl: 'https://api.github.com' })
  })

  test('reads every variable', () => {
    expect(githubRunFromEnv(FULL_ENV)).toStrictEqual({
      serverUrl: 'https://github.example.com',
      apiUrl: 'https://api.github.com',
      repository: 'acme/agents',
      sha: '0123456789abcdef0123456789abcdef01234567',
      actor: 'octocat',
      runId: '4242',
      workflow: 'Deploy',
      ref: 'refs/heads/main'
    })
  })

  test('empty variables count as unset', () => {
    expect(
      githubRunFromEnv({ GITHUB_SERVER_URL: '', GITHUB_REPOSITORY: '', GITHUB_SHA: '', GITHUB_ACTOR: 'me' })
    ).toStrictEqual({ serverUrl: 'https://github.com', apiUrl: 'https://api.github.com', actor: 'me' })
  })
})

describe('defaultDeploymentMessage', () => {
  test('repository, short sha, actor and run link', () => {
    expect(
      defaultDeploymentMessage({
        serverUrl: 'https://github.com',
        apiUrl: 'https://api.github.com',
        repository: 'acme/agents',
        sha: '0123456789abcdef',
        actor: 'octocat',
        runId: '4242'
      })
    ).toBe('acme/agents@0123456 by octocat — https://github.com/acme/agents/actions/runs/4242')
  })

  test('from the environment, on GitHub Enterprise Server', () => {
    expect(defaultDeploymentMessage(githubRunFromEnv(FULL_ENV))).toBe(
      'acme/agents@0123456 by octocat — https://github.example.com/acme/agents/actions/runs/4242'
    )
  })

  test('none without a repository', () => {
    expect(
      defaultDeploymentMessage({
        serverUrl: 'https://github.com',
        apiUrl: 'https://api.github.com',
        sha: 'abc',
        actor: 'x',
        runId: '1'
      })
    ).toBeUndefined()
  })

  test('each part is optional', () => {
    expect(
      defaultDeploymentMessage({
        serverUrl: 'https://github.com',
        apiUrl: 'https://api.github.com',
        repository: 'acme/agents'
      })
    ).toBe('acme/agents')
    expect(
      defaultDeploymentMessage({
        serverUrl: 'https://github.com',
        apiUrl: 'https://api.github.com',
        repository: 'acme/agents',
        actor: 'bot'
      })
    ).toBe('acme/agents by bot')
    expect(
      defaultDeploymentMessage({
        serverUrl: 'https://github.com',
        apiUrl: 'https://api.github.com',
        repository: 'acme/agents',
        runId: '7'
      })
    ).toBe('acme/agents — https://github.com/acme/agents/actions/runs/7')
  })

  test('is cut to 300 characters', () => {
    const message = defaultDeploymentMessage({
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      repository: `acme/${'r'.repeat(400)}`,
      runId: '1'
    })
    expect(message).toBe(`acme/${'r'.repeat(295)}`)
  })
})
