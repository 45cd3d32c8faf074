import { Metadata } from 'libphonenumber-js/max';

/**
 * libphonenumber's answer for the commonest international layout, without the library call: a
 * '+', a calling code and digit groups separated by single spaces ("+44 20 7946 0958"). The
 * library's text finder costs 25–70 µs per number (it compiles each metadata pattern from its
 * source on every test, and a new phone number in every prompt misses any cache); this runs its
 * steps with patterns compiled once, from the same metadata:
 *
 * 1. the calling code is the first 1–3 digits the metadata knows (codes are prefix-free);
 * 2. the national number is the rest, when the calling code's national prefix for parsing does
 *    not match at its start (otherwise the library may strip it: left to the library);
 * 3. the country is the only one of the code, or the first whose leading digits match or, for
 *    one without leading digits, whose number types accept the number (`getCountryByCallingCode`);
 * 4. the number is possible (a possible length of that plan, as `checkNumberLength` reads them)
 *    and valid (the plan's general pattern and a number type's pattern and lengths, as
 *    `getNumberType` tests them).
 *
 * Such a window is one candidate to the library's finder, which then returns it whole when steps
 * 1–4 hold. `true` means exactly that; `undefined` means "ask the library" (another layout, a
 * non-geographic code, a national prefix, or a number these steps reject). Tested against the
 * library on random numbers of every calling code.
 *
 * @example validWholeInternational('+44 20 7946 0958') // true
 */
export function validWholeInternational(window: string): true | undefined {
  if (!SIMPLE_INTERNATIONAL.test(window)) return undefined;
  const digits = window.slice(1).replace(SPACES, '');
  for (let length = 1; length <= 3 && length < digits.length; length += 1) {
    const code = callingCodeRules(digits.slice(0, length));
    if (code === null) continue;
    if (code === undefined) return undefined;
    const national = digits.slice(length);
    if (national.length < MIN_NATIONAL || national.length > MAX_NATIONAL) return undefined;
    if (code.prefixForParsing?.test(national)) return undefined;
    const plan = countryOf(code, national) ?? code.main;
    return possible(plan, national) && valid(plan, national) ? true : undefined;
  }
  return undefined;
}

// '+', a calling code that does not start with 0, and two or more digit groups.
const SIMPLE_INTERNATIONAL = /^\+[1-9]\d*(?: \d+)+$/;
const SPACES = / /g;
// The library's MIN_LENGTH_FOR_NSN and MAX_LENGTH_FOR_NSN.
const MIN_NATIONAL = 2;
const MAX_NATIONAL = 17;
// FIXED_LINE and the library's NON_FIXED_LINE_PHONE_TYPES: a number of any of them is valid.
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

interface PlanRules {
  /** `^(?:leading digits)`, or null when the plan has none. */
  leadingDigits: RegExp | null;
  general: RegExp;
  hasTypes: boolean;
  /** Each type's pattern and possible lengths (undefined: any length, as the library reads it). */
  types: { pattern: RegExp; lengths: readonly number[] | undefined }[];
  lengths: readonly number[] | undefined;
}

interface CallingCodeRules {
  /** The plan the library selects for the bare calling code (its main country). */
  main: PlanRules;
  countries: PlanRules[];
  prefixForParsing: RegExp | null;
}

// Per calling code: its rules, null when the metadata has no such code, undefined when the
// library would treat it in a way not reproduced here (non-geographic codes).
const codes = new Map<string, CallingCodeRules | null | undefined>();

type RawType = { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
type RawPlan = {
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  possibleLengths(): number[] | undefined;
  hasTypes(): boolean;
  type(name: string): RawType;
};
type RawMetadata = {
  hasCallingCode(code: string): boolean;
  getCountryCodesForCallingCode(code: string): string[] | undefined;
  selectNumberingPlan(countryOrCode: string): void;
  numberingPlan: RawPlan;
};

function callingCodeRules(code: string): CallingCodeRules | null | undefined {
  if (codes.has(code)) return codes.get(code);
  let rules: CallingCodeRules | null | undefined;
  try {
    rules = readCallingCode(new Metadata() as unknown as RawMetadata, code);
  } catch {
    rules = undefined;
  }
  codes.set(code, rules);
  return rules;
}

function readCallingCode(metadata: RawMetadata, code: string): CallingCodeRules | null | undefined {
  if (!metadata.hasCallingCode(code)) return null;
  const countries = metadata.getCountryCodesForCallingCode(code);
  if (!countries || countries.length === 0 || countries.includes('001')) return undefined;
  metadata.selectNumberingPlan(code);
  const main = planRules(metadata.numberingPlan);
  const prefix = metadata.numberingPlan.nationalPrefixForParsing();
  const plans = countries.map((country) => {
    metadata.selectNumberingPlan(country);
    return planRules(metadata.numberingPlan);
  });
  return { main, countries: plans, prefixForParsing: prefix ? new RegExp(`^(?:${prefix})`) : null };
}

function planRules(plan: RawPlan): PlanRules {
  const leading = plan.leadingDigits();
  const types: PlanRules['types'] = [];
  for (const name of NUMBER_TYPES) {
    const type = plan.type(name);
    const pattern = type?.pattern();
    if (!type || !pattern) continue;
    // A type without lengths of its own has the plan's (the library's Type.possibleLengths does that).
    types.push({ pattern: entirely(pattern), lengths: type.possibleLengths() });
  }
  return { leadingDigits: leading ? new RegExp(`^(?:${leading})`) : null, general: entirely(plan.nationalNumberPattern()), hasTypes: plan.hasTypes(), types, lengths: plan.possibleLengths() };
}

/** The library's `matchesEntirely`, compiled once. */
function entirely(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** `getCountryByCallingCode`: the only country, or the first the number's leading digits or types pick. */
function countryOf(code: CallingCodeRules, national: string): PlanRules | undefined {
  if (code.countries.length === 1) return code.countries[0];
  for (const plan of code.countries) {
    if (plan.leadingDigits) {
      if (plan.leadingDigits.test(national)) return plan;
    } else if (hasNumberType(plan, national)) return plan;
  }
  return undefined;
}

/** `getNumberType(…) !== undefined`. */
function hasNumberType(plan: PlanRules, national: string): boolean {
  if (!plan.general.test(national)) return false;
  return plan.types.some((t) => (!t.lengths || t.lengths.includes(national.length)) && t.pattern.test(national));
}

/** `isValidNumber`. */
function valid(plan: PlanRules, national: string): boolean {
  return plan.hasTypes ? hasNumberType(plan, national) : plan.general.test(national);
}

/** `checkNumberLength(…) === 'IS_POSSIBLE'`, step by step as the library reads the lengths. */
function possible(plan: PlanRules, national: string): boolean {
  const lengths = plan.lengths;
  if (!lengths) return true;
  const length = national.length;
  const minimum = lengths[0]!;
  if (minimum === length) return true;
  if (minimum > length || lengths[lengths.length - 1]! < length) return false;
  return lengths.indexOf(length, 1) >= 0;
}
