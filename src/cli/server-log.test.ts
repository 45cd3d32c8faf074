import { describe, expect, it } from 'vitest';
import { logSettings, serverLog } from './server-log.js';
import { withFields } from '../core/log.js';

const AT = () => new Date('2026-12-05T18:30:00.000Z');

describe("serve's log: one event, one line", () => {
  it('keeps a stack trace on its line, so a line-based log pipeline (journald, Loki, Fluent Bit) sees one event', () => {
    const written: string[] = [];
    const log = serverLog({}, (text) => written.push(text));
    const error = new Error('upstream said "no"\nsecond line of its message');
    log(`request POST "/v1/chat/completions" failed: ${error.stack}`);
    log('audit: "ana" (session) POST /api/keys → 201');
    log('request POST "/v1/messages" failed', { level: 'error', error });
    expect(written).toHaveLength(3);
    for (const text of written) expect(text.match(/\n/g)).toEqual(['\n']);
    expect(written[0]).toMatch(/^request POST "\/v1\/chat\/completions" failed: Error: upstream said "no"\\nsecond line of its message\\n {4}at /);
    expect(written[1]).toBe('audit: "ana" (session) POST /api/keys → 201\n');
    // An error passed as a field is shown as it was when the line carried it: text unchanged.
    expect(written[2]).toMatch(/^request POST "\/v1\/messages" failed: Error: upstream said "no"\\nsecond line of its message\\n {4}at /);
  });

  it('shows control characters a message carries escaped, so no line rewrites a terminal tailing the log', () => {
    const written: string[] = [];
    serverLog({}, (text) => written.push(text))('provider "x": \u001b[2Jcleared\r\u202eexe.txt');
    expect(written).toEqual(['provider "x": \\u001b[2Jcleared\\u000d\\u202eexe.txt\n']);
  });
});

describe("serve's log as JSON", () => {
  it('writes one object a line with time, level, msg and the fields, the stack in a field of its own', () => {
    const written: string[] = [];
    const log = withFields(serverLog({ format: 'json' }, (text) => written.push(text), AT), { component: 'http' });
    const error = new Error('upstream said "no"\nsecond line');
    log('request POST "/v1/messages" failed', { level: 'error', status: 500, error });
    log('audit: "ana" POST /api/keys → 201\u001b[2J', { component: 'audit' });
    expect(written).toHaveLength(2);
    for (const text of written) expect(text.match(/\n/g)).toEqual(['\n']);
    const [failed, audit] = written.map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(failed).toMatchObject({ time: '2026-12-05T18:30:00.000Z', level: 'error', msg: 'request POST "/v1/messages" failed: upstream said "no"\nsecond line', component: 'http', status: 500 });
    expect(failed?.error).toMatchObject({ kind: 'Error', message: 'upstream said "no"\nsecond line' });
    expect((failed?.error as { stack: string }).stack).toMatch(/^Error: upstream said "no"\nsecond line\n {4}at /);
    // The event's own field wins over the one the part was wired with; no level given is info.
    expect(audit).toEqual({ time: '2026-12-05T18:30:00.000Z', level: 'info', msg: 'audit: "ana" POST /api/keys → 201\u001b[2J', component: 'audit' });
    expect(written[1]).toContain('\\u001b[2J');
  });

  it('keeps its own time, level and msg when a call site passes fields of those names', () => {
    const written: string[] = [];
    serverLog({ format: 'json' }, (text) => written.push(text), AT)('retention pass', { level: 'warn', time: 'yesterday', msg: 'other', deleted: 12n } as never);
    expect(JSON.parse(written[0] as string)).toEqual({ time: '2026-12-05T18:30:00.000Z', level: 'warn', msg: 'retention pass', deleted: '12' });
  });
});

describe("serve's log level", () => {
  it('drops the events below the level, in either format', () => {
    for (const format of ['text', 'json'] as const) {
      const written: string[] = [];
      const log = serverLog({ format, level: 'warn' }, (text) => written.push(text));
      log('trace journal: replayed 3 journaled traces');
      log('debug detail', { level: 'debug' });
      log('trace retention failed, will retry: busy', { level: 'warn' });
      log('trace write thread failed: gone', { level: 'error' });
      expect(written.map((text) => (format === 'json' ? (JSON.parse(text) as { msg: string }).msg : text.trim()))).toEqual(['trace retention failed, will retry: busy', 'trace write thread failed: gone']);
    }
    const all: string[] = [];
    serverLog({ level: 'debug' }, (text) => all.push(text))('debug detail', { level: 'debug' });
    expect(all).toEqual(['debug detail\n']);
  });

  it('takes the environment over the config, and names a value neither knows', () => {
    const server = { log_format: 'text', log_level: 'info' } as const;
    expect(logSettings(server, {})).toEqual({ format: 'text', level: 'info' });
    expect(logSettings({ log_format: 'json', log_level: 'error' }, {})).toEqual({ format: 'json', level: 'error' });
    expect(logSettings(server, { SWITCHYARD_LOG_FORMAT: 'JSON', SWITCHYARD_LOG_LEVEL: ' warn ' })).toEqual({ format: 'json', level: 'warn' });
    expect(logSettings(server, { SWITCHYARD_LOG_FORMAT: '' })).toEqual({ format: 'text', level: 'info' });
    expect(() => logSettings(server, { SWITCHYARD_LOG_LEVEL: 'verbose' })).toThrow('SWITCHYARD_LOG_LEVEL must be one of error, warn, info, debug, got "verbose"');
    expect(() => logSettings(server, { SWITCHYARD_LOG_FORMAT: 'logfmt' })).toThrow('SWITCHYARD_LOG_FORMAT must be one of text, json, got "logfmt"');
  });
});
