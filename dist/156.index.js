export const id = 156;
export const ids = [156,51];
export const modules = {

/***/ 2351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $T: () => (/* binding */ HINT_REDIRECT),
/* harmony export */   Kb: () => (/* binding */ excerpt),
/* harmony export */   bO: () => (/* binding */ defaultHint),
/* harmony export */   dW: () => (/* binding */ withNote),
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
/** One line: `Failed to <action>: <METHOD> <path> → HTTP 404 CODE: message (correlation id …); <notes>. Hint: …` */
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
    if (d.notes?.length)
        line += `; ${d.notes.join('; ')}`;
    if (d.hint)
        line += `. Hint: ${d.hint}`;
    return line;
}
/** The same error with a note added (what happened after the failure). */
function withNote(error, note) {
    return new ApiError({ ...error.details, notes: [...(error.details.notes ?? []), note] });
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

/***/ 6156:
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

// EXTERNAL MODULE: ./src/files.ts + 2 modules
var src_files = __webpack_require__(2178);
;// CONCATENATED MODULE: ./src/operations/update-variables.ts
/** update-variables: shallow-merge the repository's values into each named environment's page. */




async function updateVariables(ctx) {
    const { config, client, files } = ctx;
    const source = files.variables;
    if (!source)
        throw new Error('update-variables needs the variables file loaded first');
    const pages = await Promise.all(config.environments.map(async (env) => {
        const file = (0,src_files/* fileFor */.Yy)(source, env);
        if (!file)
            throw new Error(`no variables for ${env}`);
        if (config.dryRun) {
            ctx.log.info(`Dry run: would send PATCH ${agentPath(ctx, `/real-time-configs/${env}/variables`)} from ${file.path}`);
            return { env };
        }
        return { env, page: await client.patchVariables(env, file.value) };
    }));
    const written = pages.flatMap((p) => (p.page ? [p.page] : []));
    const report = (0,src_report/* newReport */.bQ)(config.dryRun ? `Plan: update the config variables of agent ${config.agentId}` : `Updated the config variables of agent ${config.agentId}`, config.dryRun ? 'dry run' : 'succeeded');
    if (written.length)
        report.tables.push({ headers: PAGE_HEADERS, rows: pageRows(written) });
    const outputs = {
        changed: written.length > 0,
        configPages: written,
        changedEnvironments: written.map((p) => p.clientEnv)
    };
    if (written.length === 1)
        outputs.configPage = written[0];
    return { outputs, report };
}

;// CONCATENATED MODULE: ./src/operations/upsert-schema.ts
/** upsert-schema: push the repository's JSON Schema to the config page of each named environment. */




async function upsertSchema(ctx) {
    const { config, client, files } = ctx;
    const source = files.schema;
    if (!source)
        throw new Error('upsert-schema needs the schema file loaded first');
    const pages = await Promise.all(config.environments.map(async (env) => {
        const file = (0,src_files/* fileFor */.Yy)(source, env);
        if (!file)
            throw new Error(`no schema for ${env}`);
        if (config.dryRun) {
            ctx.log.info(`Dry run: would send PUT ${agentPath(ctx, `/real-time-configs/${env}/schema`)} from ${file.path}`);
            return { env };
        }
        return { env, page: await client.putSchema(env, file.value) };
    }));
    const written = pages.flatMap((p) => (p.page ? [p.page] : []));
    const report = (0,src_report/* newReport */.bQ)(config.dryRun ? `Plan: update the config schema of agent ${config.agentId}` : `Updated the config schema of agent ${config.agentId}`, config.dryRun ? 'dry run' : 'succeeded');
    if (written.length)
        report.tables.push({ headers: PAGE_HEADERS, rows: pageRows(written) });
    const outputs = {
        changed: written.length > 0,
        configPages: written,
        changedEnvironments: written.map((p) => p.clientEnv)
    };
    if (written.length === 1)
        outputs.configPage = written[0];
    return { outputs, report };
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
