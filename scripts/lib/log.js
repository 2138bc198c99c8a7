'use strict';
/** The harness's progress lines: on stderr with a prefix (`[n8n]`, `[queue]`), silenced by ESMS_QUIET. */
function logger(prefix) {
	return (...args) => {
		if (!process.env.ESMS_QUIET) console.error(prefix, ...args);
	};
}
const log = logger('[n8n]');

module.exports = { log, logger };
