import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { militaryAddresses } from './military-addresses.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const show = (text: string, found: Finding[]): string[] => found.map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('US military addresses', () => {
  it('joins a ship, unit or PSC box line and its APO/FPO/DPO line into one address', () => {
    for (const [text, address] of [
      ['Ship it to USNS Møller\nFPO AA 85844 please', 'USNS Møller\nFPO AA 85844'],
      ['PSC 7589, Box 0572\nAPO AE 20040', 'PSC 7589, Box 0572\nAPO AE 20040'],
      ['my address: unit 0846 box 9910\ndpo ap 61487', 'unit 0846 box 9910\ndpo ap 61487'],
      ['USS Lorenzen, FPO AE 25990', 'USS Lorenzen, FPO AE 25990'],
    ] as const) {
      expect(show(text, militaryAddresses(text, [])), text).toEqual([`STREET_ADDRESS:${address}`]);
    }
  });

  it('takes over the findings inside it and keeps the others', () => {
    const text = 'Ann Lee\nUSNS Bergman\nFPO AP 93757';
    const found: Finding[] = [
      { type: 'PERSON', start: 0, end: 7, score: 0.9 },
      { type: 'PERSON', start: 13, end: 20, score: 0.7 },
    ];
    expect(show(text, militaryAddresses(text, found))).toEqual(['PERSON:Ann Lee', 'STREET_ADDRESS:USNS Bergman\nFPO AP 93757']);
  });

  it('leaves a post line without its head, and look-alikes, alone', () => {
    for (const text of ['FPO AA 85844', 'The FPO AA 85844 code', 'USNS Møller sailed.\n\nAPO AE 2004', 'Box 12\nAPO AE 20040']) {
      expect(militaryAddresses(text, []), text).toEqual([]);
    }
  });

  it('scans hostile input in linear time', () => {
    const text = `${'USNS x\n'.repeat(20_000)}${'APO AA 12345 '.repeat(20_000)}`;
    const started = cpuMs();
    militaryAddresses(text, []);
    expect(cpuMs() - started).toBeLessThan(2000);
  });
});
