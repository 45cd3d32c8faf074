import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PHONE_REGIONS, validIn } from './phone.js';
import { digitWindows } from './context.js';
import { detectCards, detectIbans, detectMacs, detectNationalIds, detectPatterns, detectPhones } from './index.js';
import { resolveOverlaps } from '../resolve-overlaps.js';
import type { PiiEntityType } from '../entity-types.js';

/** Types found at or above the default threshold, after overlap resolution. */
function found(text: string): { type: PiiEntityType; value: string }[] {
  return resolveOverlaps(detectPatterns(text))
    .filter((f) => f.score >= 0.5)
    .map((f) => ({ type: f.type, value: text.slice(f.start, f.end) }));
}

const cases: [PiiEntityType, string, string, string][] = [
  // type, valid text, the value, the same text with a checksum-invalid (or malformed) value
  ['EMAIL', 'write to jo.doe+x@example.co.uk.', 'jo.doe+x@example.co.uk', 'write to jo.doe@localhost'],
  ['CREDIT_CARD', 'card 4111 1111 1111 1111 please', '4111 1111 1111 1111', 'card 4111 1111 1111 1112 please'],
  ['CREDIT_CARD', 'my amex 378282246310005', '378282246310005', 'my amex 378282246310006'],
  ['IBAN', 'IBAN GB82 WEST 1234 5698 7654 32 thanks', 'GB82 WEST 1234 5698 7654 32', 'IBAN GB83 WEST 1234 5698 7654 32 thanks'],
  ['IBAN', 'pay DE89370400440532013000', 'DE89370400440532013000', 'pay DE89370400440532013001'],
  ['US_SSN', "Here's my SSN: 460-89-9847", '460-89-9847', "Here's my SSN: 666-89-9847"],
  ['UK_NINO', 'my national insurance number is AB 12 34 56 C', 'AB 12 34 56 C', 'my national insurance number is QQ 12 34 56 C'],
  ['UK_NHS', 'NHS number 943 476 5900', '943 476 5900', 'NHS number 943 476 5901'],
  ['CA_SIN', 'my SIN is 130 123 458', '130 123 458', 'my SIN is 130 123 459'],
  ['ES_NIF', 'DNI 12345678Z', '12345678Z', 'DNI 12345678A'],
  ['ES_NIF', 'mi NIE es X1234567L', 'X1234567L', 'mi NIE es X1234567M'],
  ['IT_FISCAL_CODE', 'codice fiscale RSSMRA85T10A562S', 'RSSMRA85T10A562S', 'codice fiscale RSSMRA85T10A562T'],
  ['FR_NIR', 'numéro de sécurité sociale 1 84 01 27 646 108 77', '1 84 01 27 646 108 77', 'numéro de sécurité sociale 1 84 01 27 646 108 78'],
  ['NL_BSN', 'BSN: 111222333', '111222333', 'BSN: 111222334'],
  ['BR_CPF', 'CPF 529.982.247-25', '529.982.247-25', 'CPF 529.982.247-26'],
  ['IN_AADHAAR', 'Aadhaar 2345 6789 0124', '2345 6789 0124', 'Aadhaar 2345 6789 0125'],
  ['AU_TFN', 'my TFN is 123 456 707', '123 456 707', 'my TFN is 123 456 708'],
  ['IP_ADDRESS', 'blocked from 86.121.97.248 today', '86.121.97.248', 'blocked from 86.121.97.256 today'],
  ['IP_ADDRESS', 'host 2001:db8:85a3::8a2e:370:7334 up', '2001:db8:85a3::8a2e:370:7334', 'host 2001:db8:85a3::8a2e::7334 up'],
  ['MAC_ADDRESS', 'mac 00:1A:2B:3C:4D:5E here', '00:1A:2B:3C:4D:5E', 'mac 00:1A:2B:3C:4D-5E here'],
  ['MAC_ADDRESS', 'nic 00-1a-2b-3c-4d-5e', '00-1a-2b-3c-4d-5e', 'nic 00-1a-2b-3c-4d'],
  ['MAC_ADDRESS', 'switch port 001a.2b3c.4d5e', '001a.2b3c.4d5e', 'switch port 001a.2b3c.4d5'],
  ['IP_ADDRESS', 'ping fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a', 'ping fe80:1ff:fe23'],
  ['PHONE', 'call me at +44 20 7946 0958', '+44 20 7946 0958', 'call me at +44 20'],
  ['PHONE', 'my phone: (415) 555-2671', '(415) 555-2671', 'my phone: (415) 555'],
  ['URL_CREDENTIALS', 'use https://bob:hunter2@db.example.com/x', 'bob:hunter2', 'use https://db.example.com/x'],
  ['URL_CREDENTIALS', 'GET /cb?access_token=abcDEF123456 now', 'abcDEF123456', 'GET /cb?page=abcDEF123456 now'],
  ['SECRET', 'token ghp_1234567890abcdefghijABCDEFGHIJ123456', 'ghp_1234567890abcdefghijABCDEFGHIJ123456', 'token ghp_1234'],
  ['SECRET', 'api_key = "Zx9Qw2Er7Ty4Ui1Op"', 'Zx9Qw2Er7Ty4Ui1Op', 'api_key is in the vault'],
  ['DATE_OF_BIRTH', 'She was born on 2/8/1935.', '2/8/1935', 'She was hired on 2/8/1935.'],
];

