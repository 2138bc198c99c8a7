/** Read-only account endpoints: balance, OAs, templates, template details, daily quota. */
import { zaloParamType } from '../templates';
import type { TemplateSpec } from '../types';
import { accountOa, authenticate, codeResultFailure, type EndpointContext, Failure, failure, type Fields, given, text } from './common';

/** GetBalance_json names its code field CodeResponse, unlike the send endpoints. */
export function getBalance(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResponseFailure(account);
	return { Balance: account.balance, CodeResponse: '100', UserID: account.userId };
}

export function codeResponseFailure({ code, message }: Failure): object {
	return { CodeResponse: code, ErrorMessage: message };
}

export function getListZoa(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return { ...codeResultFailure(account), ZOAList: [] };
	const list = account.oaIds
		.map((oaId) => ctx.store.oas.get(oaId))
		.filter((oa) => oa !== undefined)
		.map((oa) => ({ OAID: oa.oaId, OAName: oa.name }));
	return { CodeResult: '100', ErrorMessage: '', ZOAList: list };
}

/**
 * GetTemplate/ lists every template configured for the OA, whatever its status (the status is only
 * visible through GetZnsTemplateInfo). Every template serves both SmsType 24 and 25.
 */
export function getTemplates(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const oa = accountOa(ctx.store, account, text(fields, 'OAId'));
	if (oa instanceof Failure) return codeResultFailure(oa);
	const smsType = text(fields, 'SmsType');
	if (smsType !== '24' && smsType !== '25') return codeResultFailure(failure('118', 'SmsType must be "24" or "25"'));
	return { CodeResult: '100', ErrorMessage: '', ZNSTemplates: ctx.store.templatesOf(oa.oaId).map(templateListEntry) };
}

function templateListEntry(template: TemplateSpec): object {
	return {
		TempId: Number(template.tempId),
		TempName: template.name,
		TempContent: template.content,
		ZNSTempDetail: template.params.map((param, index) => ({
			Param: param.name,
			ParamLevel: index + 1,
			Limit: param.limit,
			RequireType: param.type,
		})),
	};
}

/** GET GetZnsTemplateInfo: Zalo's shape, `Error: 0` on success and a non-zero eSMS code otherwise. */
export function getZnsTemplateInfo(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return errorFailure(account);
	const templateId = text(fields, 'TemplateId');
	if (!given(templateId)) return errorFailure(failure('791', 'OAId or TemplateId is empty'));
	const oa = accountOa(ctx.store, account, text(fields, 'OAId'));
	if (oa instanceof Failure) return errorFailure(oa);
	const template = ctx.store.template(oa.oaId, templateId);
	if (!template) return errorFailure(failure('789', 'TemplateId is not config'));
	return { Error: 0, Message: 'Success', Data: templateInfo(template) };
}

export function errorFailure({ code, message }: Failure): object {
	return { Error: Number(code), Message: message };
}

function templateInfo(template: TemplateSpec): object {
	return {
		TemplateId: Number(template.tempId),
		TemplateName: template.name,
		Status: template.status,
		TemplateTag: template.tag,
		ListParams: template.params.map((param) => ({
			Name: param.name,
			Require: !param.acceptNull,
			Type: zaloParamType(param.type),
			MinLength: param.minLength,
			MaxLength: param.limit,
			AcceptNull: param.acceptNull,
		})),
		ListButtons: template.buttons.map((button) => ({ Type: button.type, Title: button.title, Content: button.content })),
		PreviewUrl: template.previewUrl,
		Timeout: template.timeout,
	};
}

/** ZNS/GetQuota/: today's (Vietnam day) quota of the OA, less what was accepted today. */
export function getQuota(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const oa = accountOa(ctx.store, account, text(fields, 'OAID'));
	if (oa instanceof Failure) return codeResultFailure(oa);
	const used = ctx.store.dailyCount(oa.oaId, ctx.now());
	return {
		CodeResult: '100',
		ErrorMessage: '',
		DailyQuota: oa.dailyQuota,
		RemainingQuota: Math.max(0, oa.dailyQuota - used.total),
		DailyQuotaPromotion: oa.dailyPromotionQuota,
		RemainingQuotaPromotion: Math.max(0, oa.dailyPromotionQuota - used.promotion),
	};
}
