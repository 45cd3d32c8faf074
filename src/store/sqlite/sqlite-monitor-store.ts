import type { DocQuery, MonitorDoc, MonitorDocKind, MonitorStore, SignalQuery } from '../../monitor/signals/monitor-store.js';
import { docLimit, signalLimit } from '../../monitor/signals/monitor-store.js';
import type { TraceSignal } from '../../monitor/signals/trace-signal.js';
import { DOCUMENT_FIELDS, finiteOrNull, REWRITTEN_SIGNAL_COLUMNS, SIGNAL_COLUMNS, SCORES_AT, SIGNAL_SELECT, type SignalValues, signalOf } from '../signal-layout.js';
import type { SqliteMigrations } from './migrations.js';
import { multiRowInsert } from './multi-row-insert.js';
import { type SqliteDatabase, withSecureDelete } from './open-database.js';

/** One row per trace signal, and monitoring's documents (topic models, drift reports, alerts). */
export const MONITOR_MIGRATIONS: SqliteMigrations = {
  feature: 'monitor',
  steps: [
    `CREATE TABLE monitor_signals (
       trace_id TEXT PRIMARY KEY,
       ts INTEGER NOT NULL,
       route TEXT NOT NULL,
       has_prompt INTEGER NOT NULL,
       ok INTEGER NOT NULL,
       topic INTEGER,
       scores TEXT,
       doc TEXT NOT NULL
     );
     CREATE INDEX monitor_signals_route_ts ON monitor_signals (route, ts);
     CREATE INDEX monitor_signals_ts ON monitor_signals (ts);
     CREATE TABLE monitor_docs (
       kind TEXT NOT NULL,
       key TEXT NOT NULL,
       ts INTEGER NOT NULL,
       route TEXT,
       body TEXT NOT NULL,
       PRIMARY KEY (kind, key)
     );
     CREATE INDEX monitor_docs_kind_ts ON monitor_docs (kind, ts);`,
    // Signals still waiting for a topic, newest first. Topic upkeep takes them 250 at a time; with
    // only (route, ts) each chunk walked past every signal already assigned since the top (O(n²)
    // over a pass: at ~4,000 req/s the gateway stopped answering a minute in). The partial index
    // holds only the waiting ones, so a chunk reads 250 rows.
    'CREATE INDEX monitor_signals_needs_topic ON monitor_signals (route, ts) WHERE topic IS NULL AND has_prompt = 1;',
    // Each field of a signal in a column of its own instead of a JSON document (signal-layout.ts):
    // ~4 µs less of the trace-write thread's CPU per trace. The table is rebuilt, its rows moved
    // over (SQLite cannot drop the document's NOT NULL in place).
    signalsInColumns,
    // The local model's answers as route reports name its branch, `(local)`: versions up to
    // 2026-12-06 wrote `local`, as a provider model named "local" is still written. A stored
    // `local` with the local model's label was its answer (it labels every request it answers);
    // one without was a provider model's (the local model was never asked). One the local model
    // escalated to a provider model named "local" cannot be told apart, and reads as its answer.
    "UPDATE monitor_signals SET served_by = '(local)' WHERE served_by = 'local' AND local_label IS NOT NULL;",
    // Signals online evaluation scored, newest first: `router train --from-judged` read every
    // signal of its range to find the few scored ones.
    'CREATE INDEX monitor_signals_scored ON monitor_signals (ts, trace_id) WHERE scores IS NOT NULL;',
  ],
};

const SIGNAL_TABLE = `CREATE TABLE monitor_signals (
  trace_id TEXT PRIMARY KEY,
  ts INTEGER NOT NULL,
  route TEXT NOT NULL,
  has_prompt INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  topic INTEGER,
  scores TEXT,
  key_name TEXT,
  team TEXT,
  status INTEGER,
  latency_ms REAL,
  ttft_ms REAL,
  cost_usd REAL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  prompt TEXT,
  answer TEXT,
  input_chars INTEGER,
  output_chars INTEGER,
  refused INTEGER,
  finish_reason TEXT,
  served_by TEXT,
  local_label TEXT,
  local_confidence REAL
)`;

