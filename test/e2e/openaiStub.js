'use strict';
/**
 * A tiny OpenAI-compatible Chat Completions server on loopback, for e2e scenarios that run n8n's
 * AI Agent with its OpenAI Chat Model (credential `openAiApi`, field `url` = `stub.baseUrl`).
 *
 *   const stub = await startOpenAiStub({ reply: (body, index) => ({ content, tool_calls }) });
 *   stub.baseUrl     // http://127.0.0.1:<port>/v1
 *   stub.requests    // every request: { method, path, body, at }
 *   stub.completions() // the bodies of the POST /v1/chat/completions requests, in arrival order
 *   await stub.stop();
 *
 * `reply(body, index)` is the model: it gets the request body (messages, tools, …) and the
 * index of the completion request (0 for the first), and returns the assistant message, either
 * `{ content: 'text' }` or `{ tool_calls: [{ id, name, arguments }] }` (arguments an object). It
 * may throw; the stub then answers 500 with the error's message, which n8n shows as the model's
 * error. `GET /v1/models` lists one model. Streaming requests (`stream: true`) get the same answer
 * as server-sent events. No keys are checked; the stub only listens on 127.0.0.1.
 */
const http = require('node:http');

const MODEL = 'esms-e2e-stub';

function startOpenAiStub({ reply, model = MODEL } = {}) {
	if (typeof reply !== 'function') throw new Error('startOpenAiStub needs reply(body, index)');
	const requests = [];
	let completionCount = 0;
	let sequence = 0;

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body = null;
			try {
				body = text ? JSON.parse(text) : null;
			} catch {
				body = text;
			}
			const pathname = new URL(req.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '');
			const record = { method: req.method, path: pathname, body, at: Date.now() };
			requests.push(record);
			const send = (status, json) => {
				const out = JSON.stringify(json);
				res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
				res.end(out);
			};
			if (req.method === 'GET' && /\/models$/.test(pathname)) {
				return send(200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'esms-e2e' }] });
			}
			if (req.method !== 'POST' || !/\/chat\/completions$/.test(pathname)) {
				return send(404, { error: { message: `the stub does not answer ${req.method} ${pathname}`, type: 'invalid_request_error' } });
			}
			const index = completionCount++;
			record.index = index;
			let message;
			try {
				message = reply(body || {}, index);
			} catch (error) {
				record.error = error.message;
				return send(500, { error: { message: `stub model: ${error.message}`, type: 'server_error' } });
			}
			const toolCalls = (message.tool_calls || []).map((call) => ({
				id: call.id || `call_${++sequence}`,
				type: 'function',
				function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments || {}) },
			}));
			const assistant = { role: 'assistant', content: toolCalls.length ? message.content || null : message.content || '' };
			if (toolCalls.length) assistant.tool_calls = toolCalls;
			const finishReason = toolCalls.length ? 'tool_calls' : 'stop';
			record.answer = assistant;
			const id = `chatcmpl-e2e-${index + 1}`;
			const created = Math.floor(Date.now() / 1000);
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (body && body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
				const event = (delta, finish) =>
					res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
				event({ role: 'assistant', content: assistant.content || '' }, null);
				toolCalls.forEach((call, i) => event({ tool_calls: [{ index: i, id: call.id, type: 'function', function: call.function }] }, null));
				event({}, finishReason);
				res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			send(200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message: assistant, finish_reason: finishReason, logprobs: null }], usage });
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			const origin = `http://127.0.0.1:${port}`;
			resolve({
				origin,
				baseUrl: `${origin}/v1`,
				model,
				requests,
				completions: () => requests.filter((r) => r.method === 'POST' && /\/chat\/completions$/.test(r.path)).map((r) => r.body),
				stop: () =>
					new Promise((done) => {
						server.closeAllConnections?.();
						server.close(() => done());
					}),
			});
		});
	});
}

module.exports = { startOpenAiStub, MODEL };
