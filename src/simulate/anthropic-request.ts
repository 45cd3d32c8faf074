/**
 * Reads an Anthropic Messages request: validates it with the API's own messages
 * (`max_tokens: Field required`), and digests tools → system → messages in cache order,
 * marking each `cache_control` breakpoint for prompt-cache accounting.
 */
import { isHiddenDeferredTool, referencedToolNames } from '../core/anthropic-deferred-tools.js';
import { textOf } from '../core/clip.js';
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { type CacheBreakpoint, PromptDigest, type PrefixCheckpoint } from './prompt-digest.js';
import { cacheTtlProblem, isHourTtl } from './cache-ttl.js';
import type { OutputFormat, ReplyRequest, ToolMode, ToolSpec } from './reply.js';
import { samplingProblem, thinkingTurnProblem } from './anthropic-sampling.js';
import { signatureProblem } from './thinking-signature.js';
import { lacksStructuredOutputs, takesPrefill, thinkingModes } from '../core/claude-models.js';
import { outputLimit } from '../tokens/output-limits.js';
import { unknownMessagesField } from './known-fields.js';
import { systemTurnProblem } from './system-turns.js';
import { toolPairingProblem } from './tool-pairing.js';
import { questionText } from './question-text.js';
import { claudeImageTokens, claudePageImageTokens } from '../tokens/image-tokens.js';
import { claudePdfTokens } from '../tokens/pdf-tokens.js';
import { imageSizeOfBase64 } from '../tokens/image-size.js';
import { isBase64 } from '../core/base64-data.js';
import { ANTHROPIC_TOOL_NAME, anthropicToolNameRefused } from './tool-names.js';
import { mixedCitationsProblem, sourceBlockPlacementProblem, sourceBlockProblem, systemBlocksProblem } from './claude-source-blocks.js';

export interface MessagesPlan {
  model: string;
  stream: boolean;
  promptTokens: number;
  /** Prefixes ending at `cache_control` breakpoints, with their lifetimes. */
  breakpoints: CacheBreakpoint[];
  /** Prefixes ending at each content block, where Claude looks back for a cache hit. */
  blocks: PrefixCheckpoint[];
  reply: Omit<ReplyRequest, 'seed' | 'script'>;
  seed: number;
  /** Tokens Claude may think: an enabled request's budget, or adaptive thinking's share; else undefined. */
  thinkingBudget: number | undefined;
  /** `thinking.display: "omitted"`: the thinking block comes empty, with its signature. */
  thinkingOmitted: boolean;
  /** The web search server tool, when the request offers it. */
  webSearch?: WebSearchTool | undefined;
}

/** What a request's `web_search_20250305` tool allows. */
export interface WebSearchTool {
  maxUses: number | undefined;
  allowedDomains: string[];
}

/** Anthropic's web search server tool, in any version (`web_search_20250305`). */
const WEB_SEARCH_TYPE = /^web_search_\d{8}$/;

/**
 * Anthropic's tool reference (platform.claude.com, "Tool reference"): server tools run on
 * Anthropic's side and answer in blocks of their own (web fetch, code execution, advisor, tool
 * search, the MCP connector); the simulator runs only the web search, and refuses the others by
 * name rather than let a model call them as if the client ran them. Anthropic-defined client
 * tools (bash, text editor, computer use, memory) are the client's to run: a model calls them as
 * any tool. Any other `type` is not a tool the API knows.
 */
const UNSIMULATED_SERVER_TOOL = /^(?:web_fetch|code_execution|advisor|tool_search_tool_regex|tool_search_tool_bm25)_\d{8}$|^mcp_toolset$/;
const CLIENT_TOOL_TYPES = ['bash', 'text_editor', 'computer', 'memory'];
const CLIENT_TOOL = new RegExp(`^(?:${CLIENT_TOOL_TYPES.join('|')})_\\d{8}$`);

/** Why a tool's `type` cannot be simulated, in the API's words for a tag it does not know. */
function toolTypeProblem(type: unknown, i: number): Invalid | undefined {
  if (type === undefined || type === null || type === 'custom') return undefined;
  if (typeof type === 'string' && (WEB_SEARCH_TYPE.test(type) || CLIENT_TOOL.test(type))) return undefined;
  if (typeof type === 'string' && UNSIMULATED_SERVER_TOOL.test(type)) return { invalid: `tools.${i}: the simulator does not run Anthropic's server tool '${type}' (it runs web_search only)` };
  const tags = ['custom', ...CLIENT_TOOL_TYPES.map((name) => `${name}_…`), 'web_search_…', 'web_fetch_…', 'code_execution_…'];
  return { invalid: `tools.${i}: Input tag '${textOf(type).slice(0, 100)}' found using 'type' does not match any of the expected tags: ${tags.map((t) => `'${t}'`).join(', ')}` };
}

