export const id = 758;
export const ids = [758,350,427];
export const modules = {

/***/ 5758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LANDING_CHECK_GRACE_MS: () => (/* binding */ LANDING_CHECK_GRACE_MS),
  MAX_RESPONSE_NESTING: () => (/* binding */ MAX_RESPONSE_NESTING),
  PolyAiClient: () => (/* binding */ PolyAiClient),
  parseJsonBody: () => (/* binding */ parseJsonBody)
});

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(2351);
// EXTERNAL MODULE: ./src/types.ts
var types = __webpack_require__(4960);
;// CONCATENATED MODULE: ./src/api/parse.ts
/**
 * Response shape checks: a success body is checked before anything uses it, so a proxy page,
 * a truncated body or a missing field becomes a clear error instead of a TypeError later.
 * Each parser throws ShapeError with what was missing; the client turns it into an ApiError.
 */

class ShapeError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ShapeError';
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function requireObject(value, what) {
    if (!isObject(value))
        throw new ShapeError(`${what} is not a JSON object`);
    return value;
}
function requireString(o, key, what) {
    const v = o[key];
    if (typeof v !== 'string' || v === '')
        throw new ShapeError(`${what} has no ${key}`);
    return v;
}
function parseDeployment(value, what = 'deployment') {
    const o = requireObject(value, what);
    const id = requireString(o, 'id', what);
    const environment = requireString(o, 'environment', what);
    if (!(0,types/* isEnvironment */.A_)(environment))
        throw new ShapeError(`${what} has an unknown environment "${environment}"`);
    const version = requireString(o, 'version', what);
    const createdAt = typeof o.createdAt === 'string' ? o.createdAt : '';
    return { ...o, id, environment, version, createdAt };
}
function parseMutation(value) {
    const o = requireObject(value, 'response');
    const deployment = parseDeployment(o.deployment, 'response.deployment');
    const ids = o.testRunIds;
    if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.every((x) => typeof x === 'string'))) {
        throw new ShapeError('response.testRunIds is not an array of strings');
    }
    return { deployment, testRunIds: ids ?? [] };
}
function parseActive(value) {
    const o = requireObject(value, 'response');
    const active = requireObject(o.activeDeployments, 'response.activeDeployments');
    const result = {};
    for (const env of types/* ENVIRONMENTS */.ju) {
        const d = active[env];
        result[env] = d === null || d === undefined ? null : parseDeployment(d, `activeDeployments.${env}`);
    }
    return result;
}
function parseDeploymentList(value) {
    const o = requireObject(value, 'response');
    if (!Array.isArray(o.deployments))
        throw new ShapeError('response has no deployments array');
    return o.deployments.map((d, i) => parseDeployment(d, `deployments[${i}]`));
}
function parseConfigPage(value, what = 'config page') {
    const o = requireObject(value, what);
    const clientEnv = requireString(o, 'clientEnv', what);
    for (const key of ['schema', 'variables']) {
        if (o[key] !== undefined && o[key] !== null && !isObject(o[key])) {
            throw new ShapeError(`${what}.${key} is not a JSON object`);
        }
    }
    return { ...o, clientEnv };
}
function parseConfigPages(value) {
    const o = requireObject(value, 'response');
    if (!Array.isArray(o.configPages))
        throw new ShapeError('response has no configPages array');
    return o.configPages.map((p, i) => parseConfigPage(p, `configPages[${i}]`));
}
function parseTestRun(value, id) {
    const o = requireObject(value, 'test run');
    const status = requireString(o, 'status', 'test run');
    return { ...o, id: typeof o.id === 'string' ? o.id : id, status };
}

