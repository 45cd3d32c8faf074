import { describe, expect, it } from 'vitest';
import { SocketTurns } from './socket-turns.js';

/** A message read on arrival and, a create, prepared at its turn (as the socket does both). */
function decode(turns: SocketTurns, text: string) {
  const message = turns.read(text);
  return message.kind === 'create' ? turns.prepare(message) : message;
}

const user = (text: string) => ({ type: 'message', role: 'user', content: text });

describe('SocketTurns', () => {
  it('sends a response.create on as the HTTP body, streaming, without its type', () => {
    const request = decode(new SocketTurns(), JSON.stringify({ type: 'response.create', model: 'small', input: 'Hi', stream: false }));
    expect(request.kind).toBe('create');
    expect(request.kind === 'create' && JSON.parse(request.bodyText)).toEqual({ model: 'small', input: 'Hi', stream: true });
  });

  it("continues the socket's last response with its input and output before the new items", () => {
    const turns = new SocketTurns();
    const first = decode(turns, JSON.stringify({ type: 'response.create', model: 'small', input: 'Run ls' }));
    const call = { type: 'function_call', call_id: 'c1', name: 'exec', arguments: '{}' };
    turns.remember('resp_1', first.kind === 'create' ? first.input : [], [call]);
    const output = { type: 'function_call_output', call_id: 'c1', output: 'a.txt' };
    const next = decode(turns, JSON.stringify({ type: 'response.create', model: 'small', previous_response_id: 'resp_1', input: [output] }));
    expect(next.kind === 'create' && JSON.parse(next.bodyText)).toEqual({ model: 'small', input: [user('Run ls'), call, output], stream: true });
  });

  it('leaves an id it does not hold to the pipeline (a stored response, or one the socket never answered)', () => {
    const turns = new SocketTurns();
    turns.remember('resp_1', [user('a')], []);
    const request = decode(turns, JSON.stringify({ type: 'response.create', model: 'small', previous_response_id: 'resp_0', input: 'b' }));
    expect(request.kind === 'create' && JSON.parse(request.bodyText)).toMatchObject({ previous_response_id: 'resp_0', input: 'b' });
  });

  it('tells a warm-up (generate: false) from a call, and ignores response.processed', () => {
    const turns = new SocketTurns();
    expect(decode(turns, '{"type":"response.create","model":"small","input":[],"generate":false}')).toMatchObject({ kind: 'warmup', body: { model: 'small' } });
    expect(decode(turns, '{"type":"response.processed","response_id":"resp_1"}')).toEqual({ kind: 'ignore' });
  });

  it("takes a lane's stream_id out of the body, and continues the last response of any lane", () => {
    const turns = new SocketTurns();
    const first = decode(turns, JSON.stringify({ type: 'response.create', model: 'small', input: 'a', stream_id: 'a' }));
    expect(first).toMatchObject({ kind: 'create', lane: 'a' });
    expect(first.kind === 'create' && JSON.parse(first.bodyText)).toEqual({ model: 'small', input: 'a', stream: true });
    turns.remember('resp_a', [user('a')], [], 'a');
    turns.remember('resp_b', [user('b')], [], 'b');
    const fork = decode(turns, JSON.stringify({ type: 'response.create', model: 'small', previous_response_id: 'resp_a', input: 'c', stream_id: 'c' }));
    expect(fork.kind === 'create' && JSON.parse(fork.bodyText)).toEqual({ model: 'small', input: [user('a'), user('c')], stream: true });
    expect(() => decode(turns, '{"type":"response.create","model":"small","input":"x","stream_id":7}')).toThrow(/stream_id must be/);
  });

  it('names what is wrong with a message', () => {
    const turns = new SocketTurns();
    expect(() => decode(turns, '{"type":')).toThrow(/not JSON/);
    expect(() => decode(turns, '[1]')).toThrow(/JSON object with a "type"/);
    expect(() => decode(turns, '{"model":"small"}')).toThrow(/unknown message type \(missing\)/);
    expect(() => decode(turns, '{"type":"session.update"}')).toThrow(/"session.update".*response.create, response.processed and response.steer/);
  });
});
