import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readRequestOptions, type OptionProblem, type RawOptions } from '../../send/options';
import { notOk, type Result } from '../../../shared/result';
import type { RequestOptions } from '../../send/types';
import { Unreadable, isExpression, readerFor, type Evaluate } from './itemReaders';

/** The request options, which may differ per item (recipients are batched by them). */
const REQUEST_OPTIONS = [
	['sendAt', 'Send At'],
	['campaign', 'Campaign'],
	['callbackUrl', 'Callback URL'],
	['sandbox', 'Sandbox'],
	['sendingMode', 'Sending Mode'],
] as const;

/** An expression that reads the clock: its value changes each time the node runs. */
const READS_THE_CLOCK = /\$now|\$today|Date\.now\s*\(|new\s+Date\s*\(\s*\)|DateTime\s*\.\s*(?:now|local|utc)\s*\(/;

/**
 * Send At given relative to when the node runs (`{{ $now.plus({ hours: 1 }) }}`): its expression,
 * which then names the schedule in default Request IDs (see ReadRules.relativeSendAt).
 */
export function relativeSendAtOf(context: IExecuteFunctions): string | undefined {
	const raw = ((context.getNode().parameters.options ?? {}) as IDataObject).sendAt;
	return typeof raw === 'string' && raw.startsWith('=') && READS_THE_CLOCK.test(raw) ? raw : undefined;
}

export type OptionsReader = (itemIndex: number) => Result<RequestOptions, OptionProblem>;

/** Each item's request options: read once when none is an expression, else per item. */
export function optionsReader(context: IExecuteFunctions, items: INodeExecutionData[], timezone: string, evaluated: Evaluate): OptionsReader {
	const saved = (context.getNode().parameters.options ?? {}) as IDataObject;
	const atFirst = context.getNodeParameter('options', 0, {}) as RawOptions;
	const base: RawOptions = {};
	for (const [name] of REQUEST_OPTIONS) base[name] = atFirst[name];
	const varying = REQUEST_OPTIONS.filter(([name]) => isExpression(saved[name]));
	if (varying.length === 0) {
		const fixed = readRequestOptions(base, timezone);
		return () => fixed;
	}
	const readers = varying.map(([name, field]) => {
		const read = readerFor(items, saved[name], (itemIndex) => context.getNodeParameter(`options.${name}`, itemIndex, undefined));
		return { name, field, read };
	});
	return (itemIndex) => {
		const raw: RawOptions = { ...base };
		for (const { name, field, read } of readers) {
			const value = evaluated(itemIndex, field, read);
			if (value instanceof Unreadable) return notOk({ field, rule: value.invalid.rule, value: undefined });
			raw[name] = value;
		}
		return readRequestOptions(raw, timezone);
	};
}

