import type { ParamSpec, ParamType } from './params';

/** A ZNS template as the node needs it: its state and its variables in `Params` order. */
export interface TemplateInfo {
	templateId: string;
	name: string | null;
	status: string | null;
	params: ParamSpec[];
}

type Fields = Record<string, unknown>;

function asFields(value: unknown): Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

function asList(value: unknown): Fields[] {
	return Array.isArray(value) ? value.map(asFields) : [];
}

function textOf(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return null;
}

function positiveNumber(value: unknown): number | undefined {
	const number = Number(value);
	return Number.isFinite(number) && number > 0 ? number : undefined;
}

function truthy(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || String(value).toLowerCase() === 'true';
}

/** Maps eSMS's `type_number`/`NUMBER`/… spellings onto the four ZNS kinds. */
export function paramTypeOf(raw: unknown): ParamType {
	const type = String(raw ?? '').toLowerCase();
	if (type.includes('number')) return 'number';
	if (type.includes('date')) return 'date';
	if (type.includes('url') || type.includes('link')) return 'url';
	return 'text';
}

/** Keeps the first of each name: a variable used twice in a template is passed once. */
function distinctByName(params: ParamSpec[]): ParamSpec[] {
	const seen = new Set<string>();
	return params.filter((param) => !seen.has(param.name) && seen.add(param.name));
}

/** From `GetZnsTemplateInfo`: `{ Error: 0, Data: { ListParams: [...] } }`. */
export function templateFromDetails(templateId: string, body: unknown): TemplateInfo | null {
	const reply = asFields(body);
	if (Number(reply.Error) !== 0 || typeof reply.Data !== 'object' || reply.Data === null) return null;
	const data = asFields(reply.Data);
	const params = asList(data.ListParams)
		.map((param): ParamSpec | null => {
			const name = textOf(param.Name);
			if (name === null) return null;
			return {
				name,
				type: paramTypeOf(param.Type),
				required: truthy(param.Require) && !truthy(param.AcceptNull),
				minLength: positiveNumber(param.MinLength),
				maxLength: positiveNumber(param.MaxLength),
			};
		})
		.filter((param): param is ParamSpec => param !== null);
	return {
		templateId: textOf(data.TemplateId) ?? templateId,
		name: textOf(data.TemplateName),
		status: textOf(data.Status),
		params: distinctByName(params),
	};
}

/** From `GetTemplate/`: the template's `ZNSTempDetail`, ordered by `ParamLevel`. */
export function templateFromList(templateId: string, body: unknown): TemplateInfo | null {
	const template = asList(asFields(body).ZNSTemplates).find((entry) => textOf(entry.TempId) === templateId);
	if (!template) return null;
	const params = asList(template.ZNSTempDetail)
		.map((param) => ({ param, level: Number(param.ParamLevel) }))
		.sort((a, b) => (Number.isFinite(a.level) ? a.level : 0) - (Number.isFinite(b.level) ? b.level : 0))
		.map(({ param }): ParamSpec | null => {
			const name = textOf(param.Param);
			if (name === null) return null;
			return { name, type: paramTypeOf(param.RequireType), required: true, maxLength: positiveNumber(param.Limit) };
		})
		.filter((param): param is ParamSpec => param !== null);
	return { templateId, name: textOf(template.TempName), status: null, params: distinctByName(params) };
}

/**
 * eSMS's template states (GetZnsTemplateInfo `Status`) in the words the editor shows. Only ENABLE
 * templates can be sent; the others are named so that nobody picks them by mistake.
 */
const NOT_SENDABLE: Record<string, string> = {
	PENDING_REVIEW: 'waiting for approval by Zalo',
	REJECT: 'rejected by Zalo',
	DISABLE: 'disabled',
	DELETE: 'deleted',
};

/** null when the template can be sent (ENABLE) or its state is unknown; else what it is, in words. */
export function unsendableState(status: string | null | undefined): string | null {
	if (!status) return null;
	const code = status.trim().toUpperCase();
	if (code === '' || code === 'ENABLE') return null;
	return NOT_SENDABLE[code] ?? `in state "${status.trim()}"`;
}
