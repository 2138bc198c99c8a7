'use strict';
/** The harness's HTTP client, for its calls to n8n and the simulator on loopback. */
const http = require('node:http');

/** A small HTTP client for loopback calls: JSON in, { status, headers, text, json } out. */
function request(method, url, body, headers = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const req = http.request(
			url,
			{
				method,
				// A new connection per call: a kept-alive one that n8n closes (after 5 s idle) just as
				// the next call reuses it fails with ECONNRESET (seen in long benchmark runs).
				agent: false,
				headers: {
					...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
					...headers,
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = JSON.parse(text);
					} catch {}
					resolve({ status: res.statusCode, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

module.exports = { request };