/** A validation failure: Anthropic's messages name the field first, e.g. `max_tokens: Field required`. */
export interface Invalid {
  invalid: string;
}

// What a block without text of its own (a search result, a server tool's result) costs in the
// prompt, roughly; images are counted by their size (`imageTokens`), documents by their pages
// and text (`documentTokens`).
const OTHER_BLOCK_TOKENS = 1_000;

/**
 * What a document block costs: a base64 PDF as Claude counts it (`claudePdfTokens`: per page an
 * image, plus the text); plain text by its characters; a URL or a Files API id (not fetched) as
 * one page of nothing but image. A `content` document's blocks are counted as blocks.
 *
 * @example documentTokens(digest, { type: 'base64', media_type: 'application/pdf', data: '…3 pages…' }, model) // 3 × 1,575 + text
 */
function documentTokens(digest: PromptDigest, source: unknown, model: string): number {
  if (!isJsonObject(source)) return 0;
  if (source.type === 'base64' && typeof source.data === 'string') return claudePdfTokens(Buffer.from(source.data, 'base64'));
  if (source.type === 'text' && typeof source.data === 'string') {
    digest.add(source.data);
    return 0;
  }
  if (source.type === 'content') {
    addBlocks(digest, source.content, model);
    return 0;
  }
  return claudePageImageTokens({ width: 612, height: 792 });
}

/**
 * What an image block costs, as Claude counts it (`claudeImageTokens`): a base64 image by the
 * size its header states; a URL or a Files API id (which the simulator does not fetch), or data
 * whose header does not parse, at the most the model reads.
 *
 * @example imageTokens('claude-sonnet-4-6', { type: 'url', url: 'https://x/y.png' }) // 1600
 */
function imageTokens(model: string, source: unknown): number {
  const data = isJsonObject(source) && source.type === 'base64' && typeof source.data === 'string' ? source.data : undefined;
  return claudeImageTokens(model, data === undefined ? undefined : imageSizeOfBase64(data));
}

// The content block types the Messages API accepts in a message; any other `type` is a 400
// naming the block and the accepted tags (pydantic's discriminated-union message).
const BLOCK_TYPES = [
  'text', 'image', 'document', 'search_result', 'thinking', 'redacted_thinking', 'tool_use', 'tool_result',
  'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result',
  'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'mcp_tool_use', 'mcp_tool_result', 'container_upload',
];
const KNOWN_BLOCK = new Set(BLOCK_TYPES);

function unknownBlock(content: unknown, at: string, role: unknown): Invalid | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const [j, block] of content.entries()) {
    if (!isJsonObject(block)) return { invalid: `${at}.${j}: Input should be a valid dictionary or object to extract fields from` };
    if (typeof block.type !== 'string' || !KNOWN_BLOCK.has(block.type)) {
      const tag = typeof block.type === 'string' ? `Input tag '${block.type.slice(0, 100)}' found using 'type'` : "Unable to extract tag using discriminator 'type'";
      return { invalid: `${at}.${j}: ${tag} does not match any of the expected tags: ${BLOCK_TYPES.map((t) => `'${t}'`).join(', ')}` };
    }
    const placed = sourceBlockPlacementProblem(role, block, `${at}.${j}`) ?? sourceBlockProblem(block, `${at}.${j}`) ?? blockBooleanProblem(block, `${at}.${j}`);
    if (placed) return { invalid: placed };
    if (block.type === 'image') {
      const problem = imageProblem(block.source, `${at}.${j}`);
      if (problem) return { invalid: problem };
    }
    // A screenshot a tool returned is read as any image, a search result or document as in a message.
    if (block.type === 'tool_result' && Array.isArray(block.content)) {
      for (const [k, inner] of block.content.entries()) {
        if (!isJsonObject(inner)) continue;
        const innerAt = `${at}.${j}.tool_result.content.${k}`;
        const problem = inner.type === 'image' ? imageProblem(inner.source, innerAt) : inner.type === 'tool_reference' ? toolReferenceProblem(inner, innerAt) : sourceBlockProblem(inner, innerAt);
        if (problem) return { invalid: problem };
      }
    }
    // A thinking block sent back must carry the signature Claude gave it (see `thinking-signature.ts`).
    if (block.type === 'thinking') {
      const problem = signatureProblem(block, `${at}.${j}`);
      if (problem) return { invalid: problem };
    }
  }
  return undefined;
}

