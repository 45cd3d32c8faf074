import type { ChatCompletion, ChatCompletionChunk, JsonObject } from '../../core/openai-wire.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { searchCalls, type UrlCitation, urlCitationsOf, webSearchOf } from '../../core/web-search.js';

/**
 * Whether a Chat Completions request asks for JSON (`response_format` json_schema or json_object)
 * and offers a web search: Claude writes a line before it searches ("Let me search for that."),
 * which is no part of the JSON the client will parse (the SDK's `parse()` threw on it).
 *
 * @example saysBeforeSearching({ model: 'm', messages: [], web_search_options: {}, response_format: { type: 'json_object' } }) // true
 */
export function saysBeforeSearching(request: JsonObject): boolean {
  const format = request['response_format'];
  const type = isJsonObject(format) ? format['type'] : undefined;
  return (type === 'json_schema' || type === 'json_object') && webSearchOf(request) !== undefined;
}

/**
 * A whole answer's content from its last search on (each search carries where in the text it ran),
 * its citations counted from there: what was said before searching is left out.
 */
export function withoutWordsBeforeSearches(completion: ChatCompletion): ChatCompletion {
  const choices = completion.choices.map((choice) => {
    const message = choice.message as JsonObject & { content?: unknown };
    const text = message.content;
    if (typeof text !== 'string') return choice;
    const searches = searchCalls(message);
    const from = Math.min(text.length, Math.max(0, ...searches.map((call) => call.at ?? 0)));
    if (from === 0) return choice;
    const calls = searches.map((call) => ({ ...call, at: 0 }));
    return { ...choice, message: { ...choice.message, content: text.slice(from), annotations: citationsFrom(urlCitationsOf(message), from), web_search_calls: calls } };
  });
  return { ...completion, choices } as ChatCompletion;
}

/** The citations of the text from `from` on, their indexes counted from there. */
function citationsFrom(citations: readonly UrlCitation[], from: number): UrlCitation[] {
  return citations
    .filter((a) => a.url_citation.start_index >= from)
    .map((a) => ({ ...a, url_citation: { ...a.url_citation, start_index: a.url_citation.start_index - from, end_index: a.url_citation.end_index - from } }));
}

/** The delta fields a chunk of the answer's text carries; any other says the text before it was the answer. */
const TEXT_FIELDS = new Set(['content', 'annotations', 'role']);

/**
 * The same for a stream: chunks of text are held until it is known whether a search follows them
 * (they were said before it: their text and citations are dropped, anything else they carry is
 * sent) or anything else does (they are the answer, sent as they came). Citations after a drop are
 * counted from the text the client got.
 */
export class WordsBeforeSearches {
  private held: ChatCompletionChunk[] = [];
  /** Characters of text dropped so far: later citations' indexes move back by as many. */
  private dropped = 0;

  push(chunk: ChatCompletionChunk): ChatCompletionChunk[] {
    const choice = chunk.choices[0];
    const delta = choice?.delta as JsonObject | undefined;
    const text = typeof delta?.['content'] === 'string' && delta['content'] !== '';
    if (chunk.choices.length === 1 && choice?.finish_reason === null && text && Object.keys(delta ?? {}).every((key) => TEXT_FIELDS.has(key))) {
      this.held.push(this.shifted(chunk));
      return [];
    }
    if (searchCalls(delta).length > 0) return [...this.drop(), this.shifted(chunk)];
    return [...this.release(), this.shifted(chunk)];
  }

  /** What is still held when the stream ends: the answer. */
  release(): ChatCompletionChunk[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  private drop(): ChatCompletionChunk[] {
    const kept: ChatCompletionChunk[] = [];
    for (const chunk of this.release()) {
      const { content, annotations: _annotations, ...rest } = chunk.choices[0]!.delta;
      this.dropped += typeof content === 'string' ? content.length : 0;
      // A role (the first chunk's) still reaches the client: the SDK's stream helper needs one.
      if (Object.keys(rest).length > 0) kept.push({ ...chunk, choices: [{ ...chunk.choices[0]!, delta: rest, logprobs: null }] });
    }
    return kept;
  }

  private shifted(chunk: ChatCompletionChunk): ChatCompletionChunk {
    const delta = chunk.choices[0]?.delta as JsonObject | undefined;
    const citations = urlCitationsOf(delta);
    if (this.dropped === 0 || citations.length === 0) return chunk;
    return { ...chunk, choices: [{ ...chunk.choices[0]!, delta: { ...chunk.choices[0]!.delta, annotations: citationsFrom(citations, this.dropped) } }] };
  }
}
