/** Item references a client sends, resolved against the stored answers of its own key. */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { resolveItemReferences } from './conversation-items.js';
import { MemoryResponseStore } from './memory-response-store.js';

const answer = (id: string, itemId: string) => ({
  id,
  owner: 'alpha',
  createdAt: systemClock.now(),
  input: [{ role: 'user', content: 'Hi' }],
  response: { id, object: 'response', output: [{ id: itemId, type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] }] },
});

/** A memory store that counts its item look-ups (each one a query on SQLite and PostgreSQL). */
async function countingStore(): Promise<{ store: MemoryResponseStore; lookups: () => number }> {
  const store = new MemoryResponseStore(systemClock);
  await store.put(answer('resp_native1', 'msg_openai_own_1'));
  let lookups = 0;
  const holdingItem = store.holdingItem.bind(store);
  store.holdingItem = (owner, itemId) => {
    lookups += 1;
    return holdingItem(owner, itemId);
  };
  return { store, lookups: () => lookups };
}

describe('foreign item references (ids OpenAI named)', () => {
  it('puts in the item a stored answer of the same key holds', async () => {
    const { store } = await countingStore();
    const { items } = await resolveItemReferences(store, 'alpha', [{ type: 'item_reference', id: 'msg_openai_own_1' }], true);
    expect(items).toEqual([{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] }]);
  });

  it("leaves another key's item as the reference", async () => {
    const { store } = await countingStore();
    const reference = { type: 'item_reference', id: 'msg_openai_own_1' };
    expect((await resolveItemReferences(store, 'bravo', [reference], true)).items).toEqual([reference]);
  });

  it('stops looking after the first reference found nowhere: 20,000 unknown ids are one query, not 20,000', async () => {
    const { store, lookups } = await countingStore();
    const unknown = Array.from({ length: 20_000 }, (_, i) => ({ type: 'item_reference', id: `msg_unknown_${i}x` }));
    const input = [{ type: 'item_reference', id: 'msg_openai_own_1' }, ...unknown, { type: 'item_reference', id: 'msg_unknown_0x' }];
    const { items } = await resolveItemReferences(store, 'alpha', input, true);
    expect(lookups()).toBe(2);
    // The one found is put in; every other reference stays, for OpenAI (or the translation's 400) to meet.
    expect(items[0]).toMatchObject({ type: 'message', role: 'assistant' });
    expect(items.slice(1)).toEqual(input.slice(1));
  });

  it('finds a duplicated reference once, from the answer already read', async () => {
    const { store, lookups } = await countingStore();
    const input = Array.from({ length: 1_000 }, () => ({ type: 'item_reference', id: 'msg_openai_own_1' }));
    const { items } = await resolveItemReferences(store, 'alpha', input, true);
    expect(lookups()).toBe(1);
    expect(items.every((item) => item.type === 'message')).toBe(true);
  });
});
