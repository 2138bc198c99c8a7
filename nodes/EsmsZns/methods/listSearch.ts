import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
} from 'n8n-workflow';

import { codeMeaning, normaliseCode } from '../codes';
import { currentLocatorValue } from '../actions/commonFields';
import { templateFromDetails } from '../send/templateSpec';
import { callEsms, getBaseUrl } from '../transport';
import { unsendableState } from './templateStatus';

/** Editor look-ups for the Zalo OA and Template pickers. Never used while executing. */

const MAX_STATUS_LOOKUPS = 50;

function matches(filter: string | undefined, ...texts: string[]): boolean {
	if (!filter) return true;
	const wanted = filter.trim().toLowerCase();
	return texts.some((text) => text.toLowerCase().includes(wanted));
}

async function postOrThrow(context: ILoadOptionsFunctions, baseUrl: string, path: string, body: IDataObject, what: string) {
	const answer = await callEsms(context, baseUrl, { method: 'POST', path, body });
	if (!answer.ok) throw new NodeOperationError(context.getNode(), `Could not load ${what}: ${answer.message}`);
	const code = normaliseCode(answer.body.CodeResult);
	if (code !== null && code !== '100') {
		const reason = typeof answer.body.ErrorMessage === 'string' && answer.body.ErrorMessage ? ` (eSMS: ${answer.body.ErrorMessage})` : '';
		throw new NodeOperationError(context.getNode(), `Could not load ${what}: ${codeMeaning(code)}${reason} (eSMS code ${code})`);
	}
	return answer.body;
}

export async function searchZaloOas(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const baseUrl = await getBaseUrl(this);
	const body = await postOrThrow(this, baseUrl, 'ZNS/GetListZOA/', {}, 'the Zalo OAs');
	const oas = Array.isArray(body.ZOAList) ? (body.ZOAList as IDataObject[]) : [];
	if (oas.length === 0) {
		throw new NodeOperationError(this.getNode(), 'This eSMS account has no Zalo OA yet: add one in eSMS first');
	}
	const results = oas
		.map((oa) => ({ id: String(oa.OAID ?? ''), name: String(oa.OAName ?? '') }))
		.filter((oa) => oa.id && matches(filter, oa.id, oa.name))
		.map((oa): INodeListSearchItems => ({ name: `${oa.name || 'Unnamed OA'} (${oa.id})`, value: oa.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

interface TemplateDetails {
	status: string | null;
	previewUrl: string | undefined;
}

async function templateDetails(context: ILoadOptionsFunctions, baseUrl: string, oaId: string, templateId: string): Promise<TemplateDetails> {
	const answer = await callEsms(context, baseUrl, {
		method: 'GET',
		path: 'GetZnsTemplateInfo',
		qs: { TemplateId: templateId, OAId: oaId },
	});
	if (!answer.ok) return { status: null, previewUrl: undefined };
	const data = (answer.body.Data ?? {}) as IDataObject;
	const preview = typeof data.PreviewUrl === 'string' && /^https?:\/\//i.test(data.PreviewUrl) ? data.PreviewUrl : undefined;
	return { status: templateFromDetails(templateId, answer.body)?.status ?? null, previewUrl: preview };
}

/**
 * The OA's templates by name (and ID, as names repeat). Templates that cannot be sent (pending
 * review, rejected, disabled) come last and say so in words; the template fields then explain why.
 */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const oaId = currentLocatorValue(this, 'oaId');
	if (!oaId) throw new NodeOperationError(this.getNode(), 'Choose a Zalo OA first');
	const baseUrl = await getBaseUrl(this);
	const byId = new Map<string, string>();
	for (const smsType of ['24', '25']) {
		const body = await postOrThrow(this, baseUrl, 'GetTemplate/', { OAId: oaId, SmsType: smsType }, 'the templates');
		const templates = Array.isArray(body.ZNSTemplates) ? (body.ZNSTemplates as IDataObject[]) : [];
		for (const template of templates) byId.set(String(template.TempId), String(template.TempName ?? ''));
	}
	if (byId.size === 0) {
		throw new NodeOperationError(this.getNode(), `Zalo OA ${oaId} has no ZNS templates in eSMS yet`);
	}
	const found = [...byId].filter(([id, name]) => matches(filter, id, name)).slice(0, MAX_STATUS_LOOKUPS);
	const details = await Promise.all(found.map(async ([id]) => await templateDetails(this, baseUrl, oaId, id)));
	const results = found.map(([id, name], index) => {
		const state = unsendableState(details[index].status);
		const label = `${name || 'Unnamed template'} (${id})`;
		const item: INodeListSearchItems = { name: state ? `${label} – ${state}, cannot be sent` : label, value: id };
		if (details[index].previewUrl) item.url = details[index].previewUrl;
		return { item, sendable: state === null };
	});
	results.sort((a, b) => Number(b.sendable) - Number(a.sendable) || a.item.name.localeCompare(b.item.name));
	return { results: results.map(({ item }) => item) };
}
