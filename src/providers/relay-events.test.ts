import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import { OpenAINativeRelay } from './openai-compatible/openai-native-relay.js';
import { relayEvents } from './relay-events.js';

const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const wrapped = (error: unknown) => new SwitchyardError('upstream_unreachable', `wrapped: ${error instanceof Error ? error.message : String(error)}`);

async function collect(events: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of events) out.push(piece);
  return out;
}

describe('relayEvents', () => {
  it('sends whole events as reads complete them, skipping reads that complete none', async () => {
    const one = chunk('Hel');
    // A multi-byte letter split between reads is decoded whole.
    const two = Buffer.from(chunk('ló'));
    const split = two.indexOf(Buffer.from('ó')) + 1;
    const body = Readable.from([Buffer.from(one.slice(0, 7)), Buffer.from(one.slice(7)), two.subarray(0, split), two.subarray(split), Buffer.from('data: [DONE]')], { objectMode: true });
    const out = await collect(relayEvents(body, new OpenAINativeRelay('p', false), wrapped));
    // The sentinel came without its blank line: the relay's end() sends it.
    expect(out).toEqual([one, chunk('ló'), 'data: [DONE]\n\n']);
  });

  it('passes the relay’s own end error (a stream cut short) through as it is', async () => {
    const body = Readable.from([Buffer.from(chunk('Hel'))], { objectMode: true });
    const events = relayEvents(body, new OpenAINativeRelay('p', false), wrapped);
    await expect(collect(events)).rejects.toThrow('provider "p" ended the stream before the answer was complete');
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('turns a failed read or an error event into fail(error)', async () => {
    async function* broken() {
      yield Buffer.from(chunk('Hel'));
      throw new Error('socket hang up');
    }
    await expect(collect(relayEvents(broken(), new OpenAINativeRelay('p', false), wrapped))).rejects.toThrow('wrapped: socket hang up');
    const erroring = Readable.from([Buffer.from('data: {"error":{"message":"overloaded"}}\n\n')], { objectMode: true });
    await expect(collect(relayEvents(erroring, new OpenAINativeRelay('p', false), wrapped))).rejects.toThrow('wrapped: provider "p" sent an error mid-stream: overloaded');
  });

  it('sends the events read together with an error event before failing with it', async () => {
    // One read: two content events and the error (a fast upstream, a proxy that buffers).
    const body = Readable.from([Buffer.from(`${chunk('Hel')}${chunk('lo')}data: {"error":{"message":"overloaded"}}\n\n`)], { objectMode: true });
    const events = relayEvents(body, new OpenAINativeRelay('p', false), wrapped);
    expect(await events.next()).toEqual({ done: false, value: chunk('Hel') + chunk('lo') });
    await expect(events.next()).rejects.toThrow('wrapped: provider "p" sent an error mid-stream: overloaded');
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('closes the upstream body when the consumer stops early', async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from(chunk('Hel')));
    const events = relayEvents(body, new OpenAINativeRelay('p', false), wrapped);
    expect((await events.next()).value).toBe(chunk('Hel'));
    await events.return?.();
    expect(body.destroyed).toBe(true);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });
});
