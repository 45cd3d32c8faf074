/** Written once: they are part of PII_ENTITY_TYPES and, on their own, NATIONAL_ID_TYPES. */
const NATIONAL_IDS = [
  'US_SSN',
  'UK_NINO',
  'UK_NHS',
  'CA_SIN',
  'ES_NIF',
  'IT_FISCAL_CODE',
  'FR_NIR',
  'NL_BSN',
  'BR_CPF',
  'IN_AADHAAR',
  'AU_TFN',
] as const;

/**
 * The PII entity types Switchyard detects. Policies name them, findings carry them and
 * placeholders are built from them (`<PERSON_1>`), so the list is the contract between the
 * detectors, the policy schema and the redactor.
 */
export const PII_ENTITY_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  ...NATIONAL_IDS,
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'URL_CREDENTIALS',
  'SECRET',
  'PERSON',
  'LOCATION',
  'STREET_ADDRESS',
  'POSTAL_CODE',
  'DATE_OF_BIRTH',
] as const;

export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/** National identifiers, each validated by its checksum or, where it has none, its format rules. */
export const NATIONAL_ID_TYPES: readonly PiiEntityType[] = NATIONAL_IDS;

const KNOWN = new Set<string>(PII_ENTITY_TYPES);

/** True when `value` names a known entity type. @example isPiiEntityType('EMAIL') // true */
export function isPiiEntityType(value: string): value is PiiEntityType {
  return KNOWN.has(value);
}

/**
 * One detected value: its type, its span as JavaScript string offsets (`text.slice(start, end)`)
 * and a score in [0, 1] (how sure the detector is; checksummed ids score high, a bare number that
 * merely passes a checksum scores low unless a context word supports it).
 */
export interface Finding {
  type: PiiEntityType;
  start: number;
  end: number;
  score: number;
}

/**
 * Builds a Finding. Every finding the detectors make or change comes from here (or from a literal
 * with the same four fields in this order), never from a spread copy: V8 gives each warmed-up
 * `{ ...f, end }` site a hidden class of its own, and with a dozen such sites every pass of the
 * name tagger that reads findings turned polymorphic and kept deoptimising ("wrong map").
 * @example finding('PERSON', 0, 10, 0.9) // { type: 'PERSON', start: 0, end: 10, score: 0.9 }
 */
export function finding(type: PiiEntityType, start: number, end: number, score: number): Finding {
  return { type, start, end, score };
}

/** Arrays this long or longer go to `Array.prototype.sort` (n log n on hostile input). */
const INSERTION_SORT_MAX = 32;

/**
 * Sorts spans by start in place, stably, and returns the array: the same order as
 * `items.sort((a, b) => a.start - b.start)` (both sorts are stable, with the same comparison).
 * The tagger's passes sort a few dozen nearly ordered findings some twenty times per text; an
 * insertion sort does that without the builtin's work array (a third of the allocation left in
 * the name tagger) or a comparator call per step.
 *
 * @example sortByStart([{ start: 5 }, { start: 1 }]) // [{ start: 1 }, { start: 5 }]
 */
export function sortByStart<T extends { start: number }>(items: T[]): T[] {
  const n = items.length;
  if (n >= INSERTION_SORT_MAX) return items.sort(byStart);
  for (let i = 1; i < n; i += 1) {
    const item = items[i]!;
    const start = item.start;
    let j = i - 1;
    while (j >= 0 && items[j]!.start > start) {
      items[j + 1] = items[j]!;
      j -= 1;
    }
    items[j + 1] = item;
  }
  return items;
}

function byStart(a: { start: number }, b: { start: number }): number {
  return a.start - b.start;
}

/** Anything that finds PII in a text. */
export interface PiiDetector {
  detect(text: string): Finding[];
}