// EXTERNAL MODULE: ./src/api/timing.ts
var timing = __webpack_require__(6350);
// EXTERNAL MODULE: ./src/api/transport.ts
var transport = __webpack_require__(427);
// EXTERNAL MODULE: ./src/files.ts + 2 modules
var files = __webpack_require__(2178);
;// CONCATENATED MODULE: ./src/api/client.ts
/**
 * The PolyAI Agents API client. Every method has the same shape: describe the call, let `call()`
 * send it under the step's retry policy and deadline, and check the answer's shape before use.
 *
 * Retry policy (written for this API; http-client's own retries are switched off):
 * - Idempotent calls (GET, the schema PUT, the variables PATCH) retry on connection errors,
 *   timeouts, 408, 429 and 5xx (500/502/503/504), with capped exponential backoff and full jitter,
 *   honouring Retry-After (capped).
 * - Mutations (publish/promote/rollback POSTs) retry directly only when the request surely did not
 *   land (429, or a connection that was never made). After an ambiguous failure (timeout, reset,
 *   5xx, an unreadable 2xx) they ask `verify()` whether the change landed; if it did, that result is
 *   returned with a warning, if it did not, the call is retried. An attempt that took long (a
 *   timeout, a slow 504) may still be in the server's hands, so the server is first given as long
 *   again and the check repeated; when the budget cannot afford that, it is not resent. A check
 *   that fails stops the step: it is never resent blindly. One step never creates two.
 * - Time: each request gets its own timeout (requestTimeout(): at most half of what is left), and
 *   the step's deadline bounds requests, waits and retries. A landing check may overrun the deadline
 *   by LANDING_CHECK_GRACE_MS, so that even a timed-out step says whether it changed anything.
 */







