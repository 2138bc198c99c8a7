#!/usr/bin/env node
'use strict';
/**
 * The example workflows of examples/ that test/e2e/build.js makes (EXAMPLES): the e2e suite runs
 * the committed files, and checks that each is what the builder makes now.
 *
 *   node test/e2e/examples.js           writes them
 *   node test/e2e/examples.js --check   exits 1 when a file differs from what the builder makes
 */
const fs = require('node:fs');
const path = require('node:path');
const { EXAMPLES } = require('./build');

const DIR = path.join(__dirname, '..', '..', 'examples');

/** The text of each example file as the builder makes it, by file name. */
function exampleTexts() {
	return Object.fromEntries(Object.entries(EXAMPLES).map(([file, make]) => [file, JSON.stringify(make(), null, 2) + '\n']));
}

/** Files whose committed text differs from what the builder makes (or that are missing). */
function staleExamples() {
	return Object.entries(exampleTexts())
		.filter(([file, text]) => !fs.existsSync(path.join(DIR, file)) || fs.readFileSync(path.join(DIR, file), 'utf8') !== text)
		.map(([file]) => file);
}

if (require.main === module) {
	if (process.argv.includes('--check')) {
		const stale = staleExamples();
		console.log(stale.length ? `differ from test/e2e/build.js: ${stale.join(', ')} (run node test/e2e/examples.js)` : 'examples up to date');
		process.exit(stale.length ? 1 : 0);
	}
	for (const [file, text] of Object.entries(exampleTexts())) {
		fs.writeFileSync(path.join(DIR, file), text);
		console.log(`wrote examples/${file}`);
	}
}

module.exports = { exampleTexts, staleExamples };
