/** The action's name and version, sent as User-Agent so PolyAI can tell its traffic apart. */
export const ACTION_NAME = 'polyai-deploy-action'
export const ACTION_VERSION = '1.0.0'
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION} (+https://github.com/features/actions)`
