import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';
import { Call } from '../gateway/call.js';
import { type Outcome, WholeEvents } from '../gateway/outcome.js';
import { deliverOutcome } from './deliver-outcome.js';

/**
 * A socket-less ServerResponse that writes down everything done to it. `full` makes `write`
 * report a full socket (false) until the test emits `drain`.
 */
class FakeResponse extends EventEmitter {
  log: string[] = [];
  written: string[] = [];
  status = 0;
  headers: Record<string, unknown> = {};
  headersSent = false;
  ended = false;
  full = false;
  setHeader(name: string, value: unknown) {
    this.headers[name] = value;
  }
  writeHead(status: number, headers: Record<string, unknown> | unknown[] = {}) {
    this.status = status;
    // Node takes an object or a flat [name, value, …] list.
    if (Array.isArray(headers)) for (let i = 0; i < headers.length; i += 2) this.headers[headers[i] as string] = headers[i + 1];
    else Object.assign(this.headers, headers);
    this.headersSent = true;
    this.log.push(`head ${status}`);
  }
  write(piece: string) {
    this.written.push(piece);
    this.log.push(`write ${piece}`);
    return !this.full;
  }
  end(piece?: string) {
    if (piece !== undefined) this.written.push(piece);
    this.ended = true;
    this.log.push(piece === undefined ? 'end' : `end ${piece}`);
  }
}

function callFor(format: ClientFormat = 'openai', signal = new AbortController().signal) {
  return new Call({ endpoint: 'chat', format, bodyText: '{}', signal });
}

