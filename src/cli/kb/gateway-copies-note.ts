/**
 * What a purge in the terminal leaves: the gateway's copies of what it answered from the documents
 * (another process's stores and cache, which `kb` does not open), and the admin API call that
 * erases them, by the document ids its traces recorded.
 *
 * @example gatewayCopiesNote('handbook', ['docs/leaked.md']) // 'still held by a gateway: … POST /api/knowledge/handbook/purge with {"documents": ["docs/leaked.md"]} erases them'
 */
export function gatewayCopiesNote(name: string, documents: readonly string[] | 'all'): string {
  const from = documents === 'all' ? 'the base' : documents.length === 1 ? 'it' : 'them';
  const body = documents === 'all' ? '{"all": true}' : documents.length <= 3 ? `{"documents": ${JSON.stringify(documents)}}` : `{"documents": [the ${documents.length} ids above]}`;
  return `still held by a gateway: what it answered from ${from} (answers in traces, cached answers, stored responses, eval results and cache, datasets and reviews made from them); this command cannot reach them: POST /api/knowledge/${encodeURIComponent(name)}/purge with ${body} erases them`;
}
