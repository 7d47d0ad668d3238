export const id = 350;
export const ids = [350];
export const modules = {

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


/***/ })

};
