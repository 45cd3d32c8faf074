import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';
import { detectPatterns } from './index.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const MB = 1024 * 1024;
// Inputs built to trigger backtracking in naive PII regexes (long runs that almost match).
const hostile: [string, string][] = [
  ['digits', '1'.repeat(10 * MB)],
  ['digits and spaces', '1 '.repeat(5 * MB)],
  ['at signs', 'a@'.repeat(5 * MB)],
  ['dots', 'a.'.repeat(5 * MB)],
  ['colons', 'a:'.repeat(5 * MB)],
  ['hex runs', 'deadbeef:'.repeat(Math.floor((10 * MB) / 9))],
  ['token chars', 'Ab1'.repeat(Math.floor((10 * MB) / 3))],
  ['url userinfo', 'http://a:'.repeat(Math.floor((10 * MB) / 9))],
  ['assignments', 'password='.repeat(Math.floor((10 * MB) / 9))],
  ['angle brackets', '<PERSON_'.repeat(Math.floor((10 * MB) / 8))],
];

describe('linear time on hostile input', () => {
  it.each(hostile)('pattern layer scans 10 MB of %s in bounded time', (_name, text) => {
    const started = cpuMs();
    detectPatterns(text);
    // Linear scans take 0.3–16 s of wall clock here depending on CPU contention (less of CPU); a
    // catastrophic regex would take hours, so a generous ceiling still tells the two apart.
    expect(cpuMs() - started).toBeLessThan(60_000);
  }, 90_000);

  it('rejects non-strings and oversize texts with a precise error', () => {
    const detector = createPiiDetector({ nameTagger: false, maxChars: 10 });
    expect(() => detector.detect('x'.repeat(11))).toThrow(/11 characters; the limit is 10/);
    expect(() => detector.detect(42 as unknown as string)).toThrow(/expects a string, got number/);
  });
});
