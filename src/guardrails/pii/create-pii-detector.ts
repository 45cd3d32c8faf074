import { SwitchyardError } from '../../core/errors.js';
import { finding, isPiiEntityType, PII_ENTITY_TYPES, type Finding, type PiiDetector, type PiiEntityType } from './entity-types.js';
import { defaultNameTagger, nameTaggerFromFile, type NameTagger } from './ner/name-tagger.js';
import { detectPatterns } from './patterns/index.js';
import type { PhoneOptions } from './patterns/phone.js';
import { resolveOverlaps } from './resolve-overlaps.js';

export interface PiiDetectorOptions {
  /** Entity types to report (default: all). */
  entities?: readonly PiiEntityType[];
  /** Minimum score to report (default 0.5). Bare numbers that only pass a checksum score below. */
  threshold?: number;
  /** Regions tried for phone numbers without a country code. */
  phoneRegions?: PhoneOptions['regions'];
  /**
   * Person/location tagger; `false` turns names and addresses off (pattern layer only). Default:
   * the shipped pre-trained model, loaded once per process; if its file is missing or corrupt the
   * detector warns once (`onWarning`, default a process warning) and runs the pattern layer only.
   */
  nameTagger?: NameTagger | false;
  /** Another model file for the tagger (default: the shipped one, shared by all detectors). */
  taggerModelPath?: string;
  /** Receives the warning when the tagger model cannot be loaded. */
  onWarning?: (message: string) => void;
  /** Longest text accepted, in characters (default 16 Mi, above any request body limit). */
  maxChars?: number;
}

const NAME_TYPES: ReadonlySet<PiiEntityType> = new Set(['PERSON', 'LOCATION', 'STREET_ADDRESS', 'POSTAL_CODE']);
// Pattern findings this sure (checksums, formats, validated phone numbers) keep their span
// against the name tagger, which otherwise runs address spans over the phone line below them.
const STRONG_PATTERN = 0.6;

/** Findings scoring under this are dropped unless a policy sets its own `threshold`. */
export const DEFAULT_PII_THRESHOLD = 0.5;

/**
 * Creates the PII detector: the pattern layer (emails, phones, cards, IBANs, national ids,
 * network addresses, URL credentials, secrets, dates of birth) plus the in-process person and
 * address tagger, with overlaps resolved and findings under the threshold dropped.
 *
 * @example
 * const detector = createPiiDetector();
 * detector.detect('Mail Ann at ann@example.com'); // [{ type: 'PERSON', … }, { type: 'EMAIL', … }]
 */
export function createPiiDetector(options: PiiDetectorOptions = {}): PiiDetector {
  const entities = new Set<PiiEntityType>(options.entities ?? PII_ENTITY_TYPES);
  for (const type of entities) {
    if (!isPiiEntityType(type)) {
      throw new SwitchyardError('config_invalid', `unknown PII entity type "${String(type)}" (known: ${PII_ENTITY_TYPES.join(', ')})`);
    }
  }
  const threshold = options.threshold ?? DEFAULT_PII_THRESHOLD;
  const maxChars = options.maxChars ?? 16 * 1024 * 1024;
  const wantsNames = [...NAME_TYPES].some((t) => entities.has(t));
  const tagger =
    options.nameTagger === false || !wantsNames
      ? null
      : (options.nameTagger ?? (options.taggerModelPath ? nameTaggerFromFile(options.taggerModelPath, options.onWarning) : defaultNameTagger(options.onWarning)));
  const patternOptions: PhoneOptions = options.phoneRegions ? { regions: options.phoneRegions } : {};
  return {
    detect(text: string): Finding[] {
      if (typeof text !== 'string') {
        throw new SwitchyardError('invalid_request', `PII detector expects a string, got ${text === null ? 'null' : typeof text}`);
      }
      if (text.length > maxChars) {
        throw new SwitchyardError('body_too_large', `text to scan for PII has ${text.length} characters; the limit is ${maxChars}`);
      }
      const patterns = detectPatterns(text, patternOptions);
      const all = patterns.filter((f) => entities.has(f.type));
      let houseNumbers: Finding[] | null = null;
      if (tagger) {
        const strong = resolveOverlaps(all.filter((f) => f.score >= STRONG_PATTERN));
        for (const f of tagger.tag(text)) {
          if (!entities.has(f.type)) continue;
          const phone = houseNumberPhone(text, f, strong);
          if (phone) (houseNumbers ??= []).push(phone);
          const kept = phone ? f : clipBefore(text, f, strong);
          if (kept) all.push(kept);
        }
      }
      const found = houseNumbers ? all.filter((f) => !houseNumbers.includes(f)) : all;
      return resolveOverlaps(found.filter((f) => f.score >= threshold));
    },
  };
}

/**
 * The phone-shaped digits an address line starts with, when the tagger's address starts exactly
 * there and goes on along the same line with a word: presidio-research's generator writes
 * addresses as "19055 29 Hornsey Road", and "19055 29" passes as a phone number (the phone won
 * and the whole address went unredacted). Only two groups of digits shaped like a house number
 * and a number before it (three to five digits, then one to four; no trunk "0", no "+"), and not
 * followed by a phone label or a weekday ("020 7946 0958 Office", "5551 234 Monday" stay phones).
 */
function houseNumberPhone(text: string, f: Finding, strong: readonly Finding[]): Finding | null {
  if (f.type !== 'STREET_ADDRESS') return null;
  const first = firstOverlap(f, strong);
  if (!first || first.type !== 'PHONE' || first.start !== f.start || first.end >= f.end) return null;
  if (!/^[1-9]\d{2,4} \d{1,4}$/.test(text.slice(first.start, first.end))) return null;
  const next = /^ +(\p{L}+)/u.exec(text.slice(first.end, f.end));
  return next && !PHONE_LABELS.has(next[1]!.toLowerCase()) ? first : null;
}

const PHONE_LABELS = new Set(['office', 'fax', 'mobile', 'home', 'work', 'cell', 'tel', 'phone', 'ext', 'landline', 'direct', 'main', 'hotline', 'whatsapp', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'daily', 'weekdays', 'anytime', 'or', 'and', 'to']);

/**
 * A tagger finding that overlaps a sure pattern finding gives way to it: an address block that
 * ran onto the phone line below it ends before the phone number ("… BUNDALAGUAH VIC\n655 437
 * 108 office"); any other overlapping finding is dropped.
 */
function clipBefore(text: string, f: Finding, strong: readonly Finding[]): Finding | null {
  const first = firstOverlap(f, strong);
  if (!first) return f;
  if (f.type !== 'STREET_ADDRESS' || first.start <= f.start) return null;
  let end = first.start;
  while (end > f.start && /[\s,;:(\-–—+]/.test(text[end - 1]!)) end -= 1;
  return end - f.start >= 3 ? finding(f.type, f.start, end, f.score) : null;
}

/** `sorted` is start-ordered and non-overlapping, so a binary search finds the first candidate. */
function firstOverlap(f: Finding, sorted: readonly Finding[]): Finding | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= f.start) lo = mid + 1;
    else hi = mid;
  }
  const next = sorted[lo];
  return next !== undefined && next.start < f.end ? next : null;
}
