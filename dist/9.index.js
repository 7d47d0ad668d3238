export const id = 9;
export const ids = [9,51];
export const modules = {

/***/ 2351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $T: () => (/* binding */ HINT_REDIRECT),
/* harmony export */   Kb: () => (/* binding */ excerpt),
/* harmony export */   bO: () => (/* binding */ defaultHint),
/* harmony export */   eB: () => (/* binding */ HINT_PROMOTE_NOT_FOUND),
/* harmony export */   gt: () => (/* binding */ HINT_ROLLBACK_NOT_FOUND),
/* harmony export */   hD: () => (/* binding */ ApiError),
/* harmony export */   kW: () => (/* binding */ parseErrorBody)
/* harmony export */ });
/* unused harmony exports HINT_AUTH, HINT_AGENT_NOT_FOUND, HINT_RATE_LIMIT, formatApiError */
/**
 * Every way a call can fail, as one error type whose message is the single line a user reads:
 * what was attempted, how it failed, the correlation id, and the fix where we know it.
 */
const HINT_AUTH = 'check that apiKey (or POLYAI_API_KEY) is a current key for this workspace and that region/baseUrl matches the region the key belongs to';
const HINT_PROMOTE_NOT_FOUND = 'check deploymentId: it must be the id of an existing deployment of this agent (see the get-active-deployments operation), or leave it empty to promote the active deployment of the previous stage';
const HINT_ROLLBACK_NOT_FOUND = 'check deploymentId: it must be the id of an older deployment of this agent, or leave it empty and set targetEnvironment to roll back to the previous version there';
const HINT_AGENT_NOT_FOUND = 'check agentId and that the key belongs to the workspace that owns the agent';
const HINT_REDIRECT = 'the PolyAI API does not redirect: check baseUrl/region, or a proxy in between';
const HINT_RATE_LIMIT = 'the API is rate limiting this key; retry later or space out jobs';
class ApiError extends Error {
    details;
    constructor(details) {
        super(formatApiError(details));
        this.name = 'ApiError';
        this.details = details;
    }
    get status() {
        return this.details.status;
    }
    get errorCode() {
        return this.details.errorCode;
    }
}
/** One line: `Failed to <action>: <METHOD> <path> → HTTP 404 CODE: message (correlation id …). Hint: …` */
function formatApiError(d) {
    const outcome = d.status !== undefined
        ? `HTTP ${d.status}${d.errorCode ? ` ${d.errorCode}` : ''}: ${d.message}`
        : d.message;
    const parts = [`Failed to ${d.action}: ${d.method} ${d.path} → ${outcome}`];
    if (d.location)
        parts.push(`(Location: ${d.location})`);
    if (d.correlationId)
        parts.push(`(correlation id ${d.correlationId})`);
    let line = parts.join(' ');
    if (d.hint)
        line += `. Hint: ${d.hint}`;
    return line;
}
/** Cuts a non-JSON body (an HTML page from a proxy, say) to a short single-line excerpt. */
function excerpt(body, max = 120) {
    const flat = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    if (!flat)
        return '(empty body)';
    return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
/** Reads the PolyAI error envelope, tolerating anything else a proxy may send. */
function parseErrorBody(body) {
    try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed === 'object') {
            const o = parsed;
            const message = (typeof o.error_message === 'string' && o.error_message) ||
                (typeof o.error === 'string' && o.error) ||
                (typeof o.message === 'string' && o.message) ||
                excerpt(body);
            const result = { message };
            if (typeof o.error_code === 'string')
                result.errorCode = o.error_code;
            if (typeof o.error_id === 'string')
                result.errorId = o.error_id;
            return result;
        }
    }
    catch {
        // not JSON: fall through to the excerpt
    }
    return { message: `non-JSON response: ${excerpt(body)}` };
}
/** The fix we know for a status, if any; the operation may supply a more specific one. */
function defaultHint(status, errorCode) {
    if (status === 401 || status === 403)
        return HINT_AUTH;
    if (status === 429)
        return HINT_RATE_LIMIT;
    if (status === 404 && errorCode === 'AGENT_NOT_FOUND')
        return HINT_AGENT_NOT_FOUND;
    return undefined;
}


/***/ }),

/***/ 9904:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OW: () => (/* binding */ isJsonObject),
/* harmony export */   VH: () => (/* binding */ preview),
/* harmony export */   Xg: () => (/* binding */ unescapePointerToken),
/* harmony export */   Y2: () => (/* binding */ childPointer),
/* harmony export */   Zm: () => (/* binding */ jsonEqual),
/* harmony export */   dj: () => (/* binding */ canonicalJson)
/* harmony export */ });
/* unused harmony export escapePointerToken */
/**
 * JSON helpers the config sync shares: equality that ignores object key order (so a reordered
 * file is "unchanged"), JSON pointers, and short previews of values for logs and summaries.
 */
/** True for `{...}` JSON values (not arrays, not null). */
function isJsonObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Deep equality of JSON values where object key order does not matter (array order does). */
function jsonEqual(a, b) {
    if (a === b)
        return true;
    if (Array.isArray(a)) {
        return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
    }
    if (isJsonObject(a) && isJsonObject(b)) {
        const keys = Object.keys(a);
        if (keys.length !== Object.keys(b).length)
            return false;
        return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
    }
    return false;
}
/** JSON text with object keys sorted at every level: equal for values that jsonEqual says are equal. */
function canonicalJson(value) {
    return JSON.stringify(sortKeys(value));
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (!isJsonObject(value))
        return value;
    const out = {};
    for (const key of Object.keys(value).sort())
        out[key] = sortKeys(value[key]);
    return out;
}
/** One reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
function escapePointerToken(token) {
    return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
/** The inverse of escapePointerToken. */
function unescapePointerToken(token) {
    return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
/** `base` + `/token` with the token escaped. */
function childPointer(base, token) {
    return `${base}/${escapePointerToken(String(token))}`;
}
/** Compact JSON of a value cut to `max` characters (with …), for one-line logs and table cells. */
function preview(value, max = 40) {
    const text = value === undefined ? '—' : (JSON.stringify(value) ?? String(value));
    return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}


/***/ }),