/** A block's boolean fields that hold something else: a tool result's `is_error`, a document's `citations.enabled`. */
function blockBooleanProblem(block: JsonObject, at: string): string | undefined {
  if (block.type === 'tool_result') return notBoolean(block.is_error, `${at}.tool_result.is_error`);
  if (block.type === 'document' && isJsonObject(block.citations)) return notBoolean(block.citations.enabled, `${at}.document.citations.enabled`);
  return undefined;
}

/**
 * A boolean field that holds something else, in the API's validation words (pydantic's, with the
 * field's path), or undefined for a boolean, null or nothing.
 *
 * @example notBoolean('yes', 'stream') // 'stream: Input should be a valid boolean'
 */
function notBoolean(value: unknown, at: string): string | undefined {
  return value === undefined || value === null || typeof value === 'boolean' ? undefined : `${at}: Input should be a valid boolean`;
}

/** A tool search's reference without a string `tool_name`, in the API's validation words. */
function toolReferenceProblem(block: JsonObject, at: string): string | undefined {
  if (block.tool_name === undefined) return `${at}.tool_reference.tool_name: Field required`;
  return typeof block.tool_name === 'string' ? undefined : `${at}.tool_reference.tool_name: Input should be a valid string`;
}

/** The first bytes of each image type Claude reads, for its "does not match the provided media type". */
const IMAGE_MAGIC: Readonly<Record<string, (b: Buffer) => boolean>> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/**
 * A base64 image Claude refuses, in its words (as users of its API and Claude Code quote them):
 * empty, not base64, or bytes of another type than `media_type` says. The simulator answered such
 * an image, so a gateway forwarding one was never shown the 400 it gets from Anthropic.
 */
function imageProblem(source: unknown, at: string): string | undefined {
  if (!isJsonObject(source) || source.type !== 'base64' || typeof source.data !== 'string') return undefined;
  const data = source.data;
  if (data === '') return `${at}.image.source.base64: image cannot be empty`;
  if (!isBase64(data)) return `${at}.image.source.base64: invalid base64 data`;
  const magic = typeof source.media_type === 'string' ? IMAGE_MAGIC[source.media_type] : undefined;
  if (magic && !magic(Buffer.from(data.slice(0, 24), 'base64'))) return `${at}.image.source.base64.data: Image does not match the provided media type ${String(source.media_type)}`;
  return undefined;
}

/**
 * Claude's rules on empty text, which OpenAI does not have (an OpenAI conversation sent on as it
 * is meets them): a turn with no content but a final assistant one (a prefill), an empty text
 * block, a text block of only whitespace (models answer "\n\n" before a tool call).
 */
function emptyText(message: JsonObject, i: number, last: boolean): Invalid | undefined {
  const content = message.content;
  if (content === '' || (Array.isArray(content) && content.length === 0)) {
    return last && message.role === 'assistant' ? undefined : { invalid: `messages.${i}: all messages must have non-empty content except for the optional final assistant message` };
  }
  const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];
  for (const block of blocks) {
    if (!isJsonObject(block) || block.type !== 'text' || typeof block.text !== 'string') continue;
    if (block.text === '') return { invalid: 'messages: text content blocks must be non-empty' };
    if (block.text.trim() === '') return { invalid: 'messages: text content blocks must contain non-whitespace text' };
  }
  return undefined;
}

/**
 * Digests a message's content; returns its text (every text block, joined), the question in it
 * (without an agent's tagged context blocks: question-text.ts) and whether it answers a tool call.
 */
