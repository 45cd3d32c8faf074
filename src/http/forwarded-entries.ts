/** What one hop recorded about the one before it: the address it saw, and the scheme (`Forwarded` only). */
export interface ForwardedEntry {
  /** The entry's address text as written (`203.0.113.7`, `[2001:db8::1]:4711`, `unknown`, garbage). */
  for: string;
  proto?: string;
}

/**
 * Longer than any entry a proxy writes (a bracketed IPv6 address with a port and the other
 * `Forwarded` pairs fit well under it); a longer one is read as garbage without being parsed.
 */
const MAX_ENTRY = 256;

/**
 * The entries of an `X-Forwarded-For` (`client, proxy1, proxy2`) or `Forwarded` (RFC 7239:
 * `for=client;proto=https, for=proxy1`) header, nearest hop first: the right-most entry was
 * written by the proxy that connected to us, so it is the first one worth believing. At most
 * `max` entries are read, each found from the right with `lastIndexOf`, so a 10 kB header of
 * entries costs no more than the few nearest ones. Node joins repeated header lines with ", ",
 * which reads as one list in the order the lines came.
 *
 * @example [...forwardedEntries('x-forwarded-for', '198.51.100.1, 10.0.0.2', 8)].map((e) => e.for) // ['10.0.0.2', '198.51.100.1']
 */
export function* forwardedEntries(header: 'x-forwarded-for' | 'forwarded', text: string, max: number): Generator<ForwardedEntry> {
  let end = text.length;
  for (let read = 0; read < max && end >= 0; read++) {
    const comma = end === 0 ? -1 : text.lastIndexOf(',', end - 1);
    const raw = text.slice(comma + 1, end);
    end = comma;
    if (raw.length > MAX_ENTRY) {
      yield { for: '' };
      return;
    }
    yield header === 'forwarded' ? forwardedElement(raw) : { for: raw.trim() };
    if (comma < 0) return;
  }
}

/** One RFC 7239 element (`for=…;proto=…;by=…`); a pair without `=` or a repeated `for` leaves `for` empty. */
function forwardedElement(raw: string): ForwardedEntry {
  const entry: ForwardedEntry = { for: '' };
  let fors = 0;
  for (const pair of raw.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) {
      if (pair.trim() !== '') return { for: '' };
      continue;
    }
    const key = pair.slice(0, eq).trim().toLowerCase();
    const value = unquoted(pair.slice(eq + 1).trim());
    if (key === 'for') {
      entry.for = value;
      fors++;
    } else if (key === 'proto') entry.proto = value.toLowerCase();
  }
  return fors === 1 ? entry : { for: '' };
}

/** A token, or a quoted-string without escapes (no address needs one; an escape reads as garbage). */
function unquoted(value: string): string {
  if (!value.startsWith('"')) return value;
  return value.length >= 2 && value.endsWith('"') && !value.includes('\\') ? value.slice(1, -1) : '';
}

/**
 * The address an entry names, without the brackets and port a proxy may add
 * (`[2001:db8::1]:4711`, `203.0.113.7:50321` as Azure writes it); undefined for anything else:
 * `unknown`, an RFC 7239 obfuscated identifier (`_hidden`), garbage. The caller canonicalises it.
 *
 * @example entryAddress('[2001:db8::1]:4711') // '2001:db8::1'
 */
export function entryAddress(text: string): string | undefined {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const rest = close < 0 ? '' : text.slice(close + 1);
    return close > 0 && (rest === '' || /^:\d{1,5}$/.test(rest)) ? text.slice(1, close) : undefined;
  }
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  return v4WithPort ? v4WithPort[1] : text === '' ? undefined : text;
}
