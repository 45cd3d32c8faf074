import { BIDI_CONTROLS } from '../../core/terminal-text.js';

const ODD_IN_NAME = new RegExp(`[\\p{Cc}${BIDI_CONTROLS}]`, 'u');

/**
 * Why a text cannot name a document, or nothing: it holds a newline, another control character or
 * a bidirectional control. A document is listed, cited and searched by its name: `a\nb` was
 * indexed as it was and drawn on two lines of `kb show`'s cell (and of a citation), an RLO
 * reorders what it shows. Both a file's path and a JSONL record's id are checked here, so they
 * are refused alike; `what` names the thing in the reason ("name", "id").
 *
 * @example oddNameReason('docs/a\nb.md', 'name') // 'holds U+000A (a control character: … the name split or garbled)'
 */
export function oddNameReason(name: string, what: string): string | undefined {
  const odd = ODD_IN_NAME.exec(name)?.[0];
  if (odd === undefined) return undefined;
  const code = `U+${odd.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = /\p{Cc}/u.test(odd) ? `a control character: listings and citations would show the ${what} split or garbled` : `a bidirectional control: listings and citations would show the ${what} reordered`;
  return `holds ${code} (${kind})`;
}
