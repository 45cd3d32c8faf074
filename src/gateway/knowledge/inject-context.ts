import type { ClientFormat } from '../../core/formats.js';
import type { JsonObject } from '../../core/openai-wire.js';

/**
 * Adds the knowledge context to a request's system prompt, in the client's own format, so a
 * provider that speaks that format still gets the body passed through (only changed here):
 * OpenAI chat gets a system message after its leading system/developer messages; Anthropic's
 * `system` and the Responses API's `instructions` get the context appended (or set), Gemini's
 * `systemInstruction` one more text part.
 * The body is copied, never changed in place: the client's `received` body stays as sent.
 *
 * @example injectContext('anthropic', { system: 'Be brief.', messages }, 'Sources: …').system // 'Be brief.\n\nSources: …'
 */
export function injectContext(format: ClientFormat, body: JsonObject, context: string): JsonObject {
  switch (format) {
    case 'openai': {
      const messages = Array.isArray(body.messages) ? [...body.messages] : [];
      let at = 0;
      while (at < messages.length && isSystem(messages[at])) at++;
      messages.splice(at, 0, { role: 'system', content: context });
      return { ...body, messages };
    }
    case 'anthropic': {
      const system = body.system;
      if (Array.isArray(system)) return { ...body, system: [...system, { type: 'text', text: context }] };
      return { ...body, system: typeof system === 'string' && system !== '' ? `${system}\n\n${context}` : context };
    }
    case 'gemini': {
      // Google's systemInstruction is one Content: the context is one more text part of it.
      const system = body.systemInstruction as { parts?: unknown } | undefined;
      const parts = system && Array.isArray(system.parts) ? system.parts : [];
      return { ...body, systemInstruction: { ...system, parts: [...parts, { text: parts.length > 0 ? `\n\n${context}` : context }] } };
    }
    case 'responses': {
      const instructions = body.instructions;
      return { ...body, instructions: typeof instructions === 'string' && instructions !== '' ? `${instructions}\n\n${context}` : context };
    }
  }
}

function isSystem(message: unknown): boolean {
  const role = (message as { role?: unknown } | null)?.role;
  return role === 'system' || role === 'developer';
}
