'use strict';
/** Loads the eSMS simulator into a harness process, compiling simulator/ into build/simulator/ first. */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./constants');
const { log } = require('./log');

/** The simulator, compiled from simulator/ into build/simulator/ with tsconfig.tools.json. */
function loadSimulator({ compile = true } = {}) {
	const entry = path.join(ROOT, 'build', 'simulator', 'index.js');
	if (compile) {
		const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
		const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.tools.json'], { cwd: ROOT, encoding: 'utf8' });
		if (r.status !== 0 && !fs.existsSync(entry)) {
			throw new Error(`compiling the simulator failed:\n${r.stdout}\n${r.stderr}`);
		}
		if (r.status !== 0) log(`warning: tsc -p tsconfig.tools.json reported errors; using the existing build:\n${r.stdout.slice(0, 2000)}`);
	}
	if (!fs.existsSync(entry)) throw new Error(`${entry} does not exist (simulator not built)`);
	return require(entry);
}

module.exports = { loadSimulator };
