import { SegmentCache } from '../segment-cache.js';
import { finding, type Finding, type PiiDetector } from './entity-types.js';

/**
 * A PII detector that remembers its findings for the last `entries` texts it scanned (by hash;
 * see `SegmentCache`), so a system prompt or an earlier turn sent again is not scanned again.
 * Each call gets its own copies of the findings.
 *
 * @example const detector = cachedPiiDetector(createPiiDetector(), 1024);
 */
export function cachedPiiDetector(detector: PiiDetector, entries: number): PiiDetector & { cache: SegmentCache<readonly Finding[]> } {
  const cache = new SegmentCache<readonly Finding[]>(entries);
  const scan = (text: string): readonly Finding[] => detector.detect(text);
  return {
    cache,
    detect(text: string): Finding[] {
      // Not a string: the detector's own error, uncached.
      if (typeof text !== 'string') return detector.detect(text);
      return cache.get(text, scan).map((f) => finding(f.type, f.start, f.end, f.score));
    },
  };
}
