import { describe, expect, it } from 'vitest';
import { traceSignal } from '../../monitor/signals/trace-signal.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { migrate, openDatabase } from './open-database.js';
import { MONITOR_MIGRATIONS, SqliteMonitorStore } from './sqlite-monitor-store.js';

describe('SQLite monitoring signals written before their fields moved into columns', () => {
  it('moves each stored document into the columns, keeping topic, scores and the indexes', async () => {
    const db = openDatabase(':memory:', [{ feature: MONITOR_MIGRATIONS.feature, steps: MONITOR_MIGRATIONS.steps.slice(0, 2) }]);
    const signal = (id: string, ts: number, content: string, decisions: Record<string, unknown> | null = null) =>
      traceSignal(makeTrace({ id, ts, decisions, request: { messages: [{ role: 'user', content }] }, response: { choices: [{ message: { role: 'assistant', content: `answer to ${content}` } }] } }));
    const insert = db.prepare('INSERT INTO monitor_signals (trace_id, ts, route, has_prompt, ok, topic, scores, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const stored = (s: ReturnType<typeof signal>, scores: string | null = null) => {
      const { topic, scores: _scores, ...doc } = s;
      insert.run(s.traceId, s.ts, s.route, s.prompt === null ? 0 : 1, s.status < 400 ? 1 : 0, topic, scores, JSON.stringify(doc));
    };
    const plain = signal('tr_plain', 1, 'Où est le café ? 🙂');
    const local = { ...signal('tr_local', 2, 'card arrival', { local: { answered: false, label: 'card_arrival', confidence: 0.41 } }), topic: 3 };
    // From before `servedBy` existed: those fields come out null.
    const { servedBy: _servedBy, localLabel: _localLabel, localConfidence: _localConfidence, ...older } = signal('tr_older', 3, 'an older question');
    const failed = { ...signal('tr_failed', 4, 'why?'), status: 502, answer: null, outputChars: null, refused: null, finishReason: null };
    stored(plain);
    stored(local, '{"judge":0.5}');
    stored(older as ReturnType<typeof signal>);
    stored(failed);
    migrate(db, [MONITOR_MIGRATIONS]);

    const store = new SqliteMonitorStore(db);
    const moved = new Map((await store.listSignals({ since: 0, until: 10 })).map((s) => [s.traceId, s]));
    expect(moved.get('tr_plain')).toEqual(plain);
    expect(moved.get('tr_local')).toEqual({ ...local, scores: { judge: 0.5 } });
    expect(moved.get('tr_older')).toEqual({ ...older, servedBy: null, localLabel: null, localConfidence: null });
    expect(moved.get('tr_failed')).toEqual(failed);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'monitor_signals' AND sql IS NOT NULL ORDER BY name").all();
    expect(indexes).toEqual([{ name: 'monitor_signals_needs_topic' }, { name: 'monitor_signals_route_ts' }, { name: 'monitor_signals_scored' }, { name: 'monitor_signals_ts' }]);
    // Waiting for a topic: every moved signal with a prompt but the one that has a topic.
    expect((await store.listSignals({ since: 0, until: 10, needsTopic: true })).map((s) => s.traceId)).toEqual(['tr_failed', 'tr_older', 'tr_plain']);
    db.close();
  });
});

describe('SQLite monitoring signals written before the local model was served by (local)', () => {
  it("reads the local model's answers stored as local as (local), and a provider model named local as itself", async () => {
    const db = openDatabase(':memory:', [{ feature: MONITOR_MIGRATIONS.feature, steps: MONITOR_MIGRATIONS.steps.slice(0, 3) }]);
    const store = new SqliteMonitorStore(db);
    const signal = (id: string, servedBy: string, localLabel: string | null) => ({ ...traceSignal(makeTrace({ id, ts: 1 })), servedBy, localLabel, localConfidence: localLabel === null ? null : 0.9 });
    // As versions up to 2026-12-06 wrote them: the local model's answer (it labelled the request), a
    // self-hosted model named "local" the local model was never asked about, another model.
    await store.putSignals([signal('tr_answered', 'local', 'pin_blocked'), signal('tr_named', 'local', null), signal('tr_other', 'gpt-4o', 'card')]);
    migrate(db, [MONITOR_MIGRATIONS]);
    const read = new Map((await store.listSignals({ since: 0, until: 10 })).map((s) => [s.traceId, s.servedBy]));
    expect(Object.fromEntries(read)).toEqual({ tr_answered: '(local)', tr_named: 'local', tr_other: 'gpt-4o' });
    db.close();
  });
});
