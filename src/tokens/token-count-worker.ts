import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '../core/thread-priority.js';

/** Texts to count, posted by the gateway's thread (token-count-thread.ts); one reply per request id. */
export interface TokenCountRequest {
  id: number;
  texts: string[];
}

export type TokenCountReply = { id: number; counts: number[] } | { id: number; error: string };

/**
 * How far this thread's nice value sits above the event loop's. Loading the o200k rank table
 * takes ~0.5 s of CPU (1.5 s on a busy machine); on a gateway pinned to one core, at equal
 * priority the loop would get half of it for that long. Counts are only needed to settle a call
 * after its answer went out, so they can wait for the loop's spare time.
 */
const TOKEN_THREAD_NICE = 5;

/**
 * The thread that owns the o200k tokenizer: it loads gpt-tokenizer (~0.5 s of compiling and
 * building a 200,000-entry rank map, ~65 MB) on its first request and answers each batch of
 * texts with their token counts, so neither the load nor the counting holds the event loop.
 */
async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  lowerThreadPriority(TOKEN_THREAD_NICE);
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
