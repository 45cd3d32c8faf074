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
  for (const m of text.matchAll(ASSIGNMENT)) {
    const value = m[1] ?? '';
    const end = m.index + m[0].length;
    if (value.length >= 8 && !/^[a-z]+$/.test(value)) out.push({ type: 'SECRET', start: end - value.length, end, score: 0.8 });
  }
  for (const m of text.matchAll(TOKEN)) {
    if (looksRandom(m[0])) out.push({ type: 'SECRET', start: m.index, end: m.index + m[0].length, score: 0.7 });
  }
  return out;
}

// `password: x`, `api_key="x"`, `secret=x` — the value after a credential-naming key.
const ASSIGNMENT =
  /(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|bearer|password|passwd|pwd|secret|token)["']?\s{0,3}[:=]\s{0,3}["']?([^\s"'`,;]{1,200})/gi;
// Long base64/base62-ish runs; checked for randomness below.
// The lookbehind starts matches only at token boundaries, so words shorter than 24 characters
// are rejected once, not once per position inside them.
const TOKEN = /(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{24,512}={0,2}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Mixed upper, lower and digits with high character entropy. Hex strings (hashes, git SHAs) and
 * UUIDs are excluded: they are the most common harmless long tokens in prompts.
 */
function looksRandom(token: string): boolean {
  if (/^[0-9a-fA-F-]+$/.test(token) || UUID.test(token)) return false;
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token)) return false;
  if (/^[A-Za-z]+(?:[-_/][A-Za-z]+)*$/.test(token)) return false;
  return shannonEntropy(token) >= 4.2;
}

// Honours "secretlint-disable" comments; a prompt must not be able to switch detection off.
export const IGNORED_RULE = '@secretlint/secretlint-rule-filter-comments';

type RuleHandler = { file?(source: SecretLintSourceCode): void | Promise<void> };
let handlers: { handler: RuleHandler; sink: { ranges: [number, number][] } }[] | null = null;

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
      return { handler: rule.create(context, {}) as RuleHandler, sink };
    });
  const source = sourceOf(text);
  for (const { handler, sink } of handlers) {
    sink.ranges.length = 0;
    const result = handler.file?.(source);
    if (result instanceof Promise) result.catch(() => undefined); // the preset's scanners are synchronous
    for (const [start, end] of sink.ranges) out.push({ type: 'SECRET', start, end, score: 0.95 });
  }
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
