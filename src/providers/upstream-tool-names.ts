/**
 * Function names an upstream would refuse, sent as names it takes and restored in its answer.
 *
 * OpenAI refuses a function name outside `^[a-zA-Z0-9_-]+$` or over 64 characters (400 "Invalid
 * 'tools[0].function.name': string too long. Expected a string with maximum length 64"), where
 * Anthropic takes 128 characters: Claude Code names an MCP tool `mcp__<server>__<tool>`, often
 * past 64, so an Anthropic client's tool loop routed to an OpenAI model failed on its first turn.
 * Gemini's rule is its own: "Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or
 * contain underscores, dots, colons and dashes, with a maximum length of 64" (the Gemini API's
 * FunctionDeclaration.name, generativelanguage v1beta; its 400 quotes the same words), so a dot or
 * colon passes there and a 65-character name does not. Claude takes OpenAI's characters, 128 of them.
 * A translated request's names the upstream would refuse go out as names it takes (the start of
 * the name, cleaned, and 8 hex characters of its SHA-256, so two never meet), in the tools, a
 * named tool_choice, the conversation's earlier calls and the lines a tool search's result loaded
 * them with; the answer's calls come back under the client's names, whole or streamed. The common case (every name fine) changes nothing.
 */
import { toolReferenceText } from '../core/anthropic-deferred-tools.js';
import { sha256 } from '../core/sha256.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage, JsonObject } from '../core/openai-wire.js';
import type { ChunkDecoder } from './http-provider.js';

/** One upstream's rule for a function name: the names it takes, and what a character it refuses becomes. */
export interface ToolNameRule {
  readonly allowed: RegExp;
  /** The characters it refuses, each replaced by `_`. */
  readonly refused: RegExp;
  readonly max: number;
  /** The names renamed per request, under this rule (a request may go to both kinds of upstream). */
  readonly byRequest: WeakMap<ChatCompletionRequest, ReadonlyMap<string, string>>;
}

/** OpenAI (both APIs) and the OpenAI-compatible servers. */
export const OPENAI_TOOL_NAMES: ToolNameRule = { allowed: /^[a-zA-Z0-9_-]{1,64}$/, refused: /[^a-zA-Z0-9_-]/g, max: 64, byRequest: new WeakMap() };

/** Gemini: a letter or underscore first, then letters, digits, `_ . : -`, 64 in all. */
export const GEMINI_TOOL_NAMES: ToolNameRule = { allowed: /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/, refused: /[^a-zA-Z0-9_.:-]/g, max: 64, byRequest: new WeakMap() };

/**
 * Claude: letters, digits, `_` and `-`, 128 in all (`tools.0.custom.name: String should match
 * pattern '^[a-zA-Z0-9_-]{1,128}$'`): a Gemini client's `github.get_me` or `fs:read`, which
 * Gemini takes, was Claude's 400.
 */
export const ANTHROPIC_TOOL_NAMES: ToolNameRule = { allowed: /^[a-zA-Z0-9_-]{1,128}$/, refused: /[^a-zA-Z0-9_-]/g, max: 128, byRequest: new WeakMap() };

/**
 * The name the upstream is sent for a client's tool name: the same when it takes it.
 *
 * @example upstreamToolName('mcp__github__get_me') // 'mcp__github__get_me'
 * @example upstreamToolName('github.get_me') // 'github_get_me_…' (8 hex characters)
 * @example upstreamToolName('github.get_me', GEMINI_TOOL_NAMES) // 'github.get_me'
 */
export function upstreamToolName(name: string, rule: ToolNameRule = OPENAI_TOOL_NAMES): string {
  if (rule.allowed.test(name)) return name;
  const suffix = `_${sha256(name, 'hex').slice(0, 8)}`;
  let stem = name.replace(rule.refused, '_');
  // A first character the rule refuses there (Gemini: a digit, a dot) gets an underscore before it.
  if (!rule.allowed.test(stem.charAt(0) + suffix)) stem = `_${stem}`;
  return stem.slice(0, rule.max - suffix.length) + suffix;
}

// A request is read for its body, then for its answer (whole or streamed): renamed once, and a
// request without tools (the common one) shares one empty map.
const NONE: ReadonlyMap<string, string> = new Map();

/** The upstream's name → the client's, for the request's tools the upstream would refuse; empty when there are none. */
export function renamedTools(request: ChatCompletionRequest, rule: ToolNameRule = OPENAI_TOOL_NAMES): ReadonlyMap<string, string> {
  if (!request.tools?.length) return NONE;
  let renamed = rule.byRequest.get(request);
  if (renamed) return renamed;
  const found = new Map<string, string>();
  for (const tool of request.tools) {
    const name = tool.function?.name;
    if (typeof name === 'string' && !rule.allowed.test(name)) found.set(upstreamToolName(name, rule), name);
  }
  renamed = found.size === 0 ? NONE : found;
  rule.byRequest.set(request, renamed);
  return renamed;
}

/**
 * The upstream body with the refused names replaced (tools, a named tool_choice, earlier calls);
 * the same object when `renamed` is empty.
 */
export function withUpstreamToolNames<T extends JsonObject | ChatCompletionRequest>(body: T, renamed: ReadonlyMap<string, string>, rule: ToolNameRule = OPENAI_TOOL_NAMES): T {
  if (renamed.size === 0) return body;
  const out: JsonObject = { ...(body as JsonObject) };
  if (Array.isArray(out.tools)) {
    out.tools = out.tools.map((tool) => {
      const fn = (tool as { function?: { name?: unknown } }).function;
      return typeof fn?.name === 'string' ? { ...(tool as JsonObject), function: { ...fn, name: upstreamToolName(fn.name, rule) } } : tool;
    });
  }
  const choice = (body as JsonObject).tool_choice as { type?: unknown; function?: { name?: unknown } } | undefined;
  if (choice?.type === 'function' && typeof choice.function?.name === 'string') out.tool_choice = { ...choice, function: { ...choice.function, name: upstreamToolName(choice.function.name, rule) } };
  if (Array.isArray(out.messages)) {
    const loaded = loadedToolLines(renamed);
    out.messages = (out.messages as ChatMessage[]).map((message) => {
      if (message.role === 'tool' && typeof message.content === 'string') return { ...message, content: message.content.split('\n').map((line) => loaded.get(line) ?? line).join('\n') };
      return message.tool_calls ? { ...message, tool_calls: message.tool_calls.map((call) => ({ ...call, function: { ...call.function, name: upstreamToolName(call.function.name, rule) } })) } : message;
    });
  }
  return out as T;
}

/**
 * A tool search's result names the tools it loaded (anthropic-deferred-tools.ts): the line naming
 * a renamed one, under the client's name → the line under the name the upstream knows it by.
 */
function loadedToolLines(renamed: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const lines = new Map<string, string>();
  for (const [upstream, client] of renamed) lines.set(toolReferenceText({ type: 'tool_reference', tool_name: client }), toolReferenceText({ type: 'tool_reference', tool_name: upstream }));
  return lines;
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
