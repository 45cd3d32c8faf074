import { findPhoneNumbersInText, isValidPhoneNumber, Metadata, type CountryCode } from 'libphonenumber-js/max';
import type { Finding } from '../entity-types.js';
import { digitsOf, eachWindow, hasCodeLabelBefore, hasContextBefore, isWordChar } from './context.js';
import { validWholeInternational } from './international-phone.js';
import { matchesOf } from '../../../core/regex-matches.js';

/** Regions whose national formats are tried for numbers written without a country code. */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'IN', 'AU', 'BR', 'FI', 'HU', 'DK', 'SE'];

// A run of digits and phone punctuation, then an optional extension; each part is one bounded
// character class, so matching is linear.
const CANDIDATE = /[+(]?\d[\d ().\-/]{5,24}\d(?: ?(?:x|ext\.?) ?\d{1,6})?/g;
// English, then German, French, Spanish, Italian, Portuguese and Dutch ("Telefonnummer", "Handy",
// "portable", "appelez-moi", "móvil", "cellulare", "telemóvel", "mobiel", "telefoon").
const CONTEXT =
  /phone|call|\btel\b|mobile|cell\b|fax|\bsms\b|text me|whatsapp|reach me|contact|dial|\bph\b|\bmob\b|hotline|telefon|t[ée]l[ée]phone|\bhandy\b|\bmobil|portable|appel|t[ée]l[ée]fono|m[óo]vil|cellulare|telem[óo]vel|\bcelular|mobiel|telefoon|\bbel\b|bellen/;
const DATE_OR_TIME = /\d{4}-\d{1,2}-\d{1,2}|^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$|^\d{4}[/.]\d{1,2}[/.]\d{1,2}$/;

export interface PhoneOptions {
  /** Regions tried, in order, for numbers without a country code. */
  regions?: readonly CountryCode[];
}

/**
 * Phone numbers. A cheap pattern finds digit runs and drops dates, times and bare digit strings
 * without a context word (order ids look the same). The rest is validated with
 * `libphonenumber-js`: `findPhoneNumbersInText` on international candidates; for the others each
 * region in turn is tried with `validIn`, the library's validity patterns read once from its
 * metadata (a library call costs 30–65 µs; most digit runs in prompts are not phone numbers).
 * Valid and written with separators: 0.6; with "+", or a context word such as "call": 0.9.
 *
 * @example detectPhones('call me at +44 20 7946 0958')[0]?.type // 'PHONE'
 */
export function detectPhones(text: string, options: PhoneOptions = {}, windows?: readonly number[]): Finding[] {
  const regions = options.regions ?? DEFAULT_PHONE_REGIONS;
  const out: Finding[] = [];
  eachWindow(text, windows, 7, (sub, offset) => {
    for (const m of matchesOf(CANDIDATE, sub)) candidate(text, offset + m.index, m[0], regions, out);
  });
  return out;
}

function candidate(text: string, start: number, window: string, regions: readonly CountryCode[], out: Finding[]): void {
  const end = start + window.length;
  if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) return;
  // Inside a UUID, a CVE id, a decimal or a version ("-9391-4759-", "-18.16231", "app-0.39.51");
  // a word after a dash is a label ("788-063-Office", "815-Fax"), not more of an id.
  if (/[.:/\-]/.test(text[start - 1] ?? '') || continuesAsId(text, end)) return;
  const found = classify(text, start, window, regions);
  if (found) out.push(found);
}

/**
 * After `end`: ':' or '-' and then digits, a hex-only run or an upper-case code ("-4759", ":8080",
 * "-ab12", "-RD"): the number is part of an id. A word ("-Office", "-Fax") is a label.
 */
function continuesAsId(text: string, end: number): boolean {
  const c = text[end];
  if (c !== ':' && c !== '-') return false;
  let i = end + 1;
  let hexOnly = true;
  let lower = false;
  while (i < text.length && i < end + 40 && isWordChar(text.charCodeAt(i))) {
    const code = text.charCodeAt(i);
    if (!/[\dA-Fa-f]/.test(text[i]!)) hexOnly = false;
    if (code >= 97 && code <= 122) lower = true;
    i += 1;
  }
  return i > end + 1 && (hexOnly || !lower);
}

function classify(text: string, start: number, window: string, regions: readonly CountryCode[]): Finding | null {
  if (DATE_OR_TIME.test(window)) return null;
  const core = window.replace(/ ?(?:x|ext\.?) ?\d{1,6}$/, '');
  const digits = digitsOf(core);
  if (digits.length < 7 || digits.length > 15) return null;
  const international = core.startsWith('+') || core.startsWith('00');
  const context = hasContextBefore(text, start, CONTEXT);
  const plain = digits.length === core.length;
  if (!context && !international && !phoneShaped(core, plain)) return null;
  if (!context && !international && hasCodeLabelBefore(text, start)) return null; // "SKU 739-780-546"
  const span = validSpan(window, core, international, regions);
  if (span) {
    // The bare 3+4 local form ("704 1436") is the weakest evidence: house numbers and codes share
    // it, so it scores under the default threshold (policies that lower it still see it).
    const score = international || context ? 0.9 : digits.length === 7 ? 0.45 : 0.6;
    return { type: 'PHONE', start: start + span.from, end: start + span.to, score };
  }
  // The library rejects it, but the text says it is a phone number: trust the text, less surely.
  return context ? { type: 'PHONE', start, end: start + window.length, score: 0.7 } : null;
}

