'use strict';
/**
 * Ports, processes and memory: free loopback ports (never handed out twice by this process), the
 * children of a process, a sampler of a process tree's RSS, and `sleep`.
 */
const fs = require('node:fs');
const net = require('node:net');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first port the kernel hands out by itself (to port-0 listeners and outgoing connections). */
function ephemeralLow() {
	try {
		const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
		if (low > 12000) return low;
	} catch {}
	return 32768;
}

const handedOut = new Set();

/** True when nothing listens on the port on loopback right now. */
function canListen(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/**
 * A loopback port that is free now and stays free until the caller binds it, however much later:
 * chosen below the kernel's ephemeral range, so no port-0 listener (a simulator) and no outgoing
 * connection can take it in between, and never handed out twice by this process.
 */
async function freePort() {
	const low = 10000;
	const high = ephemeralLow();
	for (let tries = 0; tries < 200; tries++) {
		const port = low + Math.floor(Math.random() * (high - low));
		if (handedOut.has(port) || !(await canListen(port))) continue;
		handedOut.add(port);
		return port;
	}
	throw new Error(`no free loopback port between ${low} and ${high}`);
}

function readStatusKb(pid, field) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const m = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

function childrenOf(pid) {
	const out = [];
	try {
		for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
			try {
				const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
				if (text) out.push(...text.split(/\s+/).map(Number));
			} catch {}
		}
	} catch {}
	return out;
}

/**
 * Samples the RSS of a process and of its descendants (n8n's JS task runner is a child process)
 * every `intervalMs`. `mainHwmKb` is the kernel's own peak (VmHWM) of the main process as last
 * read before it exited.
 */
class MemoryMonitor {
	constructor(pid, intervalMs = 100) {
		this.pid = pid;
		this.samples = []; // [epochMs, mainRssKb, treeRssKb]
		this.mainHwmKb = 0;
		this.childHwmKb = {}; // pid -> VmHWM
		this.timer = setInterval(() => this.sample(), intervalMs);
		this.timer.unref();
		this.sample();
	}
	sample() {
		const main = readStatusKb(this.pid, 'VmRSS');
		if (!main) return;
		const hwm = readStatusKb(this.pid, 'VmHWM');
		if (hwm) this.mainHwmKb = Math.max(this.mainHwmKb, hwm);
		let tree = main;
		const stack = childrenOf(this.pid);
		while (stack.length) {
			const child = stack.pop();
			const rss = readStatusKb(child, 'VmRSS');
			tree += rss;
			const childHwm = readStatusKb(child, 'VmHWM');
			if (childHwm) this.childHwmKb[child] = Math.max(this.childHwmKb[child] || 0, childHwm);
			stack.push(...childrenOf(child));
		}
		this.samples.push([Date.now(), main, tree]);
	}
	stop() {
		clearInterval(this.timer);
	}
	/** Peak RSS (MB) of the main process and of the whole tree, optionally within [from, to]. */
	peak(from = 0, to = Infinity) {
		let main = 0;
		let tree = 0;
		for (const [t, m, s] of this.samples) {
			if (t < from || t > to) continue;
			main = Math.max(main, m);
			tree = Math.max(tree, s);
		}
		return { mainMb: main / 1024, treeMb: tree / 1024 };
	}
	summary(run) {
		const whole = this.peak();
		const childHwm = Math.max(0, ...Object.values(this.childHwmKb));
		const out = {
			peakRssMb: Math.max(this.mainHwmKb / 1024, whole.mainMb), // n8n main process, kernel peak
			peakTreeRssMb: whole.treeMb, // main + task runner(s), sampled
			runnerPeakRssMb: childHwm / 1024,
		};
		if (run && run.startedAt && run.stoppedAt) {
			const during = this.peak(Date.parse(run.startedAt), Date.parse(run.stoppedAt) + 100);
			out.peakRssDuringRunMb = during.mainMb;
			out.peakTreeRssDuringRunMb = during.treeMb;
		}
		return out;
	}
}

module.exports = { freePort, canListen, childrenOf, MemoryMonitor, sleep };
