import type { Finding } from '../entity-types.js';
import { matchesOf } from '../../../core/regex-matches.js';

// scheme://user:password@ — the user and password parts are bounded and exclude the
// delimiters that end them, so each has a single way to match.
const USERINFO = /[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/([^\s/:@?#]{1,128}):([^\s/@?#]{1,256})@/g;
// Query parameters that carry a credential: ?token=…, &api_key=…, &X-Amz-Signature=…
const TOKEN_PARAM =
  /[?&](?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|key|secret|client_secret|password|passwd|pwd|auth|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|code)=([^&\s#"'<>]{6,512})/gi;

/**
 * Credentials carried in URLs: the `user:password` of `scheme://user:password@host` and the
 * values of token-like query parameters. Only the secret part is reported, so a redacted URL
 * keeps its host and path.
 *
 * @example detectUrlCredentials('https://bob:hunter2@db.example.com')[0]?.type // 'URL_CREDENTIALS'
 */
export function detectUrlCredentials(text: string): Finding[] {
  const out: Finding[] = [];
  if (text.includes('://')) {
    for (const m of matchesOf(USERINFO, text)) {
      const start = m.index + m[0].indexOf('//') + 2;
      out.push({ type: 'URL_CREDENTIALS', start, end: m.index + m[0].length - 1, score: 0.95 });
    }
  }
  if (text.includes('=')) {
    for (const m of matchesOf(TOKEN_PARAM, text)) {
      const value = m[1] ?? '';
      const end = m.index + m[0].length;
      out.push({ type: 'URL_CREDENTIALS', start: end - value.length, end, score: 0.9 });
    }
  }
  return out;
}
