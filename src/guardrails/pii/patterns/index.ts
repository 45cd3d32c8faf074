import type { Finding } from '../entity-types.js';
import { detectCards } from './card.js';
import { digitWindows } from './context.js';
import { detectDatesOfBirth } from './date-of-birth.js';
import { detectEmails } from './email.js';
import { detectIbans } from './iban.js';
import { detectNationalIds } from './national-ids.js';
import { detectIps, detectMacs } from './network.js';
import { detectPhones, type PhoneOptions } from './phone.js';
import { detectSecrets } from './secrets.js';
import { detectUrlCredentials } from './url-credentials.js';

export type PatternOptions = PhoneOptions;

/**
 * The pattern layer: every detector whose values have a shape (and usually a checksum). Findings
 * may overlap; `resolveOverlaps` picks among them.
 *
 * @example detectPatterns('mail jo@example.com').map((f) => f.type) // ['EMAIL']
 */
export function detectPatterns(text: string, options: PatternOptions = {}): Finding[] {
  const lists: Finding[][] = [];
  if (text.includes('@')) lists.push(detectEmails(text));
  const windows = digitWindows(text);
  if (windows.length > 0) {
    lists.push(detectCards(text, windows), detectIbans(text, windows), detectNationalIds(text, windows), detectPhones(text, options, windows));
    lists.push(detectIps(text, windows), detectDatesOfBirth(text, windows));
  }
  if (text.includes(':') || text.includes('-') || text.includes('.')) lists.push(detectMacs(text)); // MACs may have no digit
  lists.push(detectUrlCredentials(text), detectSecrets(text));
  // A loop, not push(...list): hostile input can yield more findings than a spread's argument limit.
  const out: Finding[] = [];
  for (const list of lists) for (const finding of list) out.push(finding);
  return out;
}

export { detectCards, detectDatesOfBirth, detectEmails, detectIbans, detectIps, detectMacs, detectNationalIds, detectPhones, detectSecrets, detectUrlCredentials };