/***/ 3051:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultDeploymentMessage: () => (/* binding */ defaultDeploymentMessage),
/* harmony export */   githubRunFromEnv: () => (/* binding */ githubRunFromEnv)
/* harmony export */ });
function githubRunFromEnv(env) {
    const run = { serverUrl: env.GITHUB_SERVER_URL || 'https://github.com' };
    if (env.GITHUB_REPOSITORY)
        run.repository = env.GITHUB_REPOSITORY;
    if (env.GITHUB_SHA)
        run.sha = env.GITHUB_SHA;
    if (env.GITHUB_ACTOR)
        run.actor = env.GITHUB_ACTOR;
    if (env.GITHUB_RUN_ID)
        run.runId = env.GITHUB_RUN_ID;
    if (env.GITHUB_WORKFLOW)
        run.workflow = env.GITHUB_WORKFLOW;
    if (env.GITHUB_REF)
        run.ref = env.GITHUB_REF;
    return run;
}
/**
 * The deployment message used when none is given:
 * `acme/agents@0123456 by octocat — https://github.com/acme/agents/actions/runs/4242`.
 */
function defaultDeploymentMessage(run) {
    if (!run.repository)
        return undefined;
    let message = run.repository;
    if (run.sha)
        message += `@${run.sha.slice(0, 7)}`;
    if (run.actor)
        message += ` by ${run.actor}`;
    if (run.runId)
        message += ` — ${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
    return message.slice(0, 300);
}


/***/ }),

/***/ 8009:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OPERATION_HANDLERS: () => (/* binding */ OPERATION_HANDLERS)
});

// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(2351);
// EXTERNAL MODULE: ./src/step-error.ts
var step_error = __webpack_require__(4968);
// EXTERNAL MODULE: ./src/types.ts
var types = __webpack_require__(4960);
// EXTERNAL MODULE: ./src/operations/context.ts
var context = __webpack_require__(3051);
// EXTERNAL MODULE: ./src/report.ts
var src_report = __webpack_require__(6123);
;// CONCATENATED MODULE: ./src/operations/deployment-result.ts


/** Clock skew tolerated between the runner and the API when comparing createdAt. */
const SKEW_MS = 2 * 60 * 1000;
/**
 * Builds the verify() callback for a deployment mutation: reads the active deployments and
 * reports a deployment that is new since `before` in one of `environments` (with `version`, when
 * known) and was created after the step started; undefined when nothing landed.
 */
function landingCheck(client, before, environments, version, startedAt) {
    return async () => {
        const after = await client.getActiveDeployments();
        for (const env of environments) {
            const d = after[env];
            if (!d || d.id === before[env]?.id)
                continue;
            if (version !== undefined && d.version !== version)
                continue;
            const created = Date.parse(d.createdAt);
            if (!Number.isNaN(created) && created < startedAt - SKEW_MS)
                continue;
            return { deployment: d, testRunIds: [] };
        }
        return undefined;
    };
}
const ALL_ENVIRONMENTS = (/* unused pure expression or super */ null && (ENVIRONMENTS));
/** Outputs and report for a deployment that exists (made now or already in place). */
function deploymentResult(input) {
    const { deployment: d, previous } = input;
    const report = (0,src_report/* newReport */.bQ)(`${input.verb} agent ${input.agentId} in ${d.environment}`, input.outcome);
    report.facts.push(['Agent', input.agentId]);
    report.facts.push([
        'Environment',
        input.from && input.from.environment !== d.environment ? `${input.from.environment} → ${d.environment}` : d.environment
    ]);
    report.facts.push(['Deployment', d.id]);
    report.facts.push([
        'Version',
        previous && previous.version !== d.version
            ? `${(0,src_report/* shortVersion */.Li)(previous.version)} → ${(0,src_report/* shortVersion */.Li)(d.version)}`
            : (0,src_report/* shortVersion */.Li)(d.version)
    ]);
    report.facts.push(['Previously active', (0,src_report/* describeDeployment */.Ti)(previous)]);
    report.facts.push(['Message', input.message ?? messageOf(d) ?? '—']);
    report.facts.push(['Test runs', input.testRunIds.length ? input.testRunIds.join(', ') : 'none']);
    report.notes.push(...(input.notes ?? []));
    const outputs = {
        changed: input.changed,
        deploymentId: d.id,
        testRunIds: input.testRunIds,
        environment: d.environment,
        version: d.version,
        deployment: d
    };
    if (previous)
        outputs.previousDeploymentId = previous.id;
    return { outputs, report };
}
/** The deployment_message the API stored, if any. */
function messageOf(d) {
    const m = d.metadata?.deployment_message;
    return typeof m === 'string' && m !== '' ? m : undefined;
}
/** The dry-run result: the exact request that would be sent, and before/after per environment. */
function planResult(ctx, input) {
    const report = (0,src_report/* newReport */.bQ)(input.title, 'dry run');
    report.notes.push('Dry run: nothing was sent that changes state.', ...(input.notes ?? []));
    report.facts.push(['Agent', input.agentId]);
    report.facts.push(['Request', `${input.method} ${input.path}`]);
    if (input.source)
        report.facts.push(['Source', (0,src_report/* describeDeployment */.Ti)(input.source)]);
    report.tables.push({
        caption: 'Before and after',
        headers: ['Environment', 'Active now', 'After this step'],
        rows: types/* ENVIRONMENTS */.ju.filter((e) => e in input.before || e in input.after).map((env) => [
            env,
            (0,src_report/* describeDeployment */.Ti)(input.before[env]),
            input.after[env] ?? 'unchanged'
        ])
    });
    report.blocks.push({ caption: 'Request body', language: 'json', text: JSON.stringify(input.body, null, 2) });
    ctx.log.info(`Dry run: would send ${input.method} ${input.path} ${JSON.stringify(input.body)}`);
    const outputs = { changed: false, testRunIds: [] };
    if (input.previous)
        outputs.previousDeploymentId = input.previous.id;
    return { outputs, report };
}
/** The request path as the client sends it, for plans. */
function agentPath(ctx, suffix) {
    return `/v1/agents/${encodeURIComponent(ctx.config.agentId)}${suffix}`;
}

;// CONCATENATED MODULE: ./src/operations/promote.ts
/**
 * promote: copy a deployment's version to a later stage. Without deploymentId the source is the
 * active deployment of the stage before the target; a target already on the source's version is
 * left alone (changed=false) unless force is set. One read before the POST, never two POSTs.
 */





async function promote(ctx) {
    const { config, client, log } = ctx;
    const requestedTarget = config.environments[0];
    const before = await client.getActiveDeployments();
    let source;
    if (config.deploymentId) {
        source = types/* ENVIRONMENTS */.ju.map((e) => before[e]).find((d) => d?.id === config.deploymentId) ?? undefined;
        if (source)
            log.info(`Source: deployment ${source.id} (version ${source.version}), active in ${source.environment}`);
        else
            log.info(`Source: deployment ${config.deploymentId} (not active in any environment; the API resolves it)`);
    }
    else {
        const target = requestedTarget ?? 'pre-release';
        const sourceEnv = (0,types/* previousStage */.G7)(target);
        const active = before[sourceEnv];
        if (!active) {
            throw new step_error/* StepError */.z(`Nothing to promote to ${target}: ${sourceEnv} has no active deployment. Publish${sourceEnv === 'sandbox' ? '' : ` and promote to ${sourceEnv}`} first, or set deploymentId.`);
        }
        source = active;
        log.info(`Source: the active ${sourceEnv} deployment ${source.id} (version ${source.version})`);
    }
    const target = requestedTarget ?? (source ? (0,types/* nextStage */.mz)(source.environment) : undefined);
    if (source && !target) {
        throw new step_error/* StepError */.z(`Deployment ${source.id} is in live, the last stage: there is nothing to promote it to.`);
    }
    if (source && target && types/* ENVIRONMENTS */.ju.indexOf(target) <= types/* ENVIRONMENTS */.ju.indexOf(source.environment)) {
        throw new step_error/* StepError */.z(`Cannot promote deployment ${source.id} from ${source.environment} to ${target}: promote only moves to a later stage (sandbox → pre-release → live). Use rollback to go back.`);
    }
    const previous = target ? before[target] : undefined;
    if (source && previous && previous.version === source.version && !config.force) {
        const note = `${target} already runs version ${source.version} (deployment ${previous.id}); nothing was promoted. Set force: true to promote anyway.`;
        log.notice(note);
        return deploymentResult({
            verb: 'Promotion skipped for',
            outcome: 'unchanged',
            agentId: config.agentId,
            from: source,
            deployment: previous,
            previous,
            testRunIds: [],
            message: undefined,
            changed: false,
            notes: [note]
        });
    }
    const deploymentMessage = config.deploymentMessage ?? (0,context.defaultDeploymentMessage)(ctx.github);
    const body = {};
    if (deploymentMessage)
        body.deploymentMessage = deploymentMessage;
    if (requestedTarget)
        body.targetEnvironment = requestedTarget;
    const sourceId = source?.id ?? config.deploymentId;
    if (config.dryRun) {
        return planResult(ctx, {
            title: `Plan: promote ${sourceId} to ${target ?? 'the next stage'}`,
            agentId: config.agentId,
            method: 'POST',
            path: agentPath(ctx, `/deployments/${encodeURIComponent(sourceId)}/promote`),
            body,
            before,
            after: target ? { [target]: `new deployment of version ${source?.version ?? '(source version)'}` } : {},
            previous,
            source
        });
    }
    const mutation = await client.promote(sourceId, body, landingCheck(client, before, target ? [target] : types/* ENVIRONMENTS */.ju, source?.version, ctx.startedAt), errors/* HINT_PROMOTE_NOT_FOUND */.eB);
    const made = mutation.deployment;
    log.info(`Promoted ${sourceId} to ${made.environment}: new deployment ${made.id} (version ${made.version})`);
    return deploymentResult({
        verb: 'Promoted',
        outcome: 'succeeded',
        agentId: config.agentId,
        from: source ?? null,
        deployment: made,
        previous: before[made.environment],
        testRunIds: mutation.testRunIds,
        message: deploymentMessage,
        changed: true
    });
}

;// CONCATENATED MODULE: ./src/operations/publish.ts
/**
 * publish: deploy the current draft (to sandbox unless targetEnvironment says otherwise).
 * 409 DEPLOYMENTS_ALREADY_PUBLISHED (a merge already published it) is not a failure: the active
 * deployment is reported with changed=false, so re-running a workflow is safe.
 */



async function publish(ctx) {
    const { config, client, log } = ctx;
    const env = config.environments[0] ?? 'sandbox';
    const before = await client.getActiveDeployments();
    const previous = before[env];
    const deploymentMessage = config.deploymentMessage ?? (0,context.defaultDeploymentMessage)(ctx.github);
    const body = { environment: env };
    if (deploymentMessage)
        body.deploymentMessage = deploymentMessage;
    if (config.dryRun) {
        return planResult(ctx, {
            title: `Plan: publish the draft to ${env}`,
            agentId: config.agentId,
            method: 'POST',
            path: agentPath(ctx, '/deployments/publish'),
            body,
            before,
            after: { [env]: 'new deployment of the current draft' },
            previous
        });
    }
    try {
        const mutation = await client.publish(body, landingCheck(client, before, [env], undefined, ctx.startedAt));
        const made = mutation.deployment;
        log.info(`Published to ${made.environment}: new deployment ${made.id} (version ${made.version})`);
        return deploymentResult({
            verb: 'Published',
            outcome: 'succeeded',
            agentId: config.agentId,
            deployment: made,
            previous,
            testRunIds: mutation.testRunIds,
            message: deploymentMessage,
            changed: true
        });
    }
    catch (error) {
        if (error instanceof errors/* ApiError */.hD && error.status === 409 && previous) {
            const note = `The draft is already published (${error.errorCode ?? 'HTTP 409'}); ${env} keeps deployment ${previous.id}.`;
            log.notice(note);
            return deploymentResult({
                verb: 'Publish skipped for',
                outcome: 'unchanged',
                agentId: config.agentId,
                deployment: previous,
                previous,
                testRunIds: [],
                message: undefined,
                changed: false,
                notes: [note]
            });
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/operations/read.ts
/** The read-only operations: active deployments, config pages. They change nothing. */



async function getActiveDeployments(ctx) {
    const active = await ctx.client.getActiveDeployments();
    const report = (0,src_report/* newReport */.bQ)(`Active deployments of agent ${ctx.config.agentId}`);
    report.tables.push({
        headers: ['Environment', 'Deployment', 'Version', 'Created', 'Message'],
        rows: types/* ENVIRONMENTS */.ju.map((env) => {
            const d = active[env];
            return d
                ? [env, d.id, (0,src_report/* shortVersion */.Li)(d.version), d.createdAt || '—', messageOf(d) ?? '—']
                : [env, 'none', '—', '—', '—'];
        })
    });
    for (const env of types/* ENVIRONMENTS */.ju)
        ctx.log.info(`${env}: ${(0,src_report/* describeDeployment */.Ti)(active[env])}`);
    return { outputs: { changed: false, activeDeployments: active }, report };
}
/** Top-level property names of a page's schema, for the summary. */
function schemaProperties(page) {
    const props = page.schema?.properties;
    return props && typeof props === 'object' && !Array.isArray(props) ? Object.keys(props) : [];
}
/** One summary row per page: environment, schema properties, variable count, last update. */
function pageRows(pages) {
    return pages.map((p) => [
        p.clientEnv,
        p.schema ? schemaProperties(p).join(', ') || '(no properties)' : 'no schema',
        p.variables ? String(Object.keys(p.variables).length) : '0',
        p.lastUpdated ?? '—'
    ]);
}
const PAGE_HEADERS = ['Environment', 'Schema properties', 'Variables', 'Last updated'];
async function listConfigPages(ctx) {
    const pages = await ctx.client.listConfigPages();
    const report = (0,src_report/* newReport */.bQ)(`Config pages of agent ${ctx.config.agentId}`);
    report.tables.push({ headers: PAGE_HEADERS, rows: pageRows(pages) });
    return { outputs: { changed: false, configPages: pages }, report };
}
async function getConfigPage(ctx) {
    const env = ctx.config.environments[0] ?? 'sandbox';
    const page = await ctx.client.getConfigPage(env);
    const report = (0,src_report/* newReport */.bQ)(`Config page ${env} of agent ${ctx.config.agentId}`);
    report.tables.push({ headers: PAGE_HEADERS, rows: pageRows([page]) });
    return { outputs: { changed: false, configPage: page }, report };
}

;// CONCATENATED MODULE: ./src/operations/rollback.ts
/**
 * rollback: restore an older version in its own environment (the API creates a new deployment).
 * With only targetEnvironment, the target is the newest deployment there whose version differs
 * from the active one, i.e. the previous version. Rolling back to the version already active is
 * skipped unless force is set.
 */





/** How far back the previous version is looked for. */
const HISTORY_LIMIT = 50;
async function rollback(ctx) {
    const { config, client, log } = ctx;
    const env = config.environments[0];
    let before;
    let source;
    if (env) {
        // The environment's history (newest first) tells both what is active and what came before.
        const history = await client.listDeployments(env, HISTORY_LIMIT);
        before = { [env]: history[0] ?? null };
        const active = history[0];
        if (config.deploymentId) {
            source = history.find((d) => d.id === config.deploymentId);
            if (!source) {
                throw new step_error/* StepError */.z(`Deployment ${config.deploymentId} is not among the last ${HISTORY_LIMIT} deployments in ${env}: rollback restores a deployment in its own environment. Check deploymentId and targetEnvironment.`);
            }
        }
        else {
            if (!active)
                throw new step_error/* StepError */.z(`Nothing to roll back in ${env}: it has no deployments.`);
            source = history.find((d) => d.version !== active.version);
            if (!source) {
                throw new step_error/* StepError */.z(`Nothing to roll back to in ${env}: every one of its last ${history.length} deployments runs the active version ${active.version}.`);
            }
            log.info(`Rolling ${env} back from version ${active.version} to the previous version ${source.version} (deployment ${source.id})`);
        }
    }
    else {
        before = await client.getActiveDeployments();
        source = types/* ENVIRONMENTS */.ju.map((e) => before[e]).find((d) => d?.id === config.deploymentId) ?? undefined;
    }
    const sourceId = source?.id ?? config.deploymentId;
    const targetEnv = source?.environment ?? env;
    const previous = targetEnv ? before[targetEnv] : undefined;
    if (source && previous && previous.version === source.version && !config.force) {
        const note = `${previous.environment} already runs version ${source.version} (deployment ${previous.id}); nothing was rolled back. Set force: true to roll back anyway.`;
        log.notice(note);
        return deploymentResult({
            verb: 'Rollback skipped for',
            outcome: 'unchanged',
            agentId: config.agentId,
            deployment: previous,
            previous,
            testRunIds: [],
            message: undefined,
            changed: false,
            notes: [note]
        });
    }
    const deploymentMessage = config.deploymentMessage ?? (0,context.defaultDeploymentMessage)(ctx.github);
    const body = {};
    if (deploymentMessage)
        body.deploymentMessage = deploymentMessage;
    if (config.dryRun) {
        return planResult(ctx, {
            title: `Plan: roll back ${targetEnv ?? 'its environment'} to ${sourceId}`,
            agentId: config.agentId,
            method: 'POST',
            path: agentPath(ctx, `/deployments/${encodeURIComponent(sourceId)}/rollback`),
            body,
            before,
            after: targetEnv ? { [targetEnv]: `new deployment of version ${source?.version ?? '(that deployment\'s version)'}` } : {},
            previous,
            source
        });
    }
    const mutation = await client.rollback(sourceId, body, landingCheck(client, before, targetEnv ? [targetEnv] : types/* ENVIRONMENTS */.ju, source?.version, ctx.startedAt), errors/* HINT_ROLLBACK_NOT_FOUND */.gt);
    const made = mutation.deployment;
    log.info(`Rolled ${made.environment} back to version ${made.version}: new deployment ${made.id}`);
    return deploymentResult({
        verb: 'Rolled back',
        outcome: 'succeeded',
        agentId: config.agentId,
        deployment: made,
        previous: before[made.environment] ?? previous,
        testRunIds: mutation.testRunIds,
        message: deploymentMessage,
        changed: true
    });
}

;// CONCATENATED MODULE: ./src/config/outcome.ts
/**
 * What the two config syncs share: running one environment's sync per environment concurrently
 * (an API failure in one does not hide what happened in the others), and turning the per
 * environment results into outputs, the summary's Environments table and the step's verdict.
 *
 * A refused or failed environment fails the step, but only after every environment is done, and
 * the outputs and summary are still written, so a workflow sees what did land.
 */

/** Errors that belong to one environment (the API said no, or the step ran out of time); others are bugs. */
const PER_ENVIRONMENT_ERRORS = new Set(['ApiError', 'DeadlineExceededError']);
/** Runs `sync` for every environment at once and waits for all of them, whatever happens to each. */
async function syncEach(environments, sync) {
    const settled = await Promise.allSettled(environments.map((env) => sync(env)));
    return settled.map((s, i) => {
        if (s.status === 'fulfilled')
            return s.value;
        const error = s.reason;
        if (!(error instanceof Error && PER_ENVIRONMENT_ERRORS.has(error.name)))
            throw error;
        return { env: environments[i], status: 'failed', details: error.message, reason: error.message };
    });
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
function list(envs) {
    return envs.map((r) => r.env).join(', ');
}
/** Outputs, the report's title, notes and Environments table, and the failure message if any. */
function syncResult(input) {
    const { results, subject, agentId } = input;
    const of = (status) => results.filter((r) => r.status === status);
    const bad = results.filter((r) => r.status === 'refused' || r.status === 'failed');
    const updated = of('updated');
    const planned = of('would update');
    let report;
    if (bad.length) {
        report = (0,src_report/* newReport */.bQ)(`${capitalize(subject)} of agent ${agentId}: ${bad.map((r) => `${r.env} ${r.status}`).join(', ')}`, 'failed');
    }
    else if (input.dryRun) {
        report = (0,src_report/* newReport */.bQ)(`Plan: ${subject} of agent ${agentId}: ${planned.length ? `would update ${list(planned)}` : 'no changes'}`, 'dry run');
    }
    else if (updated.length) {
        report = (0,src_report/* newReport */.bQ)(`Updated the ${subject} of agent ${agentId} in ${list(updated)}`, 'succeeded');
    }
    else {
        report = (0,src_report/* newReport */.bQ)(`No changes to the ${subject} of agent ${agentId}`, 'unchanged');
    }
    if (input.dryRun)
        report.notes.push('Dry run: nothing was sent that changes state.');
    if (!bad.length && !updated.length && !planned.length) {
        report.notes.push(`No changes: ${list(results)} already ${results.length === 1 ? 'matches' : 'match'} the repository; nothing was sent.`);
    }
    report.tables.push({
        caption: 'Environments',
        headers: ['Environment', 'Result', 'Details'],
        rows: results.map((r) => [r.env, r.status, r.details])
    });
    const pages = results.flatMap((r) => (r.page ? [r.page] : []));
    const outputs = {
        changed: updated.length > 0,
        changedEnvironments: [...updated, ...planned].map((r) => r.env).sort(byStage(results)),
        configPages: pages
    };
    if (results.length === 1 && pages[0])
        outputs.configPage = pages[0];
    const result = { outputs, report };
    if (bad.length)
        result.failure = failureMessage(bad, results);
    return result;
}
function byStage(results) {
    const order = results.map((r) => r.env);
    return (a, b) => order.indexOf(a) - order.indexOf(b);
}
/** The step's error: the reason itself for one environment, one line per environment otherwise. */
function failureMessage(bad, results) {
    if (results.length === 1)
        return bad[0]?.reason ?? 'failed';
    const others = results.filter((r) => !bad.includes(r)).map((r) => `${r.env} ${r.status}`);
    return [
        ...bad.map((r) => `${r.env}: ${r.reason ?? r.status}`),
        ...(others.length ? [`The other environments were still synced: ${others.join(', ')}.`] : [])
    ].join('\n');
}
/** The path a config write goes to, as the client sends it (for dry-run log lines). */
function configPath(agentId, env, suffix) {
    return `/v1/agents/${encodeURIComponent(agentId)}/real-time-configs/${env}/${suffix}`;
}

// EXTERNAL MODULE: ./src/config/json.ts
var json = __webpack_require__(9904);
;// CONCATENATED MODULE: ./src/config/render.ts

/** How a value cell reads when maskValues is on. */
const MASKED = '(masked)';
/** Longest value shown in a log line or table cell. */
const VALUE_PREVIEW_CHARS = 40;
/** "/properties/a/type: must be string (rule: type)"; the root pointer reads "(root)". */
function formatProblem(p) {
    return `${p.pointer || '(root)'}: ${p.message} (rule: ${p.rule})`;
}
/** "maxRetries: must be >= 5 (rule: minimum)". */
function formatValueProblem(p) {
    return `${p.variable}: ${p.message} (rule: ${p.rule})`;
}
/** Names joined with ", ", cut after `max` ("… and 3 more"). */
function nameList(names, max = 10) {
    const shown = names.slice(0, max).join(', ');
    return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
/** "locale added; maxRetries constraints changed", for one-line logs. */
function changeLine(changes) {
    return changes.map((c) => `${c.property} ${c.change}`).join('; ');
}
/** One diff table per distinct diff, captioned with the environments that share it. */
function diffTables(diffs) {
    const groups = new Map();
    for (const { env, changes } of diffs) {
        const key = (0,json/* canonicalJson */.dj)(changes);
        const group = groups.get(key) ?? { envs: [], changes };
        group.envs.push(env);
        groups.set(key, group);
    }
    return [...groups.values()].map((g) => ({
        caption: `Schema changes: ${g.envs.join(', ')}`,
        headers: ['Property', 'Change', 'Details'],
        rows: g.changes.map((c) => [c.property, c.change, c.details])
    }));
}
/** A value as a table cell or log fragment: compact JSON, truncated, or masked. */
function showValue(value, mask) {
    return mask ? MASKED : (0,json/* preview */.VH)(value, VALUE_PREVIEW_CHARS);
}
/** Rows Key | Change | Before | After for the keys a merge adds or changes. */
function valueChangeRows(before, plan, mask) {
    return [
        ...plan.added.map((key) => [key, 'added', '—', showValue(plan.patch[key], mask)]),
        ...plan.changed.map((key) => [key, 'changed', showValue(before[key], mask), showValue(plan.patch[key], mask)])
    ];
}
/** Log lines for the same changes: "maxRetries: 3 → 5", "locale added: "en-GB"" (or "(masked)"). */
function valueChangeLines(before, plan, mask) {
    return [
        ...plan.added.map((key) => `${key} added: ${showValue(plan.patch[key], mask)}`),
        ...plan.changed.map((key) => mask ? `${key} changed: ${MASKED}` : `${key}: ${showValue(before[key], false)} → ${showValue(plan.patch[key], false)}`)
    ];
}
/** "config/schema.json", or "config (CLI layout: one schema.json per environment)". */
function describeSource(source) {
    if (source.kind === 'file')
        return source.file.path;
    const name = Object.values(source.files)[0]?.path.split('/').pop() ?? 'file';
    return `${source.path} (CLI layout: one ${name} per environment)`;
}

;// CONCATENATED MODULE: ./src/config/values.ts
/**
 * The update-variables plan: PolyAI's PATCH shallow-merges the keys it is sent into the page's
 * values, so the result is computed here first, and only the keys whose value really changes
 * (deep comparison, object key order ignored) are sent.
 */

/** Plans the shallow merge of `desired` into `current` (a page with no values counts as {}). */
function planMerge(current, desired) {
    const before = current ?? {};
    const plan = { merged: { ...before }, patch: {}, added: [], changed: [] };
    for (const [key, value] of Object.entries(desired)) {
        const exists = Object.prototype.hasOwnProperty.call(before, key);
        if (exists && (0,json/* jsonEqual */.Zm)(before[key], value))
            continue;
        (exists ? plan.changed : plan.added).push(key);
        setOwn(plan.patch, key, value);
        setOwn(plan.merged, key, value);
    }
    return plan;
}
/** obj[key] = value as an own data property, even for a key such as "__proto__". */
function setOwn(obj, key, value) {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
/** True when the plan sends nothing. */
function isNoop(plan) {
    return plan.added.length === 0 && plan.changed.length === 0;
}

// EXTERNAL MODULE: ./src/files.ts + 2 modules
var src_files = __webpack_require__(2178);
;// CONCATENATED MODULE: ./src/operations/update-variables.ts
/**
 * update-variables: shallow-merge the repository's values into each named environment's page,
 * concurrently. Per environment: read the page, compute the merge as the API applies it, send
 * nothing when it changes nothing, check the merged values against the page's schema locally
 * (the API would refuse them; force does not help), and PATCH only the keys whose value changes.
 */





/** The update-variables operation (see the module comment). */
async function updateVariables(ctx) {
    const { config, log } = ctx;
    const source = ctx.files.variables;
    if (!source)
        throw new Error('update-variables needs the variables file loaded first');
    const mask = config.maskValues;
    const checks = new Map();
    /** ajv is loaded only when some page has a schema and a change to check. */
    const valuesCheck = (schema) => {
        const key = (0,json/* canonicalJson */.dj)(schema);
        let check = checks.get(key);
        if (!check) {
            check = Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(222)]).then(__webpack_require__.bind(__webpack_require__, 7222)).then((v) => v.compileValuesCheck(schema));
            checks.set(key, check);
        }
        return check;
    };
    const plans = [];
    const refusals = [];
    const notes = [];
    const results = await syncEach(config.environments, async (env) => {
        const file = valuesFileFor(source, env);
        const page = await ctx.client.getConfigPage(env);
        const before = page.variables ?? {};
        const plan = planMerge(before, file.value);
        if (isNoop(plan)) {
            log.info(`${env}: the values already match ${file.path}; nothing to send`);
            return { env, status: 'unchanged', page, details: `already has the ${Object.keys(file.value).length} value(s) in ${file.path}` };
        }
        const details = [
            plan.added.length ? `added: ${nameList(plan.added)}` : '',
            plan.changed.length ? `changed: ${nameList(plan.changed)}` : ''
        ].filter(Boolean).join('; ');
        if (page.schema) {
            const check = await valuesCheck(page.schema);
            if (!check.ok) {
                const note = `${env}: the page's schema cannot be used to check the values here (${check.reason}); PolyAI checks them when they are sent`;
                log.warning(note);
                notes.push(note);
            }
            else {
                const problems = check.validate(plan.merged);
                if (problems.length) {
                    const patched = new Set(Object.keys(plan.patch));
                    refusals.push({ env, problems, patched });
                    const named = problems.map((p) => formatValueProblem(p) + (patched.has(p.variable) ? '' : ' [already on the page]')).join('; ');
                    log.info(`${env}: refused: the merged values would fail the page's schema: ${named}`);
                    return {
                        env,
                        status: 'refused',
                        page,
                        details: `merged values would fail the schema: ${nameList([...new Set(problems.map((p) => p.variable))])}`,
                        reason: `The ${env} values after merging ${file.path} would fail ${env}'s schema, so nothing was sent (PolyAI would refuse them): ${named}. Fix the values, or change the schema first (upsert-schema).`
                    };
                }
            }
        }
        plans.push({ env, before, plan });
        for (const line of valueChangeLines(before, plan, mask))
            log.info(`${env}: ${line}`);
        if (config.dryRun) {
            log.info(`Dry run: would send PATCH ${configPath(config.agentId, env, 'variables')} with ${nameList(Object.keys(plan.patch))}`);
            return { env, status: 'would update', page, details };
        }
        const after = await ctx.client.patchVariables(env, plan.patch);
        log.info(`${env}: values updated (${details})`);
        return { env, status: 'updated', page: after, details };
    });
    const result = syncResult({ subject: 'config values', agentId: config.agentId, dryRun: config.dryRun, results });
    const { report } = result;
    report.facts.push(['Agent', config.agentId], ['Values', describeSource(source)]);
    if (mask)
        report.facts.push(['Values shown', `no: maskValues is true, values read ${MASKED}`]);
    report.notes.push(...notes.map((n) => `Warning: ${n}`));
    const order = (env) => config.environments.indexOf(env);
    for (const p of plans.sort((a, b) => order(a.env) - order(b.env))) {
        report.tables.push({
            caption: `${p.env}: values ${config.dryRun ? 'that would be ' : ''}added and changed`,
            headers: ['Key', 'Change', 'Before', 'After'],
            rows: valueChangeRows(p.before, p.plan, mask)
        });
    }
    for (const r of refusals.sort((a, b) => order(a.env) - order(b.env))) {
        report.tables.push({
            caption: `${r.env}: merged values that would fail the schema`,
            headers: ['Variable', 'Rule', 'Problem'],
            rows: r.problems.map((p) => [p.variable + (r.patched.has(p.variable) ? '' : ' (already on the page)'), p.rule, p.message])
        });
    }
    return result;
}
function valuesFileFor(source, env) {
    const file = (0,src_files/* fileFor */.Yy)(source, env);
    if (!file)
        throw new Error(`no values file was loaded for ${env}`);
    return file;
}

