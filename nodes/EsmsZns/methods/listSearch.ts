import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
} from 'n8n-workflow';

import { currentLocatorValue } from '../actions/commonFields';
import { settle } from '../client/callErrors';
import { EsmsClient, ZNS_TYPES } from '../client/client';
import { templateFromDetails, unsendableState } from '../esms/templateSpec';

/** Editor look-ups for the Zalo OA, Template and Brandname pickers. Never used while executing. */

const MAX_STATUS_LOOKUPS = 50;

/**
 * What a picker shows: the name alone, which fits the editor's input once chosen; the ID is added
 * only where two entries share a name (or there is no name). Search still finds an entry by ID.
 */
function shortNames(entries: Array<{ id: string; name: string }>, unnamed: string): Map<string, string> {
	const count = new Map<string, number>();
	for (const { name } of entries) count.set(name, (count.get(name) ?? 0) + 1);
	return new Map(
		entries.map(({ id, name }) => [id, !name ? `${unnamed} (${id})` : (count.get(name) ?? 0) > 1 ? `${name} (${id})` : name]),
	);
}

function matches(filter: string | undefined, ...texts: string[]): boolean {
	if (!filter) return true;
	const wanted = filter.trim().toLowerCase();
	return texts.some((text) => text.toLowerCase().includes(wanted));
}

/** A picker that cannot load says why, in the client's words, as an error of the node. */
async function orThrow<T>(context: ILoadOptionsFunctions, lookUp: () => Promise<T>): Promise<T> {
	const settled = await settle(lookUp);
	if (!settled.ok) throw new NodeOperationError(context.getNode(), settled.why.message);
	return settled.value;
}

export async function searchZaloOas(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await EsmsClient.of(this);
	const oas = await orThrow(this, async () => await client.listOas());
	if (oas.length === 0) {
		throw new NodeOperationError(this.getNode(), 'This eSMS account has no Zalo OA yet: add one in eSMS first');
	}
	const found = oas.map((oa) => ({ id: oa.oaId, name: oa.name ?? '' })).filter((oa) => oa.id && matches(filter, oa.id, oa.name));
	const names = shortNames(found, 'Unnamed OA');
	const results = found
		.map((oa): INodeListSearchItems => ({ name: names.get(oa.id) ?? oa.id, value: oa.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

interface TemplateDetails {
	status: string | null;
	previewUrl: string | undefined;
}

async function templateDetails(client: EsmsClient, oaId: string, templateId: string): Promise<TemplateDetails> {
	const settled = await settle(async () => await client.getTemplateInfo(oaId, templateId));
	if (!settled.ok) return { status: null, previewUrl: undefined };
	const data = (settled.value.Data ?? {}) as IDataObject;
	const preview = typeof data.PreviewUrl === 'string' && /^https?:\/\//i.test(data.PreviewUrl) ? data.PreviewUrl : undefined;
	return { status: templateFromDetails(templateId, settled.value)?.status ?? null, previewUrl: preview };
}

/**
 * The OA's templates by name (with the ID where names repeat). Templates that cannot be sent (pending
 * review, rejected, disabled) come last and say so in words; the template fields then explain why.
 */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const oaId = currentLocatorValue(this, 'oaId');
	if (!oaId) throw new NodeOperationError(this.getNode(), 'Choose a Zalo OA first');
	const client = await EsmsClient.of(this);
	const byId = new Map<string, string>();
	for (const znsType of ZNS_TYPES) {
		const templates = await orThrow(this, async () => await client.listTemplates(oaId, znsType));
		for (const template of templates) byId.set(String(template.TempId), String(template.TempName ?? ''));
	}
	if (byId.size === 0) {
		throw new NodeOperationError(this.getNode(), `Zalo OA ${oaId} has no ZNS templates in eSMS yet`);
	}
	const found = [...byId].filter(([id, name]) => matches(filter, id, name)).slice(0, MAX_STATUS_LOOKUPS);
	const details = await Promise.all(found.map(async ([id]) => await templateDetails(client, oaId, id)));
	const names = shortNames([...byId].map(([id, name]) => ({ id, name })), 'Unnamed template');
	const results = found.map(([id], index) => {
		const state = unsendableState(details[index].status);
		const label = names.get(id) ?? id;
		const item: INodeListSearchItems = { name: state ? `${label} – ${state}, cannot be sent` : label, value: id };
		if (details[index].previewUrl) item.url = details[index].previewUrl;
		return { item, sendable: state === null };
	});
	results.sort((a, b) => Number(b.sendable) - Number(a.sendable) || a.item.name.localeCompare(b.item.name));
	return { results: results.map(({ item }) => item) };
}

/** The account's customer-care brandnames (eSMS Type 2): the only ones a customer-care SMS can use. */
export async function searchBrandnames(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await EsmsClient.of(this);
	const brandnames = await orThrow(this, async () => await client.listBrandnames());
	const customerCare = brandnames.filter((entry) => entry.type === CUSTOMER_CARE && entry.brandname);
	if (customerCare.length === 0) {
		throw new NodeOperationError(this.getNode(), 'This eSMS account has no customer-care brandname yet: register one with eSMS first');
	}
	const results = customerCare
		.filter((entry) => matches(filter, entry.brandname))
		.map((entry): INodeListSearchItems => ({ name: entry.brandname, value: entry.brandname }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

/** eSMS's brandname Type of customer care. */
const CUSTOMER_CARE = '2';
