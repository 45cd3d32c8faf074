import { SwitchyardError } from './errors.js';

/**
 * The longest event a stream may send: a model answer's longest (a `response.completed` repeating
 * a long answer with its images' base64) is a few MB. Past it the stream is not an answer: an
 * upstream sending without a blank line grew the gateway's memory until the total timeout.
 */
export const MAX_SSE_EVENT_CHARS = 64 * 1024 * 1024;

/**
 * Cuts decoded SSE text into whole events without parsing them, so a relay can forward the
 * upstream's bytes untouched and look inside only the few events that matter for accounting.
 */
export class SseBlocks {
  /**
   * @param source who sends the stream, as an error names it (`provider "openai"`): a provider's
   *   decoder passes its name, so an unbounded event says which upstream sent it.
   * @param maxEventChars the bound of one event (tests make it small).
   */
  constructor(
    private readonly source = 'the upstream',
    private readonly maxEventChars = MAX_SSE_EVENT_CHARS,
  ) {}

  /**
   * The text of the event still being read, in the pieces it came in: joined once, when its blank
   * line comes. Joining and searching the whole of it on every read made a long event (a
   * `response.completed` that repeats a long answer, an image's base64) quadratic: 20 MB in
   * 64 kB reads took 3.6 s of the event loop, 40 MB 14 s.
   */
  private pieces: string[] = [];
  /** The last character of the pieces, for a blank line whose two newlines come in two reads. */
  private last = '';
  /** A read ended in "\r": whether it is a CRLF's first half is known only with the next read. */
  private cr = false;
  /** The length of the pieces. */
  private held = 0;

  /**
   * Appends text and returns every complete event received so far, as one string that ends in
   * a blank line ('' when none is complete yet). CRLF streams are normalised to LF, a CRLF split
   * between two reads too (it was read as two line ends, a blank line that cut an event short).
   *
   * @example blocks.take('data: 1\n\ndata: 2') // 'data: 1\n\n' (and 'data: 2' waits for its end)
   */
  take(text: string): string {
    let read = this.cr ? `\r${text}` : text;
    this.cr = false;
    if (read.includes('\r')) {
      if (read.endsWith('\r')) {
        this.cr = true;
        read = read.slice(0, -1);
      }
      read = read.replace(/\r\n?/g, '\n');
    }
    if (read === '') return '';
    // Only the new text is searched: a blank line ends in it, or it starts with the second newline.
    const end = read.lastIndexOf('\n\n');
    const cut = end !== -1 ? end + 2 : this.last === '\n' && read.startsWith('\n') ? 1 : -1;
    if (cut === -1) {
      this.pieces.push(read);
      this.held += read.length;
      if (this.held > this.maxEventChars) {
        this.pieces = [];
        this.held = 0;
        throw new SwitchyardError('upstream_error', `${this.source} sent a stream event of more than ${this.maxEventChars} characters without its end (a blank line): no model answer is that long`, { status: 502 });
      }
      this.last = read.charAt(read.length - 1);
      return '';
    }
    const whole = this.pieces.join('') + read.slice(0, cut);
    const rest = read.slice(cut);
    this.pieces = rest === '' ? [] : [rest];
    this.held = rest.length;
    this.last = rest.charAt(rest.length - 1);
    return whole;
  }

  /** How long the event still being read is so far, in UTF-16 units: a reader bounds it. */
  get pendingLength(): number {
    return this.held;
  }

  /** The event still being read, so far (joined once here: for an occasional look, not every read). */
  pending(): string {
    const text = this.pieces.join('');
    this.pieces = text === '' ? [] : [text];
    return text;
  }

  /** What is left when the upstream ends: an event without its closing blank line, if any. */
  rest(): string {
    const rest = this.pieces.join('');
    this.pieces = [];
    this.held = 0;
    this.last = '';
    this.cr = false;
    return rest.trim() === '' ? '' : `${rest}\n\n`;
  }
}

export interface SseEvent {
  /** The `event:` field; undefined for OpenAI's data-only events. */
  name: string | undefined;
  /** The `data:` lines joined by newlines. */
  data: string;
}

/** Parses a string of whole events (as `SseBlocks.take` returns) into name/data pairs; comments are skipped. */
export function parseBlocks(blocks: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of blocks.split('\n\n')) {
    if (block === '') continue;
    let name: string | undefined;
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) {
        const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
        data = data === undefined ? value : `${data}\n${value}`;
      } else if (line.startsWith('event:')) name = line.slice(line.charCodeAt(6) === 32 ? 7 : 6);
    }
    if (data !== undefined) events.push({ name, data });
  }
  return events;
}

/**
 * `parseBlocks` without building the list: calls `take` for each event of whole events (text
 * ending in a blank line). The common shapes — one `data: ` line, or `event: ` then `data: ` —
 * are cut out directly; anything else goes through `parseBlocks`.
 *
 * @example eachEvent('event: ping\ndata: {}\n\n', (name, data) => …) // ('ping', '{}')
 */
export function eachEvent(whole: string, take: (name: string | undefined, data: string) => void): void {
  let start = 0;
  for (let end = whole.indexOf('\n\n'); end !== -1; start = end + 2, end = whole.indexOf('\n\n', start)) {
    const firstEnd = whole.indexOf('\n', start);
    if (whole.startsWith('data: ', start) && firstEnd === end) take(undefined, whole.slice(start + 6, end));
    else if (whole.startsWith('event: ', start) && firstEnd < end && whole.startsWith('data: ', firstEnd + 1) && whole.indexOf('\n', firstEnd + 1) === end) {
      take(whole.slice(start + 7, firstEnd), whole.slice(firstEnd + 7, end));
    } else for (const event of parseBlocks(whole.slice(start, end + 2))) take(event.name, event.data);
  }
  if (start < whole.length) for (const event of parseBlocks(whole.slice(start))) take(event.name, event.data);
}
