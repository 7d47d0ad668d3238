export const id = 222;
export const ids = [222];
export const modules = {

/***/ 7222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DRAFT07_URIS: () => (/* binding */ DRAFT07_URIS),
  checkSchemaDocument: () => (/* binding */ checkSchemaDocument),
  compileValuesCheck: () => (/* binding */ compileValuesCheck),
  groupMetaErrors: () => (/* binding */ groupMetaErrors),
  valueProblems: () => (/* binding */ valueProblems)
});

// EXTERNAL MODULE: ../main/node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(703);
var ajv_default = /*#__PURE__*/__webpack_require__.n(ajv);
// EXTERNAL MODULE: ./src/config/json.ts
var json = __webpack_require__(9904);
;// CONCATENATED MODULE: ./src/config/schema-walk.ts
/**
 * Walks a draft-07 schema through its subschema positions only (never into enum/const/default
 * data), to find what ajv reports badly or not at all: `$ref`s that would need a download (with
 * the JSON pointer of each), keywords JSON Schema does not know (typos such as "minimun" are
 * silently ignored by validators), and `pattern`s that are not valid regular expressions.
 */

/** Keywords of draft-07 (plus `$defs`, which ajv resolves too). */
const DRAFT07_KEYWORDS = new Set([
    '$schema', '$id', '$ref', '$comment', '$defs', 'title', 'description', 'default', 'readOnly', 'writeOnly',
    'examples', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
    'minLength', 'pattern', 'additionalItems', 'items', 'maxItems', 'minItems', 'uniqueItems', 'contains',
    'maxProperties', 'minProperties', 'required', 'additionalProperties', 'definitions', 'properties',
    'patternProperties', 'dependencies', 'propertyNames', 'const', 'enum', 'type', 'format',
    'contentMediaType', 'contentEncoding', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not'
]);
const SINGLE = ['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not'];
const LISTS = ['allOf', 'anyOf', 'oneOf'];
const MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
/** The base URI of a document without `$id`; never fetched, only used to tell local from remote. */
const LOCAL_BASE = 'http://schema.invalid/root.json';
/** Documents ajv carries itself, so a `$ref` to them needs no download. */
const BUILT_IN = new Set(['http://json-schema.org/draft-07/schema']);
function withoutFragment(uri) {
    const at = uri.indexOf('#');
    return at < 0 ? uri : uri.slice(0, at);
}
function resolveUri(ref, base) {
    try {
        return new URL(ref, base).href;
    }
    catch {
        return undefined;
    }
}
function regexProblem(source) {
    try {
        new RegExp(source, 'u'); // what ajv compiles patterns with
        return undefined;
    }
    catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}
/** Walks `schema` and reports refs (local or remote), unknown keywords and invalid patterns. */
function walkSchema(schema) {
    const found = { refs: [], unknownKeywords: [], badPatterns: [] };
    const ids = new Set(BUILT_IN);
    const pending = [];
    const visit = (node, pointer, base) => {
        if (!(0,json/* isJsonObject */.OW)(node))
            return; // booleans are schemas too, with nothing inside
        let here = base;
        if (typeof node.$id === 'string') {
            here = resolveUri(node.$id, base) ?? base;
            ids.add(withoutFragment(here));
        }
        for (const [key, value] of Object.entries(node)) {
            const at = (0,json/* childPointer */.Y2)(pointer, key);
            if (!DRAFT07_KEYWORDS.has(key))
                found.unknownKeywords.push({ pointer: at, keyword: key });
            else if (key === '$ref' && typeof value === 'string') {
                pending.push({ pointer: at, ref: value, resolved: resolveUri(value, here) ?? value });
            }
            else if (key === 'pattern' && typeof value === 'string') {
                const problem = regexProblem(value);
                if (problem)
                    found.badPatterns.push({ pointer: at, rule: 'pattern', message: problem });
            }
            else if (SINGLE.includes(key))
                visit(value, at, here);
            else if (key === 'items') {
                if (Array.isArray(value))
                    value.forEach((item, i) => visit(item, (0,json/* childPointer */.Y2)(at, i), here));
                else
                    visit(value, at, here);
            }
            else if (LISTS.includes(key) && Array.isArray(value)) {
                value.forEach((item, i) => visit(item, (0,json/* childPointer */.Y2)(at, i), here));
            }
            else if (MAPS.includes(key) && (0,json/* isJsonObject */.OW)(value)) {
                for (const [name, sub] of Object.entries(value)) {
                    if (key === 'patternProperties') {
                        const problem = regexProblem(name);
                        if (problem)
                            found.badPatterns.push({ pointer: (0,json/* childPointer */.Y2)(at, name), rule: 'patternProperties', message: problem });
                    }
                    visit(sub, (0,json/* childPointer */.Y2)(at, name), here); // arrays under dependencies are not schemas: skipped
                }
            }
        }
    };
    visit(schema, '', LOCAL_BASE);
    ids.add(LOCAL_BASE);
    for (const use of pending)
        found.refs.push({ ...use, remote: !ids.has(withoutFragment(use.resolved)) });
    return found;
}

