import { inlineFile } from '../../core/file-part.js';
import type { ChatCompletionRequest, ChatContentPart, ChatMessage } from '../../core/openai-wire.js';

/** The texts of a request that input checks look at, and the parts no check can read. */
export interface InputTexts {
  /** The last user message: what the injection detector scores as the user turn. */
  userTurn: string;
  /**
   * Tool results (function outputs, retrieved documents) and the text of attached text files:
   * content the user did not write, scored for indirect injection.
   */
  documents: string[];
  /** Every user and tool message with its text files, for word and topic checks. */
  all: string;
  /** Parts of user and tool messages that carry no readable text: images, audio, files that are not text (by media type). */
  unreadable: { images: number; audio: number; files: string[] };
}

/**
 * Pulls the checked texts out of a canonical request: text contents and text parts, and the
 * decoded text of inline text files (an Anthropic `document` with a text source arrives as a
 * text part already). Images, audio and files that are not text (a PDF, a file by id) cannot be
 * read without OCR or a parser on the request path: they are counted in `unreadable`, for the
 * policy's `attachments` rule.
 *
 * @example inputTexts(request).userTurn
 */
export function inputTexts(request: ChatCompletionRequest): InputTexts {
  let userTurn = '';
  const documents: string[] = [];
  const all: string[] = [];
  const unreadable = { images: 0, audio: 0, files: [] as string[] };
  for (const message of request.messages) {
    if (message.role !== 'user' && message.role !== 'tool') continue;
    const text = messageText(message);
    if (text !== '') {
      all.push(text);
      if (message.role === 'user') userTurn = text;
      else documents.push(text);
    }
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) {
      const file = readPart(part, unreadable);
      if (file === undefined || file === '') continue;
      documents.push(file);
      all.push(file);
    }
  }
  return { userTurn, documents, all: all.join('\n'), unreadable };
}

/** A part's file text, counting the parts that cannot be read. */
function readPart(part: ChatContentPart, unreadable: InputTexts['unreadable']): string | undefined {
  if (part.type === 'text') return undefined;
  if (part.type === 'image_url') {
    unreadable.images += 1;
    return undefined;
  }
  if (part.type === 'input_audio') {
    unreadable.audio += 1;
    return undefined;
  }
  if (part.type !== 'file') return undefined;
  const file = inlineFile(part);
  if (file?.text !== undefined) return file.text;
  unreadable.files.push(file ? file.mediaType || 'unknown type' : 'file by id');
  return undefined;
}

/** A message's text (string content or its text parts, joined). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  const texts: string[] = [];
  for (const part of message.content) if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  return texts.join('\n');
}
