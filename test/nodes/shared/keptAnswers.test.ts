import { KeptAnswers } from '../../../nodes/shared/keptAnswers';

describe('KeptAnswers', () => {
	test('an answer is kept for its time, then gone', () => {
		const kept = new KeptAnswers<number>(1000);
		kept.set('a', 300, 0);
		expect(kept.get('a', 999)).toBe(300);
		expect(kept.get('a', 1000)).toBeUndefined();
		expect(kept.get('b', 0)).toBeUndefined();
	});

	test('past the limit the oldest stored goes first; storing again makes an answer the newest', () => {
		const kept = new KeptAnswers<string>(1000, 2);
		kept.set('a', 'A', 0);
		kept.set('b', 'B', 0);
		kept.set('a', 'A2', 1);
		kept.set('c', 'C', 2);
		expect([kept.get('a', 3), kept.get('b', 3), kept.get('c', 3)]).toEqual(['A2', undefined, 'C']);
		kept.forget('a');
		expect(kept.get('a', 3)).toBeUndefined();
	});
});
