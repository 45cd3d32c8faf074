import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { scratchSchema } from '../contract/scratch-schema.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { JsonText } from '../../core/json-text.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import { MAX_WORD_CHARS, MAX_WORDS_PER_TRACE, traceWords, WORD, wordScanCounts } from '../trace-words.js';
import { migratePostgres } from './migrate.js';
import { POSTGRES_FEATURES, TRACE_TABLES } from './pg-schema.js';
import { BLOCK_TRACES, blockWordsText, COMMON_WORDS_SQL, MAX_BLOCK_WORDS, JSONB_SEARCH_TEXT, rareSearch, TRACE_SEARCH_TABLES, tsvectorText, wordBlocks, wordListText, wordPatterns, wordQuery } from './pg-trace-search.js';
import { PgTraceStore } from './pg-trace-store.js';

describe('trace search words', () => {
  it('takes the words of bodies (keys and values), the error and the metadata, lower-cased and distinct', () => {
    const words = traceWords({
      request: { messages: [{ role: 'user', content: 'Refund my ÉTÉ plan, refund it!' }], temperature: 0.5, stream: true },
      response: null,
      errorMessage: 'upstream said Overloaded',
      metadata: { feature: 'billing_v2' },
    });
    expect([...words]).toEqual(['messages', 'role', 'user', 'content', 'refund', 'my', 'été', 'plan', 'it', 'temperature', '0', '5', 'stream', 'true', 'upstream', 'said', 'overloaded', 'feature', 'billing', 'v2']);
  });

  it('reads kept JSON text without parsing it: the same words as its value, escaped letters decoded, plus its null literals', () => {
    const value = { messages: [{ role: 'user', content: 'Café\n"refund" ÉTÉ' }], temperature: 0.5, stream: true, stop: null };
    const escaped = '{"messages":[{"role":"user","content":"Caf\\u00e9\\n\\"refund\\" \\u00c9T\\u00c9"}],"temperature":0.5,"stream":true,"stop":null}';
    const fromText = traceWords({ request: new JsonText(escaped), response: null, errorMessage: null, metadata: null });
    const fromValue = traceWords({ request: value, response: null, errorMessage: null, metadata: null });
    expect([...fromText]).toEqual([...fromValue, 'null']);
    expect(fromText.includes('café')).toBe(true);
    expect(fromText.includes('été')).toBe(true);
    expect(fromText.includes('nrefund')).toBe(false);
  });

  it('takes a streamed answer\'s words from the rebuilt answer, not from the chunks\' SSE framing', () => {
    const chunk = (content: string) => `data: ${JSON.stringify({ id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    // "Refunds" arrives split across two chunks; the framing words ("chunk", "delta", "data") are not the answer's.
    const response = new CapturedStream('openai', [chunk('Ref'), chunk('unds take 5 days'), 'data: [DONE]\n\n']);
    const words = traceWords({ request: null, response, errorMessage: null, metadata: null });
    expect(words.includes('refunds')).toBe(true);
    expect(words.includes('ref')).toBe(false);
    expect(words.includes('delta')).toBe(false);
    expect(words.includes('data')).toBe(false);
    expect(words.includes('days')).toBe(true);
  });

  it('files at most a bounded number of words per trace and skips runs too long to be words', () => {
    const many = Array.from({ length: MAX_WORDS_PER_TRACE + 50 }, (_, i) => `w${i}`).join(' ');
    expect(traceWords({ request: many, response: null, errorMessage: null, metadata: null }).length).toBe(MAX_WORDS_PER_TRACE);
    expect([...traceWords({ request: `ok ${'x'.repeat(500)}`, response: null, errorMessage: null, metadata: null })]).toEqual(['ok']);
  });

  it('lists each word once when words of one trace share a slot of the table that tells which it holds', () => {
    // 1,500 distinct words in 65,536 slots: some share one (~17 pairs expected), and every word comes again.
    const distinct = Array.from({ length: 1_500 }, (_, i) => `k${i.toString(36)}x`);
    const words = traceWords({ request: `${distinct.join(' ')} ${[...distinct].reverse().join(' ')}`, response: null, errorMessage: null, metadata: null });
    expect(words).toEqual(distinct);
    // Past the bound, the words counted are distinct ones, however often each came.
    const more = Array.from({ length: MAX_WORDS_PER_TRACE + 10 }, (_, i) => `m${i}`);
    const bounded = traceWords({ request: more.flatMap((w) => [w, w, 'again']).join(' '), response: null, errorMessage: null, metadata: null });
    expect(bounded).toEqual([...more.slice(0, 1), 'again', ...more.slice(1, MAX_WORDS_PER_TRACE - 1)]);
  });

  it('finds the same words in ASCII text (scanned by character code) as the regular expression, in the same order', () => {
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % 10_000) / 10_000;
    const alphabet = 'aZ09 _-.,"\\{}:[]\n\t\u0000~é';
    for (let n = 0; n < 300; n++) {
      const length = Math.floor(random() * 400);
      let text = '';
      for (let i = 0; i < length; i++) text += random() < 0.02 ? 'q'.repeat(130) : (alphabet[Math.floor(random() * alphabet.length)] as string);
      if (n % 2 === 0) text = text.replaceAll('é', 'e');
      const expected = new Set((text.toLowerCase().match(WORD) ?? []).filter((w) => w.length <= MAX_WORD_CHARS));
      expect([...traceWords({ request: text, response: null, errorMessage: null, metadata: null })]).toEqual([...expected]);
    }
  });

  it('scans a prefix that successive traces share once, and finds the same words as the regular expression in every trace', () => {
    const system = `You are the Support assistant of Acme. ${Array.from({ length: 60 }, (_, i) => `rule${i % 9} item${i}`).join(', ')}.`;
    const request = (n: number, tail: string) => new JsonText(JSON.stringify({ model: 'm', messages: [{ role: 'system', content: system }, { role: 'user', content: tail }] }));
    // The tails differ right where the shared start ends, mid-word ("item" + n), in case, and past ASCII.
    const tails = ['Refund please', 'refunds AND more', 'item7x café', 'ÉTÉ plan', 'x', `${'long '.repeat(200)}end`, 'Refund please'];
    const expected = (text: string) => [...new Set((text.toLowerCase().match(WORD) ?? []).filter((w) => w.length <= MAX_WORD_CHARS))];
    const before = wordScanCounts();
    tails.forEach((tail, n) => {
      const body = request(n, tail);
      const words = traceWords({ request: body, response: null, errorMessage: null, metadata: null });
      expect([...words]).toEqual(expected(body.text));
    });
    const after = wordScanCounts();
    // The ASCII requests after the second (three; text past ASCII goes to the regular expression)
    // take the shared start's words from the one remembered.
    expect(after.reused - before.reused).toBeGreaterThanOrEqual(3 * system.length);
    expect(after.scanned - before.scanned).toBeLessThan(2 * system.length + 2_000);
  });

  it('does not remember a shared prefix whose words the bound cut short: a later trace still gets every word of it', () => {
    const shared = `${Array.from({ length: 400 }, (_, i) => `s${i}`).join(' ')} `;
    const expected = (text: string) => [...new Set(text.toLowerCase().match(WORD))].slice(0, MAX_WORDS_PER_TRACE);
    // Each request fills the bound with words of its own first, so its scan of the shared text is cut short.
    const full = Array.from({ length: MAX_WORDS_PER_TRACE }, (_, i) => `own${i}`).join(' ');
    for (let n = 0; n < 3; n++) {
      const words = traceWords({ request: null, response: null, errorMessage: full, metadata: { note: `${shared}tail${n}` } });
      expect(words.length).toBe(MAX_WORDS_PER_TRACE);
    }
    for (let n = 0; n < 3; n++) {
      const text = `${shared}after${n}`;
      expect([...traceWords({ request: text, response: null, errorMessage: null, metadata: null })]).toEqual(expected(text));
    }
  });

  it('finds the same words trace after trace, as more distinct words pass than the writer remembers', () => {
    // Words repeat across traces (found among those remembered) and 30,000 distinct ones pass in all, far more than are remembered.
    for (let n = 0; n < 30; n++) {
      const text = `refund Policy ${Array.from({ length: 1_000 }, (_, i) => `w${n * 1_000 + i} ab${i % 7}`).join(' ')} refund w${n}`;
      const expected = new Set(text.toLowerCase().match(WORD));
      const words = traceWords({ request: text, response: null, errorMessage: null, metadata: null });
      expect([...words]).toEqual([...expected]);
    }
  });

  it('keeps no trace\'s text alive once its words are taken: what it remembers across traces holds no view into a body', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapUsed = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // 200 bodies of ~50 kB, each with words of its own long enough that a slice of the lower-cased text is a view into it (an answer's id).
    const body = (n: number) => new JsonText(`{"id":"chatcmpl-${n.toString(36)}Q7vX2mPa9LrT","content":"${'Lorem ipsum dolor sit amet '.repeat(1_850)}","hash":"${(n * 7_919).toString(16)}ABCDEF0123456789"}`);
    traceWords({ request: body(-1), response: null, errorMessage: null, metadata: null });
    const before = heapUsed();
    for (let n = 0; n < 200; n++) expect(traceWords({ request: body(n), response: null, errorMessage: null, metadata: null })).toContain('lorem');
    // Kept alive, the lower-cased bodies would be ~10 MB.
    expect(heapUsed() - before).toBeLessThan(2_000_000);
  });

  it('gathers a batch\'s words into blocks, split before a block would hold more than MAX_BLOCK_WORDS', () => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const traces = [
      { id: 'a', ts: 30 },
      { id: 'b\u0000', ts: 10 },
      { id: 'c', ts: 20 },
      { id: 'd', ts: 5 },
    ];
    const words = [many('x', 9_000), many('x', 9_000), many('y', 7_000), many('z', 1)];
    const blocks = wordBlocks(traces, words);
    // A trace's words count as new without looking (a and b share theirs): 9,000 + 9,000 would
    // pass 16,000, so b opens a block; c's 7,000 make exactly 16,000; d's one more opens a third.
    expect(blocks.map((b) => [b.ids, b.minTs, b.maxTs, blockWordsText(b).split(' ').length])).toEqual([
      [['a'], 30, 30, 9_000],
      [['b\ufffd', 'c'], 10, 20, 16_000],
      [['d'], 5, 5, 1],
    ]);
    expect(MAX_BLOCK_WORDS).toBe(16_000);
    expect(wordBlocks([{ id: 'e', ts: 1.6 }], [[]]).map((b) => ({ ...b, words: blockWordsText(b) }))).toEqual([{ minTs: 2, maxTs: 2, ids: ['e'], ranks: new Int32Array(0), vocabulary: [], words: '' }]);
  });

  it('gives each block the sorted union of its traces\' words', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % 10_000) / 10_000;
    const pool = ['refund', 'policy', 'été', 'zz', '9x', 'a', 'ab', 'b', 'über', 'plan', '0', '10', '2'];
    const words = Array.from({ length: 72 }, () => pool.filter(() => random() < 0.4));
    const traces = words.map((_, i) => ({ id: `t${i}`, ts: i }));
    const blocks = wordBlocks(traces, words);
    // Blocks of 32 traces (BLOCK_TRACES): 35% fewer index entries than 16 for bench:pg-ingest's traces.
    expect(blocks.map((b) => b.ids.length)).toEqual([32, 32, 8]);
    blocks.forEach((block, b) => {
      const union = new Set(words.slice(b * 32, b * 32 + 32).flatMap((own) => [...own]));
      expect(blockWordsText(block)).toBe(tsvectorText(union));
    });
  });

  it('numbers words alike whether a trace follows the previous one\'s order, departs from it or repeats its words as new strings', () => {
    let seed = 3;
    const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % 10_000) / 10_000;
    const prompt = Array.from({ length: 30 }, (_, i) => `w${i}`);
    // Each trace: the shared words in order, some left out, some swapped, its own words among them,
    // and each word sometimes a copy (an equal string that is another object).
    const words = Array.from({ length: 100 }, (_, t) => {
      const own = prompt.filter(() => random() < 0.85);
      if (random() < 0.3) own.reverse();
      for (let k = 0; k < 3; k++) own.splice(Math.floor(random() * own.length), 0, `u${t}x${k}`);
      return own.map((w) => (random() < 0.2 ? `${w} `.trimEnd() : w));
    });
    const traces = words.map((_, i) => ({ id: `t${i}`, ts: i }));
    const blocks = wordBlocks(traces, words);
    expect(blocks.flatMap((b) => b.ids)).toEqual(traces.map((t) => t.id));
    blocks.forEach((block, b) => {
      expect(blockWordsText(block)).toBe(tsvectorText(new Set(words.slice(b * BLOCK_TRACES, (b + 1) * BLOCK_TRACES).flat())));
    });
  });

  it('asks for every word, the last as a prefix, and never passes query syntax through', () => {
    expect(wordQuery('Refund pol')).toBe("'refund' & ('pol' | 'pol':*)");
    expect(wordQuery("it's (a | b) & !c:*")).toBe("'it' & 's' & 'a' & 'b' & ('c' | 'c':*)");
    expect(wordQuery('%_% 😀')).toBeUndefined();
    expect(tsvectorText(new Set(['b', 'a']))).toBe("'a' 'b'");
    // In byte order, as the server keeps a tsvector's words (uppercase never reaches it; digits sort first).
    expect(tsvectorText(new Set(['zz', 'été', '9x', 'a']))).toBe("'9x' 'a' 'zz' 'été'");
    expect(tsvectorText(new Set())).toBe('');
    // A trace's own words, each between spaces, matched by LIKE: whole words, the last as a prefix.
    expect(wordListText(['refund', 'policy'])).toBe(' refund policy ');
    expect(wordListText([])).toBe(' ');
    expect(wordPatterns('Refund pol')).toEqual(['% refund %', '% pol%']);
    expect(wordPatterns('%_% 😀')).toBeUndefined();
  });
});

describe('rare words', () => {
  it('counts a search as rare when a word, or the last word as a prefix, is not among the common ones', () => {
    const common = new Set(['billing', 'plan', 'refund']);
    expect(rareSearch('zebracorn', common)).toBe(true);
    expect(rareSearch('plan zebracorn', common)).toBe(true);
    expect(rareSearch('zebracorn plan', common)).toBe(true);
    expect(rareSearch('Billing', common)).toBe(false);
    // "bil" is being typed: "billing" starts with it.
    expect(rareSearch('plan bil', common)).toBe(false);
    expect(rareSearch('zebracorn', undefined)).toBe(false);
    expect(rareSearch('%_%', common)).toBe(false);
  });
});

describe('PostgreSQL search for rare words once the statistics know the common ones', () => {
  const scratch = scratchSchema();
  const { schema } = scratch;

  it('finds rare words through the word index, pages them with a filter, and finds no absent word', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, schema, POSTGRES_FEATURES);
    const store = new PgTraceStore(pool);
    // 200 batches of 16: every trace asks about its plan with 30 words of its own (ANALYZE lists
    // as common only words above a share of all the words it saw); three also name user "u7".
    const u7: { id: string; ts: number; odd: boolean }[] = [];
    for (let b = 0; b < 200; b++) {
      const batch = Array.from({ length: 16 }, (_, k) => {
        const i = b * 16 + k;
        const ts = 1_000 + i;
        if (i % 1_100 === 0) u7.push({ id: `tr_${ts}`, ts, odd: b % 2 === 1 });
        const own = Array.from({ length: 30 }, (_, w) => `w${i}x${w}`).join(' ');
        return makeTrace({ id: `tr_${ts}`, ts, requestedModel: b % 2 ? 'odd' : 'even', request: { messages: [{ role: 'user', content: `${own} about my plan${i % 1_100 === 0 ? ' from u7' : ''}` }] } });
      });
      await store.insertTraces(batch);
    }
    await pool.query('ANALYZE trace_word_blocks');
    expect(rareSearch('u7', new Set((await pool.query<{ words: string[] }>(COMMON_WORDS_SQL)).rows[0]?.words))).toBe(true);
    const newest = (keep: (t: (typeof u7)[number]) => boolean) => u7.filter(keep).sort((a, b) => b.ts - a.ts).map((t) => t.id);
    const pages = async (query: Parameters<typeof store.listTraces>[0]) => {
      const ids: string[] = [];
      let before: string | undefined;
      for (let n = 0; n < 100; n++) {
        const page = await store.listTraces({ ...query, limit: 1, ...(before ? { before } : {}) });
        ids.push(...page.traces.map((t) => t.id));
        if (!page.next) return ids;
        before = page.next;
      }
      throw new Error('no last page');
    };
    expect(await pages({ text: 'u7' })).toEqual(newest(() => true));
    expect(await pages({ text: 'from u7', model: 'odd' })).toEqual(newest((t) => t.odd));
    expect((await store.listTraces({ text: 'zebracorn' })).traces).toEqual([]);
    expect((await store.listTraces({ text: 'plan', limit: 5 })).traces.map((t) => t.ts)).toEqual([4_199, 4_198, 4_197, 4_196, 4_195]);
  });
});

describe('PostgreSQL trace search migration', () => {
  const scratch = scratchSchema();
  const { schema } = scratch;

  it('gives traces stored under the trigram index their words, so a search still finds them', async () => {
    const pool = await scratch.open();
    // The first step as the previous version shipped it: a pg_trgm index over the text.
    const trigramStep = `SELECT pg_advisory_xact_lock(hashtext('switchyard-extension:pg_trgm'));
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
      CREATE INDEX traces_search ON traces USING gin (${JSONB_SEARCH_TEXT} public.gin_trgm_ops);`;
    await migratePostgres(pool, schema, [TRACE_TABLES, { feature: 'trace_search', steps: [trigramStep] }]);
    expect((await pool.query('SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND indexname = $2', [schema, 'traces_search'])).rowCount).toBe(1);
    // Written the way the store wrote traces before the word index (no search_words column yet).
    const old = makeTrace({ id: 'tr_old', ts: 1, attempts: [{ provider: 'openai', model: 'm', status: 502, latencyMs: 9, error: 'upstream' }], request: { messages: [{ role: 'user', content: 'Where is the Zebracorn\nmanual, café?' }] }, metadata: { feature: 'Docs' } });
    await pool.query(
      `INSERT INTO traces (id, ts, request_id, endpoint, requested_model, status, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, attempts, metadata, request)
       VALUES ($1, 1, 'req', 'chat', 'm', 200, false, 0, 0, 0, 0, false, 0, 1, $4, $2, $3)`,
      [old.id, JSON.stringify(old.metadata), JSON.stringify(old.request), JSON.stringify(old.attempts)],
    );
    await migratePostgres(pool, schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
    const store = new PgTraceStore(pool);
    await store.insertTraces([makeTrace({ id: 'tr_new', ts: 2, attempts: [{ provider: 'openai', model: 'm', status: 200, latencyMs: 3 }], request: { messages: [{ role: 'user', content: 'another zebracorn question' }] } })]);
    const ids = async (text: string) => (await store.listTraces({ text })).traces.map((t) => t.id);
    expect(await ids('zebracorn')).toEqual(['tr_new', 'tr_old']);
    expect(await ids('the zebra')).toEqual(['tr_old']);
    expect(await ids('manual, caf')).toEqual(['tr_old']);
    expect(await ids('docs')).toEqual(['tr_old']);
    // New bodies go to the JSON columns; the row written before keeps its JSONB ones, read the same.
    const layout = await pool.query<{ id: string; jsonb: boolean; json: boolean }>(
      'SELECT id, request IS NOT NULL AND attempts IS NOT NULL AS jsonb, request_json IS NOT NULL AND attempts_json IS NOT NULL AS json FROM traces ORDER BY id',
    );
    expect(layout.rows).toEqual([
      { id: 'tr_new', jsonb: false, json: true },
      { id: 'tr_old', jsonb: true, json: false },
    ]);
    expect((await store.getTrace('tr_old'))?.request).toEqual(old.request);
    expect((await store.getTrace('tr_old'))?.attempts).toEqual(old.attempts);
    expect((await store.listTraces({ limit: 5 })).traces.map((t) => [t.id, t.attempts])).toEqual([
      ['tr_new', [{ provider: 'openai', model: 'm', status: 200, latencyMs: 3 }]],
      ['tr_old', old.attempts],
    ]);
    expect((await store.getTraces(['tr_old', 'tr_new'])).map((t) => t.request).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [old.request, { messages: [{ role: 'user', content: 'another zebracorn question' }] }].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect((await store.selectTraces({ limit: 10 })).map((t) => t.id)).toEqual(['tr_new', 'tr_old']);
    // Retention strips a body written before as it strips a new one.
    expect(await store.pruneTraces({ stripBodies: { from: 0, before: 2 }, limit: 10 })).toMatchObject({ deleted: 0, stripped: 1 });
    expect((await store.getTrace('tr_old'))?.request).toBeNull();
    expect((await store.selectTraces({ limit: 10 })).map((t) => t.id)).toEqual(['tr_new']);
    const { rows } = await pool.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname', [schema, 'traces']);
    expect(rows.map((r) => r.indexname)).not.toContain('traces_words');
    expect(rows.map((r) => r.indexname)).not.toContain('traces_search');
    // The traces stored before the word blocks are found through the blocks the migration gave them.
    const blocks = await pool.query<{ ids: string[] }>('SELECT ids FROM trace_word_blocks ORDER BY max_ts');
    expect(blocks.rows.map((r) => r.ids)).toEqual([['tr_old'], ['tr_new']]);
    // Retention takes the blocks older than every trace left with the traces.
    await store.pruneTraces({ deleteBefore: 2, limit: 10 });
    expect((await pool.query<{ ids: string[] }>('SELECT ids FROM trace_word_blocks')).rows.map((r) => r.ids)).toEqual([['tr_new']]);
    expect(await ids('zebracorn')).toEqual(['tr_new']);
  });
});
