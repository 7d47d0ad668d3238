export const id = 427;
export const ids = [427,350];
export const modules = {

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
