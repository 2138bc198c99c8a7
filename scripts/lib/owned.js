'use strict';
/**
 * What the queue-mode harness started, and its clean-up: processes kept by PID and temp folders,
 * killed (with their descendants) and removed on exit whatever happens; stopping one PID with a
 * grace period.
 */
const fs = require('node:fs');
const { childrenOf, sleep } = require('./processes');

const owned = new Map(); // pid -> label
/** Temp folders removed on exit unless stopped (and removed, or kept) normally before. */
const tempDirs = new Set();
let hooked = false;
function hookExit() {
	if (hooked) return;
	hooked = true;
	process.once('exit', () => {
		// With their descendants (each n8n process has a task runner child).
		const pids = [...owned.keys()].flatMap((pid) => [pid, ...descendants(pid)]);
		for (const pid of pids) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
		for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
	});
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			console.error(`[queue] ${signal}: stopping ${owned.size} process(es)`);
			process.exit(130);
		});
	}
}
function own(pid, label) {
	owned.set(pid, label);
	hookExit();
}
/** Marks `dir` to be removed on exit; returns it. */
function tempDir(dir) {
	tempDirs.add(dir);
	hookExit();
	return dir;
}
/** `dir` is no longer removed on exit (removed, or kept, by its owner). */
function releaseTempDir(dir) {
	tempDirs.delete(dir);
}
function disown(pid) {
	owned.delete(pid);
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return !fs.existsSync(`/proc/${pid}/stat`) || !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

/** Sends `signal` to `pid`, waits up to `graceMs` for it to go, then SIGKILL. */
async function stopPid(pid, { signal = 'SIGTERM', graceMs = 15000 } = {}) {
	if (!pid || !alive(pid)) return disown(pid);
	try {
		process.kill(pid, signal);
	} catch {}
	const started = Date.now();
	while (alive(pid) && Date.now() - started < graceMs) await sleep(100);
	if (alive(pid)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
		while (alive(pid) && Date.now() - started < graceMs + 5000) await sleep(100);
	}
	disown(pid);
}

/** Every descendant of a process (n8n's task runner is a child of each n8n process). */
function descendants(pid) {
	const out = [];
	const stack = childrenOf(pid);
	while (stack.length) {
		const child = stack.pop();
		out.push(child);
		stack.push(...childrenOf(child));
	}
	return out;
}

module.exports = { descendants, disown, own, releaseTempDir, stopPid, tempDir };
