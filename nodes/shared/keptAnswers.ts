/** The key of an answer about one template of one OA, for one account (credential and base URL). */
export function templateKey(scope: string, oaId: string, templateId: string): string {
	return `${scope}\u0000${oaId}\u0000${templateId}`;
}

/**
 * Answers this n8n process keeps for a while, per key (account, OA, template…): each for `ttlMs`
 * after it was stored, the newest `limit` at most (maps keep insertion order: the oldest go first).
 */
export class KeptAnswers<T> {
	private readonly kept = new Map<string, { value: T; at: number }>();

	constructor(
		private readonly ttlMs: number,
		private readonly limit = 1000,
	) {}

	/** The answer kept for `key`, unless it is older than the time it is kept for. */
	get(key: string, now: number): T | undefined {
		const entry = this.kept.get(key);
		return entry && now - entry.at < this.ttlMs ? entry.value : undefined;
	}

	set(key: string, value: T, now: number): void {
		this.kept.delete(key);
		this.kept.set(key, { value, at: now });
		if (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value as string);
	}

	forget(key: string): void {
		this.kept.delete(key);
	}

	/** For tests: forget everything, as a new n8n process would. */
	clear(): void {
		this.kept.clear();
	}
}
