/**
 * The API-neutral answer: both wire handlers describe a request as a `ReplyRequest`, get a
 * `Reply` (text or tool calls) and render it in their own format. Scripts win over generation.
 */
import type { JsonObject } from '../core/openai-wire.js';
import { fnvString } from '../core/fnv-hash.js';
import { generateText, splitTokens, truncate, type Rng, type Truncation } from './content.js';
import { seededRandom } from '../core/seeded-random.js';
import { readFromSources } from './read-sources.js';
import { schemaAskedInWords } from './schema-in-prompt.js';
import { FREE_FORM_OBJECT, valueForSchema } from './schema-value.js';
import type { ScriptRule } from './types.js';

export interface ToolSpec {
  name: string;
  /** What the tool offers; `auto` calls it when the prompt asks for that. */
  description?: string;
  parameters: JsonObject;
}

/** `auto` calls a tool when the prompt asks for one; `required` always; a name forces that tool. */
export type ToolMode = 'auto' | 'none' | 'required' | { name: string };

export type OutputFormat = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: JsonObject };

export interface ReplyRequest {
  /** The content hash of the prompt (plus model and seed); the same seed gives the same reply. */
  seed: number;
  lastUserText: string;
  /** System / developer text (Anthropic `system`, Responses `instructions`): where grounding context goes. */
  systemText?: string;
  /** The last message carries tool results: answer in text, so agent loops end. */
  answeringToolResult: boolean;
  /** Names of the tools the conversation has called so far. */
  calledTools?: ReadonlySet<string>;
  tools: ToolSpec[];
  toolMode: ToolMode;
  parallelToolCalls: boolean;
  format: OutputFormat;
  maxTokens: number | undefined;
  stop: readonly string[];
  script: ScriptRule | undefined;
}

export interface ReplyToolCall {
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export type Reply =
  | ({ kind: 'text' } & Truncation)
  | { kind: 'tools'; calls: ReplyToolCall[]; outputTokens: number; /** `length` when `maxTokens` cut the calls short. */ finish?: 'length' };

/**
 * Decides and generates the answer.
 *
 * @example
 * makeReply({ seed: 1, lastUserText: 'hi', answeringToolResult: false, tools: [], toolMode: 'auto',
 *   parallelToolCalls: true, format: { type: 'text' }, maxTokens: 5, stop: [], script: undefined });
 * // { kind: 'text', text: 'Regarding "hi", here is', finish: 'length', pieces: ['Regard', 'ing', ' "hi",', ' here', ' is'], … }
 */
export function makeReply(request: ReplyRequest): Reply {
  const rng = seededRandom(request.seed);
  if (request.script) return scriptedReply(request, request.script);
  const calls = chooseToolCalls(request, rng);
  if (calls.length > 0) return toolReply(calls);
  const format = request.format.type === 'json_schema' ? request.format : formatAskedInWords(request);
  const read = format.type === 'text' ? readFromSources(request.systemText ?? '', request.lastUserText) : undefined;
  const text = read ?? (format.type === 'text' ? generateText(rng, request.lastUserText) : JSON.stringify(jsonValue(format, request.lastUserText, rng)));
  return { kind: 'text', ...truncate(text, request.stop, request.maxTokens) };
}

function scriptedReply(request: ReplyRequest, script: ScriptRule): Reply {
  const reply = script.reply;
  if (typeof reply === 'string') return { kind: 'text', ...truncate(reply, request.stop, request.maxTokens) };
  if ('tool_calls' in reply) {
    return toolReply(
      reply.tool_calls.map((call) => ({
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
      })),
    );
  }
  return { kind: 'text', ...truncate(JSON.stringify(reply.json), request.stop, request.maxTokens) };
}

// What a call costs beyond its arguments: its name and the call's framing.
const CALL_OVERHEAD_TOKENS = 4;

function toolReply(calls: ReplyToolCall[]): Reply {
  let outputTokens = 0;
  for (const call of calls) outputTokens += splitTokens(call.arguments).length + CALL_OVERHEAD_TOKENS;
  return { kind: 'tools', calls, outputTokens };
}

/**
 * Tool calls cut at `maxTokens`, as OpenAI's chat completions and Anthropic's messages cut them:
 * the calls that fit, then the one in progress with its arguments' JSON broken off, and
 * `finish: 'length'`. Gemini returns a function call whole or not at all, so its renderer does
 * not cut.
 *
 * @example limitToolCalls({ kind: 'tools', calls: [{ name: 'f', arguments: '{"city":"Oslo"}' }], outputTokens: 9 }, 6)
 * // { kind: 'tools', calls: [{ name: 'f', arguments: '{"city' }], outputTokens: 6, finish: 'length' }
 */
export function limitToolCalls(reply: Reply, maxTokens: number | undefined): Reply {
  if (reply.kind !== 'tools' || maxTokens === undefined || reply.outputTokens <= maxTokens) return reply;
  const calls: ReplyToolCall[] = [];
  let budget = maxTokens;
  for (const call of reply.calls) {
    const pieces = splitTokens(call.arguments);
    const room = Math.max(0, budget - CALL_OVERHEAD_TOKENS);
    if (pieces.length <= room) {
      calls.push(call);
      budget -= pieces.length + CALL_OVERHEAD_TOKENS;
      continue;
    }
    calls.push({ name: call.name, arguments: pieces.slice(0, room).join('') });
    break;
  }
  return { kind: 'tools', calls, outputTokens: maxTokens, finish: 'length' };
}

/**
 * A request whose prompt asks for JSON fitting a schema it spells out, in the last user message or
 * else in the system text, is answered as if the schema were the response format: in plain text,
 * and in JSON mode (`json_object`), where the prompt is the only place a schema can be.
 * Instructor's JSON and MD_JSON modes write the schema into a system message.
 */
function formatAskedInWords(request: ReplyRequest): OutputFormat {
  const schema = schemaInPrompt(request);
  return schema ? { type: 'json_schema', schema } : request.format;
}

function schemaInPrompt(request: ReplyRequest): JsonObject | undefined {
  return schemaAskedInWords(request.lastUserText) ?? (request.systemText ? schemaAskedInWords(request.systemText) : undefined);
}

/**
 * The schema a call's arguments are filled from: the tool's own, or, for a tool that takes any
 * object (the gateway's `json_response` tool, by which Claude answers an OpenAI client's JSON
 * mode), the schema the prompt spells out, as a model that reads its instructions fills it.
 */
function argumentSchema(tool: ToolSpec, request: ReplyRequest): JsonObject {
  const schema = tool.parameters.type === undefined ? { ...tool.parameters, type: 'object' } : tool.parameters;
  const freeForm = schema.properties === undefined && schema.additionalProperties === true;
  return (freeForm ? schemaInPrompt(request) : undefined) ?? schema;
}

function jsonValue(format: Exclude<OutputFormat, { type: 'text' }>, hint: string, rng: Rng): unknown {
  const ctx = { rng, hint, root: format.type === 'json_schema' ? format.schema : {} };
  if (format.type === 'json_schema') return valueForSchema(format.schema, ctx);
  // json_object: any object will do; keep it small and recognisably related to the question.
  return valueForSchema(FREE_FORM_OBJECT, ctx);
}

/** Normalises a tool name for mention matching: `get_weather` and "get weather" both count. */
function mentionKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Words too common in tool names and descriptions to say what a tool is for. */
const GENERIC_WORDS = new Set(['get', 'set', 'list', 'find', 'fetch', 'make', 'create', 'update', 'delete', 'return', 'returns', 'the', 'and', 'for', 'with', 'from', 'this', 'that', 'what', 'which', 'when', 'where', 'your', 'user', 'users', 'given', 'into', 'about', 'current', 'tool', 'function', 'value', 'data', 'info', 'information']);

/** Significant words of a text, lower-case and without a plural "s", for matching requests to tools. */
function significantWords(text: string): Set<string> {
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !GENERIC_WORDS.has(w));
  return new Set(words.map((w) => (w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)));
}

