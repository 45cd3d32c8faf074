import type { ChatCompletionRequest, ChatMessage } from '../../core/openai-wire.js';

/** The texts of a request that input checks look at. */
export interface InputTexts {
  /** The last user message: what the injection detector scores as the user turn. */
  userTurn: string;
  /** Tool results (function outputs, retrieved documents): scored for indirect injection. */
  documents: string[];
  /** Every user and tool message, for word and topic checks. */
  all: string;
}

/**
 * Pulls the checked texts out of a canonical request. Only text is read: images and files are
 * not scanned (the guard's reasons say what was checked, not what was skipped).
 *
 * @example inputTexts(request).userTurn
 */
export function inputTexts(request: ChatCompletionRequest): InputTexts {
  let userTurn = '';
  const documents: string[] = [];
  const all: string[] = [];
  for (const message of request.messages) {
    if (message.role !== 'user' && message.role !== 'tool') continue;
    const text = messageText(message);
    if (text === '') continue;
    all.push(text);
    if (message.role === 'user') userTurn = text;
    else documents.push(text);
  }
  return { userTurn, documents, all: all.join('\n') };
}

/** A message's text (string content or its text parts, joined). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('\n');
}
