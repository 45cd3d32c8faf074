import { parentPort } from 'node:worker_threads';
import { nameThread } from '../core/thread-priority.js';
import { loadO200kCounter } from './o200k-counter.js';

/** Texts to count, posted by the gateway's thread (token-count-thread.ts); one reply per request id. */
export interface TokenCountRequest {
  id: number;
  texts: string[];
}

export type TokenCountReply = { id: number; counts: number[] } | { id: number; error: string };

/**
 * The thread that owns the o200k tokenizer: it loads the rank table (o200k-counter.ts: ~0.15–0.4 s,
 * ~15 MB resident with the thread's own; gpt-tokenizer's module took ~0.6–0.9 s and ~60 MB) on its
 * first request and answers each batch of texts with their token counts, so neither the load nor
 * the counting holds the event loop.
 *
 * It keeps the event loop's priority, unlike the trace-write thread: a local model's answers are
 * each counted, and every call waits for its counts to settle (and keeps its bodies until then).
 * At nice +5, with the loop saturated (64 connections on a busy 2-core machine), the thread fell
 * behind and the waiting calls took the gateway's peak RSS from 229 to 310-348 MB.
 */
function serve(port: NonNullable<typeof parentPort>): void {
  nameThread('sy-token-count');
  let counter: ReturnType<typeof loadO200kCounter> | undefined;
  port.on('message', (request: TokenCountRequest) => {
    try {
      counter ??= loadO200kCounter();
      const { count } = counter;
      port.postMessage({ id: request.id, counts: request.texts.map((text) => (text.length === 0 ? 0 : count(text))) } satisfies TokenCountReply);
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error).message ?? String(error) } satisfies TokenCountReply);
    }
  });
}

if (parentPort) serve(parentPort);
