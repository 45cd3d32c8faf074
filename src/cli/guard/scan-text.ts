import type { InjectionDetector, InjectionSource } from '../../guardrails/injection/index.js';
import type { PiiDetector } from '../../guardrails/pii/index.js';
import { createVault } from '../../guardrails/redaction/index.js';

export type ScanCheck = 'pii' | 'injection';
export const SCAN_CHECKS: readonly ScanCheck[] = ['pii', 'injection'];

/** One scanned text, in the `guard scan` JSONL contract. */
export interface ScanResult {
  entities?: { type: string; start: number; end: number; score: number }[];
  redacted?: string;
  injection?: { score: number; flagged: boolean };
}

export interface Scanners {
  pii?: PiiDetector;
  injection?: InjectionDetector;
}

/**
 * Scans one text with the chosen detectors: PII entities (JavaScript string offsets), the text
 * with every entity replaced by a stable placeholder, and the injection score (of a user turn, or
 * with `source: 'indirect'` of a document: sentence by sentence, against the document head's bar)
 * of `injectionText` when given (a trace's last user turn), else of the whole text.
 *
 * @example scanText('mail ann@example.com', { pii }) // { entities: [{ type: 'EMAIL', start: 5, end: 20, score: 0.99 }], redacted: 'mail <EMAIL_1>' }
 */
export function scanText(text: string, scanners: Scanners, source: InjectionSource = 'user', injectionText: string = text): ScanResult {
  const result: ScanResult = {};
  if (scanners.pii) {
    const found = scanners.pii.detect(text);
    const vault = createVault();
    let redacted = '';
    let last = 0;
    for (const f of found) {
      redacted += text.slice(last, f.start) + vault.placeholderFor(f.type, text.slice(f.start, f.end));
      last = f.end;
    }
    result.entities = found.map((f) => ({ type: f.type, start: f.start, end: f.end, score: round(f.score) }));
    result.redacted = redacted + text.slice(last);
  }
  if (scanners.injection) {
    const score = scanners.injection.score(injectionText, { source });
    result.injection = { score: round(score.score), flagged: score.flagged };
  }
  return result;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
