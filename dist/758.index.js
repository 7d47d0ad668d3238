export const id = 758;
export const ids = [758,350,427];
export const modules = {

/***/ 5758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PolyAiClient: () => (/* binding */ PolyAiClient),
  parseJsonBody: () => (/* binding */ parseJsonBody)
});

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
;// CONCATENATED MODULE: ./src/api/client.ts
/**
 * The PolyAI Agents API client. Every method has the same shape: describe the call, let `call()`
 * send it under the step's retry policy and deadline, and check the answer's shape before use.
 *
 * Retry policy (written for this API; http-client's own retries are switched off):
 * - Idempotent calls (GET, the schema PUT, the variables PATCH) retry on connection errors,
 *   timeouts, 408, 429 and 5xx (500/502/503/504), with capped exponential backoff and full jitter,
 *   honouring Retry-After.
 * - Mutations (publish/promote/rollback POSTs) retry directly only when the request surely did not
 *   land (429, or a connection that was never made). After an ambiguous failure (timeout, reset,
 *   5xx, an unreadable 2xx) they ask `verify()` whether the change landed; if it did, that result is
 *   returned with a warning, if it did not, the call is retried. One step never creates two.
 */





const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
class PolyAiClient {
    opts;
    backoff;
    requestTimeoutMs;
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
        for (let attempt = 1;; attempt++) {
            const outcome = await this.attempt(spec, fullPath, attempt);
            if (outcome.ok)
                return outcome.value;
            const failed = outcome.failed;
            if (failed.ambiguous && !spec.idempotent) {
                const landed = await this.verifyLanded(spec, failed.error);
                if (landed !== undefined)
                    return landed;
            }
            if (!failed.retryable || attempt >= this.backoff.maxAttempts)
                throw failed.error;
            const wait = failed.retryAfterMs ?? (0,timing.backoffDelay)(attempt, this.backoff, this.opts.clock.random);
            if (wait >= this.opts.deadline.remainingMs()) {
                throw this.timeoutError(spec, fullPath, `${failed.error.details.message}; no time left to retry`);
            }
            this.opts.log.info(`  retrying ${spec.method} ${fullPath} in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.backoff.maxAttempts}): ${failed.error.details.message}`);
            await this.opts.clock.sleep(wait);
        }
    }
    async verifyLanded(spec, cause) {
        if (!spec.verify)
            return undefined;
        this.opts.log.warning(`${spec.method} ${cause.details.path} failed ambiguously (${cause.details.status !== undefined ? `HTTP ${cause.details.status}` : cause.details.message}); checking whether it landed before deciding to retry`);
        let landed;
        try {
            landed = await spec.verify();
        }
        catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            throw new errors/* ApiError */.hD({
                ...cause.details,
                message: `${cause.details.message}; and it could not be checked whether the change landed, so it was not retried (${why})`
            });
        }
        if (landed !== undefined) {
            this.opts.log.warning(`The ${spec.method} ${cause.details.path} request did land despite the failure; reporting that result without sending it again`);
        }
        else {
            this.opts.log.info('  the change did not land; it is safe to send it again');
        }
        return landed;
    }
    async attempt(spec, fullPath, attempt) {
        const { clock, deadline, log } = this.opts;
        if (deadline.expired())
            throw this.timeoutError(spec, fullPath, 'before the request could be sent');
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
        const timeoutMs = Math.min(this.requestTimeoutMs, deadline.remainingMs());
        const started = clock.now();
        this.requestCount++;
        let response;
        try {
            response = await this.opts.transport.send({
                method: spec.method,
                url: `${this.opts.baseUrl}${fullPath}${query}`,
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
            const outOfTime = error.failure === 'timeout' && deadline.expired();
            const kind = error.failure === 'timeout' ? 'timeout' : 'network';
            const failedError = outOfTime
                ? this.timeoutError(spec, fullPath, `${spec.method} ${fullPath} was in flight (attempt ${attempt})`, correlationId)
                : this.error(spec, fullPath, { kind, message: error.message, correlationId });
            return {
                ok: false,
                failed: {
                    error: failedError,
                    retryable: !outOfTime,
                    ambiguous: error.failure !== 'not-sent'
                }
            };
        }
        const ms = clock.now() - started;
        log.info(`${spec.method} ${fullPath} → ${response.status} in ${ms} ms (correlation id ${correlationId})`);
        return this.interpret(spec, fullPath, response, correlationId);
    }
    interpret(spec, fullPath, response, correlationId) {
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
                        ambiguous: true
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
                    ambiguous: false
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
        const retryStatus = RETRY_STATUSES.has(status);
        return {
            ok: false,
            failed: {
                error,
                // 429 means the request was refused, so even a mutation may simply be sent again.
                retryable: retryStatus,
                ambiguous: retryStatus && status !== 429,
                ...(retryAfterMs !== undefined ? { retryAfterMs } : {})
            }
        };
    }
    error(spec, fullPath, d) {
        return new errors/* ApiError */.hD({ action: spec.action, method: spec.method, path: fullPath, ...d });
    }
    timeoutError(spec, fullPath, what, correlationId) {
        return this.error(spec, fullPath, {
            kind: 'timeout',
            message: `timed out: the step's ${Math.round(this.opts.deadline.budgetMs / 1000)} s budget (timeoutSeconds) ran out; ${what}`,
            ...(correlationId ? { correlationId } : {})
        });
    }
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
/** Parses a success body as JSON, naming what a proxy or a cut connection left instead. */
function parseJsonBody(response) {
    const text = response.body;
    if (text.trim() === '')
        throw new ShapeError('the body is empty');
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

/***/ 6350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_BACKOFF: () => (/* binding */ DEFAULT_BACKOFF),
/* harmony export */   Deadline: () => (/* binding */ Deadline),
/* harmony export */   DeadlineExceededError: () => (/* binding */ DeadlineExceededError),
/* harmony export */   backoffDelay: () => (/* binding */ backoffDelay),
/* harmony export */   parseRetryAfter: () => (/* binding */ parseRetryAfter),
/* harmony export */   systemClock: () => (/* binding */ systemClock)
/* harmony export */ });
/**
 * Time as the step sees it: an injectable clock (so retry tests run instantly), the step's overall
 * deadline, and the retry delays (capped exponential backoff with full jitter, Retry-After honoured).
 */
/**
 * The real clock. POLYAI_ACTION_SLEEP_SCALE (a number, default 1) scales every wait: the test suite
 * sets it to 0 so the end-to-end fault matrix does not sit through real back-off.
 */
function systemClock(env = process.env) {
    const raw = Number(env.POLYAI_ACTION_SLEEP_SCALE);
    const scale = env.POLYAI_ACTION_SLEEP_SCALE !== undefined && Number.isFinite(raw) && raw >= 0 ? raw : 1;
    return {
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms * scale))),
        random: Math.random
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
    endsAt;
    constructor(clock, budgetMs) {
        this.clock = clock;
        this.budgetMs = budgetMs;
        this.endsAt = clock.now() + budgetMs;
    }
    remainingMs() {
        return Math.max(0, this.endsAt - this.clock.now());
    }
    expired() {
        return this.remainingMs() <= 0;
    }
    /** Throws when the budget is spent, naming what the step was about to do. */
    check(doing) {
        if (this.expired()) {
            throw new DeadlineExceededError(`timed out: the step's ${Math.round(this.budgetMs / 1000)} s budget (timeoutSeconds) ran out while ${doing}`);
        }
    }
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
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5326);

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
/** Responses larger than this are cut off: the API never sends anything near it. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
function classifyNetworkError(error) {
    const code = error?.code;
    const codeText = typeof code === 'string' ? code : undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (codeText && NOT_SENT_CODES.has(codeText)) {
        return new TransportError(`connection failed (${codeText})`, 'not-sent', codeText);
    }
    if (/^Request timeout/.test(message)) {
        return new TransportError('the connection went idle (socket timeout)', 'timeout', 'ETIMEDOUT');
    }
    return new TransportError(`connection lost (${codeText ?? message})`, 'ambiguous', codeText);
}
/** Reads a whole response body; unlike readBodyBuffer it rejects when the connection drops mid-body. */
function readBody(message) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        message.on('data', (chunk) => {
            size += chunk.length;
            if (size <= MAX_BODY_BYTES)
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
/** Creates the production transport: one keep-alive HttpClient for the whole step. */
function createHttpTransport(userAgent) {
    const client = new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq(userAgent, [], {
        allowRedirects: false,
        allowRetries: false,
        keepAlive: true,
        maxSockets: 8
    });
    return {
        async send(request) {
            let timer;
            const timeout = new Promise((_, reject) => {
                timer = setTimeout(() => reject(new TransportError(`no answer within ${Math.round(request.timeoutMs / 100) / 10} s`, 'timeout', 'ETIMEDOUT')), request.timeoutMs);
            });
            const exchange = (async () => {
                const response = await client.request(request.method, request.url, request.body ?? null, request.headers);
                const body = await readBody(response.message);
                return {
                    status: response.message.statusCode ?? 0,
                    headers: response.message.headers,
                    body
                };
            })();
            // A request abandoned on timeout settles later (when close() destroys its socket).
            exchange.catch(() => undefined);
            try {
                return await Promise.race([exchange, timeout]);
            }
            catch (error) {
                if (error instanceof TransportError)
                    throw error;
                throw classifyNetworkError(error);
            }
            finally {
                clearTimeout(timer);
            }
        },
        close() {
            client.dispose();
        }
    };
}


/***/ })

};
