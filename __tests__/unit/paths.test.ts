import { describe, expect, it } from '@jest/globals'
import { agentPath, PATHS, segment } from '../../src/api/paths.js'
import { StepError } from '../../src/core/errors.js'

describe('request paths', () => {
  it('encodes ids as one segment each', () => {
    expect(agentPath('a/b', PATHS.promote('d 1?x'))).toBe('/v1/agents/a%2Fb/deployments/d%201%3Fx/promote')
    expect(PATHS.testRun('%2e%2e')).toBe('/testing/test-runs/%252e%252e')
  })

  it.each(['.', '..'])('refuses the dot segment %p, which a URL parser would resolve into another endpoint', (id) => {
    // What it guards against: the parser the transport uses moves the request up a folder.
    const naive = `/v1/agents/a/deployments/${encodeURIComponent(id)}/promote`
    expect(new URL(`http://h${naive}`).pathname).not.toBe(naive)
    expect(() => PATHS.promote(id)).toThrow(StepError)
    expect(() => PATHS.rollback(id)).toThrow(/cannot be sent in a request path/)
    expect(() => agentPath(id, PATHS.active)).toThrow(StepError)
  })

  it('keeps other dotted ids', () => {
    expect(segment('...')).toBe('...')
    expect(segment('v1.2')).toBe('v1.2')
  })
})