describe('pattern detectors', () => {
  it.each(cases)('%s: finds %s and rejects the invalid variant', (type, text, value, invalid) => {
    expect(found(text)).toContainEqual({ type, value });
    expect(found(invalid).filter((f) => f.type === type)).toEqual([]);
  });

  it('leaves harmless numbers alone', () => {
    const text = 'Order 48213377 shipped on 2024-05-01 12:30:45; version 1.2.3.4; sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08; uuid 123e4567-e89b-12d3-a456-426614174000; ISBN 978-3-16-148410-0; total $1,234.56';
    expect(found(text)).toEqual([]);
  });

  it("leaves every machine's own addresses alone (loopback, 0.0.0.0) and finds a host's beside them", () => {
    const text = 'curl http://127.0.0.1:4000/health, or bind 0.0.0.0:8080 (127.255.0.9 too); the office is 127.0.0.300 and 10.0.0.7';
    expect(found(text).filter((f) => f.type === 'IP_ADDRESS')).toEqual([{ type: 'IP_ADDRESS', value: '10.0.0.7' }]);
  });

  it('scores bare digit ids below the threshold unless a context word precedes them', () => {
    expect(found('ref 111222333').filter((f) => f.type === 'NL_BSN')).toEqual([]);
    expect(found('burgerservicenummer 111222333')).toContainEqual({ type: 'NL_BSN', value: '111222333' });
  });

  it('reads dates of birth and phone numbers by the context words of German, French, Spanish, Italian, Portuguese and Dutch too', () => {
    // Each of these was left in the text: the context words were English (and "geboren", "né", "nato").
    expect(found('Geburtsdatum: 14.03.1985')).toContainEqual({ type: 'DATE_OF_BIRTH', value: '14.03.1985' });
    expect(found('Date de naissance : 14/03/1985')).toContainEqual({ type: 'DATE_OF_BIRTH', value: '14/03/1985' });
    expect(found('Fecha de nacimiento: 14/03/1985')).toContainEqual({ type: 'DATE_OF_BIRTH', value: '14/03/1985' });
    expect(found('Data de nascimento: 14/03/1985')).toContainEqual({ type: 'DATE_OF_BIRTH', value: '14/03/1985' });
    expect(found('Geboortedatum: 14-03-1985')).toContainEqual({ type: 'DATE_OF_BIRTH', value: '14-03-1985' });
    expect(found('meine Telefonnummer ist 030 12345678')).toContainEqual({ type: 'PHONE', value: '030 12345678' });
    expect(found('Geboortedatum onbekend, mobiel 06 12345678')).toContainEqual({ type: 'PHONE', value: '06 12345678' });
    // Dates without a birth word stay dates.
    expect(found('Lieferdatum: 14.03.1985')).toEqual([]);
  });

  it('finds MAC addresses of all three layouts among other dashes, dots and colons', () => {
    const text = 'at 10:30 - see v1.2 - nic 00-1a-2b-3c-4d-5e. then 001a.2b3c.4d5e and a-b, c.d, e:f then 00:1A:2B:3C:4D:5E.';
    const macs = detectMacs(text).map((f) => text.slice(f.start, f.end));
    expect(macs).toEqual(['00-1a-2b-3c-4d-5e', '001a.2b3c.4d5e', '00:1A:2B:3C:4D:5E']);
    for (let k = 0; k < 12; k += 1) expect(detectMacs(`${'-'.repeat(k)} 00:1A:2B:3C:4D:5E`).map((f) => f.start)).toEqual([k + 1]);
  });

  it('reports offsets as JavaScript string offsets, also after astral characters', () => {
    const text = '😀😀 mail jo@example.com';
    const [f] = found(text);
    expect(f).toEqual({ type: 'EMAIL', value: 'jo@example.com' });
  });
});

