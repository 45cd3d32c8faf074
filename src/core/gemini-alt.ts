import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';

/**
 * The response format a Gemini API call asks for with `?alt=`: `sse` for server-sent events, else
 * JSON (`json`, an empty or absent `alt`). Google folds the value's case and refuses, ahead of the
 * key, a format it cannot render with a 400 naming the value as sent (`Invalid value "xml" for query
 * parameter 'alt'`); `media` gets its own sentence, and `proto`, which Google renders, neither the
 * gateway nor the simulator does (`server` names which one refused). Served as JSON, `?alt=xml`
 * read as a format the client would then fail to parse. Shared by the gateway's Gemini API and the
 * simulator's Gemini mode, so both refuse alike.
 *
 * @example geminiAlt(new URL('http://x/?alt=SSE')) // 'sse'
 * @example geminiAlt(new URL('http://x/?alt=xml')) // throws 400: Invalid value "xml" for query parameter 'alt'
 */
export function geminiAlt(url: URL, server = 'this gateway'): 'json' | 'sse' {
  // The first of repeated values is the one Google reads.
  const sent = url.searchParams.get('alt') ?? '';
  const alt = sent.toLowerCase();
  if (alt === '' || alt === 'json') return 'json';
  if (alt === 'sse') return 'sse';
  const options = { param: 'alt' };
  if (alt === 'media') throw new SwitchyardError('invalid_request', 'Unsupported alt type "media" for non byte stream request.', options);
  if (alt === 'proto') throw new SwitchyardError('invalid_request', `alt=proto (protocol buffers) is not served by ${server}: use alt=json or alt=sse`, options);
  throw new SwitchyardError('invalid_request', `Invalid value ${quoteClipped(sent, 80)} for query parameter 'alt'`, options);
}
