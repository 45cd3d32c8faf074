/**
 * Error bodies exactly as each API writes them, so SDKs map them to their typed errors
 * (`RateLimitError`, `AuthenticationError`, `InternalServerError`, …).
 */
import { textOf } from '../core/clip.js';
import type { AnthropicErrorBody } from '../core/anthropic-wire.js';
import type { JsonObject, OpenAIErrorBody } from '../core/openai-wire.js';
import { refSiblingsMessage, refWithSiblings } from '../core/ref-siblings.js';
import { geminiError } from './gemini-errors.js';
import { refusedIn, samplingRefusals } from '../core/refused-sampling.js';
import { temperatureOutOfRange } from '../core/openai-temperature.js';

export type Api = 'openai' | 'anthropic' | 'gemini';

/** A simulated API error: the status, the body to send and any extra headers (retry-after). */
export interface WireError {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface ErrorDetail {
  message?: string;
  /** OpenAI's `param`: the field at fault. */
  param?: string | null;
  /**
   * OpenAI's `code`, e.g. `rate_limit_exceeded`, `invalid_api_key`; a number as some
   * OpenAI-compatible providers send it (`"code": 429`).
   */
  code?: string | number | null;
  /** Overrides the error `type` the status implies. */
  type?: string;
}

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'requests',
  500: 'server_error',
  503: 'server_error',
};

