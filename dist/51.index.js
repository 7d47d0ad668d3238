export const id = 51;
export const ids = [51];
export const modules = {

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


/***/ })

};
