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

/** A row as either adapter reads it: SQLite answers booleans as 0/1, PostgreSQL as booleans. */
export interface SignalRow {
  trace_id: string;
  ts: number;
  route: string;
  topic: number | null;
  key_name: string | null;
  team: string | null;
  status: number;
  latency_ms: number;
  ttft_ms: number | null;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  prompt: string | null;
  answer: string | null;
  input_chars: number | null;
  output_chars: number | null;
  refused: boolean | number | null;
  finish_reason: string | null;
  served_by: string | null;
  local_label: string | null;
  local_confidence: number | null;
}

/**
 * The signal a row holds, with its scores as the adapter decoded them.
 *
 * @example signalOf(row, row.scores === null ? null : JSON.parse(row.scores))
 */
export function signalOf(row: SignalRow, scores: Record<string, number> | null): TraceSignal {
  return {
    traceId: row.trace_id,
    ts: row.ts,
    route: row.route,
    keyName: row.key_name,
    team: row.team,
    status: row.status,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    costUsd: row.cost_usd,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    prompt: row.prompt,
    answer: row.answer,
    inputChars: row.input_chars,
    outputChars: row.output_chars,
    refused: row.refused === null ? null : row.refused === true || row.refused === 1,
    finishReason: row.finish_reason,
    servedBy: row.served_by,
    localLabel: row.local_label,
    localConfidence: row.local_confidence,
    topic: row.topic,
    scores,
  };
}

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