;// CONCATENATED MODULE: ./src/config/diff.ts
/**
 * A readable diff between two config-page schemas, for the summary: properties added and removed,
 * type, constraint and annotation changes per property (nested objects included), and `required`
 * changes. Schemas are compared canonically first (key order ignored), so a reordered file is
 * "unchanged" and sends nothing.
 */

/** The property name rows about the schema itself carry. */
const ROOT = '(root)';
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$comment', 'readOnly', 'writeOnly']);
/** Handled by recursing into the object's properties, not as keyword changes. */
const STRUCTURE = new Set(['properties', 'required']);
/** True when the two schemas differ other than in object key order. */
function schemaChanged(current, next) {
    return !(0,json/* jsonEqual */.Zm)(current ?? null, next ?? null);
}
function propertiesOf(schema) {
    return (0,json/* isJsonObject */.OW)(schema) && (0,json/* isJsonObject */.OW)(schema.properties) ? schema.properties : {};
}
function requiredOf(schema) {
    return (0,json/* isJsonObject */.OW)(schema) && Array.isArray(schema.required)
        ? schema.required.filter((r) => typeof r === 'string')
        : [];
}
/** "type "string", minLength 1" — the keywords of a property schema, for added/removed rows. */
function describeSchema(schema, max = 80) {
    if (schema === true)
        return 'any value';
    if (schema === false)
        return 'no value allowed';
    if (!(0,json/* isJsonObject */.OW)(schema))
        return (0,json/* preview */.VH)(schema, max);
    const parts = Object.entries(schema)
        .filter(([key]) => !ANNOTATIONS.has(key))
        .map(([key, value]) => (key === 'type' && typeof value === 'string' ? value : `${key} ${(0,json/* preview */.VH)(value, 30)}`));
    const text = parts.join(', ') || 'any value';
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
/** Keyword-level changes of one schema (other than properties/required), grouped by kind. */
function keywordChanges(path, before, after) {
    const byKind = new Map();
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
        if (STRUCTURE.has(key) || (0,json/* jsonEqual */.Zm)(before[key], after[key]))
            continue;
        const kind = key === 'type' ? 'type changed' : ANNOTATIONS.has(key) ? 'annotations changed' : 'constraints changed';
        let text;
        if (!(key in before))
            text = `${key} added: ${(0,json/* preview */.VH)(after[key])}`;
        else if (!(key in after))
            text = `${key} removed (was ${(0,json/* preview */.VH)(before[key])})`;
        else
            text = key === 'type' ? `${(0,json/* preview */.VH)(before[key])} → ${(0,json/* preview */.VH)(after[key])}` : `${key}: ${(0,json/* preview */.VH)(before[key])} → ${(0,json/* preview */.VH)(after[key])}`;
        byKind.set(kind, [...(byKind.get(kind) ?? []), text]);
    }
    return [...byKind].map(([change, texts]) => ({ property: path, change, details: texts.join('; ') }));
}
function diffObject(path, before, after, out) {
    const prefix = path === ROOT ? '' : `${path}.`;
    const beforeProps = propertiesOf(before);
    const afterProps = propertiesOf(after);
    for (const [name, schema] of Object.entries(afterProps)) {
        if (!(name in beforeProps))
            out.push({ property: prefix + name, change: 'added', details: describeSchema(schema) });
    }
    for (const [name, schema] of Object.entries(beforeProps)) {
        if (!(name in afterProps))
            out.push({ property: prefix + name, change: 'removed', details: `was ${describeSchema(schema)}` });
    }
    for (const [name, schema] of Object.entries(afterProps)) {
        if (name in beforeProps)
            diffNode(prefix + name, beforeProps[name], schema, out);
    }
    const beforeRequired = requiredOf(before);
    const afterRequired = requiredOf(after);
    for (const name of afterRequired.filter((r) => !beforeRequired.includes(r))) {
        out.push({ property: prefix + name, change: 'now required', details: name in afterProps ? '' : 'not among the properties' });
    }
    for (const name of beforeRequired.filter((r) => !afterRequired.includes(r))) {
        out.push({ property: prefix + name, change: 'no longer required', details: '' });
    }
}
function diffNode(path, before, after, out) {
    if ((0,json/* jsonEqual */.Zm)(before, after))
        return;
    if (!(0,json/* isJsonObject */.OW)(before) || !(0,json/* isJsonObject */.OW)(after)) {
        out.push({ property: path, change: 'constraints changed', details: `${describeSchema(before)} → ${describeSchema(after)}` });
        return;
    }
    out.push(...keywordChanges(path, before, after));
    diffObject(path, before, after, out);
}
/**
 * The rows that turn `current` (the page's schema, null when it has none) into `next`. Empty when
 * they are equal; a single "reordered" row when they differ only in the order of array items.
 */