function addBlocks(digest: PromptDigest, content: unknown, model: string): { text: string; question: string; toolResult: boolean } {
  if (typeof content === 'string') {
    // A string is shorthand for one text block and must hash the same.
    digest.mix('text');
    digest.add(content);
    digest.endBlock();
    return { text: content, question: content, toolResult: false };
  }
  const texts: string[] = [];
  let toolResult = false;
  if (!Array.isArray(content)) return { text: '', question: '', toolResult };
  for (const block of content) {
    if (!isJsonObject(block)) continue;
    digest.mix(textOf(block.type));
    if (block.type === 'text' && typeof block.text === 'string') {
      digest.add(block.text);
      if (block.text) texts.push(block.text);
    } else if (block.type === 'tool_result') {
      toolResult = true;
      addBlocks(digest, block.content, model);
    } else if (block.type === 'tool_use') {
      digest.add(`${textOf(block.name)}${JSON.stringify(block.input ?? {})}`);
    } else if (block.type === 'thinking' && typeof block.thinking === 'string') {
      digest.add(block.thinking);
    } else if (block.type === 'image') {
      digest.overhead += imageTokens(model, block.source);
    } else if (block.type === 'document') {
      digest.overhead += documentTokens(digest, block.source, model);
    } else {
      digest.overhead += OTHER_BLOCK_TOKENS;
    }
    digest.endBlock();
    if (block.cache_control) digest.mark(isHourTtl(block.cache_control));
  }
  return { text: texts.join('\n'), question: questionText(texts), toolResult };
}

function readTools(body: JsonObject, digest: PromptDigest, search: { tool?: WebSearchTool }): ToolSpec[] | Invalid {
  if (body.tools === undefined || body.tools === null) return [];
  if (!Array.isArray(body.tools)) return { invalid: 'tools: Input should be a valid list' };
  const tools: ToolSpec[] = [];
  const referenced = referencedToolNames(body.messages);
  const names = new Set<string>();
  for (const [i, tool] of body.tools.entries()) {
    if (!isJsonObject(tool) || typeof tool.name !== 'string') return { invalid: `tools.${i}.name: Field required` };
    // Claude's words for two tools of one name, whatever their types.
    if (names.has(tool.name)) return { invalid: 'tools: Tool names must be unique.' };
    names.add(tool.name);
    const unknown = toolTypeProblem(tool.type, i);
    if (unknown) return unknown;
    if (typeof tool.type === 'string' && WEB_SEARCH_TYPE.test(tool.type)) {
      const problem = webSearchProblem(tool, i);
      if (problem) return problem;
      search.tool = { maxUses: typeof tool.max_uses === 'number' ? tool.max_uses : undefined, allowedDomains: Array.isArray(tool.allowed_domains) ? (tool.allowed_domains as string[]) : [] };
      digest.add(JSON.stringify(tool));
      digest.endBlock();
      // Claude runs it itself: the reply generator never calls it as a client tool.
      continue;
    }
    // Server tools (web search, bash…) have a `type` and no schema; custom tools need one.
    const custom = tool.type === undefined || tool.type === null || tool.type === 'custom';
    if (custom && !isJsonObject(tool.input_schema)) return { invalid: `tools.${i}.custom.input_schema: ${tool.input_schema === undefined ? 'Field required' : 'Input should be a valid dictionary'}` };
    if (custom && tool.description !== undefined && typeof tool.description !== 'string') return { invalid: `tools.${i}.custom.description: Input should be a valid string` };
    const kind = custom ? 'custom' : textOf(tool.type);
    const notBool = notBoolean(tool.defer_loading, `tools.${i}.${kind}.defer_loading`) ?? notBoolean(tool.strict, `tools.${i}.${kind}.strict`);
    if (notBool) return { invalid: notBool };
    if (custom && anthropicToolNameRefused(tool.name)) {
      return { invalid: `tools.${i}.custom.name: String should match pattern '${ANTHROPIC_TOOL_NAME}'` };
    }
    // Tool search: Claude neither sees nor calls a deferred tool until a tool result references it.
    if (isHiddenDeferredTool(tool, referenced)) continue;
    tools.push({ name: tool.name, ...(typeof tool.description === 'string' ? { description: tool.description } : {}), parameters: isJsonObject(tool.input_schema) ? tool.input_schema : { type: 'object' } });
    digest.add(JSON.stringify(tool));
    digest.endBlock();
    if (tool.cache_control) digest.mark(isHourTtl(tool.cache_control));
  }
  return tools;
}

