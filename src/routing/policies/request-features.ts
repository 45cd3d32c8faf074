import type { ChatCompletionRequest, ChatMessage } from '../../core/openai-wire.js';
import { estimateTokens } from '../../tokens/estimate-tokens.js';
import { isJsonObject } from '../../core/openai-wire.js';

/** What the gateway knows about a request besides its body. */
export interface RouteContext {
  /** The virtual key's configured name (never the secret). */
  keyName?: string | null;
  team?: string | null;
  /** The `x-switchyard-metadata` header object; it wins over the body's `metadata` field. */
  metadata?: Readonly<Record<string, unknown>> | null;
  /** The prompt's token count when the gateway has it already; otherwise it is estimated. */
  promptTokens?: number;
}

/** The facts routing policies decide on. */
export interface RequestFeatures {
  /** Text of the last user message (text parts joined by newlines); '' when there is none. */
  readonly lastUserText: string;
  /** Token estimate of all message text, computed on first read (most routes never ask). */
  readonly promptTokens: number;
  readonly tools: boolean;
  readonly images: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly keyName: string | undefined;
  readonly team: string | undefined;
  /**
   * The end user's id: the request's `user` field, else its `safety_identifier` (what OpenAI's
   * SDK asks for since it deprecated `user`; Anthropic's `metadata.user_id` arrives as `user`).
   */
  readonly user: string | undefined;
}

/** OpenAI's chat framing: 3 tokens per message plus 3 to prime the reply. */
const FRAMING_PER_MESSAGE = 3;

/**
 * Extracts routing features from a Chat Completions request. Cheap by construction: one pass over
 * the messages, no copies of message text except when the last user message is split into parts,
 * and the token estimate only when a rule reads it. Tolerates malformed bodies (missing or odd
 * fields read as absent), because routing runs before the provider would reject them.
 *
 * @example
 * const f = requestFeatures({ model: 'support', messages: [{ role: 'user', content: 'refund please' }] }, { keyName: 'web' });
 * f.lastUserText // 'refund please'
 */
export function requestFeatures(request: ChatCompletionRequest, context: RouteContext = {}): RequestFeatures {
  const messages: unknown[] = Array.isArray(request.messages) ? request.messages : [];
  let lastUser: ChatMessage | undefined;
  let images = false;
  for (const message of messages) {
    if (message === null || typeof message !== 'object') continue;
    const m = message as ChatMessage;
    if (m.role === 'user') lastUser = m;
    if (!images && Array.isArray(m.content)) images = m.content.some((part) => isImagePart(part));
  }
  const bodyMetadata = isJsonObject(request.metadata) ? request.metadata : {};
  const metadata = context.metadata ? { ...bodyMetadata, ...context.metadata } : bodyMetadata;
  return new Features(lastUser ? textOf(lastUser.content) : '', messages, context.promptTokens, Array.isArray(request.tools) && request.tools.length > 0, images, metadata, context.keyName ?? undefined, context.team ?? undefined, endUser(request));
}

/**
 * `user` first, then `safety_identifier`: a client on the current OpenAI SDK sends only the
 * latter (its types mark `user` deprecated), and a split `sticky: user` that ignored it drew
 * every request of a user afresh, scattering each user's session over the arms.
 */
function endUser(request: ChatCompletionRequest): string | undefined {
  if (typeof request.user === 'string' && request.user !== '') return request.user;
  const id = request['safety_identifier'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * A class, so the lazy `promptTokens` getter sits on its prototype: an object literal with a
 * getter is built by a slow path (~2.5 µs), and routing and a local model each take the features
 * of every request.
 */
class Features implements RequestFeatures {
  readonly #messages: readonly unknown[];
  #tokens: number | undefined;

  constructor(
    readonly lastUserText: string,
    messages: readonly unknown[],
    tokens: number | undefined,
    readonly tools: boolean,
    readonly images: boolean,
    readonly metadata: Readonly<Record<string, unknown>>,
    readonly keyName: string | undefined,
    readonly team: string | undefined,
    readonly user: string | undefined,
  ) {
    this.#messages = messages;
    this.#tokens = tokens;
  }

  get promptTokens(): number {
    this.#tokens ??= estimatePrompt(this.#messages);
    return this.#tokens;
  }
}

function estimatePrompt(messages: readonly unknown[]): number {
  let total = FRAMING_PER_MESSAGE;
  for (const message of messages) {
    if (message === null || typeof message !== 'object') continue;
    const content = (message as ChatMessage).content;
    total += FRAMING_PER_MESSAGE;
    if (typeof content === 'string') total += estimateTokens(content);
    else if (Array.isArray(content)) for (const part of content) if (isTextPart(part)) total += estimateTokens(part.text);
  }
  return total;
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) if (isTextPart(part)) texts.push(part.text);
  return texts.join('\n');
}

function isTextPart(part: unknown): part is { type: 'text'; text: string } {
  return isJsonObject(part) && part.type === 'text' && typeof part.text === 'string';
}

function isImagePart(part: unknown): boolean {
  // `image_url` is OpenAI's shape; `image` is what Anthropic requests become before translation.
  return isJsonObject(part) && (part.type === 'image_url' || part.type === 'image' || part.type === 'input_image');
}