const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** How far past the step's deadline a landing check may run: without it a timed-out step could not say what it changed. */
const LANDING_CHECK_GRACE_MS = 5_000;
/** A mutation attempt that failed after at least this long may still be in the server's hands: it is re-checked after a pause before any resend. */
const SETTLE_THRESHOLD_MS = 500;
class PolyAiClient {
    opts;
    backoff;
    requestTimeoutMs;
    /** Set while a landing check runs: its requests may use a short grace past the step's deadline. */
    graceDeadline = new external_node_async_hooks_.AsyncLocalStorage();
    /** Requests sent so far (every attempt counts): the benchmark and tests read it. */
    requestCount = 0;
    constructor(options) {
        this.opts = options;
        this.backoff = options.backoff ?? timing.DEFAULT_BACKOFF;
        this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    }
    get agentId() {
        return this.opts.agentId;
    }
    getActiveDeployments() {
        return this.call({
            action: 'read the active deployments',
            method: 'GET',
            path: '/deployments/active',
            idempotent: true,
            parse: parseActive
        });
    }
    listDeployments(environment, limit) {
        const query = { environment };
        if (limit !== undefined)
            query.limit = String(limit);
        return this.call({
            action: `list the ${environment} deployments`,
            method: 'GET',
            path: '/deployments',
            query,
            idempotent: true,
            parse: parseDeploymentList
        });
    }
    publish(body, verify) {
        return this.call({
            action: `publish to ${body.environment ?? 'sandbox'}`,
            method: 'POST',
            path: '/deployments/publish',
            body,
            idempotent: false,
            parse: parseMutation,
            verify
        });
    }
    promote(deploymentId, body, verify, hint) {
        return this.call({
            action: `promote deployment ${deploymentId}${body.targetEnvironment ? ` to ${body.targetEnvironment}` : ''}`,
            method: 'POST',
            path: `/deployments/${encodeURIComponent(deploymentId)}/promote`,
            body,
            idempotent: false,
            parse: parseMutation,
            hints: { 404: hint },
            verify
        });
    }
    rollback(deploymentId, body, verify, hint) {
        return this.call({
            action: `roll back to deployment ${deploymentId}`,
            method: 'POST',
            path: `/deployments/${encodeURIComponent(deploymentId)}/rollback`,
            body,
            idempotent: false,
            parse: parseMutation,
            hints: { 404: hint },
            verify
        });
    }
    listConfigPages() {
        return this.call({
            action: 'list the config pages',
            method: 'GET',
            path: '/real-time-configs',
            idempotent: true,
            parse: parseConfigPages
        });
    }
    getConfigPage(environment) {
        return this.call({
            action: `read the ${environment} config page`,
            method: 'GET',
            path: `/real-time-configs/${environment}`,
            idempotent: true,
            parse: (json) => parseConfigPage(json)
        });
    }
    /** PUT replaces the schema: sending the same schema twice leaves the same page, so it is retried freely. */
    putSchema(environment, schema) {
        return this.call({
            action: `update the ${environment} config schema`,
            method: 'PUT',
            path: `/real-time-configs/${environment}/schema`,
            body: { schema },
            idempotent: true,
            parse: (json) => parseConfigPage(json)
        });
    }
    /**
     * PATCH shallow-merges the given keys. Applying the same keys twice gives the same values as
     * applying them once (no key is removed or computed from the old value), so a retry after an
     * ambiguous failure is harmless and it is treated as idempotent.
     */
    patchVariables(environment, variables) {
        return this.call({
            action: `update the ${environment} config variables`,
            method: 'PATCH',
            path: `/real-time-configs/${environment}/variables`,
            body: { variables },
            idempotent: true,
            parse: (json) => parseConfigPage(json)
        });
    }
    /** Undocumented endpoint that PolyAI's CLI polls: GET /testing/test-runs/{id}. */
    getTestRun(testRunId) {
        return this.call({
            action: `read test run ${testRunId}`,
            method: 'GET',
            path: `/testing/test-runs/${encodeURIComponent(testRunId)}`,
            idempotent: true,
            parse: (json) => parseTestRun(json, testRunId)
        });
    }
    /** Sends one logical call under the retry policy; see the module comment. */
    async call(spec) {
        const fullPath = `/v1/agents/${encodeURIComponent(this.opts.agentId)}${spec.path}`;
        let previous;
        for (let attempt = 1;; attempt++) {
            const outcome = await this.attempt(spec, fullPath, attempt, previous);
            if (outcome.ok)
                return outcome.value;
            const failed = outcome.failed;
            const mayRetry = failed.retryable && attempt < this.backoff.maxAttempts;
            let error = failed.error;
            if (failed.ambiguous && !spec.idempotent && spec.verify) {
                const check = await this.checkLanding(spec, failed, mayRetry);
                if (check.landed)
                    return check.value;
                if (!check.resend)
                    throw failed.retryable && !mayRetry ? (0,errors/* withNote */.dW)(check.error, `gave up after ${attempt} attempts`) : check.error;
                error = check.error;
            }
            if (!failed.retryable)
                throw error;
            if (!mayRetry)
                throw (0,errors/* withNote */.dW)(error, `gave up after ${attempt} attempts`);
            const fromServer = failed.retryAfterMs !== undefined;
            const wait = failed.retryAfterMs ?? (0,timing.backoffDelay)(attempt, this.backoff, this.opts.clock.random);
            const deadline = this.deadline();
            if (wait >= deadline.remainingMs()) {
                throw (0,errors/* withNote */.dW)(error, `timed out: ${deadline.describe()} has ${(0,timing.formatSeconds)(deadline.remainingMs())} left, not enough to wait ${(0,timing.formatSeconds)(wait)}${fromServer ? ' (Retry-After)' : ''} and retry (attempt ${attempt} of ${this.backoff.maxAttempts})`);
            }
            this.opts.log.info(`  retrying ${spec.method} ${fullPath} in ${(0,timing.formatSeconds)(wait)}${fromServer ? ' (Retry-After)' : ''} (attempt ${attempt + 1} of ${this.backoff.maxAttempts}): ${failed.error.details.message}`);
            await this.opts.clock.sleep(wait);
            previous = error;
        }
    }
    /** The deadline in force: the step's, or a landing check's grace once the step's ran out. */
    deadline() {
        return this.graceDeadline.getStore() ?? this.opts.deadline;
    }
    /**
     * After an ambiguous failure of a mutation: did it land? Returns the landed result, or the error
     * to raise (annotated with what the check found) and whether the mutation may be resent.
     * An attempt that took long may still be in the server's hands, so before a resend the server
     * is given as long again (a real-time pause) and the check is repeated; when the budget cannot
     * afford that pause and a resend, it is not resent.
     */
    async checkLanding(spec, failed, mayRetry) {
        const verify = spec.verify;
        const { error, elapsedMs } = failed;
        const { log } = this.opts;
        const stop = (note) => ({
            landed: false,
            error: (0,errors/* withNote */.dW)(error, note),
            resend: false
        });
        const how = error.details.status === undefined
            ? error.details.message
            : `HTTP ${error.details.status}${error.details.kind === 'invalid-response' ? ' with an unreadable body' : ''}`;
        log.warning(`${spec.method} ${error.details.path} failed ambiguously (${how}); checking whether it landed before deciding to retry`);
        const first = await this.runCheck(verify, error);
        if ('error' in first)
            return { landed: false, error: first.error, resend: false };
        let value = first.value;
        const mayBeBusy = elapsedMs >= SETTLE_THRESHOLD_MS;
        if (value === undefined && error.details.kind === 'invalid-response') {
            return stop("the server answered with a success status, so the change may have landed, but no new deployment was found; it was not sent again: check the agent's deployments before re-running");
        }
        if (value === undefined && !mayRetry) {
            return stop(mayBeBusy
                ? `checked: it had not landed, but the server may still be working on it (no answer for ${(0,timing.formatSeconds)(elapsedMs)}): check the agent's deployments before re-running`
                : 'checked: it did not land, so nothing was changed');
        }
        if (value === undefined && mayBeBusy) {
            const deadline = this.deadline();
            if (deadline.remainingMs() < elapsedMs + timing.MIN_REQUEST_TIMEOUT_MS) {
                return stop(`checked: it had not landed, but the server may still be working on it (no answer for ${(0,timing.formatSeconds)(elapsedMs)}); timed out: ${deadline.describe()} has ${(0,timing.formatSeconds)(deadline.remainingMs())} left, not enough to give it as long again, check again and resend, so it was not sent again: check the agent's deployments before re-running`);
            }
            log.info(`  not landed yet; the server may still be working on it, so checking again in ${(0,timing.formatSeconds)(elapsedMs)} before resending`);
            await (this.opts.clock.wait ?? this.opts.clock.sleep)(elapsedMs);
            const second = await this.runCheck(verify, error);
            if ('error' in second)
                return { landed: false, error: second.error, resend: false };
            value = second.value;
        }
        if (value !== undefined) {
            log.warning(`The ${spec.method} ${error.details.path} request did land despite the failure; reporting that result without sending it again`);
            return { landed: true, value };
        }
        log.info('  the change did not land; it is safe to send it again');
        return { landed: false, error: (0,errors/* withNote */.dW)(error, 'checked: it did not land, so nothing was changed'), resend: true };
    }
    /** Runs a landing check under a grace deadline; a failed check becomes the error to raise (never retried blindly). */
    async runCheck(verify, cause) {
        try {
            const value = await this.graceDeadline.run(this.deadline().withGrace(LANDING_CHECK_GRACE_MS), verify);
            return { value };
        }
        catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            return {
                error: (0,errors/* withNote */.dW)(cause, `whether it landed could not be checked, so it was not sent again: check the agent's deployments before re-running (${why})`)
            };
        }
    }
    async attempt(spec, fullPath, attempt, previous) {
        const { clock, log } = this.opts;
        const deadline = this.deadline();
        if (deadline.expired()) {
            const what = `before attempt ${attempt} could be sent${previous ? `; the previous attempt failed: ${previous.details.message}` : ''}`;
            throw this.timeoutError(spec, fullPath, deadline, what);
        }
        const correlationId = (0,external_node_crypto_.randomUUID)();
        const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : '';
        const headers = {
            'X-API-KEY': this.opts.apiKey,
            'X-PolyAI-Correlation-Id': correlationId,
            Accept: 'application/json'
        };
        let body;
        if (spec.body !== undefined) {
            body = JSON.stringify(spec.body);
            headers['Content-Type'] = 'application/json';
        }
        // A mutation gets a smaller share: after a timeout it must be able to wait as long again,
        // check again and still resend within the budget.
        const timeoutMs = (0,timing.requestTimeout)(deadline.remainingMs(), this.requestTimeoutMs, spec.idempotent ? 1 / 2 : 1 / 3);
        const url = `${this.opts.baseUrl}${fullPath}${query}`;
        // Never the headers: they carry the key.
        log.debug(`${spec.method} ${url} (attempt ${attempt}, timeout ${(0,timing.formatSeconds)(timeoutMs)}${body !== undefined ? `, ${Buffer.byteLength(body)} byte body` : ''})`);
        const started = clock.now();
        this.requestCount++;
        let response;
        try {
            response = await this.opts.transport.send({
                method: spec.method,
                url,
                headers,
                timeoutMs,
                ...(body !== undefined ? { body } : {})
            });
        }
        catch (error) {
            if (!(error instanceof transport.TransportError))
                throw error;
            const ms = clock.now() - started;
            log.info(`${spec.method} ${fullPath} → ${error.message} after ${ms} ms (correlation id ${correlationId})`);
            const timedOut = error.failure === 'timeout';
            const outOfTime = timedOut && deadline.expired();
            const failedError = outOfTime
                ? this.timeoutError(spec, fullPath, deadline, `${spec.method} ${fullPath} was in flight (attempt ${attempt})`, correlationId)
                : this.error(spec, fullPath, { kind: timedOut ? 'timeout' : 'network', message: error.message, correlationId });
            return {
                ok: false,
                failed: {
                    error: failedError,
                    retryable: !outOfTime,
                    ambiguous: error.failure !== 'not-sent',
                    elapsedMs: ms
                }
            };
        }
        const ms = clock.now() - started;
        log.info(`${spec.method} ${fullPath} → ${response.status} in ${ms} ms (correlation id ${correlationId})`);
        return this.interpret(spec, fullPath, response, correlationId, ms);
    }
    interpret(spec, fullPath, response, correlationId, elapsedMs) {
        const { status } = response;
        if (status >= 200 && status < 300) {
            try {
                return { ok: true, value: spec.parse(parseJsonBody(response)) };
            }
            catch (error) {
                if (!(error instanceof ShapeError))
                    throw error;
                // A 2xx we cannot read: for a mutation it did land, and verify() will find it.
                return {
                    ok: false,
                    failed: {
                        error: this.error(spec, fullPath, {
                            kind: 'invalid-response',
                            status,
                            message: `unusable success response: ${error.message}`,
                            correlationId
                        }),
                        retryable: spec.idempotent,
                        ambiguous: true,
                        elapsedMs
                    }
                };
            }
        }
        if (status >= 300 && status < 400) {
            const location = headerValue(response.headers.location);
            return {
                ok: false,
                failed: {
                    error: this.error(spec, fullPath, {
                        kind: 'redirect',
                        status,
                        message: 'unexpected redirect (not followed)',
                        correlationId,
                        hint: errors/* HINT_REDIRECT */.$T,
                        ...(location ? { location } : {})
                    }),
                    retryable: false,
                    ambiguous: false,
                    elapsedMs
                }
            };
        }
        const parsed = (0,errors/* parseErrorBody */.kW)(response.body);
        const retryAfterMs = (0,timing.parseRetryAfter)(response.headers['retry-after'], this.opts.clock.now(), this.backoff.capMs);
        const hint = spec.hints?.[status] ?? (0,errors/* defaultHint */.bO)(status, parsed.errorCode);
        const error = this.error(spec, fullPath, {
            kind: 'http',
            status,
            message: parsed.message,
            correlationId: parsed.errorId ?? correlationId,
            ...(parsed.errorCode ? { errorCode: parsed.errorCode } : {}),
            ...(hint ? { hint } : {})
        });
        return {
            ok: false,
            failed: {
                error,
                // 429 means the request was refused, so even a mutation may simply be sent again.
                retryable: RETRY_STATUSES.has(status),
                // A 5xx (or 408) may come from a gateway after the backend acted: a mutation checks first.
                ambiguous: status >= 500 || status === 408,
                elapsedMs,
                ...(retryAfterMs !== undefined ? { retryAfterMs } : {})
            }
        };
    }
    error(spec, fullPath, d) {
        return new errors/* ApiError */.hD({ action: spec.action, method: spec.method, path: fullPath, ...d });
    }
    timeoutError(spec, fullPath, deadline, what, correlationId) {
        return this.error(spec, fullPath, {
            kind: 'timeout',
            message: `timed out: ${deadline.describe()} ran out ${what.startsWith('before') ? what : `while ${what}`}`,
            ...(correlationId ? { correlationId } : {})
        });
    }
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
/** Deeper answers are refused: parsing would work, but copying or serializing them would overflow the stack. */
const MAX_RESPONSE_NESTING = 256;
/** Parses a success body as JSON, naming what a proxy or a cut connection left instead. */
function parseJsonBody(response) {
    const text = response.body;
    if (text.trim() === '')
        throw new ShapeError('the body is empty');
    if ((0,files/* nestingDepth */.Qk)(text, MAX_RESPONSE_NESTING).depth > MAX_RESPONSE_NESTING) {
        throw new ShapeError(`the body nests deeper than ${MAX_RESPONSE_NESTING} levels`);
    }
    const type = headerValue(response.headers['content-type']) ?? '';
    try {
        return JSON.parse(text);
    }
    catch {
        if (/html/i.test(type) || /^\s*</.test(text)) {
            throw new ShapeError(`the body is an HTML page, not JSON (a proxy?): ${(0,errors/* excerpt */.Kb)(text)}`);
        }
        throw new ShapeError(`the body is not valid JSON (truncated?): ${(0,errors/* excerpt */.Kb)(text, 60)}`);
    }
}


