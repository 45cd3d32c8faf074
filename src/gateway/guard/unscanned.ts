import type { AttachmentRules } from '../../config/guardrails-schema.js';
import { countOf } from '../../core/plural.js';
import type { GuardEntry } from './guard-decisions.js';
import type { InputTexts } from './input-texts.js';

const ACTION = { allow: 'pass', flag: 'flag', block: 'block' } as const;

/**
 * One entry per kind of part the checks could not read (`unscanned-images`, `unscanned-audio`,
 * `unscanned-files`), with the policy's rule for it: the trace always says what went unscanned,
 * even when the rule allows it. Nothing when every part was text.
 *
 * @example unscannedEntries({ images: 2, audio: 0, files: [] }, rules) // [{ name: 'unscanned-images', action: 'flag', … }]
 */
export function unscannedEntries(unreadable: InputTexts['unreadable'], rules: AttachmentRules): GuardEntry[] {
  const entries: GuardEntry[] = [];
  const add = (name: string, rule: keyof AttachmentRules, what: string, why: string) => {
    const action = ACTION[rules[rule]];
    const verdict = action === 'pass' ? 'allowed' : action === 'flag' ? 'flagged' : 'blocked';
    entries.push({ name, stage: 'input', action, reason: `${what} not scanned for PII or injection (${why}): ${verdict} by the policy's attachments.${rule} rule` });
  };
  const { images, audio, files } = unreadable;
  if (images > 0) add('unscanned-images', 'images', countOf(images, 'image'), 'no OCR');
  if (audio > 0) add('unscanned-audio', 'audio', countOf(audio, 'audio part'), 'no speech recognition');
  if (files.length > 0) add('unscanned-files', 'files', `${countOf(files.length, 'file')} (${[...new Set(files)].join(', ')})`, 'not text, or only a provider can read it');
  return entries;
}