/** The web search tool's own checks, in the API's words: its name, a positive max_uses, one domain list. */
function webSearchProblem(tool: JsonObject, i: number): Invalid | undefined {
  const at = `tools.${i}.${textOf(tool.type)}`;
  if (tool.name !== 'web_search') return { invalid: `${at}.name: Input should be 'web_search'` };
  if (tool.max_uses !== undefined && tool.max_uses !== null && (typeof tool.max_uses !== 'number' || !Number.isInteger(tool.max_uses) || tool.max_uses < 1)) {
    return { invalid: `${at}.max_uses: Input should be greater than 0` };
  }
  for (const field of ['allowed_domains', 'blocked_domains'] as const) {
    const list = tool[field];
    if (list !== undefined && list !== null && (!Array.isArray(list) || !list.every((d) => typeof d === 'string'))) return { invalid: `${at}.${field}: Input should be a valid list` };
  }
  if (Array.isArray(tool.allowed_domains) && Array.isArray(tool.blocked_domains)) return { invalid: 'Cannot specify both allowed_domains and blocked_domains' };
  if (tool.user_location !== undefined && tool.user_location !== null && (!isJsonObject(tool.user_location) || tool.user_location.type !== 'approximate')) {
    return { invalid: `${at}.user_location.type: Input should be 'approximate'` };
  }
  return undefined;
}

/** `searches`: the request offers the web search server tool, which a choice may name too (Claude then searches first, as it does here anyway). */
function readToolMode(body: JsonObject, tools: ToolSpec[], searches: boolean): ToolMode | Invalid {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return 'auto';
  if (!isJsonObject(choice)) return { invalid: 'tool_choice: Input should be a valid dictionary or object' };
  const parallel = notBoolean(choice.disable_parallel_tool_use, `tool_choice.${textOf(choice.type)}.disable_parallel_tool_use`);
  if (parallel) return { invalid: parallel };
  if (choice.type === 'auto' || choice.type === 'none') return choice.type;
  if (choice.type === 'any') return 'required';
  if (choice.type === 'tool' && typeof choice.name === 'string') {
    const name = choice.name;
    if (searches && name === 'web_search') return 'auto';
    if (!tools.some((tool) => tool.name === name)) return { invalid: `tool_choice: tool '${name}' not found in 'tools'` };
    return { name };
  }
  return { invalid: "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'" };
}

function readFormat(body: JsonObject): OutputFormat {
  // `output_config.format` is the current name; `output_format` the structured-outputs beta one.
  const config = isJsonObject(body.output_config) ? body.output_config.format : undefined;
  const format = isJsonObject(config) ? config : body.output_format;
  if (isJsonObject(format) && format.type === 'json_schema' && isJsonObject(format.schema)) return { type: 'json_schema', schema: format.schema };
  return { type: 'text' };
}

/**
 * Validates and digests a request body; `requireMaxTokens` is false for `count_tokens`.
 *
 * @example parseMessagesRequest({ model: 'claude-standin', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }, true)
 */
