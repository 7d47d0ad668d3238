/**
 * What `undici` resolves to in the bundle (tsconfig.json `paths`, which ncc applies to packages too):
 * @actions/http-client imports undici at load only for ProxyAgent, and @actions/github only for
 * fetch, both used long after start-up if at all. Evaluating undici at start-up cost a read
 * operation about 20 ms of its ~80 ms, so the real package is required here on first use instead
 * (webpack evaluates a bundled module when it is first required). Tests load the real undici.
 */ type Undici = typeof import('undici/index.js')
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