/**
 * Whether a prompt asks for what a tool offers, deterministically: a significant word of the
 * tool's name, or two of its description, occur in the prompt.
 *
 * @example offers({ name: 'get_weather', parameters: {} }, "What's the weather in Oslo?") // true
 */
export function offers(tool: ToolSpec, prompt: string): boolean {
  const asked = significantWords(prompt);
  const fromName = [...significantWords(tool.name.replace(/([a-z])([A-Z])/g, '$1 $2'))];
  if (fromName.some((w) => asked.has(w))) return true;
  const fromDescription = [...significantWords(tool.description ?? '')].filter((w) => asked.has(w));
  return fromDescription.length >= 2;
}

/**
 * The tools a model made to call one after a tool result moves on to: those the conversation has
 * not called yet (an agent's final-answer tool, such as the AI SDK's `json` for a structured
 * output), so a loop under `required` ends instead of repeating the same call; all of them once
 * every one has been called.
 */
function unusedAfterResult(request: ReplyRequest): ToolSpec[] {
  const called = request.calledTools;
  if (!request.answeringToolResult || called === undefined) return request.tools;
  const unused = request.tools.filter((tool) => !called.has(tool.name));
  return unused.length > 0 ? unused : request.tools;
}

function chooseToolCalls(request: ReplyRequest, rng: Rng): ReplyToolCall[] {
  const { tools, toolMode } = request;
  if (tools.length === 0 || toolMode === 'none') return [];
  let chosen: ToolSpec[];
  if (typeof toolMode === 'object') {
    chosen = tools.filter((tool) => tool.name === toolMode.name).slice(0, 1);
  } else {
    const candidates = toolMode === 'required' ? unusedAfterResult(request) : tools;
    const text = ` ${mentionKey(request.lastUserText)} `;
    const named = candidates.filter((tool) => text.includes(` ${mentionKey(tool.name)} `));
    // Named outright, or asked for what the tool offers ("weather in Oslo?" → get_weather).
    const mentioned = named.length > 0 ? named : candidates.filter((tool) => offers(tool, request.lastUserText));
    const asksForTool = mentioned.length > 0 || /\b(tool|function)s?\b/i.test(request.lastUserText);
    if (toolMode === 'auto' && (request.answeringToolResult || !asksForTool)) return [];
    chosen = mentioned.length > 0 ? mentioned : [candidates[Math.floor(rng() * candidates.length)] as ToolSpec];
    if (!request.parallelToolCalls) chosen = chosen.slice(0, 1);
  }
  return chosen.map((tool) => {
    // Each call gets its own stream of numbers, so adding a tool does not change the others.
    const toolRng = seededRandom(fnvString(tool.name, request.seed));
    // Tool arguments are always an object, even when a schema forgets to say so.
    const schema = argumentSchema(tool, request);
    const args = valueForSchema(schema, { rng: toolRng, hint: request.lastUserText, root: schema });
    return { name: tool.name, arguments: JSON.stringify(args) };
  });
}
