import type { SwitchyardError } from '../../../core/errors.js';
import type { ChatChunkChoice, ChatCompletionChunk, ChatFinishReason, ChatUsage, JsonObject, ThinkingBlock } from '../../../core/openai-wire.js';
import { responseError, responsesErrorEvent, responsesFailure } from '../../../core/openai-error.js';
import type { ResponseObject, ResponsesOutputItem, ResponsesRequest } from '../../../core/responses-wire.js';
import type { StreamEncoder } from '../client-codec.js';
import { encryptReasoning, keepsSignedReasoning, keepUnsentReasoning, wantsEncryptedReasoning } from './encrypted-reasoning.js';
import { outputItemIds } from './item-ids.js';
import { type CallName, callName } from './namespaced-tools.js';
import { customInput } from './custom-tools.js';
import { type ResponseIds, requestedSummary, responseEnvelope, statusOf, toResponsesUsage } from './response-envelope.js';
import { type ResponsesLogprob, toResponsesLogprobs } from './responses-logprobs.js';
import { PART_WIRE, type PartKind, partOf, responsesEvent } from './response-events.js';
import { responsesAnnotation, webSearchItem } from './web-search-output.js';
import { searchCalls, urlCitationsOf } from '../../../core/web-search.js';
import { saysBeforeSearching } from './json-format.js';
import type { UrlCitation, WebSearchCall } from '../../../core/web-search.js';

/** An output item being streamed: its snapshot, and the content (or summary) part still open. */
interface OpenItem {
  index: number;
  item: JsonObject & { id: string; type: string };
  /** The open part: its text and, for output text, the token log probabilities and annotations so far. */
  part?: { kind: PartKind; index: number; text: string; logprobs: ResponsesLogprob[]; annotations: JsonObject[]; base: number };
  /** A custom tool call's function arguments so far (see closeCustom). */
  arguments?: string;
}

/**
 * Canonical chat chunks as the Responses API's typed events, in the order the API (and the
 * official SDK's stream helper) expects: `response.created`, `response.in_progress`, then per
 * output item `output_item.added` → content part / argument deltas → `…done` events →
 * `output_item.done`, and last `response.completed` or `response.incomplete` with usage. Every
 * event carries the next `sequence_number`, starting at 0.
 *
 * @example
 * const encoder = new ResponsesStreamEncoder({ model: 'small', input: 'Hi' }, ids);
 * const sse = encoder.push(chunks) + encoder.end(); // 'event: response.created\ndata: {…}\n\n…'
 */
export class ResponsesStreamEncoder implements StreamEncoder {
  private seq = 0;
  private started = false;
  private readonly id: string;
  private createdAt: number;
  private model: string;
  /** Output items are named after the response (see item-ids.ts). */
  private readonly itemId: (prefix: string) => string;
  private readonly output: ResponsesOutputItem[] = [];
  /** The open reasoning or message item; tool calls stay open side by side, by chunk index. */
  private current: OpenItem | null = null;
  private readonly calls = new Map<number, OpenItem>();
  /** Calls already closed, by chunk index: a late argument delta still lands on its item. */
  private readonly closed = new Map<number, OpenItem>();
  private finish: ChatFinishReason | null = null;
  private usage: ChatUsage | undefined;
  private final: ResponseObject | null = null;
  /** Thinking streams as the reasoning summary when the client asked for one (see requestedSummary). */
  private readonly reasoningKind: PartKind;
  /**
   * The client asked for reasoning's `encrypted_content`; else whether the response store keeps
   * Claude's signed thinking for it (see keepsSignedReasoning). The signed blocks of each reasoning item so far.
   */
  private readonly encryptedReasoning: boolean;
  private readonly keepsReasoning: boolean;
  private readonly callName: (chatName: string) => CallName;
  /** Calls of custom tools, whose text is sent whole when the call closes (it streams as JSON arguments). */
  private readonly customCalls = new WeakSet<OpenItem>();
  private serviceTier: string | undefined;
  private readonly signed = new Map<OpenItem, ThinkingBlock[]>();
  /**
   * The answer's text so far, in UTF-16 units: a citation counts from the start of the answer, an
   * output text part from its own start (a search between two texts makes two message items).
   */
  private contentChars = 0;
  /**
   * A JSON answer that may search (`saysBeforeSearching`): its text and citations held until it is
   * known whether a search follows (then they were said before it, and are dropped: every
   * output_text of a JSON answer is the JSON) or not (then they are the answer, sent on).
   */
  private readonly held: { text: { delta: string; logprobs: ResponsesLogprob[] }[]; citations: UrlCitation[] } | undefined;

