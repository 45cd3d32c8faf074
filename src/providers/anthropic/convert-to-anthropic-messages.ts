/**
 * OpenAI chat messages → Anthropic `system` plus alternating `messages`. Split from the request
 * converter because message conversion is where almost all the rules live.
 */
import { appendAll } from '../../core/append-all.js';
import type {
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from '../../core/anthropic-wire.js';
import { SwitchyardError } from '../../core/errors.js';
import { inlineFile } from '../../core/file-part.js';
import { quoteClipped } from '../../core/clip.js';
import { breakpointCacheControl, capBreakpoints, setTranslatedBreakpoint } from './cache-breakpoints.js';
import { toolCallArguments } from '../tool-call-arguments.js';
import { isToolError } from '../tool-result-error.js';
import { blankLastTurn } from '../blank-turn.js';
import type { ChatContentPart, ChatMessage, ChatToolCall, JsonObject, ThinkingBlock } from '../../core/openai-wire.js';
import { ToolUseIds } from './tool-use-ids.js';

export interface ConvertedMessages {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

/**
 * Converts the conversation. System and developer messages, wherever they appear, become system
 * blocks in order (Anthropic has no mid-conversation system turn); consecutive messages of the
 * same Anthropic role are merged, because the API expects alternating turns and tool results of
 * one assistant turn must sit together in the next user message.
 *
 * @example
 * toAnthropicMessages([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }])
 * // { system: [{ type: 'text', text: 'Be brief.' }],
 * //   messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }
 */
export function toAnthropicMessages(input: readonly ChatMessage[]): ConvertedMessages {
  const system: AnthropicTextBlock[] = [];
  const messages: AnthropicMessage[] = [];
  /** The last user message left out for having nothing to say, until a later turn is kept. */
  let blankUser: number | undefined;
  const ids = new ToolUseIds();
  for (let i = 0; i < input.length; i++) {
    const message = input[i]!;
    if (message.role === 'system' || message.role === 'developer') {
      appendAll(system, textBlocks(message.content, `messages[${i}].content`));
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message, i, ids);
    // Anthropic rejects empty turns; a message with nothing to say carries no information.
    if (blocks.length === 0) {
      if (message.role === 'user') blankUser = i;
      continue;
    }
    blankUser = undefined;
    const previous = messages[messages.length - 1];
    if (previous && previous.role === role) appendAll(previous.content as AnthropicContentBlock[], blocks);
    else messages.push({ role, content: blocks });
  }
  if (blankUser !== undefined && messages.at(-1)?.role === 'assistant') throw blankLastTurn(blankUser, 'Claude');
  capBreakpoints(system, messages);
  return { system, messages };
}

function blocksOf(message: ChatMessage, i: number, ids: ToolUseIds): AnthropicContentBlock[] {
  switch (message.role) {
    case 'user':
      return contentBlocks(message.content, `messages[${i}].content`);
    case 'assistant': {
      // Claude's signed thinking leads the turn it began, as Claude requires (see ThinkingBlock).
      const blocks: AnthropicContentBlock[] = [...thinkingBlocksOf(message), ...contentBlocks(message.content, `messages[${i}].content`)];
      if (typeof message.refusal === 'string' && hasText(message.refusal) && blocks.length === 0) {
        blocks.push({ type: 'text', text: message.refusal });
      }
      const calls = message.tool_calls ?? [];
      ids.startTurn();
      for (let j = 0; j < calls.length; j++) blocks.push(toolUseBlock(calls[j]!, i, j, ids));
      return blocks;
    }
    case 'tool':
      return [toolResultBlock(message, i, ids)];
    default:
      throw new SwitchyardError('invalid_request', `messages[${i}].role "${String(message.role)}" is not supported`, {
        param: `messages[${i}].role`,
      });
  }
}

function thinkingBlocksOf(message: ChatMessage): AnthropicContentBlock[] {
  return signedThinkingOf(message) as AnthropicContentBlock[];
}

/**
 * The Claude thinking an assistant message carries back in `thinking_blocks` (LiteLLM's field,
 * which chat clients fill from an answer's own), as Claude takes it: signed thinking and redacted
 * blocks with their own fields only; a block without a signature (Gemini's thought summaries, a
 * client's own) or of another shape is left out, as Claude would refuse it.
 *
 * @example signedThinkingOf({ role: 'assistant', thinking_blocks: [{ type: 'thinking', thinking: 'Hm.', signature: 'EqQB', index: 0 }] }) // [{ type: 'thinking', thinking: 'Hm.', signature: 'EqQB' }]
 */
export function signedThinkingOf(message: ChatMessage): ThinkingBlock[] {
  const blocks = message.thinking_blocks;
  if (!Array.isArray(blocks)) return [];
  const signed: ThinkingBlock[] = [];
  for (const block of blocks as JsonObject[]) {
    if (block?.type === 'thinking' && typeof block.thinking === 'string' && typeof block.signature === 'string' && block.signature !== '') {
      signed.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    } else if (block?.type === 'redacted_thinking' && typeof block.data === 'string' && block.data !== '') {
      signed.push({ type: 'redacted_thinking', data: block.data });
    }
  }
  return signed;
}

function toolUseBlock(call: ChatToolCall, i: number, j: number, ids: ToolUseIds): AnthropicToolUseBlock {
  return { type: 'tool_use', id: ids.call(call.id, `messages[${i}].tool_calls[${j}].id`), name: call.function.name, input: toolCallArguments(call, i, j) };
}

function toolResultBlock(message: ChatMessage, i: number, ids: ToolUseIds): AnthropicToolResultBlock {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id.length === 0) {
    throw new SwitchyardError('invalid_request', `messages[${i}].tool_call_id is required on a tool message`, {
      param: `messages[${i}].tool_call_id`,
    });
  }
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: ids.result(message.tool_call_id) };
  if (isToolError(message)) block.is_error = true;
  const content = message.content;
  if (typeof content === 'string') {
    if (content.length > 0) block.content = content;
  } else if (Array.isArray(content)) {
    const parts = contentBlocks(content, `messages[${i}].content`) as AnthropicToolResultBlock['content'];
    if (parts && parts.length > 0) block.content = parts;
  }
  return block;
}