const OPENAI_MESSAGES: Record<number, string> = {
  429: 'Rate limit reached for requests. Please try again later.',
  500: 'The server had an error while processing your request. Sorry about that!',
  502: 'Bad gateway.',
  503: 'The engine is currently overloaded, please try again later.',
  504: 'Gateway timeout.',
  529: 'The engine is currently overloaded, please try again later.',
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ANTHROPIC_MESSAGES: Record<string, string> = {
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit (simulated).',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
  timeout_error: 'Request timed out',
  not_found_error: 'Not Found',
};

/**
 * OpenAI's 400 for a request it refuses, naming the field in `param` and OpenAI's `code`.
 *
 * @example openaiBadRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter')
 */
export function openaiBadRequest(message: string, param: string | null, code: string | null = null): WireError {
  return openaiError(400, { message, param, code });
}

/**
 * OpenAI's 400 for a strict schema it cannot take, or undefined when it takes it: so far the one
 * rule a current SDK trips, a `$ref` with sibling keywords (core/ref-siblings.ts). `subject` is
 * "response_format 'name'" or "function 'name'", `param` where the schema sits.
 *
 * @example strictSchemaError({ type: 'object', properties: { a: { $ref: '#/$defs/A', description: 'x' } } }, "response_format 'out'", 'response_format', 'invalid_json_schema')?.status // 400
 */
export function strictSchemaError(schema: JsonObject, subject: string, param: string, code: 'invalid_json_schema' | 'invalid_function_parameters'): WireError | undefined {
  const found = refWithSiblings(schema);
  return found ? openaiBadRequest(`Invalid schema for ${subject}: ${refSiblingsMessage(found)}`, param, code) : undefined;
}

/**
 * A JSON value's type as OpenAI's `invalid_type` messages name it ("expected a boolean, but got a
 * string instead."), article included; a number is an integer or a decimal number as it reads.
 *
 * @example openaiTypeOf([1]) // 'an array'
 */
export function openaiTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * OpenAI's refusal of a value of the wrong type at `param`: code `invalid_type`, in its words.
 *
 * @example openaiTypeError('store', 'a boolean', 'yes').message // "Invalid type for 'store': expected a boolean, but got a string instead."
 */
export function openaiTypeError(param: string, expected: string, value: unknown): WireError {
  return openaiBadRequest(`Invalid type for '${param}': expected ${expected}, but got ${openaiTypeOf(value)} instead.`, param, 'invalid_type');
}

/**
 * OpenAI's `invalid_type` refusal of the first of `fields` that is present, not null and no
 * boolean (`store: "yes"`), or undefined. A field may be a dotted path into nested objects
 * (`stream_options.include_usage`), named so in the refusal as OpenAI names it; `at` is the path
 * of `body` itself (`tools[2]`), for a list's items.
 *
 * @example openaiBooleanFieldsError({ store: 'yes' }, ['stream', 'store'])?.status // 400
 * @example openaiBooleanFieldsError({ stream_options: { include_usage: 1 } }, ['stream_options.include_usage']) // refused naming 'stream_options.include_usage'
 */
export function openaiBooleanFieldsError(body: Record<string, unknown>, fields: readonly string[], at?: string): WireError | undefined {
  for (const field of fields) {
    let value: unknown = body;
    for (const key of field.split('.')) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    if (value !== undefined && value !== null && typeof value !== 'boolean') return openaiTypeError(at === undefined ? field : `${at}.${field}`, 'a boolean', value);
  }
  return undefined;
}

/**
 * OpenAI's refusal of a `temperature` that is not a number or lies outside 0–2, or undefined when
 * it is absent or fits. Both the chat and the Responses API answer alike.
 *
 * @example openaiTemperatureError('hot')?.status // 400
 */
export function openaiTemperatureError(temperature: unknown): WireError | undefined {
  if (temperature === undefined || temperature === null) return undefined;
  if (typeof temperature !== 'number') {
    return openaiBadRequest(`Invalid 'temperature': expected a number between 0 and 2, but got ${JSON.stringify(temperature)} instead.`, 'temperature', 'invalid_value');
  }
  const outOfRange = temperatureOutOfRange(temperature);
  return outOfRange ? openaiBadRequest(outOfRange.message, 'temperature', outOfRange.code) : undefined;
}

/**
 * OpenAI's `{ error: { message, type, param, code } }`.
 *
 * @example openaiError(429, {}) // type "requests", code "rate_limit_exceeded"
 */
export function openaiError(status: number, detail: ErrorDetail): WireError {
  // OpenAI's own code is a string; an OpenAI-compatible provider's may be a number.
  const body: { error: Omit<OpenAIErrorBody['error'], 'code'> & { code: string | number | null } } = {
    error: {
      message: detail.message ?? OPENAI_MESSAGES[status] ?? `Request failed with status ${status}.`,
      type: detail.type ?? OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: detail.param ?? null,
      code: detail.code !== undefined ? detail.code : status === 429 ? 'rate_limit_exceeded' : null,
    },
  };
  return { status, body: JSON.stringify(body) };
}

/**
 * Anthropic's `{ type: "error", error: { type, message }, request_id }`.
 *
 * @example anthropicError(529, {}, 'req_011') // error.type "overloaded_error"
 */
export function anthropicError(status: number, detail: ErrorDetail, requestId: string): WireError {
  const type = detail.type ?? ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const body: AnthropicErrorBody = {
    type: 'error',
    error: { type, message: detail.message ?? ANTHROPIC_MESSAGES[type] ?? `Request failed with status ${status}` },
    request_id: requestId,
  };
  return { status, body: JSON.stringify(body) };
}

/**
 * The error in the shape of `api`.
 *
 * @example apiError('anthropic', 429, {}, requestId).status // 429, body type rate_limit_error
 */
export function apiError(api: Api, status: number, detail: ErrorDetail, requestId: string): WireError {
  if (api === 'gemini') return geminiError(status, { message: detail.message });
  return api === 'openai' ? openaiError(status, detail) : anthropicError(status, detail, requestId);
}

/**
 * OpenAI's 400 for the first sampling parameter a model refuses at the request's reasoning effort
 * (see core/refused-sampling.ts), or undefined when it takes them all: `temperature` other than 1
 * is an `unsupported_value` on chat completions, the rest `unsupported_parameter`, each naming the
 * field in `param`. The Responses API words `temperature` as the others, with no code: "Unsupported
 * parameter: 'temperature' is not supported with this model." (pydantic-ai's recorded probes, gpt-5
 * to gpt-5.6; before 2026-12-07 it answered as chat does).
 *
 * @example refusedSamplingError({ temperature: 0.2 }, 'gpt-5', undefined)?.body // …"Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported."…
 * @example refusedSamplingError({ temperature: 0.2 }, 'gpt-5', undefined, 'responses')?.body // …"Unsupported parameter: 'temperature' is not supported with this model."… code null
 */
export function refusedSamplingError(body: Readonly<Record<string, unknown>>, model: string, effort: string | undefined, api: 'chat' | 'responses' = 'chat'): WireError | undefined {
  const refusals = samplingRefusals(model, effort);
  if (refusals.params.size === 0 || !openAIModel(model)) return undefined;
  const param = refusedIn(body, refusals)[0];
  if (param === undefined) return undefined;
  if (param === 'temperature' && api === 'responses') return openaiError(400, { message: "Unsupported parameter: 'temperature' is not supported with this model.", param, code: null });
  if (param === 'temperature') {
    return openaiError(400, { message: `Unsupported value: 'temperature' does not support ${textOf(body.temperature)} with this model. Only the default (1) value is supported.`, param, code: 'unsupported_value' });
  }
  return openaiError(400, { message: `Unsupported parameter: '${param}' is not supported with this model.`, param, code: 'unsupported_parameter' });
}

// The refusals table covers Claude and Gemini too; only OpenAI's own models answer this way.
const openAIModel = (model: string): boolean => /^(?:o\d|gpt-)/.test(model);