/***/ }),

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

/***/ 6350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_BACKOFF: () => (/* binding */ DEFAULT_BACKOFF),
/* harmony export */   Deadline: () => (/* binding */ Deadline),
/* harmony export */   DeadlineExceededError: () => (/* binding */ DeadlineExceededError),
/* harmony export */   MIN_REQUEST_TIMEOUT_MS: () => (/* binding */ MIN_REQUEST_TIMEOUT_MS),
/* harmony export */   backoffDelay: () => (/* binding */ backoffDelay),
/* harmony export */   formatSeconds: () => (/* binding */ formatSeconds),
/* harmony export */   parseRetryAfter: () => (/* binding */ parseRetryAfter),
/* harmony export */   requestTimeout: () => (/* binding */ requestTimeout),
/* harmony export */   systemClock: () => (/* binding */ systemClock)
/* harmony export */ });
/**
 * Time as the step sees it: an injectable clock (so retry tests run instantly), the step's overall
 * deadline, the per-request timeout, and the retry delays (capped exponential backoff with full
 * jitter, Retry-After honoured).
 */
/**
 * The real clock. POLYAI_ACTION_SLEEP_SCALE (a number, default 1) scales every back-off wait: the
 * test suite sets it to 0 so the end-to-end fault matrix does not sit through real back-off. The
 * time a scaled sleep skipped still counts: now() runs ahead by it, so the step's deadline and
 * Retry-After dates behave as they would in production, only faster.
 */
