/**
 * `node build/simulator/cli.js [--port N] [--host H] [--quiet] [--empty]`: starts the eSMS simulator,
 * prints how to reach it (one fact per line), and stays up until SIGINT or SIGTERM.
 * The port comes from --port, else ESMS_SIM_PORT, else a free one.
 */
import { type EsmsSimulator, startSimulator } from './index';

interface CliOptions {
	port: number;
	host: string;
	quiet: boolean;
	empty: boolean;
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
