import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';

/** The parts of a request line's target every route reads, decoded once and checked. */
export interface RequestTarget {
  /** The path as sent (still percent-encoded): routes match on it. */
  path: string;
  /** A URL for the query string and for decoding; its host is a placeholder. */
  url: URL;
}

/** Request targets longer than this are refused before any route sees them. */
const MAX_TARGET_CHARS = 8192;

/**
 * Checks a request target before routing, so that no route can be handed something it would
 * choke on: percent-escapes that do not decode to UTF-8 (`/%`, overlong `%c0%ae`), NUL bytes,
 * and targets that are not origin-form paths. Each is a 400 naming the problem.
 *
 * @example parseRequestTarget('/v1/models/gpt%2D4o?x=1').path // '/v1/models/gpt%2D4o'
 */
export function parseRequestTarget(raw: string): RequestTarget {
  if (raw.length > MAX_TARGET_CHARS) {
    throw new SwitchyardError('invalid_request', `the request path is ${raw.length} characters long; the limit is ${MAX_TARGET_CHARS}`, { status: 414 });
  }
  if (!raw.startsWith('/')) throw new SwitchyardError('invalid_request', `the request target must be a path starting with "/", got ${describe(raw)}`);
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  // Model calls' paths have no escapes: decoding them would only copy the string.
  let decoded = path;
  if (path.includes('%')) {
    try {
      decoded = decodeURIComponent(path);
    } catch {
      throw new SwitchyardError('invalid_request', `the request path ${describe(path)} has a malformed percent-escape: each "%" must start a valid UTF-8 "%XX" sequence`);
    }
  }
  if (decoded.includes('\0') || raw.includes('%00')) throw new SwitchyardError('invalid_request', 'the request target contains a NUL byte (%00)');
  if (queryAt !== -1) {
    try {
      decodeURIComponent(raw.slice(queryAt + 1).replace(/\+/g, ' '));
    } catch {
      throw new SwitchyardError('invalid_request', `the query string ${describe(raw.slice(queryAt))} has a malformed percent-escape`);
    }
  }
  return new CheckedTarget(path, raw);
}

/** A checked target whose URL is built on first use: only the control plane reads it. */
class CheckedTarget implements RequestTarget {
  private parsed: URL | undefined;

  constructor(
    readonly path: string,
    private readonly raw: string,
  ) {}

  get url(): URL {
    // A target starting with "//" would otherwise be read as a host by the URL parser.
    this.parsed ??= new URL(`http://localhost${this.raw}`);
    return this.parsed;
  }
}

/**
 * Decodes one path segment that `parseRequestTarget` already checked.
 *
 * @example decodeSegment('gpt%2D4o') // 'gpt-4o'
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SwitchyardError('invalid_request', `the path segment ${describe(segment)} has a malformed percent-escape`);
  }
}

function describe(text: string): string {
  return quoteClipped(text, 80);
}
