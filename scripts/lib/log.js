'use strict';
/** The harness's progress lines: on stderr with an `[n8n]` prefix, silenced by ESMS_QUIET. */
const log = (...args) => {
	if (!process.env.ESMS_QUIET) console.error('[n8n]', ...args);
};

module.exports = { log };
