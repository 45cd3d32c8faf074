import { describe, expect, it } from 'vitest';
import type { ResponseRetention, ResponseStore, StoredResponse } from '../../gateway/responses/response-store.js';

/** A clock tests move by hand. */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

function record(id: string, createdAt: number, owner: string | null = 'team-a', text = 'Hello!'): StoredResponse {
  return {
    id,
    owner,
    createdAt,
    input: [{ type: 'message', role: 'user', content: `question for ${id}` }],
    response: { id, object: 'response', status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }] },
  };
}

/**
 * The behaviour every ResponseStore must have, run against each implementation. `fresh` opens an
 * empty store on the given clock and retention.
 */
export function responseStoreContract(name: string, fresh: (clock: ManualClock, retention: ResponseRetention) => Promise<ResponseStore>): void {
  const roomy: ResponseRetention = { maxEntries: 100, maxAgeMs: 60_000, maxBytes: 1_000_000 };

  describe(`${name} response store`, () => {
    it('gives back exactly what was put, and nothing for an unknown id', async () => {
      const clock = manualClock();
      const store = await fresh(clock, roomy);
      const kept = record('resp_1', clock.now(), null);
      await store.put(kept);
      expect(await store.get('resp_1')).toEqual(kept);
      expect(await store.get('resp_2')).toBeUndefined();
      expect(await store.get('x'.repeat(100_000))).toBeUndefined();
    });

    it("keeps the call's context (session, header metadata) and finds the response by it for an erasure", async () => {
      const clock = manualClock();
      const store = await fresh(clock, roomy);
      const kept = { ...record('resp_ctx', clock.now()), context: { session: 'conv-ü', metadata: { tenant: 'a"b' } } };
      await store.put(kept);
      await store.put(record('resp_plain', clock.now()));
      expect(await store.get('resp_ctx')).toEqual(kept);
      expect(await store.get('resp_plain')).toEqual(record('resp_plain', clock.now()));
      expect(await store.echoing({ session: 'conv-ü' })).toEqual(['resp_ctx']);
      expect(await store.echoing({ metadata: { tenant: ['a"b'] } })).toEqual(['resp_ctx']);
      expect(await store.echoing({ metadata: { tenant: ['a'] } })).toEqual([]);
    });

    it('replaces a response put again under the same id', async () => {
      const clock = manualClock();
      const store = await fresh(clock, roomy);
      await store.put(record('resp_1', clock.now(), 'team-a', 'first'));
      await store.put(record('resp_1', clock.now(), 'team-a', 'second'));
      expect(JSON.stringify((await store.get('resp_1'))?.response)).toContain('second');
    });

    it('deletes once: true the first time, false after', async () => {
      const clock = manualClock();
      const store = await fresh(clock, roomy);
      await store.put(record('resp_1', clock.now()));
      expect(await store.delete('resp_1')).toBe(true);
      expect(await store.get('resp_1')).toBeUndefined();
      expect(await store.delete('resp_1')).toBe(false);
    });

    it('forgets responses with every turn continuing them (previous_response_id), keeps the rest, and counts what went; conversations() names them first, deleting nothing', async () => {
      const clock = manualClock();
      const store = await fresh(clock, roomy);
      const turn = (id: string, previous: string | null) => ({ ...record(id, clock.now()), response: { ...record(id, clock.now()).response, previous_response_id: previous } });
      await store.put(turn('resp_1', null));
      await store.put(turn('resp_2', 'resp_1'));
      await store.put(turn('resp_3', 'resp_2'));
      await store.put(turn('resp_4', null));
      await store.put(turn('resp_5', 'resp_4'));
      // What it would forget, forgetting nothing (an erasure's dry run counts these).
      expect((await store.conversations(['resp_2', 'resp_missing'])).sort()).toEqual(['resp_2', 'resp_3']);
      expect(await store.get('resp_2')).toBeDefined();
      expect(await store.forgetConversations(['resp_2', 'resp_missing'])).toBe(2);
      expect(await store.get('resp_2')).toBeUndefined();
      expect(await store.get('resp_3')).toBeUndefined();
      for (const kept of ['resp_1', 'resp_4', 'resp_5']) expect(await store.get(kept)).toBeDefined();
      expect(await store.forgetConversations(['resp_2'])).toBe(0);
      expect(await store.forgetConversations([])).toBe(0);
    });

    it("finds the newest of an owner's responses holding an output item, and none of another owner's, a past one's or a mere mention", async () => {
      const clock = manualClock();
      const store = await fresh(clock, roomy);
      const holding = (id: string, itemId: string, owner: string | null, text = 'Hello!') => {
        const base = record(id, clock.now(), owner, text);
        return { ...base, response: { ...base.response, output: [{ id: itemId, type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }] } };
      };
      await store.put(holding('resp_old', 'msg_abc', 'team-a'));
      clock.advance(1);
      await store.put(holding('resp_new', 'msg_abc', 'team-a'));
      await store.put(holding('resp_other', 'msg_xyz', 'team-b'));
      await store.put(holding('resp_open', 'msg_open', null));
      // Its text names msg_def, but no output item has that id.
      await store.put(holding('resp_mention', 'msg_ghi', 'team-a', 'see msg_def'));
      expect((await store.holdingItem('team-a', 'msg_abc'))?.id).toBe('resp_new');
      expect(await store.holdingItem('team-a', 'msg_xyz')).toBeUndefined();
      expect((await store.holdingItem(null, 'msg_open'))?.id).toBe('resp_open');
      expect(await store.holdingItem('team-a', 'msg_open')).toBeUndefined();
      expect(await store.holdingItem('team-a', 'msg_def')).toBeUndefined();
      // Deleted, replaced by a put of other items, or pruned: its items lead to it no more.
      await store.delete('resp_new');
      expect((await store.holdingItem('team-a', 'msg_abc'))?.id).toBe('resp_old');
      await store.put(holding('resp_old', 'msg_new', 'team-a'));
      expect(await store.holdingItem('team-a', 'msg_abc')).toBeUndefined();
      expect((await store.holdingItem('team-a', 'msg_new'))?.id).toBe('resp_old');
      await store.forgetConversations(['resp_old']);
      expect(await store.holdingItem('team-a', 'msg_new')).toBeUndefined();
      clock.advance(60_001);
      expect(await store.holdingItem('team-b', 'msg_xyz')).toBeUndefined();
    });

    it('finds an output item among many stored responses by an index of their ids, an id past the bounds of what is indexed not at all', async () => {
      const clock = manualClock();
      const store = await fresh(clock, { ...roomy, maxEntries: 1_000 });
      const output = (ids: readonly string[]) => ids.map((id) => ({ id, type: 'function_call', call_id: `call_${id}`, name: 'f', arguments: '{}' }));
      for (let i = 0; i < 300; i++) {
        const base = record(`resp_${i}`, clock.now(), 'team-a');
        await store.put({ ...base, response: { ...base.response, output: output([`fc_${i}_a`, `fc_${i}_b`]) } });
      }
      expect((await store.holdingItem('team-a', 'fc_7_b'))?.id).toBe('resp_7');
      const long = `fc_${'x'.repeat(300)}`;
      const base = record('resp_many', clock.now(), 'team-a');
      await store.put({ ...base, response: { ...base.response, output: output([long, ...Array.from({ length: 300 }, (_, i) => `fc_many_${i}`)]) } });
      expect(await store.holdingItem('team-a', long)).toBeUndefined();
      expect((await store.holdingItem('team-a', 'fc_many_254'))?.id).toBe('resp_many');
      expect(await store.holdingItem('team-a', 'fc_many_299')).toBeUndefined();
    });

    it('keeps at most maxEntries, dropping the oldest first', async () => {
      const clock = manualClock();
      const store = await fresh(clock, { ...roomy, maxEntries: 3 });
      for (let i = 1; i <= 5; i++) {
        await store.put(record(`resp_${i}`, clock.now()));
        clock.advance(1);
      }
      expect(await store.get('resp_1')).toBeUndefined();
      expect(await store.get('resp_2')).toBeUndefined();
      for (const id of ['resp_3', 'resp_4', 'resp_5']) expect((await store.get(id))?.id).toBe(id);
    });

    it('forgets responses older than maxAgeMs', async () => {
      const clock = manualClock();
      const store = await fresh(clock, roomy);
      await store.put(record('resp_old', clock.now()));
      clock.advance(30_000);
      await store.put(record('resp_new', clock.now()));
      clock.advance(30_001);
      expect(await store.get('resp_old')).toBeUndefined();
      expect((await store.get('resp_new'))?.id).toBe('resp_new');
    });

    it('keeps the total size under maxBytes and refuses a response that alone exceeds it', async () => {
      const clock = manualClock();
      const store = await fresh(clock, { ...roomy, maxBytes: 1_000 });
      const big = (id: string) => record(id, clock.now(), 'team-a', 'x'.repeat(300));
      await store.put(big('resp_1'));
      await store.put(big('resp_2'));
      await store.put(big('resp_3'));
      expect(await store.get('resp_1')).toBeUndefined();
      expect((await store.get('resp_3'))?.id).toBe('resp_3');
      await expect(store.put(record('resp_huge', clock.now(), 'team-a', 'x'.repeat(2_000)))).rejects.toMatchObject({ code: 'body_too_large' });
      expect((await store.get('resp_3'))?.id).toBe('resp_3');
    });

    it('keeps the reasoning the client was not given, and counts it in the size bound: it cannot grow the store past maxBytes', async () => {
      const clock = manualClock();
      const store = await fresh(clock, { ...roomy, maxBytes: 1_000 });
      const withHidden = (id: string, size: number): StoredResponse => ({ ...record(id, clock.now()), serverReasoning: { [`rs_${id}`]: 's'.repeat(size) } });
      const kept = withHidden('resp_1', 10);
      await store.put(kept);
      expect(await store.get('resp_1')).toEqual(kept);
      // Small answers whose hidden reasoning is large: the oldest go as with any other bytes.
      await store.put(withHidden('resp_2', 400));
      await store.put(withHidden('resp_3', 400));
      expect(await store.get('resp_1')).toBeUndefined();
      expect((await store.get('resp_3'))?.serverReasoning?.rs_resp_3).toHaveLength(400);
      await expect(store.put(withHidden('resp_huge', 2_000))).rejects.toMatchObject({ code: 'body_too_large' });
      expect(await store.get('resp_huge')).toBeUndefined();
    });
  });
}
