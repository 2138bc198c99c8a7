'use strict';
/**
 * The benchmark's plan: every run it will make (mode, variant, latency, recipients, repeat), each
 * with its own workflow (fresh ids and RequestIds), in the order they run.
 */
const { MODES, SCRIPT_VARIANTS, parseVariant } = require('./variants');
const wfs = require('./workflows');
const sms = require('./smsWorkflows');

/** Two letters per variant for workflow ids (which must stay short and unique). */
const SHORT = {
	node: 'no', lean: 'le', burst: 'bu', leanburst: 'lb', overlap: 'ov', floor: 'fl', diy: 'di', n8nhttp: 'nh', single: 'si',
	sms: 'sm', fallback: 'fb', smsfloor: 'sf', smsdiy: 'sd', smsn8nhttp: 'sn',
};

/** The workflow of one run (fresh node ids, so the node's Request IDs are new every run). */
function workflowFor(token, { id, n, credential, sim, keys, runTag, trigger, burst }) {
	const { base: variant, inFlight } = parseVariant(token);
	switch (variant) {
		case 'sms':
		case 'fallback':
			return sms.smsNodeWorkflow({ id, n, credential, trigger, kind: variant, requestsInFlight: inFlight });
		case 'smsdiy':
			return sms.smsDiyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger });
		case 'smsn8nhttp':
			return sms.smsDiyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger, credential });
		case 'node':
			return wfs.nodeWorkflow({ id, n, credential, trigger });
		case 'lean':
			return wfs.nodeWorkflow({ id, n, credential, trigger, checksOff: true });
		case 'burst':
			return wfs.nodeWorkflow({ id, n, credential, trigger, requestsInFlight: burst });
		case 'leanburst':
			return wfs.nodeWorkflow({ id, n, credential, trigger, checksOff: true, requestsInFlight: burst });
		case 'overlap':
			return wfs.nodeWorkflow({ id, n, credential, trigger, onError: 'continueRegularOutput' });
		case 'diy':
			return wfs.diyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger });
		case 'n8nhttp':
			return wfs.diyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger, credential });
		case 'single':
			return wfs.singleWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger });
		default:
			return null; // floor, smsfloor: no n8n
	}
}

/**
 * Every run of the bench, in order (`args` as bench.js parses them). Repeats are interleaved
 * (round-robin) so that a noisy minute on the shared machine spreads over cells instead of
 * spoiling one. Cold runs first, then the warm ones, each warm variant after one unrecorded
 * warm-up run.
 */
function planRuns(args, { credential, sim, keys }) {
	const runTagBase = `b${Date.now().toString(36)}`;
	const plan = [];
	/** `block`: for warm runs, the latency whose server runs it (a warm-up runs at 0 ms in each). */
	const planRun = (mode, variant, latency, n, r, { warmup = false, block = null } = {}) => {
		const { base: short, inFlight } = parseVariant(variant);
		const runTag = `${runTagBase}-${mode}-${variant.replace(':', 'k')}-${latency}-${n}-${warmup ? 'warmup' : r}`;
		const kind = `${SHORT[short]}${inFlight === null ? '' : `${inFlight}l`}`;
		const id = `${mode === 'warm' ? (warmup ? 'u' : 'w') : 'b'}${kind}${latency}x${n}r${r}`;
		if (id.length > 21) throw new Error(`workflow id ${id} is longer than 21 characters`);
		// A warm-up (latency 0, r 0) runs in each warm server under the same id, as its same workflow.
		if (!warmup && plan.some((q) => q.id === id)) throw new Error(`workflow id ${id} planned twice`);
		const trigger = mode === 'warm' ? 'webhook' : 'manual';
		const workflow = workflowFor(variant, { id, n, credential, sim, keys, runTag, trigger, burst: args.burst });
		plan.push({ mode, n, r, latency, variant, id, runTag, workflow, warmup, block });
	};
	const planRepeats = (mode, latencies, block = null) => {
		for (let r = 1; r <= args.repeat; r++) {
			for (const latency of latencies) {
				for (const n of args.sizes) {
					for (const variant of args.variantsFor[mode]) {
						if (variant === 'single' && n > args.singleMax) continue;
						planRun(mode, variant, latency, n, r, { block });
					}
				}
			}
		}
	};
	for (const mode of MODES.filter((m) => args.modes.includes(m))) {
		if (mode === 'cold') planRepeats(mode, args.latencies);
		// Warm: one server per latency, each on the database as it was after the imports (n8n only
		// soft-deletes executions, so one server for the whole bench grows a database of gigabytes
		// and slows down). In each, one unrecorded warm-up run per variant first.
		else {
			for (const latency of args.latencies) {
				for (const variant of args.variantsFor.warm) {
					if (!SCRIPT_VARIANTS.includes(parseVariant(variant).base)) planRun(mode, variant, 0, Math.min(...args.sizes), 0, { warmup: true, block: latency });
				}
				planRepeats(mode, [latency], latency);
			}
		}
	}
	return plan;
}

module.exports = { planRuns };