/** Text only: what system and developer messages may contain. */
function textBlocks(content: ChatMessage['content'], path: string): AnthropicTextBlock[] {
  const blocks = contentBlocks(content, path);
  for (let k = 0; k < blocks.length; k++) {
    if (blocks[k]!.type !== 'text') {
      throw new SwitchyardError('unsupported', `${path}[${k}]: only text is supported in system messages`, {
        param: `${path}[${k}]`,
      });
    }
  }
  return blocks as AnthropicTextBlock[];
}

function contentBlocks(content: ChatMessage['content'], path: string): AnthropicContentBlock[] {
  if (content === undefined || content === null) return [];
  // Claude refuses empty text blocks and ones of only whitespace ("text content blocks must contain
  // non-whitespace text"), which OpenAI takes: a model's "\n\n" before its tool call comes back in
  // the history. They say nothing to the model, so they are left out.
  if (typeof content === 'string') return hasText(content) ? [{ type: 'text', text: content }] : [];
  const blocks: AnthropicContentBlock[] = [];
  for (let k = 0; k < content.length; k++) {
    const block = partToBlock(content[k]!, `${path}[${k}]`);
    if (block) blocks.push(block);
  }
  return blocks;
}

function partToBlock(part: ChatContentPart, path: string): AnthropicContentBlock | undefined {
  const record = part as JsonObject;
  let block: AnthropicContentBlock | undefined;
  switch (part.type) {
    case 'text': {
      const text = record['text'];
      if (typeof text !== 'string' || !hasText(text)) return undefined;
      block = { type: 'text', text };
      break;
    }
    case 'refusal': {
      const refusal = record['refusal'];
      if (typeof refusal !== 'string' || !hasText(refusal)) return undefined;
      block = { type: 'text', text: refusal };
      break;
    }
    case 'image_url': {
      const image = record['image_url'] as { url?: unknown } | undefined;
      block = imageBlock(typeof image?.url === 'string' ? image.url : '', path);
      break;
    }
    case 'file':
      block = documentBlock(record['file'] as JsonObject | undefined, path);
      break;
    default:
      throw new SwitchyardError('unsupported', `${path}: content part type ${quoteClipped(part.type)} has no Anthropic equivalent`, {
        param: path,
      });
  }
  // Prompt caching breakpoints set by Anthropic-aware OpenAI clients are kept; OpenAI's own
  // breakpoints (`prompt_cache_breakpoint`) become Claude's.
  const cacheControl = record['cache_control'];
  if (typeof cacheControl === 'object' && cacheControl !== null) {
    (block as { cache_control?: JsonObject }).cache_control = cacheControl as JsonObject;
  } else {
    const breakpoint = breakpointCacheControl(record);
    if (breakpoint) setTranslatedBreakpoint(block, breakpoint);
  }
  return block;
}