/**
 * Without a context word, only layouts people use for phone numbers count: three or more digit
 * groups, an area code in parentheses, or the 3+4 local form. Two-group codes ("05-34795") and
 * decimals ("18.16231") are ids and measurements far more often.
 */
function phoneShaped(core: string, plain: boolean): boolean {
  if (plain) return false;
  if (/\(\d{1,5}\)/.test(core)) return true;
  const groups = core.split(/[ .\-/]+/).filter((g) => g.length > 0);
  if (groups.filter((g) => g.length === 1).length >= 2) return false; // "0 7 5 9 0 0 1 0 1" is a list of digits
  // 3-2-4 is the US SSN layout (and part numbers copy it); no numbering plan writes phones so.
  if (groups.length === 3 && groups[0]!.length === 3 && groups[1]!.length === 2 && groups[2]!.length === 4) return false;
  if (groups.length >= 3) return !/^\d+(?:\.\d+){1,2}$/.test(core);
  if (groups.length !== 2 || core.includes('.')) return false;
  // A trunk-prefixed area or mobile code and the subscriber number: "030 12345678", "07700 900123",
  // "01573 1508630", "098765 43210" (national formats of Germany, Britain and India).
  if (groups[0]!.startsWith('0') && groups[0]!.length >= 3 && groups[0]!.length <= 6 && groups[1]!.length >= 5 && groups[1]!.length <= 8) return true;
  return groups[0]!.length === 3 && groups[1]!.length === 4;
}

type Span = { from: number; to: number } | null;
const cache = new Map<string, Span>(); // bounded; chat requests resend earlier turns' numbers

function validSpan(window: string, core: string, international: boolean, regions: readonly CountryCode[]): Span {
  const key = `${international ? '+' : ''}${regions.join(',')}|${window}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  const span = computeSpan(window, core, international, regions);
  if (cache.size >= 4096) cache.clear();
  cache.set(key, span);
  return span;
}

function computeSpan(window: string, core: string, international: boolean, regions: readonly CountryCode[]): Span {
  if (international) {
    // The commonest layout ("+44 20 7946 0958") is decided as the library would, without its call.
    if (window === core && validWholeInternational(window)) return { from: 0, to: window.length };
    let best: Span = null;
    for (const hit of findPhoneNumbersInText(window)) {
      if (hit.number.isValid() && (!best || hit.endsAt - hit.startsAt > best.to - best.from)) best = { from: hit.startsAt, to: hit.endsAt };
    }
    return best;
  }
  const digits = digitsOf(core);
  for (const region of regions) if (validIn(digits, region)) return { from: 0, to: window.length };
  return null;
}

interface RegionPlan {
  prefix: string;
  lengths: ReadonlySet<number>;
  pattern: RegExp;
}
const plans = new Map<string, RegionPlan | null>();
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

type RawPlan = {
  nationalPrefix(): string | undefined;
  nationalNumberPattern(): string;
  possibleLengths(): number[];
  type(name: string): { pattern(): string } | undefined;
};

/**
 * The region's numbering plan from libphonenumber's metadata: national prefix, possible lengths,
 * and one pattern that is the general number pattern and any of the number types' patterns
 * (what the library's own validity check tests, after parsing).
 */
function planOf(region: CountryCode): RegionPlan | null {
  let plan = plans.get(region);
  if (plan === undefined) {
    try {
      const metadata = new Metadata();
      metadata.selectNumberingPlan(region);
      const raw = metadata.numberingPlan as unknown as RawPlan;
      const types = NUMBER_TYPES.map((t) => raw.type(t)?.pattern() ?? '').filter((p) => p.length > 0);
      const anyType = types.length > 0 ? `(?=(?:${types.join('|')})$)` : '';
      plan = { prefix: raw.nationalPrefix() ?? '', lengths: new Set(raw.possibleLengths()), pattern: new RegExp(`^${anyType}(?:${raw.nationalNumberPattern()})$`) };
    } catch {
      plan = null; // unknown region: leave the decision to the library
    }
    plans.set(region, plan);
  }
  return plan;
}

/**
 * Whether national digits are a valid number of `region`: with or without the national prefix,
 * the national number has one of the region's possible lengths and matches its general pattern
 * and one of its number-type patterns — libphonenumber's own validity test on its own metadata,
 * without the parser around it (a library call costs 30–65 µs; this well under one). It accepts
 * a subset of what `isValidPhoneNumber` accepts (tested on random numbers of every default
 * region); what it leaves out is mostly numbers written with a calling code but no '+'.
 *
 * @example validIn('02079460958', 'GB') // true
 */
export function validIn(digits: string, region: CountryCode): boolean {
  const plan = planOf(region);
  if (!plan) return isValidPhoneNumber(digits, region);
  if (plan.lengths.has(digits.length) && plan.pattern.test(digits)) return true;
  if (plan.prefix && digits.startsWith(plan.prefix)) {
    const national = digits.slice(plan.prefix.length);
    return plan.lengths.has(national.length) && plan.pattern.test(national);
  }
  return false;
}
