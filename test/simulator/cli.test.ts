import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const SIMULATOR_DIR = path.resolve(__dirname, '../../simulator');
let outDir: string;
let child: ChildProcess | undefined;

/** Transpiles simulator/ into a temporary folder, so the test runs the CLI as plain node without touching build/. */
function transpileSimulator(from: string, to: string): void {
	mkdirSync(to, { recursive: true });
	for (const entry of readdirSync(from, { withFileTypes: true })) {
		const source = path.join(from, entry.name);
		if (entry.isDirectory()) {
			transpileSimulator(source, path.join(to, entry.name));
		} else if (entry.name.endsWith('.ts')) {
			const output = ts.transpileModule(readFileSync(source, 'utf8'), {
				compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
				fileName: source,
			});
			writeFileSync(path.join(to, entry.name.replace(/\.ts$/, '.js')), output.outputText);
		}
	}
}

/** Collects stdout until the start-up description is complete (its last line names the last template). */
function startupOutput(cli: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let output = '';
		cli.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (/^Template: 2056450 .*\n/m.test(output)) resolve(output);
		});
		cli.once('exit', (code) => reject(new Error(`CLI exited with ${code} during start-up:\n${output}`)));
	});
}

function exited(cli: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => cli.once('exit', (code) => resolve(code)));
}

beforeAll(() => {
	outDir = mkdtempSync(path.join(tmpdir(), 'esms-sim-cli-'));
	transpileSimulator(SIMULATOR_DIR, path.join(outDir, 'simulator'));
});

afterAll(() => {
	if (child && child.exitCode === null) child.kill('SIGKILL');
	rmSync(outDir, { recursive: true, force: true });
});

it('starts, prints how to reach it, answers GetBalance_json, and stops on SIGTERM', async () => {
	child = spawn(process.execPath, [path.join(outDir, 'simulator', 'cli.js'), '--port', '0', '--quiet'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines = (await startupOutput(child)).split('\n');
	const baseUrl = lines.find((line) => line.startsWith('Base URL: '))!.slice('Base URL: '.length);
	expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/MainService\.svc\/json$/);
	expect(lines).toEqual(
		expect.arrayContaining([
			'API key: sim-api-key',
			'Secret key: sim-secret-key',
			expect.stringMatching(/^Callback API URL: http:\/\/127\.0\.0\.1:\d+\/ZaloCallback\/GetCallback$/),
			expect.stringMatching(/^OA: 4097311281936189049 /),
			expect.stringMatching(/^OA: 1397492183140006179 /),
			...['2056446', '2056447', '2056448', '2056449', '2056450'].map((id) => expect.stringMatching(new RegExp(`^Template: ${id} `))),
		]),
	);

	const response = await fetch(`${baseUrl}/GetBalance_json`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ ApiKey: 'sim-api-key', SecretKey: 'sim-secret-key' }),
	});
	expect(await response.json()).toEqual({ Balance: 1_000_000_000, CodeResponse: '100', UserID: 9999 });

	const exit = exited(child);
	child.kill('SIGTERM');
	expect(await exit).toBe(0);
});