export function parseMessagesRequest(body: JsonObject, requireMaxTokens: boolean, options: { interleavedThinking?: boolean } = {}): MessagesPlan | Invalid {
  const unknown = unknownMessagesField(body, !requireMaxTokens);
  if (unknown) return { invalid: unknown };
  if (typeof body.model !== 'string' || body.model === '') return { invalid: 'model: Field required' };
  const model = body.model;
  // A "true" was taken as false: the client waited for one JSON answer it never asked for.
  const stream = notBoolean(body.stream, 'stream');
  if (stream) return { invalid: stream };
  const maxTokens = body.max_tokens;
  if (maxTokens === undefined && requireMaxTokens) return { invalid: 'max_tokens: Field required' };
  if (maxTokens !== undefined) {
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) return { invalid: 'max_tokens: Input should be a valid integer' };
    if (maxTokens < 1) return { invalid: 'max_tokens: Input should be greater than or equal to 1' };
    // Anthropic refuses a cap above the model's output limit, naming the model as sent.
    const limit = requireMaxTokens ? outputLimit(model) : undefined;
    if (limit !== undefined && maxTokens > limit) return { invalid: `max_tokens: ${maxTokens} > ${limit}, which is the maximum allowed number of output tokens for ${model}` };
  }
  const temperature = body.temperature;
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 1)) {
    return { invalid: 'temperature: Input should be a number between 0 and 1' };
  }
  const messages = body.messages;
  if (messages === undefined) return { invalid: 'messages: Field required' };
  if (!Array.isArray(messages)) return { invalid: 'messages: Input should be a valid list' };
  if (messages.length === 0) return { invalid: 'messages: at least one message is required' };
  if (body.stop_sequences !== undefined && (!Array.isArray(body.stop_sequences) || !body.stop_sequences.every((s) => typeof s === 'string'))) {
    return { invalid: 'stop_sequences: Input should be a valid list of strings' };
  }
  // Claude refuses what OpenAI takes (`stop: ["\n"]` is common in OpenAI clients' requests).
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.some((s) => s === '')) return { invalid: 'stop_sequences: each stop sequence must be non-empty' };
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.some((s) => typeof s === 'string' && s.trim() === '')) {
    return { invalid: 'stop_sequences: each stop sequence must contain non-whitespace' };
  }

  // The MCP connector: Anthropic calls the servers for the model, which the simulator does not,
  // so it refuses them by name as it refuses the server tools it does not run.
  if (Array.isArray(body.mcp_servers) && body.mcp_servers.length > 0) return { invalid: "mcp_servers: the simulator does not run Anthropic's MCP connector (it runs web_search only)" };

  const digest = new PromptDigest();
  digest.mix(model);
  const search: { tool?: WebSearchTool } = {};
  const tools = readTools(body, digest, search);
  if (!Array.isArray(tools)) return tools;
  const toolMode = readToolMode(body, tools, search.tool !== undefined);
  if (typeof toolMode === 'object' && 'invalid' in toolMode) return toolMode;
  let systemText = '';
  if (body.system !== undefined) {
    if (typeof body.system !== 'string' && !Array.isArray(body.system)) return { invalid: 'system: Input should be a valid string or list of text blocks' };
    const notText = systemBlocksProblem(body.system);
    if (notText) return { invalid: notText };
    digest.message('system');
    systemText = addBlocks(digest, body.system, model).text;
  }
  let lastUserText = '';
  let answeringToolResult = false;
  const calledTools = new Set<string>();
  for (const [i, message] of messages.entries()) {
    if (!isJsonObject(message)) return { invalid: `messages.${i}: Input should be a valid dictionary` };
    if (message.role === 'system') {
      const problem = systemTurnProblem(model, messages, i);
      if (problem) return { invalid: problem };
    } else if (message.role !== 'user' && message.role !== 'assistant') return { invalid: `messages.${i}.role: Input should be 'user' or 'assistant'` };
    if (message.content === undefined) return { invalid: `messages.${i}.content: Field required` };
    const unknown = unknownBlock(message.content, `messages.${i}.content`, message.role) ?? emptyText(message, i, i === messages.length - 1);
    if (unknown) return unknown;
    digest.message(message.role);
    const { text, question, toolResult } = addBlocks(digest, message.content, model);
    // A system message instructs from its place on, as the top-level system does from the start.
    if (message.role === 'system') systemText += `${systemText ? '\n' : ''}${text}`;
    else if (message.role === 'user') {
      if (question) lastUserText = question;
      answeringToolResult = toolResult;
    } else if (Array.isArray(message.content)) {
      for (const block of message.content) if (isJsonObject(block) && block.type === 'tool_use' && typeof block.name === 'string') calledTools.add(block.name);
    }
  }
  // Automatic caching: a top-level `cache_control` marks the last block, wherever the conversation ends.
  if (isJsonObject(body.cache_control)) digest.mark(isHourTtl(body.cache_control));
  const unanswered = toolPairingProblem(messages) ?? mixedCitationsProblem(messages);
  if (unanswered) return { invalid: unanswered };
  // Counting tokens is not answering: only a request for an answer is held to it.
  if (requireMaxTokens && isJsonObject(messages.at(-1)) && (messages.at(-1) as JsonObject).role === 'assistant' && !takesPrefill(model)) {
    return { invalid: 'This model does not support assistant message prefill. The conversation must end with a user message.' };
  }
  const lifetime = cacheTtlProblem(body);
  if (lifetime) return { invalid: lifetime };
  const formatted = isJsonObject(body.output_config) && isJsonObject(body.output_config.format) ? 'output_config.format' : isJsonObject(body.output_format) ? 'output_format' : undefined;
  if (formatted !== undefined && lacksStructuredOutputs(model)) return { invalid: `${formatted}: model '${model}' does not support structured outputs` };
  const thinking = body.thinking;
  const refused = thinkingModeProblem(model, thinking);
  if (refused) return { invalid: refused };
  const modes = thinkingModes(model);
  const budget = isJsonObject(thinking) && thinking.type === 'enabled' && typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : adaptiveBudget(body, maxTokens, modes?.byDefault === true);
  if (isJsonObject(thinking) && thinking.type === 'enabled') {
    const problem = thinkingProblem(thinking.budget_tokens, maxTokens, options.interleavedThinking === true);
    if (problem) return { invalid: problem };
  }
  const thinks = isJsonObject(thinking) && thinking.type === 'enabled';
  const sampling = samplingProblem(body, thinks) ?? (thinks ? thinkingTurnProblem(messages) : undefined);
  if (sampling) return { invalid: sampling };
  const toolChoice = isJsonObject(body.tool_choice) ? body.tool_choice : {};

  return {
    model,
    stream: body.stream === true,
    promptTokens: digest.tokens(),
    breakpoints: digest.breakpoints,
    blocks: digest.blocks,
    // Anthropic has no `seed`: the prompt alone decides the answer.
    seed: digest.hash,
    thinkingBudget: budget,
    thinkingOmitted: isJsonObject(thinking) && thinking.display !== undefined ? thinking.display === 'omitted' : modes?.display === 'omitted',
    webSearch: search.tool,
    reply: {
      lastUserText,
      systemText,
      answeringToolResult,
      calledTools,
      tools,
      toolMode,
      parallelToolCalls: toolChoice.disable_parallel_tool_use !== true,
      format: readFormat(body),
      maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      stop: Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : [],
    },
  };
}

