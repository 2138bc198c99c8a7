'use strict';
/** What an n8n CLI command left in its stdout/stderr files: the run JSON it printed, and a file's tail. */
const fs = require('node:fs');
const readline = require('node:readline');

/**
 * Reads the run JSON n8n prints (pretty-printed, 2 spaces) from a stdout file: from the first line
 * that starts with `{` to the first line that is exactly `}`. Lines are trimmed before parsing, so a
 * run of a few hundred MB fits in one string.
 */
async function readJsonFromOutput(file) {
	const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
	const parts = [];
	let inside = false;
	const before = [];
	const after = [];
	let done = false;
	for await (const line of rl) {
		if (done) {
			if (after.length < 200) after.push(line);
			continue;
		}
		if (!inside) {
			if (line.startsWith('{')) {
				inside = true;
				parts.push(line.trim());
				if (line.trim().endsWith('}')) {
					try {
						const obj = JSON.parse(parts.join(''));
						return { json: obj, before, after };
					} catch {}
				}
			} else if (before.length < 200) before.push(line);
			continue;
		}
		parts.push(line.trim());
		if (line === '}') done = true;
	}
	if (!parts.length) return { json: null, before, after };
	try {
		return { json: JSON.parse(parts.join('')), before, after };
	} catch (error) {
		return { json: null, before, after, parseError: error.message };
	}
}

function tail(file, bytes = 4000) {
	try {
		const size = fs.statSync(file).size;
		const fd = fs.openSync(file, 'r');
		const len = Math.min(size, bytes);
		const buf = Buffer.alloc(len);
		fs.readSync(fd, buf, 0, len, size - len);
		fs.closeSync(fd);
		return buf.toString('utf8');
	} catch {
		return '';
	}
}

module.exports = { readJsonFromOutput, tail };
