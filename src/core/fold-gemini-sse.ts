import { eachEvent } from './sse-blocks.js';

type Json = { [key: string]: unknown };

/**
 * Rebuilds a Gemini answer (`GenerateContentResponse`) from its `streamGenerateContent?alt=sse`
 * text, for the trace: each candidate's parts in order, consecutive text of the same kind (answer
 * or thought) joined, with the last event's finish reason, usage, model version and response id.
 * Null when an event could not be read back.
 *
 * @example foldGeminiSse(['data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]}}]}\n\n'])
 * // { candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] }, index: 0 }] }
 */
export function foldGeminiSse(blocks: readonly string[]): Json | null {
  const candidates = new Map<number, Json & { content: { role: string; parts: Json[] } }>();
  const answer: Json = {};
  try {
    for (const whole of blocks) {
      eachEvent(whole.includes('\r') ? whole.replace(/\r\n?/g, '\n') : whole, (_name, data) => {
        const event = JSON.parse(data) as Json;
        for (const key of ['usageMetadata', 'modelVersion', 'responseId', 'promptFeedback']) if (event[key] !== undefined) answer[key] = event[key];
        for (const candidate of (event.candidates as Json[] | undefined) ?? []) {
          const index = typeof candidate.index === 'number' ? candidate.index : 0;
          let folded = candidates.get(index);
          if (!folded) candidates.set(index, (folded = { content: { role: 'model', parts: [] }, index }));
          for (const [key, value] of Object.entries(candidate)) if (key !== 'content' && key !== 'index') folded[key] = value;
          for (const part of ((candidate.content as Json | undefined)?.parts as Json[] | undefined) ?? []) addPart(folded.content.parts, part);
        }
      });
    }
  } catch {
    return null;
  }
  return { candidates: [...candidates.values()], ...answer };
}

function addPart(parts: Json[], part: Json): void {
  const last = parts.at(-1);
  const joins = last && typeof last.text === 'string' && typeof part.text === 'string' && last.thought === part.thought && Object.keys(part).every((key) => key === 'text' || key === 'thought');
  if (joins) last.text = (last.text as string) + (part.text as string);
  else parts.push({ ...part });
}
