import type { Finding } from '../entity-types.js';
import { eachWindow, hasContextBefore, isWordChar } from './context.js';
import { matchesOf } from '../../../core/regex-matches.js';

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\\.?';
// Numeric (3/29/1982, 1982-03-29, 29.03.1982) and written ("March 29, 1982", "29 March 1982",
// "29-Mar-1982").
const DATE = new RegExp(
  [
    '\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:\\d{4}|\\d{2})',
    '\\d{4}[/.\\-]\\d{1,2}[/.\\-]\\d{1,2}',
    `${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}`,
    `\\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTH},? \\d{4}`,
    `\\d{1,2}[\\-/]${MONTH}[\\-/](?:\\d{4}|\\d{2})`,
  ].join('|'),
  'gi',
);
// English, then German, French, Spanish, Italian, Portuguese and Dutch ("Geburtsdatum",
// "date de naissance", "fecha de nacimiento", "data di nascita", "data de nascimento", "geboortedatum").
const CONTEXT = /born|birth|\bdob\b|d\.o\.b|birthday|geboren|geburt|\bgeb\.|né |née |naissance|nacido|nacida|nacimiento|nata |nato |nascita|nascimento|geboorte/;

/**
 * Dates of birth: a date with a birth context word ("born", "date of birth", "DOB") shortly
 * before it. Other dates are not personal data on their own and are left alone.
 *
 * @example detectDatesOfBirth('DOB: 3/29/1982')[0]?.type // 'DATE_OF_BIRTH'
 */
export function detectDatesOfBirth(text: string, windows?: readonly number[]): Finding[] {
  const out: Finding[] = [];
  eachWindow(text, windows, 1, (sub, offset) => {
    for (const m of matchesOf(DATE, sub)) {
      const start = offset + m.index;
      const end = start + m[0].length;
      if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
      if (!hasContextBefore(text, start, CONTEXT, 40)) continue;
      out.push({ type: 'DATE_OF_BIRTH', start, end, score: 0.9 });
    }
  });
  return out;
}