/**
 * What adaptive thinking (`thinking: {type: "adaptive"}`) thinks: Anthropic's thinking guide says
 * that at the default effort (`high`) Claude almost always thinks and at lower effort may skip
 * thinking on simpler problems, so here it thinks unless `output_config.effort` is `low`, within
 * `max_tokens` as thinking always is; so does a request without `thinking` to a model that thinks
 * by default (`thinkingModes`). Before, an adaptive request never thought here, so clients
 * that now send it (AI SDK 7's `thinking: {type: 'adaptive'}`, Claude Code) saw no reasoning.
 */
function adaptiveBudget(body: JsonObject, maxTokens: unknown, byDefault: boolean): number | undefined {
  // Opus 5 on, Mythos and Fable think adaptively when `thinking` is left out.
  const adaptive = body.thinking === undefined ? byDefault : isJsonObject(body.thinking) && body.thinking.type === 'adaptive';
  if (!adaptive) return undefined;
  if (isJsonObject(body.output_config) && body.output_config.effort === 'low') return undefined;
  return Math.max(1, Math.min(ADAPTIVE_THINKING_TOKENS, (typeof maxTokens === 'number' ? maxTokens : ADAPTIVE_THINKING_TOKENS + 1) - 1));
}
/** Adaptive thinking's share of `max_tokens`: the smallest budget an enabled request may set. */
const ADAPTIVE_THINKING_TOKENS = 1024;

/**
 * A thinking mode the model refuses, in the words of Anthropic's 400: Opus 4.7 and later refuse
 * `enabled` (a budget), and Opus 4.7, Opus 5.5, Mythos and Fable refuse `disabled`
 * (`thinkingModes`). Names that are no Claude generation take every mode.
 */
function thinkingModeProblem(model: string, thinking: unknown): string | undefined {
  if (!isJsonObject(thinking) || (thinking.type !== 'enabled' && thinking.type !== 'disabled')) return undefined;
  const modes = thinkingModes(model);
  if (modes === undefined || modes[thinking.type]) return undefined;
  return `"thinking.type.${thinking.type}" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`;
}

/**
 * The Messages API's checks on `thinking: {type: "enabled"}`: a budget of at least 1,024 tokens,
 * below `max_tokens` (thinking counts against it), except with the interleaved-thinking beta,
 * where the budget spans a whole tool-using turn.
 */
function thinkingProblem(budget: unknown, maxTokens: unknown, interleaved: boolean): string | undefined {
  if (budget === undefined) return 'thinking.enabled.budget_tokens: Field required';
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Input should be a valid integer';
  if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  if (!interleaved && typeof maxTokens === 'number' && maxTokens <= budget) {
    return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
  }
  return undefined;
}
