export const id = 724;
export const ids = [724,51];
export const modules = {

/***/ 7724:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recordGithubDeployment: () => (/* binding */ recordGithubDeployment)
/* harmony export */ });
/* unused harmony exports githubEnvironment, describeGithubError */
/* harmony import */ var _operations_context_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3051);
/* harmony import */ var _operations_deployment_result_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4219);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6123);



/** One GitHub request may take this long (less when the step's budget is nearly spent). */
const REQUEST_TIMEOUT_MS = 15_000;
/** GitHub's limit for a deployment status description. */
const MAX_DESCRIPTION = 140;
const DEPLOYING = ['promote', 'rollback', 'publish'];
/** The GitHub environment a PolyAI environment is recorded in. */
function githubEnvironment(d) {
    return `polyai-${d.environment}`;
}
function short(text) {
    return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}
/** One line for a failed GitHub call, with the fix where the status tells it. */
function describeGithubError(error) {
    const message = error instanceof Error ? error.message : String(error);
    const status = error?.status;
    const answered = typeof status === 'number' && error.response !== undefined;
    if (!answered)
        return `no answer from GitHub (${message})`;
    const hint = status === 401
        ? '. Hint: githubToken is not a valid token'
        : status === 403 || status === 404
            ? '. Hint: give the job `permissions: deployments: write` and pass githubToken: ${{ github.token }} (or a token with that access to this repository)'
            : '';
    return `HTTP ${status}: ${message}${hint}`;
}
/** Records `result`'s deployment on GitHub when githubToken is set; notes the outcome in the report. */
async function recordGithubDeployment(ctx, result, deadline, userAgent) {
    const { config, github, log } = ctx;
    const token = config.githubToken;
    if (!token)
        return;
    if (!DEPLOYING.includes(config.operation)) {
        log.info(`githubToken is used only by promote, rollback and publish; ignored for ${config.operation}`);
        return;
    }
    const d = result.outputs.deployment;
    if (config.dryRun || !result.outputs.changed || !d) {
        log.info('No GitHub deployment recorded: this step deployed nothing');
        return;
    }
    const warn = (why) => {
        log.warning(`Could not record a GitHub deployment (the PolyAI deployment ${d.id} is not affected): ${why}`);
        result.report.notes.push(`Not recorded as a GitHub deployment: ${why}`);
    };
    const [owner, repo, ...rest] = (github.repository ?? '').split('/');
    const ref = github.sha ?? github.ref;
    if (!owner || !repo || rest.length > 0 || !ref) {
        warn('GITHUB_REPOSITORY and GITHUB_SHA (or GITHUB_REF) are not set: is this running in GitHub Actions?');
        return;
    }
    const timeoutMs = Math.min(REQUEST_TIMEOUT_MS, deadline.remainingMs());
    if (timeoutMs < 1000) {
        warn("the step's time budget (timeoutSeconds) is spent");
        return;
    }
    const environment = githubEnvironment(d);
    const description = short((0,_operations_deployment_result_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(d) ?? `PolyAI ${config.operation}: version ${(0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .shortVersion */ .Li)(d.version)}`);
    let id;
    try {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 925).then(__webpack_require__.bind(__webpack_require__, 2925));
        const octokit = getOctokit(token, {
            baseUrl: github.apiUrl,
            userAgent,
            log: { debug: log.debug, info: log.debug, warn: log.debug, error: log.debug }
        });
        const created = await octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref,
            environment,
            auto_merge: false,
            required_contexts: [],
            payload: { polyaiDeploymentId: d.id, version: d.version, agentId: config.agentId, operation: config.operation },
            description,
            transient_environment: false,
            production_environment: d.environment === 'live',
            request: { signal: AbortSignal.timeout(timeoutMs) }
        });
        const data = created.data;
        if (typeof data.id !== 'number') {
            warn(`GitHub did not create it (HTTP ${created.status}: ${typeof data.message === 'string' ? data.message : 'no id in the answer'})`);
            return;
        }
        id = data.id;
        const logUrl = (0,_operations_context_js__WEBPACK_IMPORTED_MODULE_2__.runUrl)(github);
        await octokit.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: id,
            state: 'success',
            environment,
            description,
            ...(logUrl ? { log_url: logUrl } : {}),
            request: { signal: AbortSignal.timeout(Math.max(1000, Math.min(REQUEST_TIMEOUT_MS, deadline.remainingMs()))) }
        });
        log.info(`Recorded GitHub deployment ${id} in environment ${environment} (${owner}/${repo}@${ref.slice(0, 7)})`);
        result.report.facts.push(['GitHub deployment', `${id} in ${environment}`]);
    }
    catch (error) {
        warn(`${id === undefined ? '' : `deployment ${id} was created but its status was not: `}${describeGithubError(error)}`);
    }
}


