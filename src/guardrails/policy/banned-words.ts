import { z } from 'zod';
import { type GuardVerdict, verdict } from '../verdict.js';
import { actionSchema, parseCheckConfig } from './parse-config.js';
import { requireText } from './require-text.js';
import { TermMatcher } from './term-matcher.js';

export const bannedWordsConfigSchema = z.strictObject({
  /** Words or phrases, matched as whole words on normalised text. */
  words: z.array(z.string().trim().min(1)).min(1).max(100_000),
  action: actionSchema('block'),
});

export type BannedWordsConfig = z.input<typeof bannedWordsConfigSchema>;

/**
 * A banned-words check: triggers when any configured word or phrase occurs as whole words.
 * The reason names how many terms matched and which (they come from the config, not the
 * user); the checked text is never quoted.
 *
 * @example
 * const check = bannedWordsCheck({ words: ['acme corp', 'darn'], action: 'flag' });
 * check('Is ACME  Corp any good?') // { check: 'banned-words', action: 'flag', score: 1, reason: 'matched 1 banned term: "acme corp"' }
 */
export function bannedWordsCheck(raw: BannedWordsConfig): (text: string) => GuardVerdict {
  const config = parseCheckConfig(bannedWordsConfigSchema, raw, 'banned_words');
  const matcher = new TermMatcher(config.words);
  return (text) => {
    const found = matcher.find(requireText(text, 'banned-words'));
    if (found.length === 0) return verdict('banned-words', false, config.action, 'no banned term', 0);
    const shown = found.slice(0, 5).map((t) => JSON.stringify(t)).join(', ');
    return verdict('banned-words', true, config.action, `matched ${found.length} banned term${found.length > 1 ? 's' : ''}: ${shown}`, 1);
  };
}
