/**
 * The provider spec (v1): what the gateway needs from any upstream, in the spirit of vercel/ai's
 * `doGenerate` / `doStream`. Requests and answers are canonical (OpenAI Chat Completions, see
 * `core/openai-wire.ts`); a provider that speaks one or more client formats natively also offers
 * the `native` exchange for them, so same-format traffic passes through byte for byte.
 *
 * Adding a vendor means one folder with its conversions and one line in `registry.ts`.
 */
import type { AbortLike } from '../core/call-abort.js';
import type { SwitchyardError } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, JsonObject } from '../core/openai-wire.js';
import type { PdfSummary } from '../tokens/pdf-tokens.js';
import type { ChatImage } from '../tokens/image-tokens.js';
import type { Usage } from '../tokens/usage.js';

export interface CallOptions {
  /** The provider's own name for the model. */
  model: string;
  /** Aborted when the client leaves or the request's total time is up. */
  signal: AbortLike;
  /** Allowed until the response headers arrive, and between body chunks. */
  timeoutMs: number;
  /** Client headers passed on to vendors that understand them (`anthropic-beta`). */
  forward?: Readonly<Record<string, string>>;
  /**
   * The client's body exactly as received, set only while the body handed to the provider is
   * still its parse (no stage rewrote it): a same-format call may send it as is (see `nativeBody`).
   */
  bodyText?: string | undefined;
  /** Sees the upstream's response headers (success or error), e.g. its rate-limit headroom. */
  onHeaders?: ((headers: Readonly<Record<string, string | string[] | undefined>>) => void) | undefined;
  /** Where a translation records what the client asked for and the request went without (the call's trace). */
  decisions?: DecisionSink | undefined;
  /**
   * The most output tokens the target can produce, when the config says (`output_limit`): a
   * translation holds its cap to it. Absent, the built-in table's limit for `model` applies.
   */
  outputLimit?: number | undefined;
  /**
   * The format the client spoke: a translation that refuses a field names it as the client wrote
   * it (a Responses client's `reasoning.effort`, a chat client's `reasoning_effort`).
   */
  clientFormat?: ClientFormat | undefined;
}

/**
 * Takes a decision for the trace, by name (a `Call` is one). A translation that cannot carry
 * something the client asked for (Claude thinking on a tool-result turn) says so here rather than
 * dropping it silently.
 */
export interface DecisionSink {
  decide(stage: string, decision: unknown): void;
  /** The decisions taken so far, for a stage that adds to its own (`noteDropped`). */
  readonly decisions?: Record<string, unknown> | null;
}

/** A whole answer, canonical. */
export interface GenerateResult {
  completion: ChatCompletion;
  usage: Usage | undefined;
}

/**
 * A streamed answer, canonical. Iterating `chunks` throws a SwitchyardError when the upstream
 * sends an error event, breaks the connection or ends before the answer is complete. The final
 * chunk carries `usage` when the provider reported it, whether or not the client asked for it.
 */
export interface CanonicalStream {
  chunks: AsyncIterable<ChatCompletionChunk[]>;
  usage(): Usage | undefined;
  /** Stops reading and releases the connection (the client left). */
  cancel(): void;
}

/** A whole answer in the client's own format, as the upstream sent it. */
export interface NativeAnswer {
  text: string;
  usage: Usage | undefined;
}

/** A stream in the client's own format: whole SSE events, forwarded as received. */
export interface NativeStream {
  events: AsyncIterable<string>;
  usage(): Usage | undefined;
  /** The whole answer rebuilt for the trace; rebuilt lazily, off the request path. */
  response(): unknown;
  cancel(): void;
  /** Closing events in the format's own terms when the stream fails after it began (see `StreamEncoder.fail`). */
  fail?(error: SwitchyardError): string;
  /**
   * For a format whose upstream may still refuse the request after its 200 (the Responses API's
   * opening events, then an `error`): whether the events read so far show it answering. The call
   * holds them until then, so such a refusal can move on to the next target.
   */
  started?(): boolean;
}

/** An embeddings answer in OpenAI's wire format (the only embeddings API clients speak). */
export interface EmbeddingsAnswer {
  text: string;
  usage: Usage | undefined;
  /** How many vectors came back, for the trace (the vectors themselves are not kept). */
  count: number;
}

export interface ChatProvider {
  readonly name: string;
  /** True for the built-in simulator, so traces and banners say so. */
  readonly simulated: boolean;
  /** The client formats this provider speaks natively; requests in one of them use the `native` exchange. */
  readonly native: ReadonlySet<ClientFormat>;
  /**
   * For a format in `native`: whether this call (the client's `body`) reaches `model` natively
   * too. Absent, every call does. A model the vendor serves on another of its APIs only (OpenAI's
   * Responses-only models, for a chat client), or a call the model would refuse as the client sent
   * it to another model's name, goes through the translation instead.
   */
  speaksNatively?(format: ClientFormat, model: string, body: JsonObject): boolean;
  /** Whole answer. */
  generate(request: ChatCompletionRequest, options: CallOptions): Promise<GenerateResult>;
  /** Streamed answer; resolves once the upstream accepted the request (headers arrived). */
  stream(request: ChatCompletionRequest, options: CallOptions): Promise<CanonicalStream>;
  /**
   * Same-format exchange, for a body in one of the `native` formats (only the model is replaced).
   * `format` says which; a provider that speaks one format may ignore it.
   */
  nativeGenerate?(body: JsonObject, options: CallOptions, format: ClientFormat): Promise<NativeAnswer>;
  nativeStream?(body: JsonObject, options: CallOptions, clientWantsUsage: boolean, format: ClientFormat): Promise<NativeStream>;
  /** OpenAI-format embeddings in and out; absent when the vendor has none. */
  embed?(body: JsonObject, options: CallOptions): Promise<EmbeddingsAnswer>;
  /** Anthropic-format token count; absent when counting locally is the only way. */
  countTokens?(body: JsonObject, options: CallOptions): Promise<string>;
  /** Google-format token count (`countTokens`), answered by the vendor; absent when counting locally is the only way. */
  countGeminiTokens?(body: JsonObject, options: CallOptions): Promise<string>;
  /**
   * What one image of a chat request costs on this vendor's `model`, for a local count (the
   * vendors charge by size and model); absent when the gateway knows no rule for the vendor.
   */
  imageTokens?(model: string, image: ChatImage): number;
  /**
   * What one PDF of a chat request costs on this vendor's `model` (its pages as images and, where
   * the vendor charges it, its text), for local counts and budget reservations; absent when the
   * gateway knows no rule for the vendor.
   */
  pdfTokens?(model: string, pdf: PdfSummary): number;
  /** Turns a transport failure into the project's error (timeouts, refused connections…). */
  networkError(error: unknown, options: Pick<CallOptions, 'signal' | 'timeoutMs'>): SwitchyardError;
  close(): Promise<void>;
  /**
   * Starts sending the credentials of `fresh` (this provider built again with a new API key),
   * without dropping connections or calls in flight: how a credential changed at runtime reaches
   * every replica. Providers without credentials need not implement it.
   */
  useCredentialsOf?(fresh: ChatProvider): void;
}
