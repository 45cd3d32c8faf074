import { inlineFile, withFileText } from '../../core/file-part.js';
import { tooDeep } from '../../core/json-depth.js';
import type { ChatCompletionRequest, ChatContentPart, ChatMessage } from '../../core/openai-wire.js';
import type { PiiDetector, PiiEntityType } from '../pii/entity-types.js';
import { allowSet, type PiiPolicy } from './policy.js';
import type { PseudonymKind, Pseudonymizer } from './pseudonym.js';
import { redactText, type PolicyFinding } from './redact-text.js';
import { createVault, type PiiVault, toKnownPlaceholders } from './vault.js';

/** What the policy decided for the request as a whole. */
export interface PiiOutcome {
  /** True when a finding's action is `block`: the request must not be sent. */
  blocked: boolean;
  /** Entity types that caused the block (never the values). */
  blockedTypes: PiiEntityType[];
  /** True when a finding's action is `flag`: send, but put the trace in the review queue. */
  flagged: boolean;
  flaggedTypes: PiiEntityType[];
  /** How many values were replaced by placeholders. */
  redactedCount: number;
}

export interface RedactionResult {
  /** The request with values replaced; the input is not modified. */
  request: ChatCompletionRequest;
  /** The placeholder ↔ value mapping, to restore the response. Keep it in memory only. */
  vault: PiiVault;
  findings: PolicyFinding[];
  outcome: PiiOutcome;
  /**
   * Text files whose content was redacted: each base64 payload as sent and as redacted. Values
   * inside base64 cannot be found by searching the request text, so traces replace these whole.
   */
  files: [sent: string, redacted: string][];
}

/**
 * Applies a PII policy to an OpenAI Chat Completions request: string contents, text content
 * parts (system, user, assistant and tool messages, so tool results too), inline text files
 * (decoded, redacted and encoded again: an Anthropic base64 text document, an OpenAI file part
 * with text data) and the JSON arguments
 * of assistant tool calls (string values inside the JSON are redacted, so the arguments stay
 * valid JSON). Returns the redacted request, the vault for restoring, the findings and the outcome.
 * Pass the vault of an earlier pass to redact content added to the request since (the same value
 * keeps its placeholder; placeholders already in the text are not PII), and the gateway's
 * pseudonymizer for the identity fields (`redactIdentifiers`).
 *
 * @example
 * const { request, vault, outcome } = redactChatRequest(body, policy, detector);
 * if (outcome.blocked) throw new SwitchyardError('forbidden', `PII guard blocked: ${outcome.blockedTypes.join(', ')}`);
 */
export function redactChatRequest(request: ChatCompletionRequest, policy: PiiPolicy, detector: PiiDetector, vault: PiiVault = createVault(), pseudonym?: Pseudonymizer): RedactionResult {
  const findings: PolicyFinding[] = [];
  const files: [string, string][] = [];
  const context: Context = { detector, policy, allowed: allowSet(policy), vault, findings, files, pseudonym };
  const messages = request.messages.map((message, i) => redactMessage(message, `messages[${i}]`, context));
  const redacted = redactIdentifiers({ ...request, messages }, context);
  const outcome = outcomeOf(findings);
  return { request: redacted, vault, findings, outcome, files };
}

/** Top-level fields that say who the user is or label the request, in the OpenAI and Anthropic APIs alike. */
const IDENTIFIER_FIELDS = { user: 'user', safety_identifier: 'user', prompt_cache_key: 'cache' } as const;

/**
 * The fields beside the messages that apps fill with who the user is — OpenAI's `user`,
 * `safety_identifier` and `prompt_cache_key`, the `metadata` of OpenAI and Anthropic
 * (`metadata.user_id`): a value there the policy redacts is replaced whole by a stable keyed
 * pseudonym (`sy-user-3f9a…`, see pseudonym.ts), not a placeholder — every e-mail-shaped user id
 * became `<EMAIL_1>`, and the provider lost its per-user abuse tracking and per-key caching. A
 * value the policy blocks still blocks. Without a pseudonymizer (a pass with no gateway secret, as
 * in tests of the redactors alone) the value gets placeholders like any text. A provider that speaks
 * Responses natively echoes them: the guard puts the client's values back in its Response
 * (gateway/guard/restore-identities.ts), so no map from pseudonym to value is kept. Returns a
 * copy when one changes.
 *
 * @example redactIdentifiers({ user: 'ann@example.com' }, context).user // 'sy-user-5c0e…'
 */
export function redactIdentifiers<T extends object>(body: T, context: Context): T {
  const fields = body as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [field, kind] of Object.entries(IDENTIFIER_FIELDS)) {
    const value = fields[field];
    if (typeof value !== 'string') continue;
    const redacted = redactIdentity(value, field, kind, context);
    if (redacted !== value) (out ??= { ...fields })[field] = redacted;
  }
  const metadata = fields.metadata;
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    (out ??= { ...fields }).metadata = identityJson(metadata, 'metadata', context);
  }
  return (out ?? body) as T;
}

/**
 * Metadata values: `user_id` (Anthropic's) names the user, any other value is a label. Keys too:
 * an app keying its metadata by who the user is (`{"ann@example.com": "gold"}`) sent the address
 * as it was. A key holding PII leaves as a pseudonym (a key apart from every other, as the value
 * it stands for is), and the paths findings are recorded under use it, so the trace does not
 * carry the address either.
 */
