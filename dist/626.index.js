export const id = 626;
export const ids = [626];
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

/***/ 1626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  awaitTestRuns: () => (/* binding */ awaitTestRuns)
});

// UNUSED EXPORTS: POLL_INTERVAL_MS, describeFailure

// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(2351);
;// CONCATENATED MODULE: ./src/wait-budget.ts
/** One wait's budget and the step's deadline, on a clock whose sleeps may be scaled away. */
class WaitBudget {
    clock;
    budgetMs;
    deadline;
    startedAt;
    slept = 0;
    constructor(clock, budgetMs, deadline) {
        this.clock = clock;
        this.budgetMs = budgetMs;
        this.deadline = deadline;
        this.startedAt = clock.now();
    }
    elapsedMs() {
        return Math.max(this.clock.now() - this.startedAt, this.slept);
    }
    /** What is left of this wait's own budget. */
    remainingMs() {
        return Math.max(0, this.budgetMs - this.elapsedMs());
    }
    /** What is left of the step's deadline, counting sleeps the (scaled) clock has not shown. */
    stepRemainingMs() {
        const unseen = Math.max(0, this.slept - (this.clock.now() - this.startedAt));
        return Math.max(0, this.deadline.remainingMs() - unseen);
    }
    async sleep(ms) {
        await this.clock.sleep(ms);
        this.slept += ms;
    }
}

;// CONCATENATED MODULE: ./src/test-runs.ts
/**
 * waitForTestRuns (experimental: PolyAI has not documented the endpoint): polls each test run a
 * deployment triggered until all have finished, bounded by testRunTimeoutSeconds and by the step's
 * deadline, then reports them (output testRunResults, a summary table) and names every run that
 * failed, errored, timed out or could not be read. The deployment itself is left as it is.
 */


/** PolyAI's CLI polls every 5 s; after a round with read errors the interval doubles up to a minute. */
const POLL_INTERVAL_MS = 5_000;
const MAX_POLL_INTERVAL_MS = 60_000;
/** A run answered with a client error (404, 403…) this many times in a row is given up on. */
const GIVE_UP_AFTER = 3;
const RUNNING = new Set(['pending', 'running', 'in_progress']);
const PASSED = new Set(['passed', 'completed']);
const FAILED = new Set(['failed', 'error', 'errored', 'timed_out']);
const DEPLOYING = ['promote', 'rollback', 'publish'];
const count = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/** Decides what a status means; undefined while the run is still going (or the status is unknown). */
function classify(run) {
    const status = run.status.toLowerCase();
    const failed = count(run.failedCount) ?? 0;
    const errors = count(run.errorCount) ?? 0;
    if (PASSED.has(status)) {
        // "completed" with failing cases is not a pass, whatever the status word says.
        return failed > 0 || errors > 0 ? { result: 'failed', detail: `${status} with failing cases` } : { result: 'passed' };
    }
    if (FAILED.has(status))
        return { result: 'failed' };
    return undefined;
}
function toResult(t) {
    const r = {
        id: t.id,
        status: t.last?.status ?? 'unknown',
        result: t.result ?? 'timed_out',
        passedCount: count(t.last?.passedCount),
        failedCount: count(t.last?.failedCount),
        errorCount: count(t.last?.errorCount),
        testCaseCount: count(t.last?.testCaseCount)
    };
    if (t.detail)
        r.detail = t.detail;
    return r;
}
/** "tr-1 failed (1 failed, 0 errors of 3 cases)", "tr-2 did not finish: …", "tr-3 could not be read: …". */
function describeFailure(r) {
    switch (r.result) {
        case 'timed_out':
            return `${r.id} did not finish: ${r.detail ?? r.status}`;
        case 'unreadable':
            return `${r.id} could not be read: ${r.detail ?? 'no answer'}`;
        default: {
            const counts = r.failedCount !== null || r.errorCount !== null
                ? ` (${r.failedCount ?? 0} failed, ${r.errorCount ?? 0} errors${r.testCaseCount !== null ? ` of ${r.testCaseCount} cases` : ''})`
                : '';
            return `${r.id} ${r.status}${counts}`;
        }
    }
}
/**
 * Waits for the step's test runs when waitForTestRuns is set. Adds testRunResults and a summary
 * table to `result`; returns the failure message when any run did not pass, else undefined.
 */