function systemClock(env = process.env) {
    const text = env.POLYAI_ACTION_SLEEP_SCALE?.trim() ?? '';
    const raw = Number(text);
    // Empty (an unset `${{ vars.X }}`) means the default, not Number('') = 0.
    const scale = text !== '' && Number.isFinite(raw) && raw >= 0 ? raw : 1;
    let skipped = 0;
    const realWait = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    return {
        now: () => Date.now() + skipped,
        sleep: async (ms) => {
            const real = Math.max(0, ms * scale);
            skipped += Math.max(0, ms - real);
            await realWait(real);
        },
        random: Math.random,
        wait: realWait
    };
}
class DeadlineExceededError extends Error {
    constructor(message) {
        super(message);
        this.name = 'DeadlineExceededError';
    }
}
/** The step's time budget (timeoutSeconds), shared by every request, wait and retry. */
class Deadline {
    clock;
    budgetMs;
    graceMs;
    endsAt;
    /** `graceMs` is set on a deadline made by withGrace(): it describes itself differently. */
    constructor(clock, budgetMs, endsAt, graceMs) {
        this.clock = clock;
        this.budgetMs = budgetMs;
        this.graceMs = graceMs;
        this.endsAt = endsAt ?? clock.now() + budgetMs;
    }
    remainingMs() {
        return Math.max(0, this.endsAt - this.clock.now());
    }
    expired() {
        return this.remainingMs() <= 0;
    }
    /**
     * A deadline at least `ms` from now. Checking whether a mutation landed is worth a short overrun:
     * without it a step that ran out of time could not say whether it changed anything.
     */
    withGrace(ms) {
        const now = this.clock.now();
        if (this.endsAt - now >= ms)
            return this;
        return new Deadline(this.clock, this.budgetMs, now + ms, ms);
    }
    /** "the step's 300 s budget (timeoutSeconds)", for messages. */
    describe() {
        const budget = `the step's ${Math.round(this.budgetMs / 1000)} s budget (timeoutSeconds)`;
        return this.graceMs === undefined ? budget : `the ${formatSeconds(this.graceMs)} grace for checking whether the change landed (after ${budget} ran out)`;
    }
    /** Throws when the budget is spent, naming what the step was about to do. */
    check(doing) {
        if (this.expired()) {
            throw new DeadlineExceededError(`timed out: ${this.describe()} ran out while ${doing}`);
        }
    }
}
/** "12 s", "1.5 s", "0.2 s". */
function formatSeconds(ms) {
    const s = ms / 1000;
    return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`;
}
/** No request is given less than this, unless the deadline itself is closer. */
const MIN_REQUEST_TIMEOUT_MS = 1_000;
/**
 * The timeout of one request: at most `capMs`, and at most `share` of what is left (but at least
 * MIN_REQUEST_TIMEOUT_MS, and never past the deadline), so one hung request leaves time to check
 * whether a mutation landed and to retry.
 */
function requestTimeout(remainingMs, capMs, share = 1 / 2) {
    const floor = Math.min(MIN_REQUEST_TIMEOUT_MS, remainingMs);
    return Math.max(0, Math.min(capMs, Math.max(remainingMs * share, floor)));
}
const DEFAULT_BACKOFF = { baseMs: 500, capMs: 20_000, maxAttempts: 5 };
/** Full jitter: a uniform wait between 0 and min(cap, base * 2^(attempt-1)). */
function backoffDelay(attempt, policy, random) {
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
}
/**
 * Parses Retry-After in either form (delta-seconds or an HTTP date) into milliseconds from now,
 * capped; undefined when absent or unreadable.
 */
function parseRetryAfter(value, nowMs, capMs) {
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!text)
        return undefined;
    if (/^\d+$/.test(text))
        return Math.min(capMs, Number(text) * 1000);
    const at = Date.parse(text);
    if (Number.isNaN(at))
        return undefined;
    return Math.min(capMs, Math.max(0, at - nowMs));
}


/***/ }),

/***/ 427:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TransportError: () => (/* binding */ TransportError),
/* harmony export */   classifyNetworkError: () => (/* binding */ classifyNetworkError),
/* harmony export */   createHttpTransport: () => (/* binding */ createHttpTransport)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5326);
/* harmony import */ var _timing_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6350);
/**
 * One HTTP exchange, with the guarantees the retry policy needs: no redirects followed (node's
 * http never follows them, so the key only ever goes to the configured origin), no library
 * retries, a hard per-request timeout that aborts the request, and failures classified by whether
 * the request can have reached the server. @actions/http-client supplies the agent: keep-alive,
 * and the runner's proxy settings (https_proxy, no_proxy).
 */




class TransportError extends Error {
    failure;
    code;
    constructor(message, failure, code) {
        super(message);
        this.failure = failure;
        this.code = code;
        this.name = 'TransportError';
    }
}
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EADDRNOTAVAIL',
    'ERR_INVALID_URL'
]);
/** Responses larger than this are refused: the API never sends anything near it. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Classifies a socket error by whether the request can have reached the server (see TransportFailure). */
function classifyNetworkError(error) {
    if (error instanceof TransportError)
        return error;
    const code = error?.code;
    const codeText = typeof code === 'string' ? code : undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (codeText && NOT_SENT_CODES.has(codeText)) {
        return new TransportError(`connection failed (${codeText})`, 'not-sent', codeText);
    }
    // http-client's socket timeout, should its requestRaw ever be used here.
    if (/^Request timeout/.test(message)) {
        return new TransportError('the connection went idle (socket timeout)', 'timeout', 'ETIMEDOUT');
    }
    return new TransportError(`connection lost (${codeText ?? message})`, 'ambiguous', codeText);
}
/** Reads a whole response body; rejects when the connection drops mid-body or the body is absurdly large. */
function readBody(message) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        message.on('data', (chunk) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                message.destroy(new TransportError(`the response is larger than ${MAX_BODY_BYTES} bytes`, 'ambiguous', 'ETOOBIG'));
            }
            else
                chunks.push(chunk);
        });
        message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        message.on('error', reject);
        message.on('close', () => {
            if (!message.complete) {
                reject(Object.assign(new Error('response ended early'), { code: 'ECONNRESET' }));
            }
        });
    });
}
/** Creates the production transport: one keep-alive agent for the whole step. */
function createHttpTransport(userAgent) {
    const client = new _actions_http_client__WEBPACK_IMPORTED_MODULE_2__/* .HttpClient */ .Qq(userAgent, [], { keepAlive: true, maxSockets: 8 });
    return {
        send(request) {
            return new Promise((resolve, reject) => {
                let done = false;
                let timer;
                const settle = (outcome) => {
                    if (done)
                        return;
                    done = true;
                    clearTimeout(timer);
                    outcome();
                };
                const fail = (error) => settle(() => reject(classifyNetworkError(error)));
                try {
                    const headers = { ...request.headers, 'User-Agent': userAgent };
                    if (request.body !== undefined)
                        headers['Content-Length'] = Buffer.byteLength(request.body);
                    const url = new URL(request.url);
                    const req = (url.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_1__ : node_http__WEBPACK_IMPORTED_MODULE_0__).request(url, { method: request.method, headers, agent: client.getAgent(request.url) }, (message) => {
                        readBody(message).then((body) => settle(() => resolve({ status: message.statusCode ?? 0, headers: message.headers, body })), fail);
                    });
                    // The timeout aborts the request (and its socket), so a hung exchange holds nothing afterwards.
                    timer = setTimeout(() => {
                        fail(new TransportError(`no answer within ${(0,_timing_js__WEBPACK_IMPORTED_MODULE_3__.formatSeconds)(request.timeoutMs)}`, 'timeout', 'ETIMEDOUT'));
                        req.destroy();
                    }, request.timeoutMs);
                    req.on('error', fail);
                    req.end(request.body);
                }
                catch (error) {
                    // Thrown before anything was written (a bad URL or header): the request was never sent.
                    const code = error.code;
                    settle(() => reject(new TransportError(`request not sent (${typeof code === 'string' ? code : 'invalid request'})`, 'not-sent', typeof code === 'string' ? code : undefined)));
                }
            });
        },
        close() {
            client.dispose();
        }
    };
}


/***/ })

};
