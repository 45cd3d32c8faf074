import { completionToChunks } from '../core/completion-to-chunks.js';
import { JsonText } from '../core/json-text.js';
import type { ChatCompletion, JsonObject } from '../core/openai-wire.js';
import { PLACEHOLDER_PATTERN } from '../guardrails/redaction/vault.js';
import { answerWith } from './answer-with.js';
import type { Call } from './call.js';
import { codecFor } from './client-formats/index.js';
import { type Outcome, WholeEvents } from './outcome.js';
import type { Usage } from '../tokens/usage.js';
import { storedUsage } from './cache-savings.js';

/** What a cache entry says besides the answer: what the answer cost, who gave it, when, on which trace. */
export interface CachedAnswerMeta {
  costUsd: number;
  provider: string;
  upstreamModel: string | null;
  storedAt: number;
  /** The trace of the call whose answer this is (absent in entries stored before it was kept). */
  traceId?: string | undefined;
  /**
   * A grounded route's `x-switchyard-citations` header as the answer went out: a hit sends it
   * again, since a streaming client reads the sources from it alone (entries stored before it was
   * kept have none).
   */
  citations?: string | undefined;
  /**
   * The `x-switchyard-route` header the answer went out with (which route, which target, why): a
   * hit sends it again, with `; cache=hit`, as a miss on that route would have carried it.
   */
  route?: string | undefined;
  /**
   * The delivered answer's usage as the call was billed for it: a hit prices it at the time of
   * the hit, as what it saved (entries stored before 2026-12-06 have none; their completion's
   * `usage` stands in).
   */
  usage?: Usage | undefined;
}

/**
 * A cache entry as text: one line of JSON with what the answer cost and who gave it, then the
 * canonical completion's JSON. A hit reads the first line only; the completion is parsed when this
 * process first replays the entry (`CachedAnswers`), not on every hit.
 *
 * @example encodeCacheEntry({ costUsd: 0.001, provider: 'openai', upstreamModel: 'gpt-4o-mini', storedAt: 0, traceId: 'tr_1' }, completion)
 */
export function encodeCacheEntry(meta: CachedAnswerMeta, completion: ChatCompletion): string {
  // JSON.stringify escapes newlines inside strings, so the first raw newline ends the header.
  return `${JSON.stringify({ v: 2, ...meta })}\n${JSON.stringify(completion)}`;
}

/** A stored entry's parts, or undefined when the text is not an entry this version can read. */
export function decodeCacheEntry(text: string): { meta: CachedAnswerMeta; completionText: string; completion: ChatCompletion } | undefined {
  try {
    const newline = text.indexOf('\n');
    if (newline > 0 && text.startsWith('{"v":2,')) {
      const meta = JSON.parse(text.slice(0, newline)) as CachedAnswerMeta;
      const completionText = text.slice(newline + 1);
      const completion = JSON.parse(completionText) as ChatCompletion;
      return Array.isArray(completion?.choices) && typeof meta.storedAt === 'number' ? { meta, completionText, completion } : undefined;
    }
    // The first version: one JSON object holding the completion beside the rest.
    const v1 = JSON.parse(text) as CachedAnswerMeta & { v: unknown; completion: ChatCompletion };
    if (v1.v !== 1 || !Array.isArray(v1.completion?.choices)) return undefined;
    const { v: _version, completion, ...meta } = v1;
    return { meta, completionText: JSON.stringify(completion), completion };
  } catch {
    return undefined;
  }
}

/**
 * Whether a stored entry's answer cited one of these knowledge documents (the grounded route's
 * `x-switchyard-citations` header it keeps, by `doc_id`): what a purge of those documents deletes.
 * An entry with no citations, or unreadable, cites none.
 *
 * @example await cache.deleteWhere((entry) => citesAnyDocument(entry, new Set(['docs/leaked.md'])))
 */
export function citesAnyDocument(entryText: string, docIds: ReadonlySet<string>): boolean {
  const newline = entryText.indexOf('\n');
  const header = newline < 0 ? entryText : entryText.slice(0, newline);
  // Most entries are no grounded route's: skip them without parsing.
  if (!header.includes('doc_id')) return false;
  try {
    const citations = (JSON.parse(header) as { citations?: unknown }).citations;
    if (typeof citations !== 'string') return false;
    const cited = JSON.parse(citations) as unknown;
    return Array.isArray(cited) && cited.some((c) => typeof (c as { doc_id?: unknown } | null)?.doc_id === 'string' && docIds.has((c as { doc_id: string }).doc_id));
  } catch {
    return false;
  }
}

/**
 * Whether a stored entry is the answer of one of these traces (the `traceId` its header keeps):
 * a purge reaches it by the trace's retrieval decisions, which name every chunk the answer was
 * grounded in, where the citations header may have left some out (past 4,000 characters).
 *
 * @example await cache.deleteWhere((entry) => answersAnyTrace(entry, new Set(['tr_1'])))
 */
export function answersAnyTrace(entryText: string, traceIds: ReadonlySet<string>): boolean {
  if (traceIds.size === 0) return false;
  const newline = entryText.indexOf('\n');
  const header = newline < 0 ? entryText : entryText.slice(0, newline);
  if (!header.includes('"traceId"')) return false;
  try {
    const traceId = (JSON.parse(header) as { traceId?: unknown }).traceId;
    return typeof traceId === 'string' && traceIds.has(traceId);
  } catch {
    return false;
  }
}

/** One way of sending the answer, built once: the exact bytes and the answer as the trace keeps it. */
interface Prepared {
  text: string;
  response: JsonText;
}

