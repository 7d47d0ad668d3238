// ncc minifies dist/index.js but leaves the lazily loaded chunks (dist/<id>.index.js) as they
// are; this minifies them too, so the whole bundle stays small. Part of `npm run build`.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { minify } from 'terser'

const dist = new URL('../dist', import.meta.url).pathname
for (const name of await readdir(dist)) {
  if (!/^\d+\.index\.js$/.test(name)) continue
  const file = join(dist, name)
  const result = await minify(await readFile(file, 'utf8'), {
    module: true,
    ecma: 2022,
    compress: { passes: 1 },
    mangle: true,
    format: { comments: false }
  })
  if (result.code === undefined) throw new Error(`terser produced nothing for ${name}`)
  await writeFile(file, result.code)
}
