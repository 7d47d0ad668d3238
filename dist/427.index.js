export const id = 427;
export const ids = [427];
export const modules = {

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
