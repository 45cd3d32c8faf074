import type { DocQuery, MonitorDoc, MonitorDocKind, MonitorStore, SignalQuery } from '../../monitor/signals/monitor-store.js';
import { docLimit, signalLimit } from '../../monitor/signals/monitor-store.js';
import type { TraceSignal } from '../../monitor/signals/trace-signal.js';
import { inTransaction, type PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { CopyBinaryRows, CopyBuffers, copyIn } from './pg-copy.js';
import { jsonb, pgInt, pgInt4, pgText } from './pg-values.js';
import { DOCUMENT_FIELDS, type DocumentColumn, finiteOrNull, REWRITTEN_SIGNAL_COLUMNS, SIGNAL_COLUMNS, SCORES_AT, SIGNAL_SELECT, type SignalValues, signalOf } from '../signal-layout.js';

/** The PostgreSQL type of each column a signal's document moved into (the monitor migration's fifth step). */
const DOCUMENT_COLUMN_TYPES: Readonly<Record<DocumentColumn, string>> = {
  key_name: 'TEXT',
  team: 'TEXT',
  status: 'INTEGER',
  latency_ms: 'DOUBLE PRECISION',
  ttft_ms: 'DOUBLE PRECISION',
  cost_usd: 'DOUBLE PRECISION',
  input_tokens: 'BIGINT',
  output_tokens: 'BIGINT',
  prompt: 'TEXT',
  answer: 'TEXT',
  input_chars: 'INTEGER',
  output_chars: 'INTEGER',
  refused: 'BOOLEAN',
  finish_reason: 'TEXT',
  served_by: 'TEXT',
  local_label: 'TEXT',
  local_confidence: 'DOUBLE PRECISION',
};
const typeOf = (column: DocumentColumn): string => DOCUMENT_COLUMN_TYPES[column];
/** A document field as its column's type (integers rounded, as the writer rounds them). */
const fieldAs = (column: DocumentColumn, field: string): string =>
  typeOf(column) === 'INTEGER' || typeOf(column) === 'BIGINT' ? `round((d ->> '${field}')::numeric)::${typeOf(column)}` : `(d ->> '${field}')::${typeOf(column)}`;

/** As SQLite's monitor tables: a column per signal field (a JSON document before the fifth step), JSONB documents elsewhere. */
export const MONITOR_TABLES: PostgresMigrations = {
  feature: 'monitor',
  steps: [
    `CREATE TABLE monitor_signals (
       trace_id TEXT PRIMARY KEY,
       ts BIGINT NOT NULL,
       route TEXT NOT NULL,
       has_prompt BOOLEAN NOT NULL,
       ok BOOLEAN NOT NULL,
       topic INTEGER,
       scores JSONB,
       doc JSONB NOT NULL
     );
     CREATE INDEX monitor_signals_route_ts ON monitor_signals (route, ts);
     CREATE INDEX monitor_signals_ts ON monitor_signals (ts);
     CREATE TABLE monitor_docs (
       kind TEXT NOT NULL,
       key TEXT NOT NULL,
       ts BIGINT NOT NULL,
       route TEXT,
       body JSONB NOT NULL,
       PRIMARY KEY (kind, key)
     );
     CREATE INDEX monitor_docs_kind_ts ON monitor_docs (kind, ts);`,
    // Signals still waiting for a topic, as on SQLite: topic upkeep takes them 250 at a time newest
    // first, and with only (route, ts) each chunk walked past every signal assigned before it.
    'CREATE INDEX monitor_signals_needs_topic ON monitor_signals (route, ts) WHERE topic IS NULL AND has_prompt;',
    // A signal's document is written as JSON (`doc_json`, checked and stored as sent) where JSONB
    // parsed it into its binary form, as trace bodies are (pg-schema.ts). Rows written before
    // keep theirs in `doc`, read when `doc_json` is NULL; neither column rewrites the table.
    `ALTER TABLE monitor_signals ADD COLUMN IF NOT EXISTS doc_json JSON;
     ALTER TABLE monitor_signals ALTER COLUMN doc DROP NOT NULL;`,
    // Reads by time alone (alerts over the last window, pruning) go through a BRIN index: signals
    // arrive in time order, so block ranges summarise them well, and a BRIN entry costs nothing
    // per row where the B-tree cost ~2.6 µs of server CPU per signal (200,000 rows inserted with
    // the other three indexes: 1.51 s with the B-tree, 0.99 s with BRIN). Ranges not yet
    // summarised (the newest rows) are always read, which is where these reads look.
    `DROP INDEX IF EXISTS monitor_signals_ts;
     CREATE INDEX monitor_signals_ts_brin ON monitor_signals USING brin (ts) WITH (autosummarize = on);`,
    // Each field of a signal in a column of its own instead of a JSON document (signal-layout.ts):
    // the writer serialises no document per signal and the server checks none, and the rows lose
    // the field names they each carried. Rows stored before are copied into a new table whose
    // key and indexes are built after the copy, each document read once (`OFFSET 0` keeps the
    // planner from inlining `d` into all 17 field reads, which parsed it 17 times a row): 200,000
    // signals in 4.4 s, where an in-place UPDATE took 20–31 s (bench in docs/measurements.md).
    `ALTER TABLE monitor_signals RENAME TO monitor_signals_documents;
     CREATE TABLE monitor_signals (
       trace_id TEXT NOT NULL,
       ts BIGINT NOT NULL,
       route TEXT NOT NULL,
       has_prompt BOOLEAN NOT NULL,
       ok BOOLEAN NOT NULL,
       topic INTEGER,
       scores JSONB,
       ${DOCUMENT_FIELDS.map(([column]) => `${column} ${typeOf(column)}`).join(',\n       ')}
     );
     INSERT INTO monitor_signals
       SELECT trace_id, ts, route, has_prompt, ok, topic, scores, ${DOCUMENT_FIELDS.map(([column, field]) => fieldAs(column, field)).join(', ')}
       FROM (SELECT *, coalesce(doc_json::jsonb, doc) AS d FROM monitor_signals_documents OFFSET 0) document;
     DROP TABLE monitor_signals_documents;
     ALTER TABLE monitor_signals ADD PRIMARY KEY (trace_id);
     CREATE INDEX monitor_signals_route_ts ON monitor_signals (route, ts);
     CREATE INDEX monitor_signals_ts_brin ON monitor_signals USING brin (ts) WITH (autosummarize = on);
     CREATE INDEX monitor_signals_needs_topic ON monitor_signals (route, ts) WHERE topic IS NULL AND has_prompt;`,
    // The local model's answers as `(local)`, as on SQLite (sqlite-monitor-store.ts says how a
    // stored `local` is told from a provider model named "local").
    "UPDATE monitor_signals SET served_by = '(local)' WHERE served_by = 'local' AND local_label IS NOT NULL;",
    // Signals online evaluation scored, newest first: `router train --from-judged` read every
    // signal of its range to find the few scored ones.
    'CREATE INDEX IF NOT EXISTS monitor_signals_scored ON monitor_signals (ts, trace_id) WHERE scores IS NOT NULL;',
  ],
};

const COPY_FROM = 64;
const UNIQUE_VIOLATION = '23505';
const COPY_SIGNALS = `COPY monitor_signals (${SIGNAL_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`;
// A small batch (or one holding a stored id) travels as one JSON document the server turns into
// rows of the table's own type, as traces do (pg-trace-store.ts).
const UPSERT_SIGNALS = `INSERT INTO monitor_signals (${SIGNAL_COLUMNS.join(', ')})
  SELECT ${SIGNAL_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::monitor_signals, $1::json)
  ON CONFLICT (trace_id) DO UPDATE SET ${REWRITTEN_SIGNAL_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** Signals as COPY binary rows in SIGNAL_COLUMNS order (column types as in MONITOR_TABLES), the same values the upsert writes. */
function signalRows(signals: readonly TraceSignal[], buffer: Buffer): CopyBinaryRows {
  const rows = new CopyBinaryRows(buffer);
  for (const s of signals) {
    rows.row(SIGNAL_COLUMNS.length).text(s.traceId).int8(s.ts).text(s.route).bool(s.prompt !== null).bool(s.status < 400).int4(s.topic === null ? null : pgInt4(s.topic)).jsonb(s.scores);
    rows.text(s.keyName).text(s.team).int4(pgInt4(s.status)).float8(finiteOrNull(s.latencyMs)).float8(finiteOrNull(s.ttftMs)).float8(finiteOrNull(s.costUsd));
    bigint(rows, s.inputTokens);
    bigint(rows, s.outputTokens);
    rows.text(s.prompt).text(s.answer).int4(s.inputChars === null ? null : pgInt4(s.inputChars)).int4(s.outputChars === null ? null : pgInt4(s.outputChars));
    if (s.refused === null) rows.null();
    else rows.bool(s.refused);
    rows.text(s.finishReason).text(s.servedBy).text(s.localLabel).float8(finiteOrNull(s.localConfidence));
  }
  return rows;
}

/** A BIGINT field of a count that may be missing (NaN, ±Infinity: null). */
function bigint(rows: CopyBinaryRows, value: number): void {
  const n = finiteOrNull(value);
  if (n === null) rows.null();
  else rows.int8(n);
}

/** Signals as the JSON rows UPSERT_SIGNALS reads (keys are column names; JSON has no NaN, so non-finite numbers are null there too). */
function signalJson(signals: readonly TraceSignal[]): string {
  const rows = signals.map((s) => ({
    trace_id: s.traceId,
    ts: pgInt(s.ts),
    route: s.route,
    has_prompt: s.prompt !== null,
    ok: s.status < 400,
    topic: s.topic === null ? null : pgInt4(s.topic),
    scores: s.scores,
    key_name: s.keyName,
    team: s.team,
    status: pgInt4(s.status),
    latency_ms: s.latencyMs,
    ttft_ms: s.ttftMs,
    cost_usd: s.costUsd,
    input_tokens: finiteOrNull(s.inputTokens) === null ? null : pgInt(s.inputTokens),
    output_tokens: finiteOrNull(s.outputTokens) === null ? null : pgInt(s.outputTokens),
    prompt: s.prompt,
    answer: s.answer,
    input_chars: s.inputChars === null ? null : pgInt4(s.inputChars),
    output_chars: s.outputChars === null ? null : pgInt4(s.outputChars),
    refused: s.refused,
    finish_reason: s.finishReason,
    served_by: s.servedBy ?? null,
    local_label: s.localLabel ?? null,
    local_confidence: s.localConfidence ?? null,
  }));
  // One pass over the whole document replaces what text and JSON cannot hold (NUL, lone surrogates).
  return jsonb(rows) as string;
}

/**
 * Monitoring's data in PostgreSQL, shared by replicas.
 *
 * @example await new PgMonitorStore(pool).putSignals([traceSignal(trace)]);
 */
export class PgMonitorStore implements MonitorStore {
  /**
   * The COPY rows' buffers, kept between batches as the trace store keeps its own: a batch of
   * 1,024 signals (up to ~1.4 MB with 1,000-character prompts) went into a fresh 256 kB buffer,
   * grown by copying, and each new one cost its pages' first-touch faults and the garbage
   * collector its external memory.
   */
  private readonly buffers = new CopyBuffers();

  constructor(private readonly pool: PgPool) {}

  async putSignals(signals: readonly TraceSignal[]): Promise<void> {
    if (signals.length === 0) return;
    // Last one wins inside a batch too: ON CONFLICT cannot touch one row twice in a statement.
    const unique = [...new Map(signals.map((s) => [pgText(s.traceId), s])).values()];
    // A large batch of new signals is one COPY, as traces are (pg-trace-store.ts); one that holds
    // a trace id already stored (a batch delivered again) fails whole and is upserted instead.
    if (unique.length >= COPY_FROM) {
      try {
        const rows = signalRows(unique, this.buffers.take());
        await copyIn(this.pool, COPY_SIGNALS, rows.end());
        this.buffers.give(rows.storage);
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      }
    }
    await this.pool.query(UPSERT_SIGNALS, [signalJson(unique)]);
  }

  async listSignals(query: SignalQuery): Promise<TraceSignal[]> {
    const where = ['ts >= $1', 'ts < $2'];
    const args: unknown[] = [pgInt(query.since), pgInt(query.until)];
    if (query.route !== undefined) {
      args.push(pgText(query.route));
      where.push(`route = $${args.length}`);
    }
    if (query.needsTopic) where.push('topic IS NULL AND has_prompt');
    if (query.unscored) where.push('scores IS NULL AND has_prompt AND ok');
    if (query.scored) where.push('scores IS NOT NULL');
    args.push(signalLimit(query));
    const result = await this.pool.query<SignalValues>({
      text: `SELECT ${SIGNAL_SELECT} FROM monitor_signals WHERE ${where.join(' AND ')} ORDER BY ts DESC, trace_id DESC LIMIT $${args.length}`,
      values: args,
      rowMode: 'array',
    });
    return result.rows.map((row) => signalOf(row, row[SCORES_AT] as Record<string, number> | null));
  }

  async setTopics(assignments: readonly { traceId: string; topic: number }[]): Promise<void> {
    if (assignments.length === 0) return;
    await this.pool.query(
      `UPDATE monitor_signals s SET topic = a.topic FROM jsonb_to_recordset($1::jsonb) AS a(trace_id TEXT, topic INTEGER) WHERE s.trace_id = a.trace_id`,
      [jsonb(assignments.map((a) => ({ trace_id: a.traceId, topic: a.topic })))],
    );
  }

  async addScores(traceId: string, scores: Readonly<Record<string, number>>): Promise<void> {
    await inTransaction(this.pool, (client) => client.query(`UPDATE monitor_signals SET scores = COALESCE(scores, '{}'::jsonb) || $2::jsonb WHERE trace_id = $1`, [pgText(traceId), jsonb(scores)]), { relaxed: true });
  }

  async stripTexts(range: { from: number; before: number; limit: number }): Promise<{ stripped: number; lastTs: number | null }> {
    // has_prompt follows the prompt, so blanked rows drop out of topic assignment and online evaluation.
    const { rows } = await this.pool.query<{ ts: string | number }>(
      `UPDATE monitor_signals SET has_prompt = false, prompt = NULL, answer = NULL
       WHERE trace_id IN (SELECT trace_id FROM monitor_signals WHERE ts >= $1 AND ts < $2 AND (has_prompt OR answer IS NOT NULL) ORDER BY ts LIMIT $3)
       RETURNING ts`,
      [pgInt(range.from), pgInt(range.before), range.limit],
    );
    return { stripped: rows.length, lastTs: rows.length === 0 ? null : Math.max(...rows.map((r) => Number(r.ts))) };
  }

  async forgetAnswers(traceIds: readonly string[]): Promise<number> {
    const result = await this.pool.query('UPDATE monitor_signals SET answer = NULL WHERE answer IS NOT NULL AND trace_id = ANY($1::text[])', [traceIds.map((id) => pgText(id))]);
    return result.rowCount ?? 0;
  }

  async deleteSignals(traceIds: readonly string[], dryRun = false): Promise<number> {
    const ids = [traceIds.map((id) => pgText(id))];
    if (dryRun) return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM monitor_signals WHERE trace_id = ANY($1::text[])', ids)).rows[0]?.n ?? 0);
    return (await this.pool.query('DELETE FROM monitor_signals WHERE trace_id = ANY($1::text[])', ids)).rowCount ?? 0;
  }

  async pruneSignals(before: number, limit: number): Promise<number> {
    // No ORDER BY: the ts index is a BRIN one, and which old rows go first does not matter.
    const deleted = await this.pool.query('DELETE FROM monitor_signals WHERE trace_id IN (SELECT trace_id FROM monitor_signals WHERE ts < $1 LIMIT $2)', [pgInt(before), limit]);
    return deleted.rowCount ?? 0;
  }

  async prune(ts: number, kinds: readonly MonitorDocKind[]): Promise<number> {
    const signals = await this.pool.query('DELETE FROM monitor_signals WHERE ts < $1', [pgInt(ts)]);
    const docs = kinds.length === 0 ? { rowCount: 0 } : await this.pool.query('DELETE FROM monitor_docs WHERE kind = ANY($1::text[]) AND ts < $2', [kinds, pgInt(ts)]);
    return (signals.rowCount ?? 0) + (docs.rowCount ?? 0);
  }

  async putDoc(doc: MonitorDoc): Promise<void> {
    await this.pool.query(
      'INSERT INTO monitor_docs (kind, key, ts, route, body) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (kind, key) DO UPDATE SET ts = excluded.ts, route = excluded.route, body = excluded.body',
      [doc.kind, pgText(doc.key), pgInt(doc.ts), pgText(doc.route), jsonb(doc.body) ?? 'null'],
    );
  }

  async getDoc<T>(kind: MonitorDocKind, key: string): Promise<MonitorDoc<T> | undefined> {
    const result = await this.pool.query<MonitorDoc<T>>('SELECT kind, key, ts, route, body FROM monitor_docs WHERE kind = $1 AND key = $2', [kind, pgText(key)]);
    return result.rows[0];
  }

  async listDocs<T>(kind: MonitorDocKind, options: DocQuery = {}): Promise<MonitorDoc<T>[]> {
    const args: unknown[] = [kind, pgInt(options.since ?? 0)];
    let where = 'kind = $1 AND ts >= $2';
    if (options.until !== undefined) {
      args.push(pgInt(options.until));
      where += ` AND ts < $${args.length}`;
    }
    if (options.route !== undefined) {
      args.push(pgText(options.route));
      where += ` AND route = $${args.length}`;
    }
    args.push(docLimit(options));
    const result = await this.pool.query<MonitorDoc<T>>(`SELECT kind, key, ts, route, body FROM monitor_docs WHERE ${where} ORDER BY ts DESC, key DESC LIMIT $${args.length}`, args);
    return result.rows;
  }
}
