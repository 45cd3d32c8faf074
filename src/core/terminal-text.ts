// C0 controls but newline (and tab, handled by the caller's choice), DEL, C1 controls (0x9b is a
// one-byte CSI), and the bidirectional controls (Unicode's "Trojan Source" set: ALM, LRM, RLM,
// LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI) that reorder what a terminal shows, the last a character
// class's body for other checks of the same set.
export const BIDI_CONTROLS = '\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069';
const CONTROL = new RegExp(`[\u0000-\u0009\u000b-\u001f\u007f-\u009f${BIDI_CONTROLS}]`, 'g');

/**
 * Whether a text holds one of those bidirectional controls: a name that other people read (a
 * sampling rule's on the review page) is refused for one, which would show it reordered.
 *
 * @example hasBidiControl('rule\u202eelif.exe') // true
 */
export const hasBidiControl = (text: string): boolean => BIDI.test(text);
const BIDI = new RegExp(`[${BIDI_CONTROLS}]`);

/**
 * Text for a terminal with its control characters shown escaped (`\u001b`), the one escaping
 * every terminal writer uses (error messages, table cells, notes about a data file): a message may
 * quote a line of a file or a value a server sent, and a terminal obeys an ESC sequence in it
 * (recolours, retitles, moves the cursor over earlier output), rings on BEL, or shows a bidi
 * override's text reversed. Newlines stay; a tab stays, or becomes a space with `tab: 'space'`
 * (in a table cell it would jump past the column's border); `newline: 'escape'` shows newlines
 * as `\\n`, for a log whose every event must be one line.
 *
 * @example terminalText('bad \u001b[2Jline') // 'bad \\u001b[2Jline'
 * @example terminalText('a\tb', { tab: 'space' }) // 'a b'
 */
export function terminalText(text: string, options: { tab?: 'keep' | 'space'; newline?: 'keep' | 'escape' } = {}): string {
  const tab = options.tab === 'space' ? ' ' : '\t';
  const shown = text.replace(CONTROL, (c) => (c === '\t' ? tab : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return options.newline === 'escape' ? shown.replace(/\n/g, '\\n') : shown;
}