  constructor(
    private readonly request: ResponsesRequest,
    private readonly ids: ResponseIds,
  ) {
    this.id = ids.newId('resp');
    this.itemId = outputItemIds(this.id);
    this.createdAt = Math.floor(ids.now() / 1000);
    this.model = request.model;
    this.reasoningKind = requestedSummary(request) === null ? 'reasoning_text' : 'summary_text';
    this.encryptedReasoning = wantsEncryptedReasoning(request);
    this.keepsReasoning = keepsSignedReasoning(request);
    this.callName = callName(request);
    if (saysBeforeSearching(request)) this.held = { text: [], citations: [] };
  }

  push(chunks: readonly ChatCompletionChunk[]): string {
    let out = '';
    for (const chunk of chunks) {
      if (!this.started) out += this.start(chunk);
      if (chunk.usage) this.usage = chunk.usage;
      if (typeof chunk.service_tier === 'string') this.serviceTier = chunk.service_tier;
      const choice = chunk.choices.find((c) => c.index === 0);
      if (choice) out += this.choice(choice);
    }
    return out;
  }

  end(): string {
    let out = this.started ? '' : this.start(undefined);
    out += this.release() + this.closeAll();
    const { status, incomplete } = statusOf(this.finish);
    const completedAt = status === 'completed' ? Math.floor(this.ids.now() / 1000) : undefined;
    this.final = this.snapshot({ status, incomplete, usage: toResponsesUsage(this.usage), ...(completedAt === undefined ? {} : { completedAt }) });
    return out + this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: this.final });
  }

  /** The stream broke after it began: an `error` event, then `response.failed` with what was produced. */
  fail(error: SwitchyardError): string {
    let out = this.started ? '' : this.start(undefined);
    out += this.release();
    for (const open of [this.current, ...this.calls.values()]) if (open) open.item.status = 'incomplete';
    out += this.event('error', responsesErrorEvent(responsesFailure(error)));
    this.final = this.snapshot({ status: 'failed', error: responseError(error) });
    return out + this.event('response.failed', { response: this.final });
  }

  /** The Response as the client has it so far (its final form once the stream ended). */
  response(): unknown {
    return this.final ?? this.snapshot({ status: 'in_progress' });
  }

  private start(chunk: ChatCompletionChunk | undefined): string {
    this.started = true;
    if (chunk?.model) this.model = chunk.model;
    if (chunk?.created) this.createdAt = chunk.created;
    const response = this.snapshot({ status: 'in_progress', output: [] });
    return this.event('response.created', { response }) + this.event('response.in_progress', { response });
  }

  private choice(choice: ChatChunkChoice): string {
    const delta = choice.delta;
    let out = '';
    const reasoning = delta['reasoning_content'];
    const held = this.held;
    // Anything but the answer's text, citations and searches says the held text came before it.
    if (held && (reasoning || delta.refusal || delta.tool_calls?.length || delta.thinking_blocks)) out += this.release();
    if (typeof reasoning === 'string' && reasoning !== '') out += this.text('reasoning', this.reasoningKind, reasoning);
    if (this.keepsReasoning && Array.isArray(delta.thinking_blocks)) out += this.sign(delta.thinking_blocks as ThinkingBlock[]);
    if (typeof delta.content === 'string' && delta.content !== '') {
      if (held) held.text.push({ delta: delta.content, logprobs: toResponsesLogprobs(choice.logprobs) });
      else out += this.text('message', 'output_text', delta.content, toResponsesLogprobs(choice.logprobs));
    }
    if (typeof delta.refusal === 'string' && delta.refusal !== '') out += this.text('message', 'refusal', delta.refusal);
    for (const call of searchCalls(delta)) {
      if (held) this.dropHeld(held);
      out += this.search(call);
    }
    const citations = urlCitationsOf(delta);
    if (citations.length > 0 && held && held.text.length > 0) held.citations.push(...citations);
    else if (citations.length > 0) out += this.annotate(citations);
    for (const call of delta.tool_calls ?? []) {
      let open = this.calls.get(call.index) ?? this.closed.get(call.index);
      if (!open) {
        // Chat streams calls one after another: a new index means the previous call is whole.
        out += this.closeCurrent() + this.closeCalls();
        // Chat servers send a call's name whole in its first delta, so it can be split here.
        const { custom, ...name } = this.callName(call.function?.name ?? '');
        const callId = call.id ?? this.ids.newId('call');
        const item = custom
          ? { id: this.itemId('ctc'), type: 'custom_tool_call', call_id: callId, ...name, input: '' }
          : { id: this.itemId('fc'), type: 'function_call', status: 'in_progress', arguments: '', call_id: callId, ...name };
        open = this.add(item);
        if (custom) this.customCalls.add(open);
        this.calls.set(call.index, open);
        out += this.event('response.output_item.added', { output_index: open.index, item });
      }
      const args = call.function?.arguments;
      if (args && this.customCalls.has(open)) open.arguments = `${open.arguments ?? ''}${args}`;
      else if (args) {
        open.item.arguments = `${String(open.item.arguments)}${args}`;
        out += this.event('response.function_call_arguments.delta', { item_id: open.item.id, output_index: open.index, delta: args });
      }
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  /** The held text was said before a search: dropped, its length still counted (citations index the whole answer). */
  private dropHeld(held: NonNullable<ResponsesStreamEncoder['held']>): void {
    for (const piece of held.text) this.contentChars += piece.delta.length;
    held.text.length = 0;
    held.citations.length = 0;
  }

  /** The held text is the answer (or said before something other than a search): sent on as it came. */
  private release(): string {
    const held = this.held;
    if (!held || held.text.length === 0) return '';
    let out = '';
    for (const piece of held.text) out += this.text('message', 'output_text', piece.delta, piece.logprobs);
    if (held.citations.length > 0) out += this.annotate(held.citations);
    held.text.length = 0;
    held.citations.length = 0;
    return out;
  }

  /**
   * Claude's signed thinking, whole once its block closed, goes into the open reasoning item's
   * `encrypted_content` (see encrypted-reasoning.ts); redacted thinking, which has no text, opens
   * one of its own. The item shows it when it is done, as OpenAI's does; to a client that did not
   * ask for it, never: it goes to the response store only (keepUnsentReasoning).
   */
  private sign(blocks: ThinkingBlock[]): string {
    let out = '';
    if (this.current?.item.type !== 'reasoning') {
      out += this.closeCurrent() + this.closeCalls();
      const item = { id: this.itemId('rs'), type: 'reasoning', summary: [] };
      this.current = this.add(item);
      out += this.event('response.output_item.added', { output_index: this.current.index, item });
    }
    const open = this.current as OpenItem;
    const signed = [...(this.signed.get(open) ?? []), ...blocks];
    this.signed.set(open, signed);
    if (this.encryptedReasoning) open.item.encrypted_content = encryptReasoning(signed);
    else keepUnsentReasoning(this.request, String(open.item.id), signed);
    return out;
  }

  /**
   * A search the model ran, whole (the canonical stream says so once it is done), as the events
   * OpenAI streams for its own: the `web_search_call` item added, in progress, searching,
   * completed, done.
   */
  private search(call: WebSearchCall): string {
    let out = this.closeCurrent() + this.closeCalls();
    const item = { ...webSearchItem(this.itemId('ws'), call), status: 'in_progress' };
    const open = this.add(item);
    const ids = { output_index: open.index, item_id: item.id };
    out += this.event('response.output_item.added', { output_index: open.index, item: { ...item } });
    out += this.event('response.web_search_call.in_progress', ids) + this.event('response.web_search_call.searching', ids) + this.event('response.web_search_call.completed', ids);
    item.status = 'completed';
    return out + this.event('response.output_item.done', { output_index: open.index, item });
  }

  /** Citations of the open output text (their indexes count from its start), each announced as OpenAI does. */
  private annotate(citations: UrlCitation[]): string {
    const open = this.current;
    const part = open?.part;
    if (!open || part?.kind !== 'output_text') return '';
    let out = '';
    for (const citation of citations) {
      const annotation = responsesAnnotation(citation);
      annotation.start_index = Math.max(0, (annotation.start_index as number) - part.base);
      annotation.end_index = Math.max(0, (annotation.end_index as number) - part.base);
      part.annotations.push(annotation);
      out += this.event('response.output_text.annotation.added', { item_id: open.item.id, output_index: open.index, content_index: part.index, annotation_index: part.annotations.length - 1, annotation });
    }
    return out;
  }

  /** Appends text to the open reasoning or message item, opening it (and its part) first if needed. */
  private text(type: 'reasoning' | 'message', kind: PartKind, delta: string, logprobs: ResponsesLogprob[] = []): string {
    let out = '';
    if (this.current?.item.type !== type) {
      out += this.closeCurrent() + this.closeCalls();
      const item = type === 'message' ? { id: this.itemId('msg'), type, status: 'in_progress', role: 'assistant', content: [] } : { id: this.itemId('rs'), type, summary: [] };
      this.current = this.add(item);
      out += this.event('response.output_item.added', { output_index: this.current.index, item });
    }
    const open = this.current as OpenItem;
    const wire = PART_WIRE[kind];
    if (open.part?.kind !== kind) {
      out += this.closePart(open);
      const parts = (open.item[wire.list] ??= []) as unknown[];
      open.part = { kind, index: parts.length, text: '', logprobs: [], annotations: [], base: this.contentChars };
      parts.push(partOf(kind, ''));
      out += this.event(wire.added, { item_id: open.item.id, output_index: open.index, [wire.indexField]: open.part.index, part: partOf(kind, '') });
    }
    const part = open.part as NonNullable<OpenItem['part']>;
    part.text += delta;
    if (kind === 'output_text') this.contentChars += delta.length;
    part.logprobs.push(...logprobs);
    const extra = kind === 'output_text' ? { logprobs } : {};
    return out + this.event(wire.delta, { item_id: open.item.id, output_index: open.index, [wire.indexField]: part.index, delta, ...extra });
  }

  private closePart(open: OpenItem): string {
    const part = open.part;
    if (!part) return '';
    open.part = undefined;
    const wire = PART_WIRE[part.kind];
    const whole = partOf(part.kind, part.text, part.logprobs, part.annotations);
    (open.item[wire.list] as unknown[])[part.index] = whole;
    const field = part.kind === 'refusal' ? 'refusal' : 'text';
    const extra = part.kind === 'output_text' ? { logprobs: part.logprobs } : {};
    const ids = { item_id: open.item.id, output_index: open.index, [wire.indexField]: part.index };
    return this.event(wire.done, { ...ids, [field]: part.text, ...extra }) + this.event(wire.partDone, { ...ids, part: whole });
  }

  private closeCurrent(): string {
    const open = this.current;
    if (!open) return '';
    this.current = null;
    const out = this.closePart(open);
    if (open.item.type === 'message') open.item.status = this.finish === 'length' ? 'incomplete' : 'completed';
    return out + this.event('response.output_item.done', { output_index: open.index, item: open.item });
  }

  private closeCalls(): string {
    let out = '';
    for (const [index, open] of this.calls) {
      this.closed.set(index, open);
      open.item.status = 'completed';
      if (this.customCalls.has(open)) out += this.closeCustom(open);
      else out += this.event('response.function_call_arguments.done', { item_id: open.item.id, output_index: open.index, name: open.item.name, arguments: open.item.arguments });
      out += this.event('response.output_item.done', { output_index: open.index, item: open.item });
    }
    this.calls.clear();
    return out;
  }

  /**
   * A custom tool's call, whole: its text out of the function arguments the model streamed
   * (custom-tools.ts), as one input delta and the done event OpenAI sends. Output items of
   * custom calls have no status, as OpenAI's have none.
   */
  private closeCustom(open: OpenItem): string {
    const input = customInput(open.arguments ?? '');
    open.item.input = input;
    delete open.item.status;
    const ids = { item_id: open.item.id, output_index: open.index };
    return this.event('response.custom_tool_call_input.delta', { ...ids, delta: input }) + this.event('response.custom_tool_call_input.done', { ...ids, input });
  }

  /** At most one kind of item is open at a time, so closing both in either order keeps output order. */
  private closeAll(): string {
    return this.closeCurrent() + this.closeCalls();
  }

  private add(item: OpenItem['item']): OpenItem {
    this.output.push(item as ResponsesOutputItem);
    return { index: this.output.length - 1, item };
  }

  private snapshot(state: Partial<Parameters<typeof responseEnvelope>[1]>): ResponseObject {
    // A part still open holds its text so far only in the part state: put it in the item.
    const part = this.current?.part;
    if (this.current && part) (this.current.item[PART_WIRE[part.kind].list] as unknown[])[part.index] = partOf(part.kind, part.text, part.logprobs, part.annotations);
    return responseEnvelope(this.request, {
      id: this.id,
      createdAt: this.createdAt,
      model: this.model,
      serviceTier: this.serviceTier,
      status: 'in_progress',
      output: structuredClone(this.output),
      usage: null,
      incomplete: null,
      error: null,
      ...state,
    });
  }

  private event(type: string, fields: JsonObject): string {
    return responsesEvent(type, fields, this.seq++);
  }
}