function diffSchemas(current, next) {
    if (!schemaChanged(current, next))
        return [];
    const out = [];
    diffNode(ROOT, current ?? {}, next, out);
    if (out.length === 0) {
        out.push({ property: ROOT, change: 'reordered', details: 'only the order of array items changed (required, enum, type…)' });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/operations/upsert-schema.ts
/**
 * upsert-schema: make each named environment's config schema equal to the repository's, safely.
 * Every schema file is checked as draft-07 before any request. Then, per environment and
 * concurrently: read the page; an equal schema (key order ignored) sends nothing; a different one
 * is pushed only if the page's current values pass it (force overrides), since values that fail
 * live's schema block the next publish.
 */




/** The upsert-schema operation (see the module comment). */
async function upsertSchema(ctx) {
    const { config, log } = ctx;
    const source = ctx.files.schema;
    if (!source)
        throw new Error('upsert-schema needs the schema file loaded first');
    const validate = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(222)]).then(__webpack_require__.bind(__webpack_require__, 7222));
    const targets = config.environments.map((env) => ({ env, file: schemaFileFor(source, env) }));
    const { warnings, notices } = checkSchemaFiles(validate, [...new Set(targets.map((t) => t.file))]);
    for (const w of warnings)
        log.warning(w);
    for (const n of notices)
        log.info(n);
    const checks = new Map();
    const valuesCheck = (file) => {
        const known = checks.get(file);
        if (known)
            return known;
        const made = validate.compileValuesCheck(file.value);
        checks.set(file, made);
        return made;
    };
    const diffs = [];
    const refusals = [];
    const results = await syncEach(config.environments, async (env) => {
        const file = schemaFileFor(source, env);
        const page = await ctx.client.getConfigPage(env);
        if (!schemaChanged(page.schema, file.value)) {
            log.info(`${env}: the schema already matches ${file.path}; nothing to send`);
            return { env, status: 'unchanged', page, details: `already matches ${file.path}` };
        }
        const changes = diffSchemas(page.schema, file.value);
        diffs.push({ env, changes });
        log.info(`${env}: the schema differs from ${file.path}: ${changeLine(changes)}`);
        const check = valuesCheck(file);
        const problems = check.ok
            ? check.validate(page.variables ?? {})
            : [{ variable: '(all values)', pointer: '', rule: 'compile', message: `the values cannot be checked: ${check.reason}` }];
        const count = `${changes.length} change${changes.length === 1 ? '' : 's'}`;
        let forcedNote = '';
        if (problems.length) {
            const named = problems.map(formatValueProblem).join('; ');
            refusals.push({ env, problems, forced: config.force });
            if (!config.force) {
                log.info(`${env}: refused: the current values fail the new schema: ${named}`);
                return {
                    env,
                    status: 'refused',
                    page,
                    details: `current values fail the new schema: ${nameList([...new Set(problems.map((p) => p.variable))])}`,
                    reason: `The current ${env} values fail the new schema in ${file.path}, so it was not pushed (PolyAI refuses to publish while values fail the schema): ${named}. Update those values first (update-variables), or set force: true to push the schema anyway.`
                };
            }
            log.warning(`${env}: the current values fail the new schema (${named}); pushing it anyway because force is true`);
            forcedNote = '; forced although the current values fail it';
        }
        if (config.dryRun) {
            log.info(`Dry run: would send PUT ${configPath(config.agentId, env, 'schema')} with the schema in ${file.path}`);
            return { env, status: 'would update', page, details: `${count}${forcedNote}` };
        }
        const after = await ctx.client.putSchema(env, file.value);
        log.info(`${env}: schema updated from ${file.path}`);
        return { env, status: 'updated', page: after, details: `${count}${forcedNote}` };
    });
    const result = syncResult({ subject: 'config schema', agentId: config.agentId, dryRun: config.dryRun, results });
    const { report } = result;
    report.facts.push(['Agent', config.agentId], ['Schema', describeSource(source)]);
    if (config.force)
        report.facts.push(['Force', 'true: values that fail the new schema do not stop the push']);
    report.notes.push(...warnings.map((w) => `Warning: ${w}`), ...notices.map((n) => `Note: ${n}`));
    const order = (env) => config.environments.indexOf(env);
    report.tables.push(...diffTables(diffs.sort((a, b) => order(a.env) - order(b.env))));
    for (const r of refusals.sort((a, b) => order(a.env) - order(b.env))) {
        report.tables.push({
            caption: `${r.env}: current values that fail the new schema${r.forced ? ' (pushed anyway: force)' : ''}`,
            headers: ['Variable', 'Rule', 'Problem'],
            rows: r.problems.map((p) => [p.variable, p.rule, p.message])
        });
    }
    return result;
}
function schemaFileFor(source, env) {
    const file = (0,src_files/* fileFor */.Yy)(source, env);
    if (!file)
        throw new Error(`no schema file was loaded for ${env}`);
    return file;
}
/**
 * Checks every schema file as draft-07 before anything is sent: throws one FileInputError listing
 * every problem (file, JSON pointer, rule), or returns the warnings and notices.
 */
