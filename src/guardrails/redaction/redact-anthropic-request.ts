import { inlineFile, withFileText } from '../../core/file-part.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { PiiDetector } from '../pii/entity-types.js';
import { allowSet, type PiiPolicy } from './policy.js';
import type { Pseudonymizer } from './pseudonym.js';
import { type Context, outcomeOf, redactIdentifiers, redactJson, type RedactionResult } from './redact-chat-request.js';
import { redactText, type PolicyFinding } from './redact-text.js';
import { createVault, type PiiVault, toKnownPlaceholders } from './vault.js';

/** A request redacted in its client's own format: the body to send instead, and what was found. */
export type NativeRedaction = Omit<RedactionResult, 'request'> & { body: JsonObject };

type Block = Record<string, unknown>;

/**
 * Applies a PII policy to an Anthropic Messages request as the client sent it, so it can go to an
 * Anthropic provider natively (extended thinking, prompt caching, server tools and documents by
 * URL kept): the system prompt, text blocks, tool inputs, tool results and text documents are
 * redacted. Thinking blocks the client sends back are signed by the provider over the text it
 * wrote, with the placeholders it was sent: their values are put back to those placeholders
 * (the ones this request's vault gave the same values earlier in the conversation), never
 * detected afresh, so the text and its signature still match. Images and opaque blocks pass as
 * they are. The input is not modified.
 *
 * @example const { body, vault } = redactAnthropicRequest(request, policy, detector);
 */
export function redactAnthropicRequest(request: JsonObject, policy: PiiPolicy, detector: PiiDetector, vault: PiiVault = createVault(), pseudonym?: Pseudonymizer): NativeRedaction {
  const findings: PolicyFinding[] = [];
  const files: [string, string][] = [];
  const context: Context = { detector, policy, allowed: allowSet(policy), vault, findings, files, pseudonym };
  const body: JsonObject = { ...request };
  if (typeof request.system === 'string') body.system = redactText(request.system, 'system', context);
  else if (Array.isArray(request.system)) body.system = request.system.map((b, i) => redactBlock(b as Block, `system[${i}]`, context));
  if (Array.isArray(request.messages)) {
    body.messages = request.messages.map((m, i) => {
      const message = m as Block;
      const path = `messages[${i}].content`;
      if (typeof message.content === 'string') return { ...message, content: redactText(message.content, path, context) };
      if (!Array.isArray(message.content)) return message;
      return { ...message, content: message.content.map((b, j) => redactBlock(b as Block, `${path}[${j}]`, context)) };
    });
  }
  return { body: redactIdentifiers(body, context), vault, findings, outcome: outcomeOf(findings), files };
}

function redactBlock(block: Block, path: string, context: Context): Block {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? { ...block, text: redactText(block.text, `${path}.text`, context) } : block;
    case 'tool_use':
      return { ...block, input: redactJson(block.input, `${path}.input`, context) };
    case 'tool_result': {
      const content = block.content;
      if (typeof content === 'string') return { ...block, content: redactText(content, `${path}.content`, context) };
      if (!Array.isArray(content)) return block;
      return { ...block, content: content.map((b, k) => redactBlock(b as Block, `${path}.content[${k}]`, context)) };
    }
    case 'document':
      return redactDocument(block, path, context);
    case 'thinking':
      return typeof block.thinking === 'string' ? { ...block, thinking: toKnownPlaceholders(block.thinking, context.vault) } : block;
    default:
      return block;
  }
}

/** A text document (source `text`, base64 text, or content blocks); PDFs and documents by URL pass as they are. */
function redactDocument(block: Block, path: string, context: Context): Block {
  const source = block.source as Block | undefined;
  if (source?.type === 'text' && typeof source.data === 'string') return { ...block, source: { ...source, data: redactText(source.data, `${path}.source.data`, context) } };
  if (source?.type === 'content' && Array.isArray(source.content)) {
    return { ...block, source: { ...source, content: source.content.map((b, k) => redactBlock(b as Block, `${path}.source.content[${k}]`, context)) } };
  }
  if (source?.type !== 'base64' || typeof source.data !== 'string') return block;
  const part = { type: 'file', file: { file_data: `data:${String(source.media_type)};base64,${source.data}` } };
  const file = inlineFile(part);
  if (file?.text === undefined) return block;
  const redacted = redactText(file.text, `${path}.source.data`, context);
  if (redacted === file.text) return block;
  const data = inlineFile(withFileText(part, file, redacted))?.data ?? '';
  context.files.push([source.data, data]);
  return { ...block, source: { ...source, data } };
}
