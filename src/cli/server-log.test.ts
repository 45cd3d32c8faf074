import { describe, expect, it } from 'vitest';
import { serverLog } from './server-log.js';

describe("serve's log: one event, one line", () => {
  it('keeps a stack trace on its line, so a line-based log pipeline (journald, Loki, Fluent Bit) sees one event', () => {
    const written: string[] = [];
    const log = serverLog((text) => written.push(text));
    const error = new Error('upstream said "no"\nsecond line of its message');
    log(`request POST "/v1/chat/completions" failed: ${error.stack}`);
    log('audit: "ana" (session) POST /api/keys → 201');
    expect(written).toHaveLength(2);
    for (const text of written) expect(text.match(/\n/g)).toEqual(['\n']);
    expect(written[0]).toMatch(/^request POST "\/v1\/chat\/completions" failed: Error: upstream said "no"\\nsecond line of its message\\n {4}at /);
    expect(written[1]).toBe('audit: "ana" (session) POST /api/keys → 201\n');
  });

  it('shows control characters a message carries escaped, so no line rewrites a terminal tailing the log', () => {
    const written: string[] = [];
    serverLog((text) => written.push(text))('provider "x": \u001b[2Jcleared\r\u202eexe.txt');
    expect(written).toEqual(['provider "x": \\u001b[2Jcleared\\u000d\\u202eexe.txt\n']);
  });
});
