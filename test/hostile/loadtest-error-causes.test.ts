/**
 * `switchyard loadtest` against a server whose error codes are hostile: a code of 2 kB holding
 * terminal escapes and a bidi override, different on every request. Before, the report kept one
 * cause per request and the terminal printed each whole, escapes obeyed (42 requests: a 90 kB
 * line that recoloured the terminal).
 */
import { describe, expect, it, vi } from 'vitest';
import { printLoadReport } from '../../src/cli/loadtest-output.js';
import { buildReport } from '../../src/loadtest/load-report.js';
import { AnswerReader } from '../../src/loadtest/read-answer.js';
import type { LoadSample } from '../../src/loadtest/run-load.js';

function failed(i: number): LoadSample {
  const reader = new AnswerReader();
  reader.json(JSON.stringify({ error: { code: `\u001b[31mRED\u202e${'x'.repeat(2_000)}${i}`, message: `m\u001b[2J${i}` } }));
  return { dueMs: i, lagMs: 1, latencyMs: 5, ttftMs: null, status: 400, cause: `400 ${reader.result.error}`, message: reader.result.message, inputTokens: 0, outputTokens: 0, costUsd: null, traceId: null, cache: null };
}

describe('loadtest error causes from a hostile server', () => {
  const samples = Array.from({ length: 100 }, (_, i) => failed(i));
  const report = buildReport({ runId: 'lt_1', model: 'small', target: 'test', rps: 10, durationMs: 10_000, arrivals: 'uniform', samples, wallMs: 10_500, traces: new Map(), cpuMs: 50 });

  it('keeps each cause short and at most 20 of them by name, every failure counted', () => {
    const causes = Object.keys(report.errors);
    expect(causes.length).toBeLessThanOrEqual(21);
    expect(Math.max(...causes.map((c) => c.length))).toBeLessThanOrEqual(100);
    expect(Object.values(report.errors).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('prints them with their control characters escaped, in bounded lines', () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(String(text)));
    try {
      printLoadReport(report);
    } finally {
      log.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toContain('\\u001b[31mRED\\u202e');
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text.length).toBeLessThan(10_000);
  });
});

describe('loadtest cache outcomes from a hostile server', () => {
  it('counts an x-switchyard-cache of "constructor" or "__proto__" as an outcome of its own', () => {
    const answered = (i: number, cache: string): LoadSample => ({ dueMs: i, lagMs: 1, latencyMs: 5, ttftMs: 2, status: 200, cause: null, inputTokens: 1, outputTokens: 1, costUsd: 0, traceId: null, cache });
    const samples = [answered(0, 'constructor'), answered(1, '__proto__'), answered(2, 'hit')];
    const report = buildReport({ runId: 'lt_2', model: 'small', target: 'test', rps: 10, durationMs: 10_000, arrivals: 'uniform', samples, wallMs: 10_500, traces: new Map(), cpuMs: 50 });
    // An object literal read Object itself as the count of "constructor" (a string of its source, "…1").
    expect(Object.entries(report.cache).sort()).toEqual([['__proto__', 1], ['constructor', 1], ['hit', 1]]);
  });
});
