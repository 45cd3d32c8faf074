/**
 * How the simulator reads an OpenAI prompt, the same for Chat Completions and Responses: the
 * digest with OpenAI's automatic prompt caching, and a message's content as text.
 */
import { isJsonObject, type JsonObject } from '../core/openai-wire.js';
import { imageSizeOfDataUrl } from '../tokens/image-size.js';
import { openAIImageTokens } from '../tokens/image-tokens.js';
import { pdfPayloads } from '../tokens/pdf-payloads.js';
import { openAIPdfTokens } from '../tokens/pdf-tokens.js';
import { PromptDigest } from './prompt-digest.js';

// OpenAI caches prompts of 1024 tokens or more, in steps of 128 tokens (4 characters a token here).
const CACHE_STEP_CHARS = 512;
const CACHE_MIN_CHARS = 4096;
// What a file or another part without text (audio) costs in the prompt, roughly; images are
// counted by their size (`partTokens`).
const FILE_TOKENS = 85;

/** A digest that records OpenAI's cache checkpoints. @example const digest = openaiPromptDigest(); digest.mix(model); */
export function openaiPromptDigest(): PromptDigest {
  return new PromptDigest(CACHE_STEP_CHARS, CACHE_MIN_CHARS);
}

/**
 * Digests message content and returns its text: a string, or its `text` parts joined by new
 * lines; other parts (images, files) are hashed and only cost tokens, images as `model` counts
 * them (`openAIImageTokens`).
 *
 * @example addContent(digest, [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], 'gpt-4o') // 'a\nb'
 */
export function addContent(digest: PromptDigest, content: unknown, model: string): string {
  return addContentTexts(digest, content, model).join('\n');
}

/**
 * As addContent, but the text of each part on its own, for picking the question out of a user
 * turn (question-text.ts).
 *
 * @example addContentTexts(digest, [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], 'gpt-4o') // ['a', 'b']
 */
export function addContentTexts(digest: PromptDigest, content: unknown, model: string): string[] {
  if (typeof content === 'string') {
    digest.add(content);
    return [content];
  }
  const texts: string[] = [];
  for (const part of Array.isArray(content) ? content : []) {
    if (!isJsonObject(part)) continue;
    if (typeof part.text === 'string') {
      digest.add(part.text);
      if (part.text) texts.push(part.text);
    } else {
      digest.mix(JSON.stringify(part));
      digest.overhead += partTokens(part, model);
    }
  }
  return texts;
}

/**
 * What a part without text costs: an image (Chat's `image_url`, Responses' `input_image`) as
 * OpenAI counts it for `model` and its `detail`, by the size a data: URL's header states (a URL
 * or a file id, not fetched, at the most the formula allows); an inlined PDF as OpenAI reads it
 * (`openAIPdfTokens`: each page as an image at `detail`, plus its text); any other part (a file by
 * id, audio) `FILE_TOKENS`.
 *
 * @example partTokens({ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }, 'gpt-4o') // 85
 */
function partTokens(part: JsonObject, model: string): number {
  if (part.type === 'image_url' && isJsonObject(part.image_url)) {
    const { url, detail } = part.image_url;
    return openAIImageTokens(model, typeof url === 'string' ? imageSizeOfDataUrl(url) : undefined, typeof detail === 'string' ? detail : undefined);
  }
  if (part.type === 'input_image') {
    const url = part.image_url;
    return openAIImageTokens(model, typeof url === 'string' ? imageSizeOfDataUrl(url) : undefined, typeof part.detail === 'string' ? part.detail : undefined);
  }
  // An inlined PDF (Chat's `file`, Responses' `input_file`): its pages and text, as OpenAI reads them.
  const pdf = pdfPayloads(part)[0];
  if (pdf !== undefined) return openAIPdfTokens(model, Buffer.from(pdf, 'base64'), typeof part.detail === 'string' ? part.detail : undefined);
  return FILE_TOKENS;
}
