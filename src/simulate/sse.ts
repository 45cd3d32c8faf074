/**
 * Writing a server-sent event stream with realistic timing, without a timer per token: with no
 * pace set the whole stream goes out in one write after one timer; with a pace, each tick
 * writes every event that is due, so a coarse event loop never slows the stream down.
 */
import type { ServerResponse } from 'node:http';

/** A rendered event; `token` events are the ones the pace applies to. */
export interface SseEvent {
  data: string;
  token: boolean;
  /** How many tokens a `token` event carries (Gemini sends several per event); 1 if unset. */
  tokens?: number;
}

/**
 * An OpenAI-style event: `data: {...}\n\n`.
 *
 * @example dataEvent('{"a":1}', true).data // 'data: {"a":1}\n\n'
 */
export function dataEvent(json: string, token: boolean): SseEvent {
  return { data: `data: ${json}\n\n`, token };
}

/**
 * An Anthropic-style event: `event: NAME\ndata: {...}\n\n`.
 *
 * @example namedEvent('ping', '{"type":"ping"}', false).data // 'event: ping\ndata: {"type":"ping"}\n\n'
 */
export function namedEvent(name: string, json: string, token: boolean): SseEvent {
  return { data: `event: ${name}\ndata: ${json}\n\n`, token };
}

export interface StreamPlan {
  ttftMs: number;
  /** 0 sends everything at once. */
  tokensPerSecond: number;
  /** Stop after this many events: drop the socket, or send `errorEvent` and end cleanly. */
  cutAfter?: number | undefined;
  /** An in-stream error (Anthropic's `event: error`, OpenAI's `data: {"error":…}`) to end with. */
  errorEvent?: SseEvent | undefined;
  /** The client closed the stream before its end: called with the tokens it never generated. */
  onAbandoned?: ((unsentTokens: number) => void) | undefined;
}

/**
 * Writes `events` to `res` and ends it. With `cutAfter`, writes that many events and then
 * either sends `errorEvent` and ends, or destroys the socket, the way a dropped upstream
 * connection looks to a client.
 *
 * @example writeEvents(res, events, { ttftMs: 200, tokensPerSecond: 50 }) // first event after 200 ms, then 50 tokens/s
 */
export function writeEvents(res: ServerResponse, events: readonly SseEvent[], plan: StreamPlan): void {
  const { ttftMs, tokensPerSecond, cutAfter, errorEvent } = plan;
  const limit = cutAfter === undefined ? events.length : Math.min(cutAfter, events.length);
  let timer: NodeJS.Timeout | undefined;
  let next = 0;
  res.once('close', () => {
    clearTimeout(timer);
    // A client that leaves mid-stream (or a gateway ending it at a stop sequence) stops generation.
    if (next < limit) plan.onAbandoned?.(tokensIn(events, next, limit));
  });

  const finish = (): void => {
    if (cutAfter === undefined) res.end();
    else if (errorEvent) res.end(errorEvent.data);
    // Destroying only after the write callback makes sure the promised events left the process.
    else res.write('', () => res.destroy());
  };

  if (tokensPerSecond <= 0) {
    const sendAll = (): void => {
      if (res.destroyed) return;
      let chunk = '';
      for (let i = 0; i < limit; i++) chunk += (events[i] as SseEvent).data;
      next = limit;
      // One write with the end: headers, events and the last chunk leave in one syscall.
      if (cutAfter === undefined) return void res.end(chunk);
      if (chunk) res.write(chunk);
      finish();
    };
    if (ttftMs > 0) timer = setTimeout(sendAll, ttftMs);
    else sendAll();
    return;
  }

  const msPerToken = 1000 / tokensPerSecond;
  const firstAt = Date.now() + ttftMs;
  let tokensSent = 0;
  const tick = (): void => {
    if (res.destroyed) return;
    // The first token is due at ttft, then one every msPerToken.
    const due = Math.floor((Date.now() - firstAt) / msPerToken) + 1;
    let chunk = '';
    while (next < limit) {
      const event = events[next] as SseEvent;
      if (event.token) {
        if (tokensSent >= due) break;
        tokensSent += event.tokens ?? 1;
      }
      chunk += event.data;
      next += 1;
    }
    if (chunk) res.write(chunk);
    if (next >= limit) return finish();
    timer = setTimeout(tick, Math.max(1, firstAt + tokensSent * msPerToken - Date.now()));
  };
  timer = setTimeout(tick, ttftMs);
}

/** The tokens of the token events in `events[from, to)`. */
function tokensIn(events: readonly SseEvent[], from: number, to: number): number {
  let tokens = 0;
  for (let i = from; i < to; i++) {
    const event = events[i] as SseEvent;
    if (event.token) tokens += event.tokens ?? 1;
  }
  return tokens;
}
