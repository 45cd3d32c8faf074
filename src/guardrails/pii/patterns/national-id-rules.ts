import type { PiiEntityType } from '../entity-types.js';
import { luhnValid, mod97, verhoeffValid, weightedSum } from './checksums.js';

/**
 * One national identifier: a candidate pattern (bounded, linear), a validator (checksum or format
 * rules), context words, and whether the bare form needs context. Numbers that are only digits
 * pass a mod-10/mod-11 check by chance one time in ten, so without context they score below the
 * default threshold and do not flag order ids.
 */
export interface NationalIdRule {
  type: PiiEntityType;
  pattern: RegExp;
  valid(value: string): boolean;
  context: RegExp;
  /** Score with a context word before the value. */
  withContext: number;
  /** Score without one (below 0.5 means: reported only to policies that lower the threshold). */
  bare: number;
  /** Fewest digits joined by single separators a match contains (windows with fewer are skipped). */
  minDigits: number;
}

const digits = (v: string): string => v.replace(/\D/g, '');

function ssnValid(v: string): boolean {
  const d = digits(v);
  const area = Number(d.slice(0, 3));
  return d.length === 9 && area !== 0 && area !== 666 && area < 900 && d.slice(3, 5) !== '00' && d.slice(5) !== '0000';
}

function ninoValid(v: string): boolean {
  const s = v.replace(/\s/g, '').toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s)) return false;
  return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(s.slice(0, 2));
}

function nhsValid(v: string): boolean {
  const d = digits(v);
  if (d.length !== 10) return false;
  const check = 11 - (weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return (check === 11 ? 0 : check) === Number(d[9]);
}

function sinValid(v: string): boolean {
  const d = digits(v);
  return d.length === 9 && d[0] !== '0' && d[0] !== '8' && luhnValid(d);
}

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
function nifValid(v: string): boolean {
  const s = v.replace(/[\s-]/g, '').toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(s);
  if (!m) return false;
  const prefix = m[1] ? String('XYZ'.indexOf(m[1])) : '';
  const number = prefix + m[2];
  if (number.length !== 8) return false;
  return NIF_LETTERS[Number(number) % 23] === m[3];
}

const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function fiscalCodeValid(v: string): boolean {
  const s = v.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const c = s.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 65; // digits and letters share 0–9 / 0–25 values
    sum += i % 2 === 0 ? CF_ODD[value]! : value;
  }
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}

function nirValid(v: string): boolean {
  const s = v.replace(/\s/g, '').toUpperCase();
  if (!/^[1278]\d{2}(?:0[1-9]|1[0-2]|[2-9]\d)(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(s)) return false;
  const body = s.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(s.slice(13));
}

function bsnValid(v: string): boolean {
  const d = digits(v);
  if (d.length !== 9) return false;
  return (weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) - Number(d[8])) % 11 === 0 && d !== '000000000';
}

function cpfValid(v: string): boolean {
  const d = digits(v);
  if (d.length !== 11 || /^(\d)\1{10}$/.test(d)) return false;
  const check = (n: number): number => {
    const r = (weightedSum(d, Array.from({ length: n }, (_, i) => n + 1 - i)) * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === Number(d[9]) && check(10) === Number(d[10]);
}

function aadhaarValid(v: string): boolean {
  const d = digits(v);
  return d.length === 12 && d[0] !== '0' && d[0] !== '1' && verhoeffValid(d);
}

function tfnValid(v: string): boolean {
  const d = digits(v);
  return d.length === 9 && weightedSum(d, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
}

/** The national ids detected, with their checksums. Documented in the PII README. */
export const NATIONAL_ID_RULES: readonly NationalIdRule[] = [
  { type: 'US_SSN', pattern: /\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}/g, valid: ssnValid, context: /ssn|social security|soc\.? ?sec|taxpayer/, withContext: 0.95, bare: 0.45, minDigits: 9 },
  { type: 'US_SSN', pattern: /\d{9}/g, valid: ssnValid, context: /ssn|social security|soc\.? ?sec/, withContext: 0.9, bare: 0.05, minDigits: 9 },
  { type: 'UK_NINO', pattern: /(?<![A-Za-z0-9])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]/g, valid: ninoValid, context: /nino|national insurance|\bni\b/, withContext: 0.95, bare: 0.7, minDigits: 6 },
  { type: 'UK_NHS', pattern: /\d{3}[ -]?\d{3}[ -]?\d{4}/g, valid: nhsValid, context: /nhs|health service|patient/, withContext: 0.9, bare: 0.2, minDigits: 10 },
  { type: 'CA_SIN', pattern: /\d{3}[ -]?\d{3}[ -]?\d{3}/g, valid: sinValid, context: /\bsin\b|social insurance|nas\b|assurance sociale/, withContext: 0.9, bare: 0.2, minDigits: 9 },
  { type: 'ES_NIF', pattern: /(?<![A-Za-z0-9])[XYZxyz]?-?\d{7,8}-?[A-Za-z]/g, valid: nifValid, context: /dni|nie|nif|documento|identidad/, withContext: 0.95, bare: 0.7, minDigits: 7 },
  { type: 'IT_FISCAL_CODE', pattern: /(?<![A-Za-z0-9])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]/g, valid: fiscalCodeValid, context: /codice fiscale|fiscal code|\bcf\b|tax code/, withContext: 1, bare: 0.9, minDigits: 1 },
  { type: 'FR_NIR', pattern: /[1278] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}/g, valid: nirValid, context: /s[ée]curit[ée] sociale|\bnir\b|insee|social security/, withContext: 1, bare: 0.8, minDigits: 6 },
  { type: 'NL_BSN', pattern: /\d{9}|\d{4}\.\d{2}\.\d{3}/g, valid: bsnValid, context: /\bbsn\b|burgerservice|sofi/, withContext: 0.9, bare: 0.15, minDigits: 9 },
  { type: 'BR_CPF', pattern: /\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11}/g, valid: cpfValid, context: /\bcpf\b|cadastro/, withContext: 0.95, bare: 0.3, minDigits: 11 },
  { type: 'IN_AADHAAR', pattern: /[2-9]\d{3} ?\d{4} ?\d{4}/g, valid: aadhaarValid, context: /aadhaar|aadhar|uidai|\buid\b/, withContext: 0.95, bare: 0.3, minDigits: 12 },
  { type: 'AU_TFN', pattern: /\d{3} ?\d{3} ?\d{3}/g, valid: tfnValid, context: /\btfn\b|tax file/, withContext: 0.9, bare: 0.1, minDigits: 9 },
];
