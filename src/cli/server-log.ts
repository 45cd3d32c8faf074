import { terminalText } from '../core/terminal-text.js';
import { LOG_LEVELS, levelPasses, type Log, type LogFields, type LogLevel } from '../core/log.js';
import { SwitchyardError } from '../core/errors.js';
import { quoteClipped } from '../core/clip.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogSettings {
  format: LogFormat;
  level: LogLevel;
}

/**
 * The format and level of `serve`'s log: `SWITCHYARD_LOG_FORMAT` and `SWITCHYARD_LOG_LEVEL` over
 * the config's `server.log_format` and `server.log_level`, so a container's environment changes
 * them without editing a config file baked into its image. A value neither knows is refused by
 * name, not read as the default.
 *
 * @example logSettings({ log_format: 'text', log_level: 'info' }, { SWITCHYARD_LOG_FORMAT: 'json' }) // { format: 'json', level: 'info' }
 */
export function logSettings(server: { log_format: LogFormat; log_level: LogLevel }, env: NodeJS.ProcessEnv): LogSettings {
  return {
    format: fromEnv(env, 'SWITCHYARD_LOG_FORMAT', LOG_FORMATS) ?? server.log_format,
    level: fromEnv(env, 'SWITCHYARD_LOG_LEVEL', LOG_LEVELS) ?? server.log_level,
  };
}

/**
 * The log format as far as the environment says it, before any config file is read (undefined
 * when it does not): what a failure to start is written in until the config names its own.
 *
 * @example envLogFormat({ SWITCHYARD_LOG_FORMAT: 'JSON' }) // 'json'
 */
export function envLogFormat(env: NodeJS.ProcessEnv): LogFormat | undefined {
  return fromEnv(env, 'SWITCHYARD_LOG_FORMAT', LOG_FORMATS);
}

function fromEnv<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[]): T | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new SwitchyardError('config_invalid', `${name} must be one of ${allowed.join(', ')}, got ${quoteClipped(env[name] ?? '')}`);
}

/**
 * The sink of `serve`'s log (audit lines, failed requests, store and provider notes): one event,
 * one line, on stderr. Text, the default, is each event's line as written, for a terminal: a
 * failed request's stack, or a message quoting what an upstream sent, had newlines that a
 * line-based pipeline (journald, Loki, Fluent Bit, `kubectl logs`) split into events of their own,
 * so they are shown as `\n`, and control characters escaped as every terminal writer does
 * (`terminalText`). JSON is one object a line: `time` (ISO), `level`, `msg`, then the event's
 * fields (`component`…), a thrown error as `error: { kind, message, stack }` (the names Datadog
 * reads), so a pipeline filters on level and component without parsing text. Events below the
 * level are dropped.
 *
 * @example const log = serverLog({ format: 'json', level: 'warn' }); log('trace retention failed, will retry: busy', { level: 'warn', component: 'retention' })
 */
export function serverLog(settings: Partial<LogSettings> = {}, write: (text: string) => unknown = (text) => process.stderr.write(text), now: () => Date = () => new Date()): Log {
  const threshold = settings.level ?? 'info';
  const json = settings.format === 'json';
  return (line, fields) => {
    const level = fields?.level ?? 'info';
    if (!levelPasses(level, threshold)) return;
    write(`${json ? jsonEvent(now(), level, line, fields) : textEvent(line, fields)}\n`);
  };
}

function textEvent(line: string, fields: LogFields | undefined): string {
  const error = fields?.error;
  const text = error === undefined ? line : `${line}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  return terminalText(text, { newline: 'escape' });
}

/** JSON.stringify escapes newlines and control characters, so the object stays on its line. */
function jsonEvent(time: Date, level: LogLevel, line: string, fields: LogFields | undefined): string {
  const { level: _level, error, ...rest } = fields ?? {};
  const event: Record<string, unknown> = { time: time.toISOString(), level, msg: line, ...withoutReserved(rest) };
  if (error !== undefined) {
    event.msg = `${line}: ${error instanceof Error ? error.message : String(error)}`;
    event.error = error instanceof Error ? { kind: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : { message: String(error) };
  }
  return JSON.stringify(event, jsonSafe);
}

// A field named time, level or msg would replace the event's own.
function withoutReserved(fields: Record<string, unknown>): Record<string, unknown> {
  const { time: _time, msg: _msg, ...rest } = fields;
  return rest;
}

// A bigint field would make JSON.stringify throw, losing the event.
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
