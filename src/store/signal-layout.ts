import type { TraceSignal } from '../monitor/signals/trace-signal.js';

// A monitoring signal is stored as one typed column per field, on SQLite and PostgreSQL alike,
// where it was a JSON document beside the few columns queries filter on: the writer no longer
// serialises a document per trace (~4 µs) nor the server checks it, the rows are about half as
// wide (the field names were in every row), and retention blanks texts with a plain UPDATE.

/** The signal's columns in the order both adapters write them (`topic` and `scores` are written once, then kept). */
export const SIGNAL_COLUMNS = [
  'trace_id',
  'ts',
  'route',
  'has_prompt',
  'ok',
  'topic',
  'scores',
  'key_name',
  'team',
  'status',
  'latency_ms',
  'ttft_ms',
  'cost_usd',
  'input_tokens',
  'output_tokens',
  'prompt',
  'answer',
  'input_chars',
  'output_chars',
  'refused',
  'finish_reason',
  'served_by',
  'local_label',
  'local_confidence',
] as const;

/** The columns a signal written again replaces: all but the id and what monitoring added since (topic, scores). */
export const REWRITTEN_SIGNAL_COLUMNS = SIGNAL_COLUMNS.filter((c) => c !== 'trace_id' && c !== 'topic' && c !== 'scores');

/** What a listing reads: every column but the filter flags, which the fields say again. */
export const SIGNAL_SELECT = SIGNAL_COLUMNS.filter((c) => c !== 'has_prompt' && c !== 'ok').join(', ');

/**
 * A row of SIGNAL_SELECT as an array (better-sqlite3's `raw()`, pg's `rowMode: 'array'`): reading
 * 1,388 signals from SQLite took 15.4 ms of CPU as objects keyed by column then copied into the
 * signal, 8.2 ms from the JSON document, 7.7 ms as arrays. SQLite answers booleans as 0/1,
 * PostgreSQL as booleans; `scores` is decoded by the adapter (JSON text, or JSONB parsed).
 */
export type SignalValues = unknown[];

/**
 * The signal a row holds, with its scores as the adapter decoded them.
 *
 * @example signalOf(values, values[4] === null ? null : JSON.parse(values[4]))
 */
export function signalOf(v: SignalValues, scores: Record<string, number> | null): TraceSignal {
  const refused = v[17] as boolean | number | null;
  return {
    traceId: v[0] as string,
    ts: v[1] as number,
    route: v[2] as string,
    keyName: v[5] as string | null,
    team: v[6] as string | null,
    status: v[7] as number,
    latencyMs: v[8] as number,
    ttftMs: v[9] as number | null,
    costUsd: v[10] as number,
    inputTokens: v[11] as number,
    outputTokens: v[12] as number,
    prompt: v[13] as string | null,
    answer: v[14] as string | null,
    inputChars: v[15] as number | null,
    outputChars: v[16] as number | null,
    refused: refused === null ? null : refused === true || refused === 1,
    finishReason: v[18] as string | null,
    servedBy: v[19] as string | null,
    localLabel: v[20] as string | null,
    localConfidence: v[21] as number | null,
    topic: v[3] as number | null,
    scores,
  };
}

/** Where SIGNAL_SELECT puts the scores. */
export const SCORES_AT = 4;

/**
 * A number for a column, or null when it has none: NaN and ±Infinity are stored as null, as the
 * signal's JSON document stored them before.
 */
export const finiteOrNull = (value: number | null | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The columns that hold what a signal's JSON document held. */
export type DocumentColumn = Exclude<(typeof SIGNAL_COLUMNS)[number], 'trace_id' | 'ts' | 'route' | 'has_prompt' | 'ok' | 'topic' | 'scores'>;

/**
 * The fields of a signal document as stored before the columns (keys as in TraceSignal) and the
 * column each goes to, for the migration steps that move old rows into columns.
 */
export const DOCUMENT_FIELDS: readonly (readonly [column: DocumentColumn, field: keyof TraceSignal])[] = [
  ['key_name', 'keyName'],
  ['team', 'team'],
  ['status', 'status'],
  ['latency_ms', 'latencyMs'],
  ['ttft_ms', 'ttftMs'],
  ['cost_usd', 'costUsd'],
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
  ['prompt', 'prompt'],
  ['answer', 'answer'],
  ['input_chars', 'inputChars'],
  ['output_chars', 'outputChars'],
  ['refused', 'refused'],
  ['finish_reason', 'finishReason'],
  ['served_by', 'servedBy'],
  ['local_label', 'localLabel'],
  ['local_confidence', 'localConfidence'],
];
