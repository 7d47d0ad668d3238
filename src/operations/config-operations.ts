/** The config operations, loaded together and only when one of them runs (see index.ts). */
export { pullConfig } from './pull-config.js'
export { syncConfig } from './sync-config.js'
export { updateVariables } from './update-variables.js'
export { upsertSchema } from './upsert-schema.js'
