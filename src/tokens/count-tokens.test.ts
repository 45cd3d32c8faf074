import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenCounter, usageTokenCounter } from './count-tokens.js';
import { estimateTokens } from './estimate-tokens.js';
import { TokenCountThread } from './token-count-thread.js';

const threads: TokenCountThread[] = [];
afterEach(async () => {
  for (const thread of threads.splice(0)) await thread.close();
});

function freshThread(idle?: ConstructorParameters<typeof TokenCountThread>[0]): TokenCountThread {
  const thread = new TokenCountThread(idle);
  threads.push(thread);
  return thread;
}

/**
 * The share of `work`'s wall time the event loop spent running code rather than waiting (its
 * utilisation): near 1 when work holds the loop, low when it waits on another thread. Unlike the
 * longest gap between timer ticks, it does not grow when a busy machine deschedules the process.
 */
async function loopBusyShare(work: () => Promise<unknown>): Promise<number> {
  const before = performance.eventLoopUtilization();
  await work();
  return performance.eventLoopUtilization(before).utilization;
}

describe('token counting off the event loop', () => {
  it('loads the tokenizer without holding the event loop', async () => {
    const thread = freshThread();
    let counts: number[] = [];
    // The load itself takes ~0.5 s of CPU (more on a busy machine); on the event loop that kept it
    // busy throughout (utilisation ~1), on the thread the loop mostly waits.
    const busy = await loopBusyShare(async () => {
      counts = await thread.count(['hello world']);
    });
    expect(counts).toEqual([2]);
    expect(busy).toBeLessThan(0.5);
  });

  it('gives each caller of one turn its own counts, in order, matching gpt-tokenizer', async () => {
    const thread = freshThread();
    const texts = ['hello world', '', 'The quick brown fox jumps over the lazy dog.', 'naïve café — ünïcödé 🚀', 'x'.repeat(5_000)];
    const [a, b, c] = await Promise.all([thread.count(texts.slice(0, 2)), thread.count([]), thread.count(texts.slice(2))]);
    const { countTokens } = await import('gpt-tokenizer');
    expect([...(a ?? []), ...(c ?? [])]).toEqual(texts.map((t) => (t === '' ? 0 : countTokens(t))));
    expect(b).toEqual([]);
  });

  it("counts a special token's string in a message as text, and the other callers of its turn still get theirs", async () => {
    // Refused, it failed the whole turn: every request whose counts were posted with it.
    const thread = freshThread();
    const { countTokens } = await import('gpt-tokenizer');
    const [a, b] = await Promise.all([thread.count(['hello world']), thread.count(['explain <|endoftext|> in GPT-2'])]);
    expect(a).toEqual([2]);
    expect(b).toEqual([countTokens('explain <|endoftext|> in GPT-2', { disallowedSpecial: new Set() })]);
  });

  it('loads the tokenizer in a fraction of what gpt-tokenizer took resident', async () => {
    // Importing gpt-tokenizer on the thread added 60–73 MB to the process (thread included; an
    // empty thread ~11 MB); the typed-array table (o200k-counter.ts) ~25 MB.
    const thread = freshThread();
    const before = process.memoryUsage().rss;
    expect(await thread.count(['hello world'])).toEqual([2]);
    expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(45);
  });

  it('starts a new thread for the next count after the last one ended', async () => {
    const thread = freshThread();
    expect(await thread.count(['hello world'])).toEqual([2]);
    await thread.close();
    expect(await thread.count(['hello world', 'hello'])).toEqual([2, 1]);
  });

  it('counts chat messages with OpenAI framing and tool calls', async () => {
    const count = tokenCounter();
    const plain = await count.chat([{ role: 'user', content: 'hello world' }]);
    expect(plain).toBe(3 + 3 + 2);
    const named = await count.chat([{ role: 'user', content: 'hello world', name: 'hello' }]);
    expect(named).toBe(plain + 1 + 1);
    const withCall = await count.chat([{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'hello', arguments: 'hello world' } }] }]);
    expect(withCall).toBe(3 + 3 + 0 + 1 + 2);
    expect(await count.text('')).toBe(0);
  });

  it('does not keep a process alive once its counts are answered', async () => {
    const module = new URL('../../dist/tokens/count-tokens.js', import.meta.url).href;
    const dir = mkdtempSync(join(tmpdir(), 'sy-tokens-'));
    const script = join(dir, 'count.mjs');
    writeFileSync(script, `const { tokenCounter } = await import(${JSON.stringify(module)});\nconsole.log(await tokenCounter().text('hello world'));\n`);
    // A process kept alive never exits, and is killed at the timeout (the call then rejects): far
    // past a loaded machine's start of a Node process and its tokenizer.
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 45_000 }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(stdout.trim()).toBe('2');
  }, 60_000);

  describe('usage the provider did not report', () => {
    // Long words: the estimate reads one token per 8 letters, o200k knows the words (300 against 201).
    const text = 'internationalisation '.repeat(100);
    const busyFor = async (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        const slice = performance.now() + 20;
        while (performance.now() < slice);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const loadedWithin = async (thread: TokenCountThread, ms: number) => {
      const until = performance.now() + ms;
      while (!thread.loaded && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      return thread.loaded;
    };

    it('is estimated until the tokenizer has loaded, which happens once the loop is idle; then counted', async () => {
      const thread = freshThread({ utilization: 0.5, checkMs: 50 });
      const count = usageTokenCounter(thread);
      const { countTokens } = await import('gpt-tokenizer');
      expect(estimateTokens(text)).not.toBe(countTokens(text));
      expect(await count.text(text)).toBe(estimateTokens(text));
      expect(await count.chat([{ role: 'user', content: text }])).toBe(6 + estimateTokens(text));
      expect(await loadedWithin(thread, 15_000)).toBe(true);
      expect(await count.text(text)).toBe(countTokens(text));
      expect(await count.chat([{ role: 'user', content: text }])).toBe(6 + countTokens(text));
    });

    it('does not load the tokenizer while the loop is busy', async () => {
      const thread = freshThread({ utilization: 0.5, checkMs: 50 });
      await usageTokenCounter(thread).text(text);
      // Started at once, the load takes ~0.5 s on the other thread: it would be done by now.
      await busyFor(1_200);
      expect(thread.loaded).toBe(false);
      expect(await loadedWithin(thread, 15_000)).toBe(true);
    });

    it('counts exactly from the start once something loaded the tokenizer', async () => {
      const thread = freshThread();
      await thread.ready();
      const { countTokens } = await import('gpt-tokenizer');
      expect(await usageTokenCounter(thread).text(text)).toBe(countTokens(text));
    });
  });
});