function imageBlock(url: string, path: string): AnthropicImageBlock {
  if (url.startsWith('data:')) {
    const { mediaType, data } = parseDataUrl(url, `${path}.image_url.url`);
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
  }
  if (url.startsWith('https://') || url.startsWith('http://')) return { type: 'image', source: { type: 'url', url } };
  throw new SwitchyardError('invalid_request', `${path}.image_url.url must be a data: URL or an http(s) URL`, {
    param: `${path}.image_url.url`,
  });
}

function documentBlock(file: JsonObject | undefined, path: string): AnthropicDocumentBlock {
  const fileData = file?.['file_data'];
  if (typeof fileData !== 'string') {
    // An OpenAI `file_id` points into OpenAI's file store, which Anthropic cannot read.
    throw new SwitchyardError('unsupported', `${path}.file: only inline file_data (a data: URL) is supported`, {
      param: `${path}.file`,
    });
  }
  const { mediaType, data } = parseDataUrl(fileData, `${path}.file.file_data`);
  const block: AnthropicDocumentBlock = { type: 'document', source: documentSource(mediaType, data, fileData, `${path}.file.file_data`) };
  if (typeof file?.['filename'] === 'string') block.title = file['filename'];
  return block;
}

/**
 * A file as Claude takes a document: base64 for a PDF, the decoded text as a text source for a
 * text file (Claude takes base64 for `application/pdf` only, and answers a base64 text/plain
 * document with a 400 about `document.source.base64.media_type`, a field the client never wrote).
 * Any other file (Word, images, bytes that are not UTF-8) is refused naming the client's field.
 */
function documentSource(mediaType: string, data: string, fileData: string, path: string): AnthropicDocumentBlock['source'] {
  if (mediaType.toLowerCase() === 'application/pdf') return { type: 'base64', media_type: 'application/pdf', data };
  const text = inlineFile({ type: 'file', file: { file_data: fileData } })?.text;
  if (text !== undefined) return { type: 'text', media_type: 'text/plain', data: text };
  throw new SwitchyardError('unsupported', `${path}: Claude takes PDF and text files (UTF-8) as documents, not ${quoteClipped(mediaType)}`, { param: path });
}

/** `data:image/png;base64,AAAA` → media type and payload, without a regex. */
function parseDataUrl(url: string, path: string): { mediaType: string; data: string } {
  const comma = url.indexOf(',');
  const header = comma === -1 ? '' : url.slice(5, comma);
  if (!header.endsWith(';base64')) {
    throw new SwitchyardError('invalid_request', `${path} must be a base64 data: URL (data:<media type>;base64,<data>)`, {
      param: path,
    });
  }
  // Parameters such as `;charset=` may sit between the media type and `;base64`.
  const semicolon = header.indexOf(';');
  return { mediaType: header.slice(0, semicolon), data: url.slice(comma + 1) };
}

/** Text Claude takes in a text block: not empty, not only whitespace. */
function hasText(text: string): boolean {
  return text.trim().length > 0;
}