function checkSchemaFiles(validate, files) {
    const errors = [];
    const warnings = [];
    const notices = [];
    let first;
    for (const file of files) {
        const check = validate.checkSchemaDocument(file.value);
        if (check.errors.length)
            first ??= file;
        errors.push(...check.errors.map((p) => `${file.path} ${formatProblem(p)}`));
        warnings.push(...check.warnings.map((p) => `${file.path} ${formatProblem(p)}`));
        notices.push(...check.notices.map((p) => `${file.path} ${formatProblem(p)}`));
    }
    if (errors.length && first) {
        throw new src_files/* FileInputError */.ZQ(`schemaPath: ${errors.length === 1 ? 'the schema is' : `the schema has ${errors.length} problems, it is`} not a valid draft-07 JSON Schema, so nothing was sent:\n${errors.map((e) => `  - ${e}`).join('\n')}`, { file: first.path });
    }
    return { warnings, notices };
}

;// CONCATENATED MODULE: ./src/operations/index.ts






const OPERATION_HANDLERS = {
    promote: promote,
    rollback: rollback,
    publish: publish,
    'get-active-deployments': getActiveDeployments,
    'list-config-pages': listConfigPages,
    'get-config-page': getConfigPage,
    'upsert-schema': upsertSchema,
    'update-variables': updateVariables
};


/***/ })

};
