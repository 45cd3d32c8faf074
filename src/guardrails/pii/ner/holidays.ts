import { TF, type TokenSheet } from './token-sheet.js';
import { wordSetOf } from './word-set.js';

// Feasts, fasts and holidays that name lists hold as names or towns (Ramadan is a surname, Easter a
// given name, Christmas a town) or that the tagger read as a person ("Tips for fasting during
// Ramadan", "Diwali recipes", "Easter egg hunt ideas"): a time of year, no one's personal data.
// Our own list, outside the model so it grows without retraining.
const HOLIDAYS = wordSetOf(
  'ramadan eid diwali deepavali hanukkah chanukah hanukah easter christmas xmas passover pesach purim sukkot shavuot ' +
  'kwanzaa thanksgiving halloween hallowe\'en lent advent pentecost epiphany whitsun candlemas michaelmas ' +
  'holi navratri dussehra onam pongal vesak nowruz navruz muharram ashura hajj',
);
// Words a holiday's greeting or name adds: "Happy Diwali", "Eid Mubarak", "Ramadan Kareem", "Easter Sunday".
const HOLIDAY_COMPANIONS = wordSetOf('happy merry blessed mubarak kareem sameach al-fitr al-adha ul-fitr ul-adha fitr adha sunday monday eve day season');

/**
 * Tokens [from, to] are a holiday's name or greeting: each word is a holiday or a word of its
 * greeting, and one at least a holiday ("Ramadan", "Happy Diwali", "Eid al-Fitr"); "Tariq Ramadan"
 * is a person.
 *
 * @example holidayName(sheet, 0, 1) // true for "Happy Diwali"
 */
export function holidayName(sheet: TokenSheet, from: number, to: number): boolean {
  let holiday = false;
  for (let k = from; k <= to; k += 1) {
    if (!(sheet.flags[k]! & TF.WORD)) continue;
    const word = sheet.word[k]!;
    if (HOLIDAYS.has(word)) holiday = true;
    else if (!HOLIDAY_COMPANIONS.has(word)) return false;
  }
  return holiday;
}