describe('phone validation from libphonenumber metadata', () => {
  it('accepts only numbers that libphonenumber itself calls valid, in every default region', () => {
    let state = 12345;
    const random = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const region of DEFAULT_PHONE_REGIONS) {
      let accepted = 0;
      for (let i = 0; i < 1500; i += 1) {
        const length = 7 + Math.floor(random() * 6);
        const digits = (random() < 0.5 ? '0' : '') + Array.from({ length }, () => Math.floor(random() * 10)).join('');
        if (!validIn(digits, region)) continue;
        accepted += 1;
        expect(isValidPhoneNumber(digits, region), `${region} ${digits}`).toBe(true);
      }
      expect(accepted).toBeGreaterThan(10);
    }
  });
});

describe('digit windows', () => {
  it('pads digit runs, merges near ones and counts digits joined by separators', () => {
    const text = `${'x'.repeat(100)}(37) 788-063${'y'.repeat(200)}v1.2`;
    const windows = digitWindows(text);
    expect(windows).toEqual([53, 160, 8, 265, 316, 2]);
  });

  it('finds the same entities with and without windows', () => {
    const text = `${'Some prose without numbers. '.repeat(20)}call (415) 555-2671, card 4111 1111 1111 1111, SSN 460-89-9847 ${'more prose. '.repeat(20)} IBAN DE89370400440532013000`;
    const key = (f: { type: string; start: number; end: number }): string => `${f.type}@${f.start}-${f.end}`;
    const digitTypes = new Set(['CREDIT_CARD', 'IBAN', 'US_SSN', 'PHONE']);
    const windowed = detectPatterns(text).filter((f) => digitTypes.has(f.type)).map(key).sort();
    const whole = [...detectCards(text), ...detectIbans(text), ...detectNationalIds(text), ...detectPhones(text)].filter((f) => digitTypes.has(f.type)).map(key).sort();
    expect(windowed).toEqual(whole);
    expect(windowed).toHaveLength(4);
  });
});

describe('pattern rules from pii-wild', () => {
  it('reads dd-Mon-yyyy birth dates, trunk-prefixed national phones, code labels and key=value secrets', () => {
    expect(found('Date of Birth: 01-Mar-2001')).toEqual([{ type: 'DATE_OF_BIRTH', value: '01-Mar-2001' }]);
    expect(found('Parcel for X\n01573 1508630')).toEqual([{ type: 'PHONE', value: '01573 1508630' }]);
    expect(found('Please restock SKU 739-780-546 today')).toEqual([]);
    expect(found('Receipt 3792-2285-8892')).toEqual([]);
    expect(found('customs ref 225837300154')).toEqual([]);
    expect(found('call 739-780-546 today').map((f) => f.type)).toEqual(['PHONE']);
    const key = 'Cwfo6SoSrlOfmQck5lvqSZBaeYbTWwN9zjmcpi7b';
    expect(found(`aws_secret_access_key = ${key}`)).toEqual([{ type: 'SECRET', value: key }]);
  });
});

describe('code labels over a window (pii-wild harmless texts)', () => {
  it('reads a number that continues a labelled list of codes as one more code, a phone context word still winning', () => {
    expect(found('Please restock SKU YPC11588T and 737-252-621 before the weekend sale.')).toEqual([]);
    expect(found('Orders A-1962, B-2201 and 771-203-5561 shipped')).toEqual([]);
    expect(found('Restock SKU YPC11588T, and call me on 737-252-621').map((f) => f.type)).toEqual(['PHONE']);
    // A word between label and number that is no code breaks the list.
    expect(found('Order A-1962 arrived; ring 771-203-5561').map((f) => f.type)).toEqual(['PHONE']);
  });

  it('reads transaction, meeting, booking and carrier ids as codes, not phones', () => {
    expect(found('Transaction 771-203-5561 was declined, please retry.')).toEqual([]);
    expect(found('Meeting ID 845 2291 7734, passcode 551203.')).toEqual([]);
    expect(found('Your parcel shipped via FedEx 7749 2231 8890.')).toEqual([]);
    expect(found('Transaction failed, my mobile is 771-203-5561').map((f) => f.type)).toEqual(['PHONE']);
    expect(found('Shipped. Questions? 771-203-5561').map((f) => f.type)).toEqual(['PHONE']);
  });
});
