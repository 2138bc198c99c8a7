'use strict';
/** Reading an n8n run's data: a node's task data, a node's output items, the run's error. */

/** The task data of a node's run (`resultData.runData[name][runIndex]`). */
function nodeRun(run, nodeName, runIndex = 0) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData[nodeName];
	return runs ? runs[runIndex] : undefined;
}

/** Items of one output of a node's run (default: the last run). */
function nodeOutput(run, nodeName, outputIndex = 0, runIndex) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData[nodeName];
	if (!runs || !runs.length) return undefined;
	const task = runs[runIndex === undefined ? runs.length - 1 : runIndex];
	const main = task && task.data && task.data.main;
	return main ? main[outputIndex] || [] : undefined;
}

function runError(run) {
	const e = run && run.data && run.data.resultData && run.data.resultData.error;
	return e ? `${e.message || ''}${e.description ? ' — ' + e.description : ''}` : undefined;
}

module.exports = { nodeRun, nodeOutput, runError };
