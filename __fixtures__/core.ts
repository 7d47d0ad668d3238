/** A jest.fn() for each @actions/core export the action uses, registered with jest.unstable_mockModule. */
import { jest } from '@jest/globals'
import type * as Core from '@actions/core'

export const getInput = jest.fn<typeof Core.getInput>()
export const setSecret = jest.fn<typeof Core.setSecret>()
export const setOutput = jest.fn<typeof Core.setOutput>()
export const info = jest.fn<typeof Core.info>()
export const notice = jest.fn<typeof Core.notice>()
export const warning = jest.fn<typeof Core.warning>()
export const debug = jest.fn<typeof Core.debug>()
export const error = jest.fn<typeof Core.error>()
export const setFailed = jest.fn<typeof Core.setFailed>()
