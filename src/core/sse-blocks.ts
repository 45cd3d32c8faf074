/**
 * Cuts decoded SSE text into whole events without parsing them, so a relay can forward the
 * upstream's bytes untouched and look inside only the few events that matter for accounting.
 */
export class SseBlocks {
  private carry = '';

  /**
   * Appends text and returns every complete event received so far, as one string that ends in
   * a blank line ('' when none is complete yet). CRLF streams are normalised to LF.
   *
   * @example blocks.take('data: 1\n\ndata: 2') // 'data: 1\n\n' (and 'data: 2' waits for its end)
   */
  take(text: string): string {
    let all = this.carry + text;
    if (all.includes('\r')) all = all.replace(/\r\n?/g, '\n');
    const end = all.lastIndexOf('\n\n');
    if (end === -1) {
      this.carry = all;
      return '';
    }
    this.carry = all.slice(end + 2);
    return all.slice(0, end + 2);
  }

  /** What is left when the upstream ends: an event without its closing blank line, if any. */
  rest(): string {
    const rest = this.carry;
    this.carry = '';
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
