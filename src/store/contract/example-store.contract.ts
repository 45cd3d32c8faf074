import { describe, expect, it } from 'vitest';
import type { ExampleStore, StoredExample } from '../../local/examples/example-store.js';

const ex = (text: string, label: string, extra: Partial<StoredExample> = {}): StoredExample => ({ route: 'r', text, label, source: 'teacher', traceId: null, at: 1, ...extra });

/** One suite for every ExampleStore backend. */
export function exampleStoreContract(name: string, open: () => Promise<ExampleStore>): void {
  describe(`ExampleStore contract: ${name}`, () => {
    it('keeps examples per route, newest last, one per text with the latest label', async () => {
      const store = await open();
      await store.add([ex('a', 'x'), ex('b', 'y'), ex('a', 'z'), ex('c', 'x', { route: 'other' })]);
      expect((await store.list('r', 10)).map((e) => `${e.text}:${e.label}`)).toEqual(['b:y', 'a:z']);
      expect(await store.count('r')).toBe(3);
      expect((await store.list('r', 1)).map((e) => e.text)).toEqual(['a']);
      expect(await store.list('missing', 10)).toEqual([]);
    });

    it("keeps a labelled file's examples when the route's traffic outnumbers the limit: the file first, then the newest traffic", async () => {
      const store = await open();
      await store.add([ex('f1', 'x', { route: 'busy', source: 'file' }), ex('f2', 'y', { route: 'busy', source: 'file' })]);
      await store.add(Array.from({ length: 6 }, (_, i) => ex(`t${i}`, i % 2 ? 'x' : 'y', { route: 'busy', traceId: `tr_${i}` })));
      // A limit of 5: both file examples, and the 3 newest of the traffic (oldest first, as stored).
      expect((await store.list('busy', 5)).map((e) => e.text)).toEqual(['f1', 'f2', 't3', 't4', 't5']);
      // Traffic that relabels a file's text is the newer label, as before.
      await store.add([ex('f1', 'z', { route: 'busy', traceId: 'tr_9' })]);
      expect((await store.list('busy', 3)).map((e) => `${e.text}:${e.label}`)).toEqual(['f2:y', 't5:x', 'f1:z']);
    });

    it('keeps how many requests an example stands for (1 unless given)', async () => {
      const store = await open();
      await store.add([ex('plain', 'x', { route: 'w' }), ex('shadowed', 'y', { route: 'w', weight: 12.5 })]);
      expect((await store.list('w', 10)).map((e) => [e.text, e.weight])).toEqual([
        ['plain', 1],
        ['shadowed', 12.5],
      ]);
    });

    it('lets a review correct the example a trace gave, and the correction outlasts later teacher labels', async () => {
      const store = await open();
      await store.add([ex('where is my card', 'card_arrival', { route: 'rv', traceId: 'tr_1' })]);
      expect(await store.correct('tr_1', 'card_delivery_estimate', 2)).toBe(true);
      expect(await store.correct('tr_none', 'x', 2)).toBe(false);
      await store.add([ex('where is my card', 'card_arrival', { route: 'rv', traceId: 'tr_2', at: 3 })]);
      const [only] = await store.list('rv', 10);
      expect(only).toMatchObject({ text: 'where is my card', label: 'card_delivery_estimate', source: 'review', traceId: 'tr_1' });
    });

    it('takes an undone correction back off: a teacher’s example gets its label again, one a review taught goes', async () => {
      const store = await open();
      await store.add([ex('where is my card', 'card_arrival', { route: 'un', traceId: 'tr_1' }), ex('pin locked', 'x', { route: 'un', traceId: 'tr_2', source: 'review' })]);
      expect(await store.correct('tr_1', 'card_delivery_estimate', 2)).toBe(true);
      expect(await store.correct('tr_1', 'card_lost', 3)).toBe(true); // changed again: the teacher's label is still the one kept
      expect(await store.uncorrect('tr_1')).toBe(true);
      expect(await store.uncorrect('tr_2')).toBe(true);
      expect(await store.uncorrect('tr_none')).toBe(false);
      expect((await store.list('un', 10)).map((e) => [e.text, e.label, e.source])).toEqual([['where is my card', 'card_arrival', 'teacher']]);
      expect(await store.uncorrect('tr_1')).toBe(false); // nothing of a person's left
      // Corrected again after the undo: the person's label wins again.
      expect(await store.correct('tr_1', 'card_delivery_estimate', 4)).toBe(true);
      expect((await store.list('un', 10)).map((e) => e.label)).toEqual(['card_delivery_estimate']);
    });

    it("deletes a route's examples, whatever taught them, and only that route's: how many went", async () => {
      const store = await open();
      await store.add([ex('f', 'x', { route: 'gone', source: 'file' }), ex('t', 'y', { route: 'gone', traceId: 'tr_g' }), ex('kept', 'x', { route: 'stays' })]);
      expect(await store.correct('tr_g', 'z', 2)).toBe(true);
      expect(await store.forgetRoute('gone')).toBe(2);
      expect(await store.count('gone')).toBe(0);
      expect(await store.list('gone', 10)).toEqual([]);
      expect((await store.list('stays', 10)).map((e) => e.text)).toEqual(['kept']);
      expect(await store.forgetRoute('gone')).toBe(0);
      expect(await store.forgetRoute('never')).toBe(0);
    });
  });
}
