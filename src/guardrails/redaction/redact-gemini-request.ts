import type { JsonObject } from '../../core/openai-wire.js';
import type { PiiDetector } from '../pii/entity-types.js';
import { allowSet, type PiiPolicy } from './policy.js';
import type { NativeRedaction } from './redact-anthropic-request.js';
import { type Context, outcomeOf, redactJson } from './redact-chat-request.js';
import type { PolicyFinding } from './redact-text.js';
import { redactText } from './redact-text.js';
import { createVault, type PiiVault } from './vault.js';

type Part = Record<string, unknown>;

/**
 * Applies a PII policy to a Gemini API request as the client sent it, so it can go to a Gemini
 * provider natively: the system instruction's and the turns' text parts, function call arguments
 * and function results are redacted; inline data and files pass as they are. The input is not
 * modified.
 *
 * @example const { body } = redactGeminiRequest({ contents: [{ role: 'user', parts: [{ text: 'mail ann@example.com' }] }] }, policy, detector);
 */
export function redactGeminiRequest(request: JsonObject, policy: PiiPolicy, detector: PiiDetector, vault: PiiVault = createVault()): NativeRedaction {
  const findings: PolicyFinding[] = [];
  const context: Context = { detector, policy, allowed: allowSet(policy), vault, findings, files: [] };
  const body: JsonObject = { ...request };
  const system = request.systemInstruction as { parts?: unknown } | undefined;
  if (system && Array.isArray(system.parts)) body.systemInstruction = { ...system, parts: system.parts.map((p, j) => redactPart(p as Part, `systemInstruction.parts[${j}]`, context)) };
  if (Array.isArray(request.contents)) {
    body.contents = request.contents.map((c, i) => {
      const content = c as { parts?: unknown };
      if (!content || !Array.isArray(content.parts)) return c;
      return { ...content, parts: content.parts.map((p, j) => redactPart(p as Part, `contents[${i}].parts[${j}]`, context)) };
    });
  }
  return { body, vault, findings, outcome: outcomeOf(findings), files: context.files };
}

function redactPart(part: Part, path: string, context: Context): Part {
  if (!part || typeof part !== 'object') return part;
  if (typeof part.text === 'string' && part.thought !== true) return { ...part, text: redactText(part.text, `${path}.text`, context) };
  const call = part.functionCall as { args?: unknown } | undefined;
  if (call && typeof call === 'object') return { ...part, functionCall: { ...call, args: redactJson(call.args, `${path}.functionCall.args`, context) } };
  const result = part.functionResponse as { response?: unknown } | undefined;
  if (result && typeof result === 'object') return { ...part, functionResponse: { ...result, response: redactJson(result.response, `${path}.functionResponse.response`, context) } };
  return part;
}
