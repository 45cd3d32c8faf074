import { describe, expect, it } from 'vitest';
import { SwitchyardError } from './errors.js';
import { openAIErrorKind, responsesErrorEvent, responsesFailure } from './openai-error.js';

const kind = (...args: ConstructorParameters<typeof SwitchyardError>) => openAIErrorKind(new SwitchyardError(...args));

describe('openAIErrorKind', () => {
  it('gives every error raised by the gateway the type and code OpenAI sends for the same case', () => {
    // OpenAI: 401 {"type":"invalid_request_error","code":"invalid_api_key"}
    expect(kind('unauthorized', 'invalid API key')).toEqual({ type: 'invalid_request_error', code: 'invalid_api_key' });
    // OpenAI: 401 "You didn't provide an API key. …" with code null
    expect(kind('unauthorized', "You didn't provide an API key.", { vendorCode: null })).toEqual({ type: 'invalid_request_error', code: null });
    // OpenAI: 404 "The model `x` does not exist or you do not have access to it." code model_not_found
    expect(kind('model_not_found', 'model "x" is not configured')).toEqual({ type: 'invalid_request_error', code: 'model_not_found' });
    // OpenAI: 403 "Project `proj_…` does not have access to model `x`" code model_not_found
    expect(kind('forbidden', 'key "k" may not use model "x"', { param: 'model' })).toEqual({ type: 'invalid_request_error', code: 'model_not_found' });
    // OpenAI: 429 type "requests" or "tokens", code rate_limit_exceeded
    expect(kind('rate_limited', 'over', { vendorType: 'tokens' })).toEqual({ type: 'tokens', code: 'rate_limit_exceeded' });
    expect(kind('rate_limited', 'over', { vendorType: 'requests' })).toEqual({ type: 'requests', code: 'rate_limit_exceeded' });
    // OpenAI: 429 type and code insufficient_quota
    expect(kind('budget_exceeded', 'spent')).toEqual({ type: 'insufficient_quota', code: 'insufficient_quota' });
    // OpenAI: 500/503 type server_error
    expect(kind('unavailable', 'shutting down')).toEqual({ type: 'server_error', code: 'unavailable' });
    expect(kind('upstream_timeout', 'late')).toEqual({ type: 'server_error', code: 'upstream_timeout' });
    expect(kind('all_targets_failed', 'every target failed', { status: 502 })).toEqual({ type: 'server_error', code: 'all_targets_failed' });
    expect(kind('internal', 'boom')).toEqual({ type: 'server_error', code: 'internal' });
  });

  it('gives an upstream overload (503, or 529 on every attempt) the type and code OpenAI sends for its own: service_unavailable_error, server_is_overloaded', () => {
    // OpenAI: 503 {"type":"service_unavailable_error","code":"server_is_overloaded"}
    expect(kind('upstream_error', 'Overloaded', { status: 529 })).toEqual({ type: 'service_unavailable_error', code: 'server_is_overloaded' });
    expect(kind('upstream_error', 'overloaded', { status: 503 })).toEqual({ type: 'service_unavailable_error', code: 'server_is_overloaded' });
    expect(kind('all_targets_failed', 'every attempt overloaded', { status: 529 })).toEqual({ type: 'service_unavailable_error', code: 'server_is_overloaded' });
    // An OpenAI-compatible upstream's own code is kept; the gateway's own 503 is no model's capacity.
    expect(kind('upstream_error', 'x', { status: 503, vendorCode: 'model_overloaded' })).toEqual({ type: 'service_unavailable_error', code: 'model_overloaded' });
    expect(kind('unavailable', 'shutting down', { status: 503 })).toEqual({ type: 'server_error', code: 'unavailable' });
  });

  it('never sends the Anthropic type names OpenAI has not got', () => {
    const statuses = [400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 431, 499, 500, 502, 503, 504, 529];
    for (const status of statuses) {
      const { type } = kind('upstream_error', 'x', { status });
      expect(['invalid_request_error', 'requests', 'server_error', 'service_unavailable_error'], `status ${status}`).toContain(type);
    }
  });

  it('keeps the gateway’s own code where OpenAI has none for the case', () => {
    expect(kind('invalid_json', 'not JSON')).toEqual({ type: 'invalid_request_error', code: 'invalid_json' });
    expect(kind('guardrail_blocked', 'blocked', { status: 422 })).toEqual({ type: 'invalid_request_error', code: 'guardrail_blocked' });
    expect(kind('body_too_large', 'too big')).toEqual({ type: 'invalid_request_error', code: 'body_too_large' });
    expect(kind('not_found', 'no route')).toEqual({ type: 'invalid_request_error', code: 'not_found' });
    // Only a refused model is OpenAI's model_not_found; other 403s say what they are.
    expect(kind('forbidden', 'virtual keys may only send feedback')).toEqual({ type: 'invalid_request_error', code: 'forbidden' });
  });

  it('hands on an OpenAI upstream’s own type and code, and drops types OpenAI does not send', () => {
    expect(kind('upstream_error', 'x', { status: 429, vendorType: 'insufficient_quota', vendorCode: 'insufficient_quota' })).toEqual({ type: 'insufficient_quota', code: 'insufficient_quota' });
    expect(kind('upstream_error', 'x', { status: 400, vendorType: 'invalid_request_error', vendorCode: 'context_length_exceeded' })).toEqual({ type: 'invalid_request_error', code: 'context_length_exceeded' });
    // An Anthropic upstream's type is Anthropic's: the status decides instead.
    expect(kind('upstream_error', 'x', { status: 429, vendorType: 'rate_limit_error' })).toEqual({ type: 'requests', code: 'rate_limit_exceeded' });
    expect(kind('upstream_error', 'x', { status: 401, vendorType: 'authentication_error' })).toEqual({ type: 'invalid_request_error', code: 'upstream_error' });
  });
});

describe('the Responses stream error event', () => {
  it('carries OpenAI’s type in the nested error, and the code a failed Response has', () => {
    const limited = responsesErrorEvent(responsesFailure(new SwitchyardError('upstream_error', 'slow down', { status: 429, vendorType: 'tokens', vendorCode: 'rate_limit_exceeded' })));
    expect(limited).toEqual({ code: 'rate_limit_exceeded', message: 'slow down', param: null, error: { type: 'tokens', code: 'rate_limit_exceeded', message: 'slow down', param: null } });
    const broke = responsesFailure(new SwitchyardError('upstream_unreachable', 'broke the connection'));
    expect(broke).toMatchObject({ type: 'server_error', code: 'server_error' });
    // An answer a guardrail blocked is no server error: it keeps its own code.
    const blocked = responsesFailure(new SwitchyardError('guardrail_blocked', 'answer blocked', { status: 422 }));
    expect(blocked).toMatchObject({ type: 'invalid_request_error', code: 'guardrail_blocked' });
  });
});
