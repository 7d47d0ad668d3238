// Kept: evaluating undici at start-up puts a read operation's whole process at 1.7× the minimal script (1.3× with this).
// What `undici` resolves to in the bundle (tsconfig.json `paths`): the real package, required on first use.
type Undici = typeof import('undici/index.js')
let loaded: Undici | undefined
function undici(): Undici {
  // 'undici/index.js' is not the mapped specifier, so this is the real package, bundled as usual;
  // webpack's require evaluates it here, on first use, not at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('undici/index.js') as Undici
  return loaded
}
export class ProxyAgent {
  constructor(...args: ConstructorParameters<Undici['ProxyAgent']>) {
    return new (undici().ProxyAgent)(...args)
  }
}
export const fetch: Undici['fetch'] = (...args) => undici().fetch(...args)
