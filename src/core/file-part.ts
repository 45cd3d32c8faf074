import type { ChatContentPart } from './openai-wire.js';

/** A `file` content part's inline data: its media type, base64 payload and, when it is text, the text. */
export interface InlineFile {
  mediaType: string;
  /** The base64 payload as sent (without the `data:…;base64,` header). */
  data: string;
  /** The decoded text; undefined when the file is not text (a PDF, an image, bytes that are not UTF-8). */
  text: string | undefined;
}

// Media types whose bytes are text a check can read as it is (charset aside: UTF-8 is required below).
const TEXT_APPLICATION_TYPES: ReadonlySet<string> = new Set([
  'application/json', 'application/xml', 'application/yaml', 'application/x-yaml', 'application/csv',
  'application/x-ndjson', 'application/jsonl', 'application/javascript', 'application/sql', 'application/x-sh',
]);

function isTextType(mediaType: string): boolean {
  const type = mediaType.toLowerCase();
  return type.startsWith('text/') || TEXT_APPLICATION_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The inline data of a canonical `file` part (`{ type: 'file', file: { file_data: 'data:…;base64,…' } }`,
 * which OpenAI file parts, Anthropic base64 documents and Responses `input_file`s all become).
 * Undefined for other parts and for files given by id. Decoding is linear in the payload.
 *
 * @example inlineFile({ type: 'file', file: { file_data: 'data:text/plain;base64,aGk=' } })?.text // 'hi'
 */
export function inlineFile(part: ChatContentPart): InlineFile | undefined {
  if (part.type !== 'file') return undefined;
  const url = (part as { file?: { file_data?: unknown } }).file?.file_data;
  if (typeof url !== 'string' || !url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  const header = comma === -1 ? '' : url.slice(5, comma);
  if (!header.endsWith(';base64')) return undefined;
  // Parameters such as `;charset=` may sit between the media type and `;base64`.
  const mediaType = header.slice(0, header.indexOf(';'));
  const data = url.slice(comma + 1);
  if (!isTextType(mediaType)) return { mediaType, data, text: undefined };
  try {
    return { mediaType, data, text: utf8.decode(Buffer.from(data, 'base64')) };
  } catch {
    return { mediaType, data, text: undefined };
  }
}

/**
 * The same file part carrying other text (a redacted copy), re-encoded with its media type.
 *
 * @example withFileText(part, 'Mail <EMAIL_1>')
 */
export function withFileText(part: ChatContentPart, file: InlineFile, text: string): ChatContentPart {
  const inner = (part as { file?: Record<string, unknown> }).file ?? {};
  return { ...part, file: { ...inner, file_data: `data:${file.mediaType};base64,${Buffer.from(text, 'utf8').toString('base64')}` } };
}
