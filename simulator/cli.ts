/**
 * `node build/simulator/cli.js [--port N] [--host H] [--quiet] [--empty] [--latency MS] [--jitter MS]
 * [--latency-per-row MS] [--max-rps N] [--max-in-flight N] [--limit-answer http-429|code-160]
 * [--no-zalo-percent P]`: starts the eSMS simulator,
 * prints how to reach it (one fact per line), and stays up until SIGINT or SIGTERM.
 * The port comes from --port, else ESMS_SIM_PORT, else a free one.
 */
import { type EsmsSimulator, type SimulatorSettings, startSimulator } from './index';

interface CliOptions {
	port: number;
	host: string;
	quiet: boolean;
	empty: boolean;
	settings: Partial<SimulatorSettings>;
}

function numberOption(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0) throw new Error(`invalid ${name}: ${value}`);
	return number;
}

function trafficSettings(valueOf: (name: string) => string | undefined): Partial<SimulatorSettings> {
	const settings: Partial<SimulatorSettings> = {};
	const latencyMs = numberOption(valueOf('--latency'), '--latency');
	const latencyJitterMs = numberOption(valueOf('--jitter'), '--jitter');
	const latencyPerRowMs = numberOption(valueOf('--latency-per-row'), '--latency-per-row');
	if (latencyMs !== undefined) settings.latencyMs = latencyMs;
	if (latencyJitterMs !== undefined) settings.latencyJitterMs = latencyJitterMs;
	if (latencyPerRowMs !== undefined) settings.latencyPerRowMs = latencyPerRowMs;
	const requestsPerSecond = numberOption(valueOf('--max-rps'), '--max-rps');
	const maxInFlight = numberOption(valueOf('--max-in-flight'), '--max-in-flight');
	const answer = valueOf('--limit-answer') ?? 'http-429';
	if (answer !== 'http-429' && answer !== 'code-160') throw new Error(`invalid --limit-answer: ${answer}`);
	const noZaloPercent = numberOption(valueOf('--no-zalo-percent'), '--no-zalo-percent');
	if (noZaloPercent !== undefined) {
		if (noZaloPercent > 100) throw new Error(`invalid --no-zalo-percent: ${noZaloPercent}`);
		settings.noZaloPercent = noZaloPercent;
	}
	if (requestsPerSecond !== undefined || maxInFlight !== undefined) {
		settings.rateLimit = { requestsPerSecond, maxInFlight, answer, retryAfterSeconds: answer === 'http-429' ? 1 : undefined };
	}
	return settings;
}

function readCliOptions(args: string[], env: NodeJS.ProcessEnv): CliOptions {
	const valueOf = (name: string) => {
		const index = args.indexOf(name);
		return index >= 0 ? args[index + 1] : undefined;
	};
	const port = Number(valueOf('--port') ?? env.ESMS_SIM_PORT ?? 0);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${valueOf('--port') ?? env.ESMS_SIM_PORT}`);
	return {
		port,
		host: valueOf('--host') ?? '127.0.0.1',
		quiet: args.includes('--quiet'),
		empty: args.includes('--empty'),
		settings: trafficSettings(valueOf),
	};
}

function describe(simulator: EsmsSimulator): string[] {
	const lines = [
		`Base URL: ${simulator.baseUrl}`,
		`Callback API URL: ${simulator.callbackApiUrl}`,
		`API key: ${simulator.defaultAccount.apiKey}`,
		`Secret key: ${simulator.defaultAccount.secretKey}`,
	];
	const account = simulator.account(simulator.defaultAccount.apiKey);
	for (const oaId of account?.oaIds ?? []) {
		const oa = simulator.oa(oaId);
		if (!oa) continue;
		lines.push(`OA: ${oa.oaId} ${oa.name}${oa.allowSendingMode3 ? ' (SendingMode 3 allowed)' : ''}`);
	}
	for (const brandname of account?.brandnames ?? []) {
		if (!brandname.active) continue;
		const templates = brandname.templates.length > 0 ? `${brandname.templates.length} templates` : 'any content';
		lines.push(`Brandname: ${brandname.brandname} (Type ${brandname.type}, ${templates}, telcos ${brandname.telcos.join(',')})`);
	}
	for (const oaId of account?.oaIds ?? []) {
		for (const template of simulator.templates(oaId)) {
			lines.push(`Template: ${template.tempId} ${template.name} (OA ${oaId}, ${template.status})`);
		}
	}
	return lines;
}

async function main(): Promise<void> {
	const options = readCliOptions(process.argv.slice(2), process.env);
	const simulator = await startSimulator({
		port: options.port,
		host: options.host,
		quiet: options.quiet,
		fixtures: options.empty ? 'empty' : 'default',
		recordRequests: false,
		settings: options.settings,
	});
	process.stdout.write(`eSMS simulator listening on ${simulator.origin}\n${describe(simulator).join('\n')}\n`);
	const shutdown = () => void simulator.stop().then(() => process.exit(0));
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
	process.stderr.write(`eSMS simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
