// The floor for `npm run bench`: the least a hand-written step can do for get-active-deployments.
// One GET of the active deployments with the key, then the same outputs (changed, activeDeployments)
// in GITHUB_OUTPUT and a one-table job summary. No checks, no retries, no redaction: only the work.
import { appendFileSync } from 'node:fs'
import { request } from 'node:http'

const env = process.env
const url = new URL(`${env.INPUT_BASEURL}/v1/agents/${encodeURIComponent(env.INPUT_AGENTID)}/deployments/active`)
const req = request(url, { headers: { 'X-API-KEY': env.INPUT_APIKEY, accept: 'application/json' } }, (res) => {
  let body = ''
  res.setEncoding('utf8')
  res.on('data', (chunk) => (body += chunk))
  res.on('end', () => {
    const active = JSON.parse(body)
    const value = JSON.stringify(active)
    appendFileSync(env.GITHUB_OUTPUT, `changed<<EOF_1\nfalse\nEOF_1\nactiveDeployments<<EOF_2\n${value}\nEOF_2\n`)
    const rows = Object.entries(active).map(([name, d]) => `| ${name} | ${d ? d.id : 'none'} |`)
    appendFileSync(
      env.GITHUB_STEP_SUMMARY,
      `## Active deployments\n\n| Environment | Deployment |\n| --- | --- |\n${rows.join('\n')}\n`
    )
    console.log(value)
  })
})
req.end()
