/**
 * OpenAI refuses a function name outside `^[a-zA-Z0-9_-]+$` or over 64 characters (400 "Invalid
 * 'tools[0].function.name': string too long. Expected a string with maximum length 64"), where
 * Anthropic takes 128 characters: Claude Code names an MCP tool `mcp__<server>__<tool>`, often
 * past 64, so an Anthropic client's tool loop routed to an OpenAI model failed on its first turn.
 * A translated request's names OpenAI would refuse go out as names it takes (the start of the
 * name, cleaned, and 8 hex characters of its SHA-256, so two never meet), in the tools, a named
 * tool_choice and the conversation's earlier calls; the answer's calls come back under the
 * client's names, whole or streamed. The common case (every name fine) changes nothing.
 */
import { sha256 } from '../../core/sha256.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage, JsonObject } from '../../core/openai-wire.js';
import type { ChunkDecoder } from '../http-provider.js';

const ALLOWED = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The name OpenAI is sent for a client's tool name: the same when OpenAI takes it.
 *
 * @example upstreamToolName('mcp__github__get_me') // 'mcp__github__get_me'
 * @example upstreamToolName('github.get_me') // 'github_get_me_…' (8 hex characters)
 */
export function upstreamToolName(name: string): string {
  if (ALLOWED.test(name)) return name;
  return `${name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 55)}_${sha256(name, 'hex').slice(0, 8)}`;
}

// A request is read for its body, then for its answer (whole or streamed): renamed once, and a
// request without tools (the common one) shares one empty map.
const NONE: ReadonlyMap<string, string> = new Map();
const renamedByRequest = new WeakMap<ChatCompletionRequest, ReadonlyMap<string, string>>();

/** OpenAI's name → the client's, for the request's tools OpenAI would refuse; empty when there are none. */
export function renamedTools(request: ChatCompletionRequest): ReadonlyMap<string, string> {
  if (!request.tools?.length) return NONE;
  let renamed = renamedByRequest.get(request);
  if (renamed) return renamed;
  const found = new Map<string, string>();
  for (const tool of request.tools) {
    const name = tool.function?.name;
    if (typeof name === 'string' && !ALLOWED.test(name)) found.set(upstreamToolName(name), name);
  }
  renamed = found.size === 0 ? NONE : found;
  renamedByRequest.set(request, renamed);
  return renamed;
}

/**
 * The upstream body with the refused names replaced (tools, a named tool_choice, earlier calls);
 * the same object when `renamed` is empty.
 */
export function withUpstreamToolNames(body: JsonObject, renamed: ReadonlyMap<string, string>): JsonObject {
  if (renamed.size === 0) return body;
  const out: JsonObject = { ...body };
  if (Array.isArray(body.tools)) {
    out.tools = body.tools.map((tool) => {
      const fn = (tool as { function?: { name?: unknown } }).function;
      return typeof fn?.name === 'string' ? { ...(tool as JsonObject), function: { ...fn, name: upstreamToolName(fn.name) } } : tool;
    });
  }
  const choice = body.tool_choice as { type?: unknown; function?: { name?: unknown } } | undefined;
  if (choice?.type === 'function' && typeof choice.function?.name === 'string') out.tool_choice = { ...choice, function: { ...choice.function, name: upstreamToolName(choice.function.name) } };
  if (Array.isArray(body.messages)) {
    out.messages = (body.messages as ChatMessage[]).map((message) =>
      message.tool_calls ? { ...message, tool_calls: message.tool_calls.map((call) => ({ ...call, function: { ...call.function, name: upstreamToolName(call.function.name) } })) } : message,
    );
  }
  return out;
}

/** A completion whose calls carry the client's names again. */
export function withClientToolNames(completion: ChatCompletion, renamed: ReadonlyMap<string, string>): ChatCompletion {
  if (renamed.size === 0) return completion;
  for (const choice of completion.choices) {
    for (const call of choice.message.tool_calls ?? []) call.function.name = renamed.get(call.function.name) ?? call.function.name;
  }
  return completion;
}

/** A stream decoder whose chunks' calls carry the client's names again; the same decoder when nothing was renamed. */
export function clientNamedChunks(decoder: ChunkDecoder, renamed: ReadonlyMap<string, string>): ChunkDecoder {
  if (renamed.size === 0) return decoder;
  const rename = (chunks: ChatCompletionChunk[]): ChatCompletionChunk[] => {
    for (const chunk of chunks) {
      for (const choice of chunk.choices) {
        for (const call of choice.delta.tool_calls ?? []) {
          const name = call.function?.name;
          if (call.function && name !== undefined) call.function.name = renamed.get(name) ?? name;
        }
      }
    }
    return chunks;
  };
  return {
    push: (text) => rename(decoder.push(text)),
    end: () => rename(decoder.end()),
    get usage() {
      return decoder.usage;
    },
    get stops() {
      return decoder.stops;
    },
  };
}
