import { inlineFile, withFileText } from '../../core/file-part.js';
import type { ChatContentPart, JsonObject } from '../../core/openai-wire.js';
import type { PiiDetector } from '../pii/entity-types.js';
import { allowSet, type PiiPolicy } from './policy.js';
import type { Pseudonymizer } from './pseudonym.js';
import type { NativeRedaction } from './redact-anthropic-request.js';
import { type Context, outcomeOf, redactArguments, redactIdentifiers } from './redact-chat-request.js';
import { redactText } from './redact-text.js';
import { createVault, type PiiVault, toKnownPlaceholders } from './vault.js';

type Item = Record<string, unknown>;

/**
 * Applies a PII policy to an OpenAI Responses API request as the client sent it, so it can go to
 * a provider that speaks the Responses API natively with everything only it understands (built-in
 * tools, stored prompts, files by id, item references, encrypted reasoning): `instructions`, the
 * input's text, its function-call arguments (JSON string values) and outputs, and inline text
 * files are redacted. Reasoning summaries the client sends back were written over the
 * placeholders the provider was sent: they get those placeholders back, never fresh detection.
 * The input is not modified.
 *
 * @example const { body, vault } = redactResponsesRequest(request, policy, detector);
 */
export function redactResponsesRequest(request: JsonObject, policy: PiiPolicy, detector: PiiDetector, vault: PiiVault = createVault(), pseudonym?: Pseudonymizer): NativeRedaction {
  const findings: Context['findings'] = [];
  const files: [string, string][] = [];
  const context: Context = { detector, policy, allowed: allowSet(policy), vault, findings, files, pseudonym };
  const body: JsonObject = { ...request };
  if (typeof request.instructions === 'string') body.instructions = redactText(request.instructions, 'instructions', context);
  if (typeof request.input === 'string') body.input = redactText(request.input, 'input', context);
  else if (Array.isArray(request.input)) body.input = request.input.map((item, i) => redactItem(item as Item, `input[${i}]`, context));
  return { body: redactIdentifiers(body, context), vault, findings, outcome: outcomeOf(findings), files };
}

function redactItem(item: Item, path: string, context: Context): Item {
  switch (item.type ?? 'message') {
    case 'message':
      if (typeof item.content === 'string') return { ...item, content: redactText(item.content, `${path}.content`, context) };
      return Array.isArray(item.content) ? { ...item, content: redactParts(item.content, `${path}.content`, context) } : item;
    case 'function_call':
      return typeof item.arguments === 'string' ? { ...item, arguments: redactArguments(item.arguments, `${path}.arguments`, context) } : item;
    case 'function_call_output':
      if (typeof item.output === 'string') return { ...item, output: redactText(item.output, `${path}.output`, context) };
      return Array.isArray(item.output) ? { ...item, output: redactParts(item.output, `${path}.output`, context) } : item;
    case 'reasoning':
      return Array.isArray(item.summary) ? { ...item, summary: item.summary.map((s) => knownPlaceholdersIn(s as Item, context.vault)) } : item;
    default:
      return item;
  }
}

function redactParts(parts: unknown[], path: string, context: Context): unknown[] {
  return parts.map((p, i) => {
    const part = p as Item;
    const at = `${path}[${i}]`;
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') return { ...part, text: redactText(part.text, `${at}.text`, context) };
    if (part.type === 'input_file' && typeof part.file_data === 'string') return redactFile(part, at, context);
    return part;
  });
}

/** An inline text file: decoded, redacted and encoded again; PDFs and files by id pass as they are. */
function redactFile(part: Item, path: string, context: Context): Item {
  const asChat: ChatContentPart = { type: 'file', file: { file_data: part.file_data as string } };
  const file = inlineFile(asChat);
  if (file?.text === undefined) return part;
  const redacted = redactText(file.text, `${path}.file_data`, context);
  if (redacted === file.text) return part;
  const sent = withFileText(asChat, file, redacted);
  context.files.push([file.data, inlineFile(sent)?.data ?? '']);
  return { ...part, file_data: (sent as unknown as { file: { file_data: string } }).file.file_data };
}

function knownPlaceholdersIn(summary: Item, vault: PiiVault): Item {
  return typeof summary.text === 'string' ? { ...summary, text: toKnownPlaceholders(summary.text, vault) } : summary;
}
