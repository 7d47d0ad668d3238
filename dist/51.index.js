export const id = 51;
export const ids = [51];
export const modules = {

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


/***/ })

};
