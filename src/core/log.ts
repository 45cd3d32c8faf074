/**
 * The gateway's log as its parts write to it: a line of text an operator reads, and fields a log
 * pipeline (Loki, Datadog, CloudWatch, journald) filters on. A part is handed a `Log` and says how
 * much the event matters; the sink (`cli/server-log.ts`) decides the format and which levels pass.
 *
 * Levels, so an operator can alert on `level=error` and mute the rest:
 * - error: something failed and its work is lost or refused (a request answered 500, a write given up);
 * - warn: degraded or retrying, or a setting that will surprise (a store unreachable, a write to retry);
 * - info: lifecycle (started, replayed, promoted, retention's pass) — the default when none is given;
 * - debug: detail nobody needs in production.
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogFields {
  /** `info` when absent. */
  level?: LogLevel;
  /** The part that wrote the event: `retention`, `trace-writer`, `monitor`, `http`… */
  component?: string;
  /** A thrown error: its stack is kept in a field of its own, never spread over lines. */
  error?: unknown;
  [field: string]: unknown;
}

/** A log's one shape: `log(line)` is an info event, `log(line, { level: 'warn' })` a warning. */
export type Log = (line: string, fields?: LogFields) => void;

/** Whether an event of `level` passes a sink set to `threshold` (`warn` passes error and warn). */
export function levelPasses(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

/**
 * The same log with fields added to every event (its own win over these): a part's component is
 * named once where it is wired, not at each of its call sites.
 *
 * @example withFields(log, { component: 'retention' })('trace retention: deleted 3 traces')
 */
export function withFields(log: Log, fields: LogFields): Log {
  return (line, own) => log(line, own ? { ...fields, ...own } : fields);
}
