import { parentPort } from 'node:worker_threads';
import { nameThread } from '../core/thread-priority.js';

/** Texts to count, posted by the gateway's thread (token-count-thread.ts); one reply per request id. */
export interface TokenCountRequest {
  id: number;
  texts: string[];
}

export type TokenCountReply = { id: number; counts: number[] } | { id: number; error: string };

/**
 * The thread that owns the o200k tokenizer: it loads gpt-tokenizer (~0.5 s of compiling and
 * building a 200,000-entry rank map, ~65 MB) on its first request and answers each batch of
 * texts with their token counts, so neither the load nor the counting holds the event loop.
 *
 * It keeps the event loop's priority, unlike the trace-write thread: a local model's answers are
 * each counted, and every call waits for its counts to settle (and keeps its bodies until then).
 * At nice +5, with the loop saturated (64 connections on a busy 2-core machine), the thread fell
 * behind and the waiting calls took the gateway's peak RSS from 229 to 310-348 MB.
 */
async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  nameThread('sy-token-count');
  const load = import('gpt-tokenizer');
  port.on('message', async (request: TokenCountRequest) => {
    try {
      const { countTokens } = await load;
      port.postMessage({ id: request.id, counts: request.texts.map((text) => (text.length === 0 ? 0 : countTokens(text))) } satisfies TokenCountReply);
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error).message ?? String(error) } satisfies TokenCountReply);
    }
  });
}

if (parentPort) void serve(parentPort);