/**
 * A cached answer ready to send again: the first hit that wants it whole, streamed, or streamed
 * with usage encodes it in the client's format once, and later hits send those bytes as they are
 * (no JSON parse or stringify per hit). The Responses API is the exception: its answers carry new
 * ids and echo the request, so each hit is encoded afresh, as any answer the gateway makes.
 */
export class CachedAnswer {
  private readonly prepared = new Map<string, Prepared>();
  /** The completion parsed for the entry's check, used by the first encoding (later ones parse their own copy). */
  private parsed: ChatCompletion | undefined;
  /** The usage the answer was billed for when a provider gave it (read once per entry, not per hit). */
  readonly usage: Usage | undefined;

  constructor(
    /** The entry's text as stored: another text under the same key is another answer. */
    readonly entryText: string,
    readonly meta: CachedAnswerMeta,
    private readonly completionText: string,
    parsed: ChatCompletion,
    /** Told how many UTF-16 characters each new encoding holds, for the memo's bound. */
    private readonly grew: (chars: number) => void,
  ) {
    this.parsed = parsed;
    this.usage = storedUsage(meta.usage, parsed);
  }

  private held: readonly string[] | undefined;

  /**
   * The PII placeholders (`<EMAIL_1>`) the answer holds, each once, found on first use: an entry
   * keeps the answer as the provider wrote it, and each caller's redaction puts its own values back.
   */
  get placeholders(): readonly string[] {
    this.held ??= this.completionText.includes('<') ? [...new Set(this.completionText.match(PLACEHOLDER_PATTERN))] : [];
    return this.held;
  }

  /** The answer to `call`, in its format, whole or streamed as it asked. */
  answer(call: Call): Outcome {
    const format = call.input.format;
    if (format === 'responses') return answerWith(call, this.completion());
    call.ttftMs = performance.now() - call.t0;
    const usage = call.stream && format === 'openai' && (call.body.stream_options as JsonObject | undefined)?.include_usage === true;
    const variant = !call.stream ? 'json' : usage ? 'sse+usage' : 'sse';
    let prepared = this.prepared.get(variant);
    if (!prepared) {
      prepared = this.prepare(call, usage);
      this.prepared.set(variant, prepared);
      this.grew(prepared.text.length + prepared.response.text.length);
    }
    call.response = prepared.response;
    if (!call.stream) return { kind: 'json', status: 200, body: prepared.text, headers: { 'content-type': 'application/json' } };
    return { kind: 'stream', headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, events: new WholeEvents(prepared.text) };
  }

  /** Characters held: the entry and every encoding made of it. */
  get chars(): number {
    let chars = this.entryText.length;
    for (const prepared of this.prepared.values()) chars += prepared.text.length + prepared.response.text.length;
    return chars;
  }

  private prepare(call: Call, usage: boolean): Prepared {
    const codec = codecFor(call.input.format);
    const completion = this.completion();
    if (!call.stream) {
      const text = codec.encodeCompletion(completion, call.received);
      return { text, response: new JsonText(text) };
    }
    const encoder = codec.streamEncoder(usage, call.received, true);
    const text = encoder.push(completionToChunks(completion)) + encoder.end();
    // The trace keeps the answer rebuilt from the stream: serialised once here, not on every hit's trace.
    return { text, response: new JsonText(JSON.stringify(encoder.response())) };
  }

  /** A completion of its own for each encoding: an encoder is free to change what it was given. */
  private completion(): ChatCompletion {
    const parsed = this.parsed;
    this.parsed = undefined;
    return parsed ?? (JSON.parse(this.completionText) as ChatCompletion);
  }
}

export interface CachedAnswersBounds {
  maxEntries: number;
  /** UTF-16 characters over every entry and its encodings (≈ half the bytes held). */
  maxChars: number;
}

/**
 * The cached answers this process has replayed, by cache key, least recently used out first:
 * what lets a hit skip parsing its entry. The store stays the truth (TTL, `no-cache` refreshes,
 * other replicas' writes): an entry is reused only while the store returns the very same text.
 *
 * @example const answer = answers.read(key, await store.get(key)); if (answer) return answer.answer(call);
 */
export class CachedAnswers {
  private readonly entries = new Map<string, CachedAnswer>();
  private chars = 0;

  constructor(private readonly bounds: CachedAnswersBounds) {}

  /** The answer stored as `text` under `key`; undefined when the text is not a readable entry. */
  read(key: string, text: string): CachedAnswer | undefined {
    const known = this.entries.get(key);
    if (known && known.entryText === text) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    if (known) this.forget(key, known);
    const decoded = decodeCacheEntry(text);
    if (!decoded) return undefined;
    const answer = new CachedAnswer(text, decoded.meta, decoded.completionText, decoded.completion, (chars) => {
      // Only while it is still the one held under its key.
      if (this.entries.get(key) !== answer) return;
      this.chars += chars;
      this.evict();
    });
    if (text.length <= this.bounds.maxChars) {
      this.entries.set(key, answer);
      this.chars += text.length;
      this.evict();
    }
    return answer;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops every answer held (the store was emptied). */
  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }

  /** Drops the answer held for `key` (its entry was deleted from the store): no decoded copy stays in memory. */
  drop(key: string): void {
    const known = this.entries.get(key);
    if (known) this.forget(key, known);
  }

  private forget(key: string, answer: CachedAnswer): void {
    this.entries.delete(key);
    this.chars -= answer.chars;
  }

  private evict(): void {
    while (this.entries.size > this.bounds.maxEntries || this.chars > this.bounds.maxChars) {
      const oldest = this.entries.entries().next().value as [string, CachedAnswer] | undefined;
      if (!oldest) break;
      this.forget(oldest[0], oldest[1]);
    }
  }
}
