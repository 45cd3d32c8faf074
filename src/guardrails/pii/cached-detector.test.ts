import { describe, expect, it } from 'vitest';
import { cachedPiiDetector } from './cached-detector.js';
import { createPiiDetector } from './create-pii-detector.js';
import type { Finding, PiiDetector } from './entity-types.js';

const SYSTEM = 'You are the support assistant of Acme. Customers can write to help@acme.example or call +44 20 7946 0000 on weekdays.';

describe('cachedPiiDetector', () => {
  it('finds what the detector finds, scanning a repeated text once', () => {
    const inner = createPiiDetector({ nameTagger: false });
    let scans = 0;
    const counting: PiiDetector = {
      detect(text) {
        scans += 1;
        return inner.detect(text);
      },
    };
    const cached = cachedPiiDetector(counting, 16);
    const first = cached.detect(SYSTEM);
    expect(first.map((f) => f.type)).toEqual(['EMAIL', 'PHONE']);
    expect(cached.detect(SYSTEM)).toEqual(inner.detect(SYSTEM));
    expect(scans).toBe(1);
    const other = `${SYSTEM} Ann's address is ann@example.com.`;
    expect(cached.detect(other)).toEqual(inner.detect(other));
    expect(scans).toBe(2);
  });

  it('gives each call its own findings: changing one does not change the next answer', () => {
    const cached = cachedPiiDetector(createPiiDetector({ nameTagger: false }), 16);
    const first: Finding[] = cached.detect(SYSTEM);
    first[0]!.start = 999;
    first.pop();
    const again = cached.detect(SYSTEM);
    expect(again).toHaveLength(2);
    expect(again[0]!.start).toBe(SYSTEM.indexOf('help@'));
  });

  it('passes the detector its errors', () => {
    const cached = cachedPiiDetector(createPiiDetector({ nameTagger: false, maxChars: 100 }), 16);
    expect(() => cached.detect(null as unknown as string)).toThrow(/expects a string/);
    expect(() => cached.detect('x'.repeat(101))).toThrow(/limit is 100/);
  });
});
