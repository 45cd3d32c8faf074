import type { AnthropicMessageResponse, AnthropicMessagesRequest } from '../core/anthropic-wire.js';
import { SwitchyardError } from '../core/errors.js';
import { JsonText } from '../core/json-text.js';
import type { ChatCompletion, ChatCompletionRequest, JsonObject } from '../core/openai-wire.js';
import {
  fromAnthropicRequest,
  fromAnthropicResponse,
  jsonResponseToolName,
  toAnthropicRequest,
  toAnthropicResponse,
} from '../providers/anthropic/index.js';
import type { Provider, WireFormat } from '../providers/provider.js';
import { type Usage, usageFromAnthropic, usageFromOpenAI } from '../tokens/usage.js';

const REASONING_MODEL = /^(o\d|gpt-5)/;

/** A chat request ready for one provider. */
export interface PreparedChat {
  body: string;
  /** For an OpenAI client on Anthropic: the tool that carries `response_format` JSON. */
  jsonTool: string | undefined;
}

/**
 * Builds the upstream body for a chat request arriving in `client` format. Same format on both
 * sides: the client's body is kept field for field (unknown fields included) and only the model
 * is swapped; for OpenAI streams the gateway also asks for usage, which the relay strips again
 * when the client did not ask for it.
 */
export function prepareChat(client: WireFormat, provider: Provider, body: JsonObject, upstreamModel: string, stream: boolean): PreparedChat {
  if (client === 'openai') {
    const request = body as ChatCompletionRequest;
    if (provider.wire === 'openai') {
      const out: JsonObject = { ...request, model: upstreamModel };
      if (stream) out.stream_options = { ...request.stream_options, include_usage: true };
      return { body: JSON.stringify(out), jsonTool: undefined };
    }
    return { body: JSON.stringify(toAnthropicRequest(request, upstreamModel)), jsonTool: jsonResponseToolName(request) };
  }
  const request = body as AnthropicMessagesRequest;
  if (provider.wire === 'anthropic') return { body: JSON.stringify({ ...request, model: upstreamModel }), jsonTool: undefined };
  const converted: JsonObject = { ...fromAnthropicRequest(request), model: upstreamModel };
  if (stream) converted.stream_options = { include_usage: true };
  // OpenAI's reasoning models refuse max_tokens; older OpenAI-compatible servers only know it.
  if (REASONING_MODEL.test(upstreamModel) && converted.max_tokens !== undefined) {
    converted.max_completion_tokens = converted.max_tokens;
    delete converted.max_tokens;
  }
  return { body: JSON.stringify(converted), jsonTool: undefined };
}

/** A non-streamed answer, converted for the client, with its usage. */
export interface ConvertedResponse {
  /** What the client receives. */
  text: string;
  /** The same, for the trace: kept as text when it passed through unchanged. */
  json: unknown;
  usage: Usage | undefined;
}

/** Usage reported in an upstream answer, in the provider's own format. */
export function usageOf(wire: WireFormat, json: unknown): Usage | undefined {
  const usage = (json as { usage?: unknown } | null)?.usage;
  if (!usage || typeof usage !== 'object') return undefined;
  return wire === 'openai' ? usageFromOpenAI(usage) : usageFromAnthropic(usage);
}

/**
 * Converts a non-streamed upstream answer for the client. The same format passes through as the
 * exact bytes received.
 */
export function convertChatResponse(client: WireFormat, provider: Provider, upstreamText: string, jsonTool: string | undefined): ConvertedResponse {
  let upstream: unknown;
  try {
    upstream = JSON.parse(upstreamText);
  } catch {
    throw new SwitchyardError('upstream_error', `provider "${provider.name}" sent a body that is not JSON: ${upstreamText.slice(0, 200)}`, {
      status: 502,
      retryable: true,
    });
  }
  const usage = usageOf(provider.wire, upstream);
  if (client === provider.wire) return { text: upstreamText, json: new JsonText(upstreamText), usage };
  const converted =
    client === 'openai'
      ? fromAnthropicResponse(upstream as AnthropicMessageResponse, { jsonResponseTool: jsonTool })
      : toAnthropicResponse(upstream as ChatCompletion);
  return { text: JSON.stringify(converted), json: converted, usage };
}
