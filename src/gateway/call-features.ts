import type { ChatCompletionRequest } from '../core/openai-wire.js';
import { type RequestFeatures, requestFeatures } from '../routing/policies/index.js';
import type { Call } from './call.js';
import { codecFor } from './client-formats/index.js';

/** The request's canonical form, converted once per call and kept for the stages after this one. */
export function canonicalOf(call: Call): ChatCompletionRequest {
  return (call.canonical ??= codecFor(call.input.format).toCanonical(call.body));
}

/** What routing rules look at: the last user message, size, tools, images, metadata, key and team. */
export function featuresOf(call: Call): RequestFeatures {
  return requestFeatures(canonicalOf(call), { keyName: call.key?.name, team: call.key?.team ?? undefined, metadata: call.input.metadata ?? undefined });
}
