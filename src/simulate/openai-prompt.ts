/**
 * How the simulator reads an OpenAI prompt, the same for Chat Completions and Responses: the
 * digest with OpenAI's automatic prompt caching, and a message's content as text.
 */
import { isJsonObject } from '../core/openai-wire.js';
import { PromptDigest } from './prompt-digest.js';

// OpenAI caches prompts of 1024 tokens or more, in steps of 128 tokens (4 characters a token here).
const CACHE_STEP_CHARS = 512;
const CACHE_MIN_CHARS = 4096;
// What an image costs in the prompt, roughly a low-detail tile.
const IMAGE_TOKENS = 85;

/** A digest that records OpenAI's cache checkpoints. @example const digest = openaiPromptDigest(); digest.mix(model); */
export function openaiPromptDigest(): PromptDigest {
  return new PromptDigest(CACHE_STEP_CHARS, CACHE_MIN_CHARS);
}

/**
 * Digests message content and returns its text: a string, or its `text` parts joined by new
 * lines; other parts (images, files) are hashed and only cost tokens.
 *
 * @example addContent(digest, [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }]) // 'a\nb'
 */
export function addContent(digest: PromptDigest, content: unknown): string {
  return addContentTexts(digest, content).join('\n');
}

/**
 * As addContent, but the text of each part on its own, for picking the question out of a user
 * turn (question-text.ts).
 *
 * @example addContentTexts(digest, [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }]) // ['a', 'b']
 */
export function addContentTexts(digest: PromptDigest, content: unknown): string[] {
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
      digest.overhead += IMAGE_TOKENS;
    }
  }
  return texts;
}

