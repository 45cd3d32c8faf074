/**
 * An OpenAI-format embeddings answer with an `id`. OpenAI's has none, but Mistral's API sends one
 * (as vLLM's does) and Mistral's SDK (`@mistralai/mistralai` 2, `embeddings.create` with
 * `serverURL` at the gateway) refused every answer without it: "Response validation failed …
 * expected string, received undefined → at id". OpenAI clients ignore a field they do not know.
 * The upstream's text is kept as it came (its vectors are never parsed), the id put in front;
 * an answer that starts with an id of its own is left as it is.
 *
 * @example withEmbeddingsId('{"object":"list","data":[]}', 'embd-tr_1') // '{"id":"embd-tr_1","object":"list","data":[]}'
 */
export function withEmbeddingsId(text: string, id: string): string {
  const open = text.indexOf('{');
  if (open === -1 || text.slice(0, open).trim() !== '' || HAS_ID.test(text.slice(open, open + 64))) return text;
  const rest = text.slice(open + 1);
  return `{"id":${JSON.stringify(id)}${rest.trimStart().startsWith('}') ? '' : ','}${rest}`;
}

const HAS_ID = /^\{\s*"id"\s*:/;