/***/ }),

/***/ 3051:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultDeploymentMessage: () => (/* binding */ defaultDeploymentMessage),
/* harmony export */   githubRunFromEnv: () => (/* binding */ githubRunFromEnv),
/* harmony export */   madeByThisRun: () => (/* binding */ madeByThisRun),
/* harmony export */   runUrl: () => (/* binding */ runUrl)
/* harmony export */ });
/** Reads the GitHub run from the runner's GITHUB_* variables (all optional outside Actions). */
function githubRunFromEnv(env) {
    const run = {
        serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
        apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
    };
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
/** The workflow run's page, e.g. https://github.com/acme/agents/actions/runs/4242 (undefined outside Actions). */
function runUrl(run) {
    return run.repository && run.runId ? `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}` : undefined;
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
    const url = runUrl(run);
    if (url)
        message += ` — ${url}`;
    return message.slice(0, 300);
}
/**
 * True when `d` was made by an earlier attempt of this same workflow run doing the same kind of
 * change: it carries exactly the message this step would send, that message names this run (the
 * default message does), and its metadata.deployment_type is `type`. A re-run ("Re-run jobs" keeps
 * GITHUB_RUN_ID) then sees its own earlier work and does not repeat it.
 */
function madeByThisRun(d, message, run, type) {
    const url = runUrl(run);
    if (!d || !message || !url || d.metadata?.deployment_message !== message)
        return false;
    // Without a type a rollback cannot tell its own earlier attempt from a promote this run made
    // (promote, test, roll back in one job): it must not skip then, so it needs the type.
    const madeAs = d.metadata?.deployment_type;
    if (typeof madeAs === 'string' ? madeAs !== type : type === 'rollback')
        return false;
    // The run link must end there: run 42 is not run 4242.
    for (let at = message.indexOf(url); at >= 0; at = message.indexOf(url, at + 1)) {
        if (!/^\d/.test(message.slice(at + url.length)))
            return true;
    }
    return false;
}


/***/ }),

/***/ 4219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VR: () => (/* binding */ planResult),
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   fJ: () => (/* binding */ agentPath),
/* harmony export */   kJ: () => (/* binding */ landingCheck),
/* harmony export */   pb: () => (/* binding */ deploymentResult)
/* harmony export */ });
/* unused harmony export ALL_ENVIRONMENTS */
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4960);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6123);


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
    const report = (0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .newReport */ .bQ)(`${input.verb} agent ${input.agentId} in ${d.environment}`, input.outcome);
    report.facts.push(['Agent', input.agentId]);
    report.facts.push([
        'Environment',
        input.from && input.from.environment !== d.environment ? `${input.from.environment} → ${d.environment}` : d.environment
    ]);
    report.facts.push(['Deployment', d.id]);
    report.facts.push([
        'Version',
        previous && previous.version !== d.version
            ? `${(0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .shortVersion */ .Li)(previous.version)} → ${(0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .shortVersion */ .Li)(d.version)}`
            : (0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .shortVersion */ .Li)(d.version)
    ]);
    report.facts.push(['Previously active', (0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .describeDeployment */ .Ti)(previous)]);
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
    const report = (0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .newReport */ .bQ)(input.title, 'dry run');
    report.notes.push('Dry run: nothing was sent that changes state.', ...(input.notes ?? []));
    report.facts.push(['Agent', input.agentId]);
    report.facts.push(['Request', `${input.method} ${input.path}`]);
    if (input.source)
        report.facts.push(['Source', (0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .describeDeployment */ .Ti)(input.source)]);
    report.tables.push({
        caption: 'Before and after',
        headers: ['Environment', 'Active now', 'After this step'],
        rows: _types_js__WEBPACK_IMPORTED_MODULE_1__/* .ENVIRONMENTS */ .ju.filter((e) => e in input.before || e in input.after).map((env) => [
            env,
            (0,_report_js__WEBPACK_IMPORTED_MODULE_0__/* .describeDeployment */ .Ti)(input.before[env]),
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


/***/ })

};
