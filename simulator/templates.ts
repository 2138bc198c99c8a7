/** ZNS templates: building specs from loose input, and judging a row's Params against them. */
import { isDayMonthYear } from './dates';
import type { ParamType, TemplateInput, TemplateParamInput, TemplateParamSpec, TemplateSpec } from './types';

const DEFAULT_LIMIT: Record<ParamType, number> = {
	type_text: 30,
	type_number: 12,
	type_date: 20,
	type_cta_url: 200,
};

const NUMBER_VALUE = /^\d{1,12}$/;

export function buildTemplate(input: TemplateInput): TemplateSpec {
	const params = input.params.map(buildParam);
	return {
		tempId: input.tempId,
		name: input.name,
		content: input.content ?? params.map((param) => `<${param.name}>`).join(' '),
		status: input.status ?? 'ENABLE',
		tag: input.tag ?? 'TRANSACTION',
		params,
		buttons: input.buttons ?? [],
		previewUrl: input.previewUrl ?? `https://account.zalo.cloud/znspreview/sim-${input.tempId}`,
		timeout: input.timeout ?? 7_200_000,
	};
}

function buildParam(input: TemplateParamInput): TemplateParamSpec {
	return {
		name: input.name,
		type: input.type,
		limit: input.limit ?? DEFAULT_LIMIT[input.type],
		minLength: input.minLength ?? (input.acceptNull ? 0 : 1),
		acceptNull: input.acceptNull ?? false,
	};
}

/** Why `params` do not fit the template, or undefined when they do. */
export function paramsProblem(template: TemplateSpec, params: unknown): string | undefined {
	if (!Array.isArray(params)) return 'Params must be an array of strings';
	if (params.length !== template.params.length) {
		return `Params has ${params.length} values, the template has ${template.params.length} variables`;
	}
	for (let index = 0; index < params.length; index++) {
		const problem = valueProblem(template.params[index], params[index]);
		if (problem) return `Param ${template.params[index].name}: ${problem}`;
	}
	return undefined;
}

function valueProblem(param: TemplateParamSpec, value: unknown): string | undefined {
	if (typeof value !== 'string') return 'must be a string';
	if (value === '') return param.acceptNull ? undefined : 'must not be empty';
	if (value.length > param.limit) return `longer than ${param.limit} characters`;
	if (value.length < param.minLength) return `shorter than ${param.minLength} characters`;
	if (param.type === 'type_number' && !NUMBER_VALUE.test(value)) return 'must be digits only, at most 12';
	if (param.type === 'type_date' && !isDayMonthYear(value)) return 'must be a date dd/MM/yyyy';
	if (param.type === 'type_cta_url' && !isWebUrl(value)) return 'must be an http(s) URL';
	return undefined;
}

function isWebUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/** GetZnsTemplateInfo's ListParams[].Type (Zalo's vocabulary, guessed for URL). */
export function zaloParamType(type: ParamType): string {
	if (type === 'type_number') return 'NUMBER';
	if (type === 'type_date') return 'DATE';
	if (type === 'type_cta_url') return 'URL';
	return 'STRING';
}