function identityJson(value: unknown, path: string, context: Context): unknown {
  if (typeof value === 'string') return redactIdentity(value, path, path === 'metadata.user_id' ? 'user' : 'meta', context);
  if (Array.isArray(value)) return value.map((v, i) => identityJson(v, `${path}[${i}]`, context));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = redactIdentity(k, `${path}{key}`, 'meta', context);
      out[key] = identityJson(v, `${path}.${key}`, context);
    }
    return out;
  }
  return value;
}

function redactIdentity(value: string, path: string, kind: PseudonymKind, context: Context): string {
  if (!context.pseudonym) return redactText(value, path, context);
  // Findings are recorded as for any text (a block still blocks, the trace counts them); the
  // placeholders go to a scratch vault: nothing in the answer is to be restored from them.
  const redacted = redactText(value, path, { ...context, vault: createVault() });
  return redacted === value ? value : context.pseudonym(value, kind);
}

/**
 * What one redaction pass carries along: detector, policy, vault, what it found, and the
 * pseudonymizer for identity fields (see `redactIdentifiers`).
 */
export type Context = Parameters<typeof redactText>[2] & { files: [string, string][]; pseudonym?: Pseudonymizer };

function redactMessage(message: ChatMessage, path: string, context: Context): ChatMessage {
  const out: ChatMessage = { ...message };
  // A participant's `name` says who wrote the message, as `user` says who asks: an address there
  // went to the provider as sent while the text beside it carried <EMAIL_1>.
  if (typeof message.name === 'string' && message.role !== 'tool') out.name = redactIdentity(message.name, `${path}.name`, 'user', context);
  if (typeof message.content === 'string') {
    out.content = redactText(message.content, `${path}.content`, context);
  } else if (Array.isArray(message.content)) {
    out.content = message.content.map((part, j) => redactPart(part, `${path}.content[${j}]`, context));
  }
  if (message.tool_calls) {
    out.tool_calls = message.tool_calls.map((call, j) => ({
      ...call,
      function: { ...call.function, arguments: redactArguments(call.function.arguments, `${path}.tool_calls[${j}].function.arguments`, context) },
    }));
  }
  // Reasoning a client sends back (a chat client's `thinking_blocks` and `reasoning_content`) was
  // written, and Claude's signed, over placeholders and restored for the client: this
  // conversation's placeholders go back in, so the values never leave and the signature matches.
  if (Array.isArray(message.thinking_blocks)) out.thinking_blocks = message.thinking_blocks.map((block) => knownPlaceholdersIn(block, context.vault));
  if (typeof message.reasoning_content === 'string') out.reasoning_content = toKnownPlaceholders(message.reasoning_content, context.vault);
  return out;
}

function knownPlaceholdersIn(block: unknown, vault: PiiVault): unknown {
  const thinking = block as { type?: unknown; thinking?: unknown } | null;
  return thinking?.type === 'thinking' && typeof thinking.thinking === 'string' ? { ...thinking, thinking: toKnownPlaceholders(thinking.thinking, vault) } : block;
}

function redactPart(part: ChatContentPart, path: string, context: Context): ChatContentPart {
  if (part.type === 'text' && typeof part.text === 'string') return { ...part, text: redactText(part.text, `${path}.text`, context) };
  const file = inlineFile(part);
  if (file?.text === undefined) return part;
  const redacted = redactText(file.text, `${path}.file.file_data`, context);
  if (redacted === file.text) return part;
  const out = withFileText(part, file, redacted);
  context.files.push([file.data, inlineFile(out)?.data ?? '']);
  return out;
}

/** Tool-call arguments are JSON text: redact string values (and keys' values only), re-serialise. */
export function redactArguments(args: string, path: string, context: Context): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return redactText(args, path, context); // not JSON (a model's partial output): treat as text
  }
  // Too deep to walk and re-serialise safely: redacted as text (placeholders hold
  // no quotes, so it stays JSON).
  if (tooDeep(parsed, args) !== undefined) return redactText(args, path, context);
  return JSON.stringify(redactJson(parsed, path, context));
}

export function redactJson(value: unknown, path: string, context: Context): unknown {
  if (typeof value === 'string') return redactText(value, path, context);
  if (Array.isArray(value)) return value.map((v, i) => redactJson(v, `${path}[${i}]`, context));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactJson(v, `${path}.${k}`, context);
    return out;
  }
  return value;
}

export function outcomeOf(findings: readonly PolicyFinding[]): PiiOutcome {
  const blockedTypes = new Set<PiiEntityType>();
  const flaggedTypes = new Set<PiiEntityType>();
  let redactedCount = 0;
  for (const f of findings) {
    if (f.action === 'block') blockedTypes.add(f.type);
    else if (f.action === 'flag') flaggedTypes.add(f.type);
    else if (f.action === 'redact') redactedCount += 1;
  }
  return { blocked: blockedTypes.size > 0, blockedTypes: [...blockedTypes], flagged: flaggedTypes.size > 0, flaggedTypes: [...flaggedTypes], redactedCount };
}
