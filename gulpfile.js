/** Copies what tsc does not: the icons and the codex JSON files, into dist/. */
const { src, dest, series } = require('gulp');
const { rmSync } = require('fs');

function copyIcons() {
	return src('icons/**/*.svg').pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	rmSync('build', { recursive: true, force: true });
	done();
}

exports.clean = clean;
exports.build = series(copyIcons, copyCodex);
exports.default = exports.build;
