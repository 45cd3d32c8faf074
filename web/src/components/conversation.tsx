/**
 * Messages of an OpenAI or Anthropic request and the answer of its response, as plain text.
 * Everything here is untrusted model and user content: it is only rendered as React text
 * children, never as HTML.
 */
import { plural } from '../format.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content, null, 2);
  return content
    .map((part) => {
      if (!isObject(part)) return String(part);
      if (typeof part.text === 'string') return part.text;
      if (part.type === 'tool_use' || part.type === 'tool_result') return `[${part.type}] ${JSON.stringify(part.input ?? part.content ?? {}, null, 2)}`;
      if (part.type === 'image_url' || part.type === 'image') return '[image]';
      return JSON.stringify(part);
    })
    .join('\n');
}

export interface Message {
  role: string;
  text: string;
}

export function requestMessages(request: unknown): Message[] {
  if (!isObject(request)) return [];
  const out: Message[] = [];
  if (request.system !== undefined) out.push({ role: 'system', text: textOf(request.system) });
  if (Array.isArray(request.messages)) {
    for (const m of request.messages) {
      if (!isObject(m)) continue;
      const calls = Array.isArray(m.tool_calls) ? `\n${JSON.stringify(m.tool_calls, null, 2)}` : '';
      out.push({ role: String(m.role ?? '?'), text: textOf(m.content) + calls });
    }
  } else if (request.input !== undefined) out.push({ role: 'input', text: textOf(request.input) });
  return out;
}

export function responseMessage(response: unknown): Message | null {
  if (!isObject(response)) return null;
  const choice = Array.isArray(response.choices) ? response.choices[0] : undefined;
  if (isObject(choice) && isObject(choice.message)) {
    const calls = Array.isArray(choice.message.tool_calls) ? `\n${JSON.stringify(choice.message.tool_calls, null, 2)}` : '';
    return { role: 'assistant', text: textOf(choice.message.content) + calls };
  }
  if (Array.isArray(response.content)) return { role: 'assistant', text: textOf(response.content) };
  if (Array.isArray(response.data)) return { role: 'embeddings', text: plural(response.data.length, 'vector') };
  return null;
}

export function Conversation({ request, response }: { request: unknown; response: unknown }) {
  const messages = requestMessages(request);
  const answer = responseMessage(response);
  return (
    <div className="conversation">
      {messages.map((m, i) => (
        <div key={i} className={`msg role-${m.role}`}>
          <div className="msg-role">{m.role}</div>
          <div className="msg-text">{m.text}</div>
        </div>
      ))}
      {answer ? (
        <div className="msg role-answer" data-testid="answer">
          <div className="msg-role">answer</div>
          <div className="msg-text">{answer.text}</div>
        </div>
      ) : (
        <div className="muted">No response body (the call failed, or traces keep metadata only).</div>
      )}
    </div>
  );
}
