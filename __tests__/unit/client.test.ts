import { parseJsonBody } from '../../src/api/client.js'
import { ShapeError } from '../../src/api/parse.js'
import type { RawResponse } from '../../src/api/transport.js'

function response(body: string, contentType?: string | string[]): RawResponse {
  return { status: 200, headers: contentType === undefined ? {} : { 'content-type': contentType }, body }
}

function shapeMessage(r: RawResponse): string {
  try {
    parseJsonBody(r)
  } catch (error) {
    if (error instanceof ShapeError) return error.message
    throw error
  }
  throw new Error('expected a ShapeError')
}

describe('parseJsonBody', () => {
  test('parses JSON of any shape', () => {
    expect(parseJsonBody(response('{"deployment":{"id":"dep-1"}}', 'application/json'))).toEqual({
      deployment: { id: 'dep-1' }
    })
    expect(parseJsonBody(response(' [1, 2] '))).toEqual([1, 2])
    expect(parseJsonBody(response('null'))).toBeNull()
  })

  test('valid JSON is used even when labelled HTML', () => {
    expect(parseJsonBody(response('{"a":1}', 'text/html'))).toEqual({ a: 1 })
  })

  test.each(['', '   ', '\r\n\t'])('an empty body %j', (body) => {
    expect(shapeMessage(response(body, 'application/json'))).toBe('the body is empty')
  })

  test('an HTML page, recognised by its content', () => {
    expect(
      shapeMessage(response('\n<!DOCTYPE html><html><body><h1>Gateway Timeout</h1><p>try later</p></body></html>'))
    ).toBe('the body is an HTML page, not JSON (a proxy?): Gateway Timeout try later')
  })

  test.each(['text/html; charset=utf-8', ['TEXT/HTML']])('an HTML page, recognised by content-type %j', (type) => {
    expect(shapeMessage(response('Service Unavailable', type))).toBe(
      'the body is an HTML page, not JSON (a proxy?): Service Unavailable'
    )
  })

  test('a long HTML page is cut to 120 characters', () => {
    const text = 'x'.repeat(500)
    expect(shapeMessage(response(`<p>${text}</p>`))).toBe(
      `the body is an HTML page, not JSON (a proxy?): ${'x'.repeat(120)}…`
    )
  })

  test('truncated JSON', () => {
    expect(shapeMessage(response('{"deployment": {"id": "dep-1", "environ', 'application/json'))).toBe(
      'the body is not valid JSON (truncated?): {"deployment": {"id": "dep-1", "environ'
    )
  })

  test('truncated JSON excerpts are cut to 60 characters', () => {
    const body = `{"items": [${'"abcdefgh",'.repeat(20)}`
    expect(shapeMessage(response(body))).toBe(`the body is not valid JSON (truncated?): ${body.slice(0, 60)}…`)
  })
})
