import { clip } from '../core/clip.js';

/**
 * The most characters a document's title or a heading keeps. A title names a source in the prompt
 * (`[1] Title › Heading`), in citations and on the dashboard; unlike the source text, it is not
 * counted against a route's `max_context_chars`, so a 20,000-character JSONL `title` or a
 * Markdown heading running a whole paragraph went into every grounded call's prompt whole, and
 * pushed the Knowledge page tens of thousands of pixels wide. Real titles and headings are under
 * a hundred characters; the text under a heading is indexed in full either way.
 */
export const MAX_HEADING_CHARS = 200;

/**
 * A title or heading as a base keeps it: cut to {@link MAX_HEADING_CHARS} with an ellipsis.
 *
 * @example headingName('Refunds') // 'Refunds'
 * @example headingName('A'.repeat(5000)).length // 201 (200 characters, then '…')
 */
export function headingName(text: string): string {
  return clip(text, MAX_HEADING_CHARS);
}
