'use strict';
/**
 * Command-line flags for the scripts: node:util `parseArgs`, plus `--help`/`-h` and a usage line
 * when the flags are wrong.
 */
const { parseArgs } = require('node:util');

/**
 * The values of `argv` for `options` (as `parseArgs` takes them; no positionals). `--help` or `-h`
 * prints `help` (default: `usage`) and exits 0; an unknown flag, a missing value or a stray word
 * prints what is wrong and `usage` on stderr, and exits 1.
 */
function readArgs(argv, options, { usage, help = usage }) {
	let values;
	try {
		({ values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } } }));
	} catch (error) {
		console.error(`${error.message}\n${usage}`);
		process.exit(1);
	}
	if (values.help) {
		console.log(help);
		process.exit(0);
	}
	return values;
}

/** `--build` and `--no-build`, for the scripts that pack the package (see `buildMode`). */
const BUILD_FLAGS = { build: { type: 'boolean' }, 'no-build': { type: 'boolean' } };

/** What packPackage() takes as `build`: false for --no-build, true for --build, else 'auto' (when dist/ is stale). */
const buildMode = (values) => (values['no-build'] ? false : values.build ? true : 'auto');

module.exports = { readArgs, BUILD_FLAGS, buildMode };
