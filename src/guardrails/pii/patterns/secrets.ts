import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintRuleContext, SecretLintSourceCode } from '@secretlint/types';
import type { Finding } from '../entity-types.js';
import { shannonEntropy } from './entropy.js';

/**
 * Secrets and API keys. Known formats come from secretlint's recommended preset (AWS, GCP,
 * GitHub, Slack, OpenAI, Anthropic, npm, SendGrid, Shopify, Linear, 1Password, private keys,
 * basic auth, database connection strings). Its rules are driven directly through their public
 * rule interface, synchronously, because `lintSource` costs ~3 ms per 2 KB prompt in promise and
 * source-map machinery while the rules' own regexes cost ~15 µs. Unknown formats are caught by
 * an assignment rule (`api_key = …`) and an entropy rule for long mixed-class tokens.
 *
 * @example detectSecrets('token ghp_1234567890abcdefghijABCDEFGHIJ123456')[0]?.type // 'SECRET'
 */
export function detectSecrets(text: string): Finding[] {
  const out: Finding[] = [];
  runPreset(text, out);
  if (text.includes(':') || text.includes('=')) findAssignments(text, out);
  findRandomTokens(text, out);
  return out;
}

// `password: x`, `api_key="x"`, `secret=x` — a credential-naming key ending just before the
// separator (quotes and up to three spaces between), then the value.
const KEY_BEFORE = /(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|bearer|password|passwd|pwd|secret|token)["']?\s{0,3}$/i;
const VALUE_AFTER = /\s{0,3}["']?([^\s"'`,;]{1,200})/y;

/**
 * Assignments found from each ':' and '=' (rarer than letters, so this visits few places): the
 * 20 characters before must end in a credential key, and the value after is reported.
 */
function findAssignments(text: string, out: Finding[]): void {
  let floor = 0; // a value never starts inside the previous one
  let colon = text.indexOf(':');
  let equals = text.indexOf('=');
  while (colon >= 0 || equals >= 0) {
    // The next ':' or '=', found by the native indexOf rather than a read of every character.
    const p = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
    if (p === colon) colon = text.indexOf(':', p + 1);
    else equals = text.indexOf('=', p + 1);
    if (!KEY_BEFORE.test(text.slice(Math.max(0, p - 20), p))) continue;
    VALUE_AFTER.lastIndex = p + 1;
    const m = VALUE_AFTER.exec(text);
    const value = m?.[1];
    if (!m || !value) continue;
    const end = p + 1 + m[0].length;
    const start = end - value.length;
    if (start < floor) continue;
    if (value.length >= 8 && !/^[a-z]+$/.test(value)) out.push({ type: 'SECRET', start, end, score: 0.8 });
    floor = end;
  }
}

/** Shortest run the entropy rule looks at. */
const MIN_TOKEN = 24;

/**
 * Long base64/base62-ish runs (24–512 characters of `A-Za-z0-9+/_-`, up to two '=' after),
 * found by probing every 24th character, then checked for randomness.
 */
function findRandomTokens(text: string, out: Finding[]): void {
  // A run of MIN_TOKEN or more covers one of every MIN_TOKEN positions: only those are probed, and
  // the run around a probe that hits is walked out. After a run the probes restart from its end.
  for (let probe = MIN_TOKEN - 1; probe < text.length; probe += MIN_TOKEN) {
    if (!isTokenChar(text.charCodeAt(probe))) continue;
    let runStart = probe;
    while (runStart > 0 && isTokenChar(text.charCodeAt(runStart - 1))) runStart -= 1;
    let i = probe + 1;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i += 1;
    if (i - runStart >= MIN_TOKEN) {
      let end = Math.min(i, runStart + 512);
      if (end === i) while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end += 1;
      if (looksRandom(text.slice(runStart, end))) out.push({ type: 'SECRET', start: runStart, end, score: 0.7 });
    }
    probe = i; // i is not a token character (or the end): the next run starts after it
  }
}


function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 95 || c === 45;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Mixed upper, lower and digits with high character entropy. Hex strings (hashes, git SHAs) and
 * UUIDs are excluded: they are the most common harmless long tokens in prompts.
 */
function looksRandom(token: string): boolean {
  if (/^[0-9a-fA-F-]+$/.test(token) || UUID.test(token)) return false;
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token)) return false;
  if (/^[A-Za-z]+(?:[-_/][A-Za-z]+)*$/.test(token)) return false;
  if (readableParts(token)) return false;
  return shannonEntropy(token) >= 4.2 && !encodesText(token);
}

/**
 * Base64 that decodes to printable text with a space in it is an encoded sentence ("What does
 * this base64 say? SGVsbG8sIGhvdyBhcmUgeW91…"), not a key: a random key's bytes are printable
 * with odds of about (95/256) per byte.
 */
function encodesText(token: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token) || token.length % 4 === 1) return false;
  const bytes = Buffer.from(token, 'base64');
  let spaces = 0;
  for (const b of bytes) {
    if (b === 32) spaces += 1;
    else if ((b < 32 || b > 126) && b !== 10 && b !== 13 && b !== 9) return false;
  }
  return spaces > 0;
}

/**
 * Three or more parts between '-', '_', '/' or '.', each a word in one case, a capitalised word or
 * a number: a branch, file or build name ("feature/JIRA-4471-login-fix"), not a key. Random
 * parts mix letters and digits or cases ("K7MDENG", "bPxRfiCY").
 */