async function awaitTestRuns(ctx, result, deadline) {
    const { config, log } = ctx;
    if (!DEPLOYING.includes(config.operation)) {
        log.info(`waitForTestRuns applies only to promote, rollback and publish; ignored for ${config.operation}`);
        return undefined;
    }
    const ids = result.outputs.testRunIds ?? [];
    if (ids.length === 0) {
        log.info(`waitForTestRuns: no test runs to wait for${result.outputs.changed ? '' : ' (nothing was deployed)'}`);
        result.outputs.testRunResults = [];
        return undefined;
    }
    const budget = new WaitBudget(ctx.clock, config.testRunTimeoutSeconds * 1000, deadline);
    log.info(`Waiting for ${ids.length} test run(s) (experimental): ${ids.join(', ')}; up to ${config.testRunTimeoutSeconds} s`);
    if (budget.budgetMs > budget.stepRemainingMs()) {
        log.warning(`testRunTimeoutSeconds is ${config.testRunTimeoutSeconds} s but only ${Math.floor(budget.stepRemainingMs() / 1000)} s of the step's timeoutSeconds (${config.timeoutSeconds} s) remain, so the wait ends then: raise timeoutSeconds to wait longer`);
    }
    const runs = [...new Set(ids)].map((id) => ({ id, clientErrors: 0 }));
    const unknownStatuses = new Set();
    let interval = POLL_INTERVAL_MS;
    for (;;) {
        let roundFailed = false;
        for (const run of runs.filter((r) => !r.result)) {
            if (!(await poll(ctx, run, unknownStatuses)))
                roundFailed = true;
        }
        const waiting = runs.filter((r) => !r.result);
        if (waiting.length === 0)
            break;
        interval = roundFailed ? Math.min(MAX_POLL_INTERVAL_MS, interval * 2) : POLL_INTERVAL_MS;
        const left = budget.remainingMs();
        const reason = left <= 0
            ? `after ${config.testRunTimeoutSeconds} s (testRunTimeoutSeconds)`
            : budget.stepRemainingMs() <= Math.min(interval, left)
                ? `when the step's ${config.timeoutSeconds} s (timeoutSeconds) ran out`
                : undefined;
        if (reason) {
            for (const run of waiting) {
                run.result = 'timed_out';
                run.detail = `still ${run.last?.status ?? 'unread'} ${reason}${run.lastError ? `; last read error: ${run.lastError}` : ''}`;
            }
            break;
        }
        await budget.sleep(Math.min(interval, left));
    }
    const results = runs.map(toResult);
    result.outputs.testRunResults = results;
    result.report.tables.push({
        caption: 'Test runs',
        headers: ['Test run', 'Status', 'Passed', 'Failed', 'Errors', 'Total'],
        rows: results.map((r) => [
            r.id,
            r.result === 'timed_out' || r.result === 'unreadable' ? `${r.status} (${r.result.replace('_', ' ')})` : r.status,
            ...[r.passedCount, r.failedCount, r.errorCount, r.testCaseCount].map((n) => (n === null ? '—' : String(n)))
        ])
    });
    const bad = results.filter((r) => r.result !== 'passed');
    if (bad.length === 0) {
        log.info(`All ${results.length} test run(s) passed`);
        return undefined;
    }
    const d = result.outputs.deployment;
    const message = `Test runs did not pass: ${bad.map(describeFailure).join('; ')}.` +
        (d && result.outputs.changed
            ? ` The deployment itself stands: ${d.id} is active in ${d.environment} (to undo it, run operation rollback with targetEnvironment ${d.environment}).`
            : '');
    result.report.outcome = 'failed';
    result.report.notes.push(message);
    return message;
}
/** Reads one run once and records what it says; false when the read failed. */
async function poll(ctx, run, unknownStatuses) {
    let read;
    try {
        read = await ctx.client.getTestRun(run.id);
    }
    catch (error) {
        // Any failure to read is a failed poll, never a thrown step: the deployment outputs must still be written.
        run.lastError = error instanceof Error ? error.message : String(error);
        const status = error instanceof errors/* ApiError */.hD ? error.status : undefined;
        const clientError = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
        run.clientErrors = clientError ? run.clientErrors + 1 : 0;
        if (run.clientErrors >= GIVE_UP_AFTER) {
            run.result = 'unreadable';
            run.detail = `${GIVE_UP_AFTER} reads in a row failed; last: ${run.lastError}`;
        }
        ctx.log.warning(`Could not read test run ${run.id}${run.result ? ', giving up on it' : ', will retry'}: ${run.lastError}`);
        return false;
    }
    run.clientErrors = 0;
    if (read.status !== run.last?.status)
        ctx.log.info(`Test run ${run.id}: ${read.status}`);
    run.last = read;
    const verdict = classify(read);
    if (verdict) {
        run.result = verdict.result;
        if (verdict.detail)
            run.detail = verdict.detail;
    }
    else if (!RUNNING.has(read.status.toLowerCase()) && !unknownStatuses.has(read.status)) {
        unknownStatuses.add(read.status);
        ctx.log.warning(`Test run ${run.id} reports an unknown status "${read.status}"; treating it as not finished yet`);
    }
    return true;
}


/***/ })

};