/** Events the test hands out one at a time, writing down each pull. */
function pulledEvents(pieces: string[], log: string[], fail?: SwitchyardError) {
  let returned = false;
  const events: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => {
      let i = 0;
      return {
        next: async () => {
          log.push(`pull ${i}`);
          if (i < pieces.length) return { done: false, value: pieces[i++] as string };
          if (fail) throw fail;
          return { done: true, value: undefined };
        },
        return: async () => {
          returned = true;
          log.push('return');
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { events, returned: () => returned };
}

const deliver = (res: FakeResponse, call: Call, outcome: Outcome, closed: () => boolean = () => false, beforeEnd?: (status: number) => Promise<void>) =>
  deliverOutcome(res as unknown as ServerResponse, call, outcome, call.input.format, closed, beforeEnd);

describe('deliverOutcome: streams', () => {
  it('sends a stream known whole (a local answer) in one write with its length, after the durable-trace hook', async () => {
    const res = new FakeResponse();
    const sse = 'data: {"a":"é"}\n\ndata: [DONE]\n\n';
    const status = await deliver(res, callFor(), { kind: 'stream', headers: { 'content-type': 'text/event-stream' }, events: new WholeEvents(sse) }, () => false, async (s) => {
      res.log.push(`before end ${s}`);
    });
    expect(status).toBe(200);
    expect(res.log).toEqual(['before end 200', 'head 200', `end ${sse}`]);
    expect(res.headers['content-type']).toBe('text/event-stream');
    // Bytes, not characters: the é is two.
    expect(res.headers['content-length']).toBe(sse.length + 1);
    expect(res.headers.connection).toBeUndefined();
  });

  it('lets the call\'s ids and the content length win over same-named outcome headers, sent once', async () => {
    const res = new FakeResponse();
    const heads: unknown[] = [];
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (status: number, headers: Record<string, unknown> | unknown[] = {}) => {
      heads.push(headers);
      writeHead(status, headers);
    };
    const call = callFor();
    await deliver(res, call, { kind: 'json', status: 200, body: '{}', headers: { 'x-request-id': 'upstream', 'content-length': '99', 'x-switchyard-route': 'r' } });
    expect(res.headers).toMatchObject({ 'x-request-id': call.requestId, 'content-length': 2, 'x-switchyard-route': 'r' });
    expect((heads[0] as unknown[]).filter((v) => v === 'x-request-id' || v === 'content-length')).toHaveLength(2);
  });

  it('sends nothing of a stream known whole to a client that already left', async () => {
    const res = new FakeResponse();
    const status = await deliver(res, callFor(), { kind: 'stream', headers: {}, events: new WholeEvents('data: [DONE]\n\n') }, () => true);
    expect(status).toBe(499);
    expect(res.written).toEqual([]);
  });

  it('pulls a stream known whole like any other once a stage wrapped it', async () => {
    const res = new FakeResponse();
    const whole = new WholeEvents('data: x\n\n');
    async function* wrapped() {
      for await (const piece of whole) yield piece.toUpperCase();
    }
    expect(await deliver(res, callFor(), { kind: 'stream', headers: {}, events: wrapped() })).toBe(200);
    expect(res.log).toEqual(['head 200', 'write DATA: X\n\n', 'end']);
  });

  it('pulls the next piece only after a full socket drained', async () => {
    const res = new FakeResponse();
    const { events } = pulledEvents(['a', 'b', 'c'], res.log);
    res.full = true;
    const done = deliver(res, callFor(), { kind: 'stream', headers: { 'content-type': 'text/event-stream' }, events });
    // Let the relay run as far as it can on its own.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(res.log).toEqual(['head 200', 'pull 0', 'write a']);
    res.full = false;
    res.emit('drain');
    expect(await done).toBe(200);
    expect(res.log).toEqual(['head 200', 'pull 0', 'write a', 'pull 1', 'write b', 'pull 2', 'write c', 'pull 3', 'end']);
  });

  it('stops waiting for drain when the client goes away', async () => {
    const controller = new AbortController();
    const res = new FakeResponse();
    const { events, returned } = pulledEvents(['a', 'b'], res.log);
    res.full = true;
    let closed = false;
    const done = deliver(res, callFor('openai', controller.signal), { kind: 'stream', headers: {}, events }, () => closed);
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    closed = true;
    controller.abort();
    // The 200 had gone out: the wire's status; the call's clientClosed tells the trace.
    expect(await done).toBe(200);
    expect(returned()).toBe(true);
    expect(res.ended).toBe(false);
    expect(res.listenerCount('drain')).toBe(0);
  });

  it('sends every piece, the ids as headers, and ends a finished stream after beforeEnd(200)', async () => {
    const res = new FakeResponse();
    const call = callFor();
    const { events } = pulledEvents(['data: 1\n\n', 'data: [DONE]\n\n'], res.log);
    const status = await deliver(res, call, { kind: 'stream', headers: { 'content-type': 'text/event-stream' }, events }, () => false, async (s) => void res.log.push(`beforeEnd ${s}`));
    expect(status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'text/event-stream', connection: 'keep-alive', 'x-request-id': call.requestId, 'x-switchyard-trace-id': call.traceId });
    expect(res.written).toEqual(['data: 1\n\n', 'data: [DONE]\n\n']);
    expect(res.log.slice(-2)).toEqual(['beforeEnd 200', 'end']);
  });

  it('ends a stream cut off upstream with an error event in the client’s format, never a clean end', async () => {
    const cut = new SwitchyardError('upstream_error', 'provider "sim" ended the stream before the answer was complete', { status: 502 });
    for (const format of ['openai', 'anthropic'] as const) {
      const res = new FakeResponse();
      const { events } = pulledEvents(['data: 1\n\n'], res.log, cut);
      const status = await deliver(res, callFor(format), { kind: 'stream', headers: {}, events }, () => false, async (s) => void res.log.push(`beforeEnd ${s}`));
      expect(status).toBe(200);
      const last = res.written.at(-1) ?? '';
      expect(last).toContain('ended the stream before the answer was complete');
      expect(last.startsWith(format === 'anthropic' ? 'event: error\ndata: ' : 'data: {"error"')).toBe(true);
      expect(res.log.at(-2)).toBe('beforeEnd 200');
    }
  });

  it('uses the outcome’s own closing events when it has them', async () => {
    const res = new FakeResponse();
    const { events } = pulledEvents(['x'], res.log, new SwitchyardError('upstream_error', 'gone'));
    await deliver(res, callFor('responses'), { kind: 'stream', headers: {}, events, failure: (error) => `event: response.failed\ndata: ${error.message}\n\n` });
    expect(res.written.at(-1)).toBe('event: response.failed\ndata: gone\n\n');
  });

  it('writes nothing more when the stream fails after the client left, and answers the 200 that went out', async () => {
    const res = new FakeResponse();
    const { events } = pulledEvents(['x'], res.log, new SwitchyardError('upstream_error', 'gone'));
    let closed = false;
    const status = await deliver(res, callFor(), { kind: 'stream', headers: {}, events: (async function* () {
      for await (const piece of events) {
        yield piece;
        closed = true;
      }
    })() }, () => closed);
    expect(status).toBe(200);
    expect(res.ended).toBe(false);
  });

  it('stops pulling once the client left mid-stream', async () => {
    const res = new FakeResponse();
    const { events, returned } = pulledEvents(['a', 'b', 'c'], res.log);
    let pieces = 0;
    const status = await deliver(res, callFor(), { kind: 'stream', headers: {}, events }, () => ++pieces > 1);
    expect(status).toBe(200);
    expect(returned()).toBe(true);
    expect(res.written).toEqual(['a']);
    expect(res.ended).toBe(false);
  });

  it('does not end a stream whose client left at the very end, and reports 200', async () => {
    const res = new FakeResponse();
    const { events } = pulledEvents(['a'], res.log);
    let checks = 0;
    const status = await deliver(res, callFor(), { kind: 'stream', headers: {}, events }, () => ++checks > 1, async () => void res.log.push('beforeEnd'));
    expect(status).toBe(200);
    expect(res.ended).toBe(false);
    expect(res.log).not.toContain('beforeEnd');
  });
});

describe('deliverOutcome: whole answers and errors', () => {
  it('sends a JSON answer with its length and ids, after beforeEnd', async () => {
    const res = new FakeResponse();
    const call = callFor();
    const status = await deliver(res, call, { kind: 'json', status: 201, body: '{"ok":"é"}', headers: { 'content-type': 'application/json' } }, () => false, async (s) => void res.log.push(`beforeEnd ${s}`));
    expect(status).toBe(201);
    expect(res.log).toEqual(['beforeEnd 201', 'head 201', 'end {"ok":"é"}']);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'content-length': 11, 'x-request-id': call.requestId, 'x-switchyard-trace-id': call.traceId });
  });

  it('sends an error in the client’s shape with the outcome’s headers, after beforeEnd', async () => {
    const res = new FakeResponse();
    const call = callFor();
    const error = new SwitchyardError('rate_limited', 'slow down', { retryAfter: 3 });
    const status = await deliver(res, call, { kind: 'error', error, headers: { 'x-switchyard-route': 'r' } }, () => false, async (s) => void res.log.push(`beforeEnd ${s}`));
    expect(status).toBe(429);
    expect(res.log[0]).toBe('beforeEnd 429');
    expect(res.headers).toMatchObject({ 'x-switchyard-route': 'r', 'x-switchyard-trace-id': call.traceId, 'retry-after': 3 });
    expect(JSON.parse(res.written[0] ?? '')).toMatchObject({ error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } });
  });

  it('answers 499 without writing when the client left before an error', async () => {
    const res = new FakeResponse();
    const status = await deliver(res, callFor(), { kind: 'error', error: new SwitchyardError('internal', 'x'), headers: {} }, () => true);
    expect(status).toBe(499);
    expect(res.log).toEqual([]);
  });

  it('returns the gateway’s span as traceresponse when the call has one', async () => {
    const res = new FakeResponse();
    const call = callFor();
    call.span = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: undefined, sampled: true, traceState: undefined };
    await deliver(res, call, { kind: 'json', status: 200, body: '{}', headers: {} });
    expect(res.headers.traceresponse).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const errorRes = new FakeResponse();
    await deliver(errorRes, call, { kind: 'error', error: new SwitchyardError('internal', 'x'), headers: {} });
    expect(errorRes.headers.traceresponse).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  });
});