function readableParts(token: string): boolean {
  const parts = token.split(/[-_/.]/);
  return parts.length >= 3 && parts.every((p) => /^(?:[a-z]{1,16}|[A-Z]{1,16}|[A-Z][a-z]{1,15}|\d{1,10})$/.test(p));
}

// Honours "secretlint-disable" comments; a prompt must not be able to switch detection off.
export const IGNORED_RULE = '@secretlint/secretlint-rule-filter-comments';

type RuleHandler = { file?(source: SecretLintSourceCode): void | Promise<void> };
let handlers: { handler: RuleHandler; marker: RegExp; sink: { ranges: [number, number][] } }[] | null = null;

/**
 * Markers every scanner of the preset needs in the text before it can report (its regexes all
 * start from one of these). Checking them first skips the 14 scanners for ordinary prompts. The
 * test `secrets.test.ts` pins the preset's rule ids, so a preset update that adds a rule fails
 * loudly instead of being skipped silently.
 */
export const PRESET_RULE_MARKERS: Readonly<Record<string, RegExp>> = {
  '@secretlint/secretlint-rule-aws': /A3T|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA|aws/i,
  '@secretlint/secretlint-rule-gcp': /private_key|service_account/,
  '@secretlint/secretlint-rule-privatekey': /-----BEGIN/,
  '@secretlint/secretlint-rule-npm': /npm_|_authToken/,
  '@secretlint/secretlint-rule-basicauth': /:\/\//,
  '@secretlint/secretlint-rule-slack': /xox|xapp|hooks\.slack/i,
  '@secretlint/secretlint-rule-sendgrid': /SG\./,
  '@secretlint/secretlint-rule-shopify': /shp/,
  '@secretlint/secretlint-rule-github': /gh[pousr]_|github_pat_|x-oauth-basic/,
  '@secretlint/secretlint-rule-openai': /sk-/,
  '@secretlint/secretlint-rule-anthropic': /sk-ant-/,
  '@secretlint/secretlint-rule-linear': /lin_api_/,
  '@secretlint/secretlint-rule-1password': /ops_ey/,
  '@secretlint/secretlint-rule-database-connection-string': /:\/\//,
};
const ANY_MARKER = new RegExp(Object.values(PRESET_RULE_MARKERS).map((r) => `(?:${r.source})`).join('|'), 'i');

function runPreset(text: string, out: Finding[]): void {
  if (!ANY_MARKER.test(text)) return;
  handlers ??= recommendedRules
    .filter((rule) => rule.meta.type === 'scanner' && rule.meta.id !== IGNORED_RULE)
    .map((rule) => {
      const sink = { ranges: [] as [number, number][] };
      const context: SecretLintRuleContext = {
        sharedOptions: {},
        createTranslator: (() => (id: string, data: unknown) => ({ message: id, data })) as unknown as SecretLintRuleContext['createTranslator'],
        report: (d) => sink.ranges.push([d.range[0], d.range[1]]),
        ignore: () => undefined,
      };
      return { handler: rule.create(context, {}) as RuleHandler, marker: PRESET_RULE_MARKERS[rule.meta.id] ?? /(?:)/, sink };
    });
  const source = sourceOf(text);
  for (const { handler, marker, sink } of handlers) {
    if (!marker.test(text)) continue; // only the scanners whose marker is in the text
    sink.ranges.length = 0;
    const result = handler.file?.(source);
    if (result instanceof Promise) result.catch(() => undefined); // the preset's scanners are synchronous
    for (const [start, end] of sink.ranges) out.push({ type: 'SECRET', ...valueOf(text, start, end), score: 0.95 });
  }
}

// A key and its assignment at the start of a reported range ("aws_secret_access_key = "); a URL's
// "https:" is no key (its ':' is not followed by a space).
const ASSIGNMENT_HEAD = /^[A-Za-z_][\w.-]{0,60}["']?\s{0,4}(?:=|:\s)\s{0,4}["']?/;

/**
 * A preset range that starts at the key ("aws_secret_access_key = AbC…" reported from the key
 * with the value's length) becomes the value: its start moves past the assignment and its end
 * runs to the end of the value's token.
 */
function valueOf(text: string, start: number, end: number): { start: number; end: number } {
  const head = ASSIGNMENT_HEAD.exec(text.slice(start, end));
  if (!head) return { start, end };
  const from = start + head[0].length;
  let to = Math.max(end, from);
  while (to < text.length && to - from < 512 && /[A-Za-z0-9+/=_-]/.test(text[to]!)) to += 1;
  return to > from ? { start: from, end: to } : { start, end };
}

function sourceOf(content: string): SecretLintSourceCode {
  const unsupported = (): never => {
    throw new Error('location helpers are not provided to secretlint rules in the PII detector');
  };
  return {
    hasBOM: false,
    content,
    filePath: undefined,
    physicalFilePath: undefined,
    contentType: 'text',
    ext: '.txt',
    getFilePath: () => undefined,
    getPhysicalFilePath: () => undefined,
    locationToRange: unsupported,
    rangeToLocation: unsupported,
    positionToIndex: unsupported,
    indexToPosition: unsupported,
  };
}
