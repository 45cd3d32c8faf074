/**
 * An embedding model's name (`text-embedding-3-small`, `gemini-embedding-001`, stand-ins such as
 * `standin-embed`): the vendors refuse to chat with one, and Google lists one with `embedContent`
 * where a chat model has `generateContent`.
 *
 * @example isEmbeddingModelName('text-embedding-3-small') // true; isEmbeddingModelName('gpt-5.4-mini') // false
 */
export function isEmbeddingModelName(model: string): boolean {
  return /embed/i.test(model);
}
