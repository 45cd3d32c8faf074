import type { ChatMessage } from '../core/openai-wire.js';
import type { ChatProvider } from '../providers/spec.js';
import { imagesIn } from '../tokens/image-tokens.js';
import { pdfPayloads } from '../tokens/pdf-payloads.js';
import { summarisePdf } from '../tokens/pdf-tokens.js';

/** Which vendor's model a local count is for. */
export interface CountedFor {
  provider: ChatProvider;
  model: string;
}

/**
 * What a conversation's images and PDFs cost on `model`, as its vendor counts them (the text count
 * skips them): each image by its size (`imageTokens`), each inlined PDF by its pages and text
 * (`pdfTokens`, after `summarisePdf`, whose work is bounded). Zero for a vendor the gateway knows
 * no rule for.
 *
 * @example mediaTokens(messages, { provider: anthropic, model: 'claude-sonnet-4-6' }) // 3 × 1,575 + text, for a 3-page Letter PDF
 */
export function mediaTokens(messages: readonly ChatMessage[], { provider, model }: CountedFor): number {
  let tokens = 0;
  if (provider.imageTokens) for (const image of imagesIn(messages)) tokens += provider.imageTokens(model, image);
  if (provider.pdfTokens) for (const pdf of pdfPayloads(messages)) tokens += provider.pdfTokens(model, summarisePdf(Buffer.from(pdf, 'base64')));
  return tokens;
}
