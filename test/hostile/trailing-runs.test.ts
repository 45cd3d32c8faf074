import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/knowledge/ingest/load-html.js';
import { meaningFacts } from '../../src/cache/semantic-guard.js';
import { contentWords } from '../../src/knowledge/text/content-words.js';
import { numberValue } from '../../src/knowledge/text/meaning-words.js';
import { teacherLabel } from '../../src/local/serving/teacher-label.js';
import { cpuMs } from '../../src/test-support/cpu-clock.js';

/**
 * A run of characters trimmed off the end of text a model or a file sent, by a pattern anchored
 * at the end (/[.\s]+$/): tried again from each character of a run that stops short of the end,
 * quadratic in the run (round 21, hostile21). Now `trimEndRun`, one pass from the end.
 */
describe('trailing runs in text from outside, trimmed in linear time', () => {
  // The patterns these replace (/[.\s]+$/, /['’-]+$/, /^["'`]+|["'`]+$/g) took 12.8 s, 19 s and
  // 2.5 s on 80,000, 100,000 and 40,000 such characters followed by one that ends the run.
  it("is linear where the patterns were quadratic: a teacher's answer and a groundedness check's words", () => {
    const started = cpuMs();
    expect(teacherLabel(`x${' .'.repeat(40_000)}y`, { answer: 'label' as const, json_field: 'label' })).toBeUndefined();
    expect(teacherLabel(`x${'"'.repeat(40_000)}y`, { answer: 'label' as const, json_field: 'label' })).toBeUndefined();
    expect(teacherLabel('"card_arrival". ', { answer: 'label' as const, json_field: 'label' })).toBe('card_arrival');
    expect(contentWords(`a${'-'.repeat(100_000)}b refunds`).map((w) => w.key)).toEqual([`a${'-'.repeat(100_000)}b`, 'refund']);
    expect(contentWords("customers' refunds--").map((w) => w.surface)).toEqual(['customers', 'refunds']);
    expect(cpuMs() - started).toBeLessThan(2_000);
  });

  it('keeps a <pre> block of a page for kb add whole but its trailing space, in linear time', () => {
    const started = cpuMs();
    const parsed = parseHtml(`<html><body><h1>Log</h1><pre>\n${' '.repeat(100_000)}x${' '.repeat(100_000)}</pre></body></html>`);
    expect(parsed.text.endsWith(`${' '.repeat(100)}x`)).toBe(true);
    // 40,000 spaces took 4.2 s with /\s+$/ (quadratic); 100,000 would take some 26 s.
    expect(cpuMs() - started).toBeLessThan(3_000);
  });

  // A prompt's numbers, read by the semantic cache's guard on every request: /\.?0+$/ took 15 s on
  // "1.000…0001" of 80,000 characters (quadratic in the zeros).
  it("reads a prompt's long number for the semantic cache's guard in linear time, in the same spelling", () => {
    expect(['5.00', '5.50', '5.', '100.0', '0.0', '1,000.50', '1.0001'].map(numberValue)).toEqual(['5', '5.5', '5.', '100', '0', '1000.5', '1.0001']);
    const started = cpuMs();
    expect(meaningFacts(`is 1.${'0'.repeat(80_000)}1 the rate?`).words).toEqual(['rate']);
    expect(cpuMs() - started).toBeLessThan(2_000);
  });
});