;// CONCATENATED MODULE: ./src/config/validate.ts
/**
 * JSON Schema checks with ajv (draft-07). Heavy: the operations import this module lazily, so no
 * other operation pays for ajv at start-up. Ajv is never given `loadSchema`, so nothing is ever
 * downloaded: a `$ref` to another document is reported as an error, naming it.
 *
 * Strictness: ajv runs with `strict: false`, so only what draft-07 itself forbids is an error
 * (PolyAI accepts schemas with extra annotation keywords, and refusing them would leave no way
 * through). Keywords draft-07 does not know are reported as warnings with their JSON pointer,
 * because a typo such as "minimun" silently disables a constraint.
 */



// ajv is CommonJS: depending on the loader the default import is the class or carries it as .default.
const Ajv = (ajv_default())["default"] ?? (ajv_default());
/** The `$schema` values that name draft-07 (the ones ajv's draft-07 meta-schema answers to). */
const DRAFT07_URIS = ['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-07/schema'];
function newAjv(warnings) {
    const collect = (...args) => {
        warnings.push(args.map(String).join(' '));
    };
    return new Ajv({ strict: false, allErrors: true, logger: { log: () => undefined, warn: collect, error: collect } });
}
/** "#/properties/a" (ajv's schema path in warnings) → "/properties/a". */
function fromFragment(path) {
    return path.replace(/^#/, '');
}
/** ajv's unknown-format warning as a problem with a pointer; other ajv warnings as they are. */
function warningProblem(text) {
    const format = /unknown format "([^"]*)" ignored in schema at path "([^"]*)"/.exec(text);
    if (format) {
        return {
            pointer: `${fromFragment(format[2] ?? '')}/format`,
            rule: 'format',
            message: `format "${format[1] ?? ''}" is not checked by this action (PolyAI may still check it)`
        };
    }
    return { pointer: '', rule: 'ajv', message: text };
}
function describeError(e) {
    if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
        return `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return e.message ?? e.keyword;
}
/**
 * ajv's meta-schema errors, one problem per pointer: an anyOf/oneOf failure is replaced by the
 * alternatives that failed ("must be one of … or must be array").
 */
function groupMetaErrors(errors) {
    const byPointer = new Map();
    for (const e of errors) {
        const list = byPointer.get(e.instancePath) ?? [];
        list.push(e);
        byPointer.set(e.instancePath, list);
    }
    const problems = [];
    for (const [pointer, list] of byPointer) {
        const specific = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
        const shown = specific.length ? specific : list;
        const seen = new Set();
        const parts = [];
        const rules = [];
        for (const e of shown) {
            const text = describeError(e);
            if (seen.has(text))
                continue;
            seen.add(text);
            parts.push(text);
            if (!rules.includes(e.keyword))
                rules.push(e.keyword);
        }
        problems.push({ pointer, rule: rules.join(', '), message: parts.join(' or ') });
    }
    return problems;
}
/**
 * Checks that `schema` is a usable draft-07 schema without downloading anything: `$schema` names
 * draft-07, no remote `$ref`, valid patterns, the draft-07 meta-schema passes, and ajv compiles it.
 */
function checkSchemaDocument(schema) {
    const errors = [];
    const warnings = [];
    const notices = [];
    if (!(0,json/* isJsonObject */.OW)(schema)) {
        return { errors: [{ pointer: '', rule: 'type', message: 'a schema must be a JSON object' }], warnings, notices };
    }
    const declared = schema.$schema;
    const metaOk = declared === undefined || (typeof declared === 'string' && DRAFT07_URIS.includes(declared));
    if (!metaOk) {
        errors.push({
            pointer: '/$schema',
            rule: '$schema',
            message: `${JSON.stringify(declared)} is not draft-07: use "${DRAFT07_URIS[0]}" (or leave $schema out)`
        });
    }
    const walk = walkSchema(schema);
    for (const use of walk.refs.filter((r) => r.remote)) {
        errors.push({
            pointer: use.pointer,
            rule: '$ref',
            message: `remote reference ${JSON.stringify(use.ref)}${use.resolved === use.ref ? '' : ` (${use.resolved})`} is not allowed: the action never downloads schemas; copy the definition under "definitions" and refer to it as "#/definitions/…"`
        });
    }
    for (const bad of walk.badPatterns) {
        errors.push({ pointer: bad.pointer, rule: bad.rule, message: `not a valid regular expression: ${bad.message}` });
    }
    for (const unknown of walk.unknownKeywords) {
        warnings.push({
            pointer: unknown.pointer,
            rule: 'unknown keyword',
            message: `"${unknown.keyword}" is not a draft-07 keyword, so it constrains nothing (a typo?)`
        });
    }
    if (!metaOk)
        return { errors, warnings, notices };
    const ajvWarnings = [];
    const ajv = newAjv(ajvWarnings);
    if (!ajv.validateSchema(schema))
        errors.push(...groupMetaErrors(ajv.errors ?? []));
    if (errors.length === 0) {
        try {
            ajv.compile(schema);
        }
        catch (error) {
            errors.push(compileProblem(error, walk.refs));
        }
    }
    const seen = new Set();
    for (const problem of ajvWarnings.map(warningProblem)) {
        const key = `${problem.pointer} ${problem.message}`;
        if (!seen.has(key))
            notices.push(problem);
        seen.add(key);
    }
    return { errors, warnings, notices };
}
/** A compile failure as a problem; an unresolvable `$ref` is located by the walk. */
function compileProblem(error, refs) {
    const missing = error.missingRef;
    if (typeof missing === 'string') {
        const use = refs.find((r) => r.ref === missing || r.resolved === missing || missing.endsWith(r.ref));
        return {
            pointer: use?.pointer ?? '',
            rule: '$ref',
            message: `reference ${JSON.stringify(use?.ref ?? missing)} cannot be resolved inside this document`
        };
    }
    return { pointer: '', rule: 'compile', message: error instanceof Error ? error.message : String(error) };
}
/** The top-level variable an ajv error is about. */
function variableOf(e) {
    const first = e.instancePath.split('/')[1];
    if (first !== undefined)
        return (0,json/* unescapePointerToken */.Xg)(first);
    for (const key of ['missingProperty', 'additionalProperty', 'propertyName']) {
        const named = e.params[key];
        if (typeof named === 'string')
            return named;
    }
    return '(all values)';
}
function valueMessage(e) {
    const at = e.instancePath.split('/').length > 2 ? `at ${e.instancePath}: ` : '';
    if (e.keyword === 'required' && e.instancePath === '')
        return 'is required but has no value';
    if (e.keyword === 'additionalProperties' && e.instancePath === '')
        return 'is not allowed by the schema (additionalProperties: false)';
    return `${at}${describeError(e)}`;
}
/** ajv errors about a values object as one problem per variable, rule and message. */
function valueProblems(errors) {
    const seen = new Set();
    const problems = [];
    for (const e of errors) {
        const problem = { variable: variableOf(e), pointer: e.instancePath, rule: e.keyword, message: valueMessage(e) };
        const key = `${problem.variable}\u0000${problem.rule}\u0000${problem.message}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        problems.push(problem);
    }
    return problems;
}
/** Compiles `schema` for checking values (all errors, nothing downloaded), or says why it cannot. */
function compileValuesCheck(schema) {
    let validate;
    try {
        validate = newAjv([]).compile(schema);
    }
    catch (error) {
        const missing = error.missingRef;
        const reason = typeof missing === 'string'
            ? `it refers to ${JSON.stringify(missing)}, which the action does not download`
            : error instanceof Error
                ? error.message
                : String(error);
        return { ok: false, reason };
    }
    return { ok: true, validate: (values) => (validate(values) ? [] : valueProblems(validate.errors ?? [])) };
}


/***/ })

};
