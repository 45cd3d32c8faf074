import { describe, expect, it } from 'vitest';
import type { Outcome } from '../outcome.js';
import { identityEcho, restoreIdentities } from './restore-identities.js';

const PSEUDONYM = 'sy-user-5c0e00000000000000000000';
const response = (fields: Record<string, unknown>) => ({ id: 'resp_1', object: 'response', status: 'completed', output: [], ...fields });

async function collect(events: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const piece of events) out += piece;
  return out;
}

describe('the client’s identity values in a Response a native provider echoed', () => {
  it('names only the fields that went out changed, with the client’s values', () => {
    const sent = { user: 'ann@example.com', safety_identifier: 'user-8812', metadata: { plan: 'gold' }, input: 'hi' };
    expect(identityEcho(sent, { ...sent, user: PSEUDONYM, metadata: { plan: 'gold' } })).toEqual({ user: 'ann@example.com' });
    expect(identityEcho(sent, { ...sent, metadata: { plan: 'sy-meta-1' } })).toEqual({ metadata: { plan: 'gold' } });
    expect(identityEcho(sent, { ...sent, input: 'changed' })).toBeUndefined();
  });

  it('puts them back in a whole Response, adding none the provider did not echo', () => {
    const outcome: Outcome = { kind: 'json', status: 200, headers: {}, body: JSON.stringify(response({ user: PSEUDONYM })) };
    const restored = restoreIdentities(outcome, { user: 'ann@example.com', prompt_cache_key: 'ann@example.com' });
    expect(restored.kind === 'json' && JSON.parse(restored.body)).toEqual(response({ user: 'ann@example.com' }));
    // Not a Response (an error body, a list): as it was.
    const other: Outcome = { kind: 'json', status: 200, headers: {}, body: '{"object":"list","user":"x"}' };
    expect(restoreIdentities(other, { user: 'ann@example.com' })).toBe(other);
  });

  it('in a stream, rewrites only the events that carry the Response, split anywhere across pieces', async () => {
    const created = `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', response: response({ status: 'in_progress', user: PSEUDONYM }), sequence_number: 0 })}\n\n`;
    const delta = `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"${PSEUDONYM}","sequence_number":1}\n\n`;
    const done = `data: ${JSON.stringify({ type: 'response.completed', response: response({ user: PSEUDONYM }), sequence_number: 2 })}\n\n`;
    const text = created + delta + done;
    const pieces = [text.slice(0, 17), text.slice(17, created.length + 5), text.slice(created.length + 5, -3), text.slice(-3)];
    async function* events() {
      yield* pieces;
    }
    const restored = restoreIdentities({ kind: 'stream', status: 200, headers: {}, events: events() } as Outcome, { user: 'ann@example.com' });
    const out = restored.kind === 'stream' ? await collect(restored.events) : '';
    const [first, second, third] = out.split('\n\n');
    expect(first).toBe(`event: response.created\ndata: ${JSON.stringify({ type: 'response.created', response: response({ status: 'in_progress', user: 'ann@example.com' }), sequence_number: 0 })}`);
    // A delta is the model's text, passed byte for byte (a pseudonym the model wrote is its own).
    expect(`${second}\n\n`).toBe(delta);
    expect(third).toBe(`data: ${JSON.stringify({ type: 'response.completed', response: response({ user: 'ann@example.com' }), sequence_number: 2 })}`);
    expect(out.endsWith('\n\n')).toBe(true);
  });
});
