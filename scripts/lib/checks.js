'use strict';
const { BUILD_FLAGS, buildMode, readArgs } = require('./args');

/**
 * What the real-n8n suites (e2e, compat, queue) share: the checker that prints one ok/FAIL line
 * per check and counts them, and the runner that turns a suite's main() into an exit code with
 * the closing `N passed, N failed` line even when the suite itself crashes.
 */

/** One printed line per check; `failures` lists the names of those that failed. */
class Checker {
	constructor() {
		this.passed = 0;
		this.failed = 0;
		this.failures = [];
		this.prefix = '';
	}
	line(ok, name, detail) {
		if (ok) this.passed++;
		else {
			this.failed++;
			this.failures.push(`${this.prefix}${name}`);
		}
		let text = `${ok ? 'ok  ' : 'FAIL'} ${this.prefix}${name}`;
		if (!ok && detail !== undefined) text += `\n       ${short(detail)}`;
		console.log(text);
		return ok;
	}
	ok(cond, name, detail) {
		return this.line(!!cond, name, detail);
	}
	equal(actual, expected, name, detail) {
		const ok = actual === expected;
		return this.line(ok, name, ok ? undefined : { actual, expected, ...(detail !== undefined ? { detail } : {}) });
	}
	deepEqual(actual, expected, name, detail) {
		const ok = stable(actual) === stable(expected);
		return this.line(ok, name, ok ? undefined : { actual, expected, ...(detail !== undefined ? { detail } : {}) });
	}
	note(text) {
		console.log(`     ${this.prefix}${text}`);
	}
}

/** JSON with sorted keys, so that deepEqual does not depend on key order. */
function stable(value) {
	if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/** A value as at most 1,200 characters of text, for a failure's detail line. */
function short(value) {
	let text;
	try {
		text = typeof value === 'string' ? value : JSON.stringify(value);
	} catch {
		text = String(value);
	}
	return text.length > 1200 ? text.slice(0, 1200) + '…' : text;
}

/** Runs a suite's `main()` (resolving to an exit code); a crash counts as one failed check. */
function runMain(main) {
	main().then(
		(code) => process.exit(code),
		(error) => {
			console.error(error.stack || String(error));
			console.log('0 passed, 1 failed');
			process.exit(1);
		},
	);
}

/** The arguments every suite takes: --only=<substring> --keep --build|--no-build --list --help. */
function readSuiteArgs(argv, script) {
	const values = readArgs(
		argv,
		{
			only: { type: 'string' },
			keep: { type: 'boolean', default: false },
			...BUILD_FLAGS,
			list: { type: 'boolean', default: false },
		},
		{ usage: `usage: node ${script} [--only=<name substring>] [--keep] [--build|--no-build] [--list]` },
	);
	const build = buildMode(values);
	return { only: values.only ?? null, keep: values.keep, build, list: values.list };
}

/** Points every esmsApi credential reference of a workflow at `credential`. */
function bindCredential(workflow, credential) {
	for (const node of workflow.nodes) {
		if (node.credentials && node.credentials.esmsApi) node.credentials.esmsApi = { id: credential.id, name: credential.name };
	}
	return workflow;
}

module.exports = { Checker, short, stable, runMain, readSuiteArgs, bindCredential };
