import type { ClientFormat } from '../../core/formats.js';
import { anthropicCodec } from './anthropic-codec.js';
import type { ClientCodec } from './client-codec.js';
import { geminiCodec } from './gemini-codec.js';
import { openaiCodec } from './openai-codec.js';
import { responsesCodec } from './responses-codec.js';

export type { ClientCodec, StreamEncoder } from './client-codec.js';

const CODECS: Record<ClientFormat, ClientCodec> = { openai: openaiCodec, anthropic: anthropicCodec, responses: responsesCodec, gemini: geminiCodec };

/** The codec for a client API. */
export function codecFor(format: ClientFormat): ClientCodec {
  return CODECS[format];
}
