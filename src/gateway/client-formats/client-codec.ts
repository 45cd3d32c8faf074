import type { SwitchyardError } from '../../core/errors.js';
import type { ClientFormat } from '../../core/formats.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';

/** Canonical chunks in, the client's SSE text out. */
export interface StreamEncoder {
  push(chunks: readonly ChatCompletionChunk[]): string;
  /** Closing events once the canonical stream ended. */
  end(): string;
  /** The answer as the client received it, for the trace (rebuilt lazily). */
  response(): unknown;
  /**
   * Closing events for a stream that failed after it began, when the client API has its own
   * (the Responses API's `error` and `response.failed`); without it the HTTP edge sends the
   * API's plain error event.
   */
  fail?(error: SwitchyardError): string;
}

/**
 * How one client API maps to and from the canonical format. Same-format traffic skips the codec
 * entirely (the provider's native exchange); everything else goes through it once each way.
 */
export interface ClientCodec {
  readonly format: ClientFormat;
  toCanonical(body: JsonObject): ChatCompletionRequest;
  /** The top-level fields of `body` that `toCanonical` leaves behind (none for OpenAI chat, the canonical format itself). */
  untranslated(body: JsonObject): string[];
  /** `request`: the body as the client sent it, for APIs whose answers echo request settings. */
  encodeCompletion(completion: ChatCompletion, request: JsonObject): string;
  /**
   * `includeUsage`: the client asked for usage in the stream (OpenAI's `stream_options`).
   * `whole`: the stream is a whole answer pushed at once (a local or cached one), so an encoder
   * may keep what it sent to rebuild the trace's answer without parsing its own text.
   */
  streamEncoder(includeUsage: boolean, request: JsonObject, whole?: boolean): StreamEncoder;
  /**
   * An error about the canonical request (`messages[i]`, from a translation that refused it) in
   * the client's own terms (the Responses API's `input[i]`); absent where the names are the same.
   */
  clientError?(error: SwitchyardError, canonical: ChatCompletionRequest): SwitchyardError;
}
