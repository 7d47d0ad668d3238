/**
 * The Node versions the README's quick start and docs/development.md state are the ones package.json declares,
 * and the Node running the tests is one of them.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'

const root = new URL('../..', import.meta.url)
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } }
const readme = readFileSync(new URL('README.md', root), 'utf8')
const development = readFileSync(new URL('docs/development.md', root), 'utf8')

describe('Node versions', () => {
  test('engines, the README, docs/development.md and the Node running these tests agree', () => {
    const [, min] = /^>=(\d+)$/.exec(pkg.engines.node) ?? []
    expect(min).toBeDefined()
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(min))
    expect(development).toContain(`needs **Node ${min} or later** (\`engines\` in \`package.json\`)`)
    expect(readme).toContain(`On a fresh clone (Node ${min} or later`)
    const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } }>
    }
    expect(lock.packages['']?.engines?.node).toBe(pkg.engines.node)
  })
})