/** Rebuilds the signals table with a column per field, moving each stored document's fields into them. */
function signalsInColumns(db: SqliteDatabase): void {
  db.exec('ALTER TABLE monitor_signals RENAME TO monitor_signals_documents');
  db.exec(SIGNAL_TABLE);
  const fields = DOCUMENT_FIELDS.map(([, field]) => `doc ->> '$.${field}'`).join(', ');
  db.exec(`INSERT INTO monitor_signals (trace_id, ts, route, has_prompt, ok, topic, scores, ${DOCUMENT_FIELDS.map(([column]) => column).join(', ')})
    SELECT trace_id, ts, route, has_prompt, ok, topic, scores, ${fields} FROM monitor_signals_documents`);
  // The old table's indexes go with it; the same ones are made on the new table.
  db.exec(`DROP TABLE monitor_signals_documents;
    CREATE INDEX monitor_signals_route_ts ON monitor_signals (route, ts);
    CREATE INDEX monitor_signals_ts ON monitor_signals (ts);
    CREATE INDEX monitor_signals_needs_topic ON monitor_signals (route, ts) WHERE topic IS NULL AND has_prompt = 1;`);
}

/** The signals insert: an existing trace id keeps its topic and scores and takes the rest anew. */
const INSERT_SIGNALS = {
  head: `INSERT INTO monitor_signals (${SIGNAL_COLUMNS.join(', ')})`,
  columns: SIGNAL_COLUMNS.length,
  tail: `ON CONFLICT (trace_id) DO UPDATE SET ${REWRITTEN_SIGNAL_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
};

/** Appends a signal's values in SIGNAL_COLUMNS order. */
function pushSignal(values: unknown[], s: TraceSignal): void {
  values.push(
    s.traceId,
    s.ts,
    s.route,
    s.prompt === null ? 0 : 1,
    s.status < 400 ? 1 : 0,
    s.topic,
    s.scores === null ? null : JSON.stringify(s.scores),
    s.keyName,
    s.team,
    s.status,
    finiteOrNull(s.latencyMs),
    finiteOrNull(s.ttftMs),
    finiteOrNull(s.costUsd),
    finiteOrNull(s.inputTokens),
    finiteOrNull(s.outputTokens),
    s.prompt,
    s.answer,
    s.inputChars,
    s.outputChars,
    s.refused === null ? null : s.refused ? 1 : 0,
    s.finishReason,
    s.servedBy ?? null,
    s.localLabel ?? null,
    finiteOrNull(s.localConfidence),
  );
}

/**
 * Monitoring's data in the SQLite file.
 *
 * @example await new SqliteMonitorStore(db).putSignals([traceSignal(trace)]);
 */
export class SqliteMonitorStore implements MonitorStore {
  /**
   * Runs of up to 64 signals per statement, prepared once: one statement per signal, prepared anew
   * for each batch, cost the trace-write thread ~23 µs per trace in all (bench:trace-write).
   */
  private readonly insertSignals: (signals: readonly TraceSignal[]) => void;

  constructor(private readonly db: SqliteDatabase) {
    const insert = multiRowInsert(db, INSERT_SIGNALS, pushSignal);
    this.insertSignals = db.transaction((signals: readonly TraceSignal[]) => insert(signals));
  }

  async putSignals(signals: readonly TraceSignal[]): Promise<void> {
    this.insertSignals(signals);
  }

  async listSignals(query: SignalQuery): Promise<TraceSignal[]> {
    const where = ['ts >= ?', 'ts < ?'];
    const args: (string | number)[] = [query.since, query.until];
    if (query.route !== undefined) {
      where.push('route = ?');
      args.push(query.route);
    }
    if (query.needsTopic) where.push('topic IS NULL AND has_prompt = 1');
    if (query.unscored) where.push('scores IS NULL AND has_prompt = 1 AND ok = 1');
    if (query.scored) where.push('scores IS NOT NULL');
    // With needsTopic and a route, SQLite reads the partial index of waiting signals (see the migration).
    const rows = this.db.prepare(`SELECT ${SIGNAL_SELECT} FROM monitor_signals WHERE ${where.join(' AND ')} ORDER BY ts DESC, trace_id DESC LIMIT ?`).raw().all(...args, signalLimit(query)) as SignalValues[];
    return rows.map((row) => {
      const scores = row[SCORES_AT] as string | null;
      return signalOf(row, scores === null ? null : (JSON.parse(scores) as Record<string, number>));
    });
  }

  async setTopics(assignments: readonly { traceId: string; topic: number }[]): Promise<void> {
    const update = this.db.prepare('UPDATE monitor_signals SET topic = ? WHERE trace_id = ?');
    this.db.transaction(() => {
      for (const a of assignments) update.run(a.topic, a.traceId);
    })();
  }

  async addScores(traceId: string, scores: Readonly<Record<string, number>>): Promise<void> {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT scores FROM monitor_signals WHERE trace_id = ?').get(traceId) as { scores: string | null } | undefined;
      if (!row) return;
      const merged = { ...(row.scores === null ? {} : (JSON.parse(row.scores) as Record<string, number>)), ...scores };
      this.db.prepare('UPDATE monitor_signals SET scores = ? WHERE trace_id = ?').run(JSON.stringify(merged), traceId);
    })();
  }

  async stripTexts(range: { from: number; before: number; limit: number }): Promise<{ stripped: number; lastTs: number | null }> {
    // has_prompt follows the prompt, so blanked rows drop out of topic assignment and online evaluation.
    const rows = this.db
      .prepare(
        `UPDATE monitor_signals SET has_prompt = 0, prompt = NULL, answer = NULL
         WHERE trace_id IN (SELECT trace_id FROM monitor_signals WHERE ts >= ? AND ts < ? AND (has_prompt = 1 OR answer IS NOT NULL) ORDER BY ts LIMIT ?)
         RETURNING ts`,
      )
      .all(range.from, range.before, range.limit) as { ts: number }[];
    return { stripped: rows.length, lastTs: rows.length === 0 ? null : Math.max(...rows.map((r) => r.ts)) };
  }

  async forgetAnswers(traceIds: readonly string[]): Promise<number> {
    return withSecureDelete(this.db, () => this.db.prepare('UPDATE monitor_signals SET answer = NULL WHERE answer IS NOT NULL AND trace_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(traceIds)).changes);
  }

  async deleteSignals(traceIds: readonly string[], dryRun = false): Promise<number> {
    const ids = JSON.stringify(traceIds);
    if (dryRun) return (this.db.prepare('SELECT count(*) AS n FROM monitor_signals WHERE trace_id IN (SELECT value FROM json_each(?))').get(ids) as { n: number }).n;
    return withSecureDelete(this.db, () => this.db.prepare('DELETE FROM monitor_signals WHERE trace_id IN (SELECT value FROM json_each(?))').run(ids).changes);
  }

  async pruneSignals(before: number, limit: number): Promise<number> {
    return this.db.prepare('DELETE FROM monitor_signals WHERE trace_id IN (SELECT trace_id FROM monitor_signals WHERE ts < ? ORDER BY ts LIMIT ?)').run(before, limit).changes;
  }

  async prune(ts: number, kinds: readonly MonitorDocKind[]): Promise<number> {
    return this.db.transaction(() => {
      let removed = this.db.prepare('DELETE FROM monitor_signals WHERE ts < ?').run(ts).changes;
      for (const kind of kinds) removed += this.db.prepare('DELETE FROM monitor_docs WHERE kind = ? AND ts < ?').run(kind, ts).changes;
      return removed;
    })();
  }

  async putDoc(doc: MonitorDoc): Promise<void> {
    this.db
      .prepare('INSERT INTO monitor_docs (kind, key, ts, route, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET ts = excluded.ts, route = excluded.route, body = excluded.body')
      .run(doc.kind, doc.key, doc.ts, doc.route, JSON.stringify(doc.body));
  }

  async getDoc<T>(kind: MonitorDocKind, key: string): Promise<MonitorDoc<T> | undefined> {
    const row = this.db.prepare('SELECT * FROM monitor_docs WHERE kind = ? AND key = ?').get(kind, key) as DocRow | undefined;
    return row ? toDoc<T>(row) : undefined;
  }

  async listDocs<T>(kind: MonitorDocKind, options: DocQuery = {}): Promise<MonitorDoc<T>[]> {
    const where = ['kind = ?', 'ts >= ?'];
    const args: (string | number)[] = [kind, options.since ?? 0];
    if (options.until !== undefined) {
      where.push('ts < ?');
      args.push(options.until);
    }
    if (options.route !== undefined) {
      where.push('route = ?');
      args.push(options.route);
    }
    const rows = this.db.prepare(`SELECT * FROM monitor_docs WHERE ${where.join(' AND ')} ORDER BY ts DESC, key DESC LIMIT ?`).all(...args, docLimit(options)) as DocRow[];
    return rows.map((row) => toDoc<T>(row));
  }
}

interface DocRow {
  kind: MonitorDocKind;
  key: string;
  ts: number;
  route: string | null;
  body: string;
}

function toDoc<T>(row: DocRow): MonitorDoc<T> {
  return { kind: row.kind, key: row.key, ts: row.ts, route: row.route, body: JSON.parse(row.body) as T };
}
