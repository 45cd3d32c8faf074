import Database from 'better-sqlite3';
const N = 20000;
const SYSTEM = 'You are the support assistant of a software company. Answer briefly, cite the help centre, never promise refunds you cannot grant, and ask for the account e-mail when you need it. '.repeat(2);
const texts = Array.from({ length: N }, (_, i) => JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: `Question ${i}: how do I change my plan and keep my data after the trial?` }] }) + '\n' + JSON.stringify({ choices: [{ message: { content: `Answer ${i}: open Settings, then Billing.` } }] }));
for (const [name, opts] of [['none', null], ['unicode61', "tokenize='unicode61'"], ['unicode61-none', "tokenize='unicode61', detail=none"], ['unicode61-column', "tokenize='unicode61', detail=column"]]) {
  const db = new Database(process.env.FILE ? '/tmp/ftsv-' + name + '.db' : ':memory:'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); if (opts && process.env.AM) db.exec("INSERT INTO f(f, rank) VALUES('automerge', " + process.env.AM + ')');
  if (opts) db.exec(`DROP TABLE IF EXISTS f; CREATE VIRTUAL TABLE f USING fts5(body, content='', contentless_delete=1, ${opts})`);
  else db.exec('DROP TABLE IF EXISTS f; CREATE TABLE f (rowid INTEGER PRIMARY KEY, body TEXT)');
  const st0 = opts && process.env.DEL ? db.prepare('DELETE FROM f WHERE rowid = ?') : null; const st1 = db.prepare('INSERT INTO f (rowid, body) VALUES (?, ?)'); const st = { run: (a, b) => { st0?.run(-1); st1.run(a, b); } };
  const tx = db.transaction((from) => { for (let i = from; i < Math.min(from + 128, N); i++) st.run(i + 1, texts[i]); });
  const t = performance.now();
  for (let i = 0; i < N; i += 128) tx(i);
  const ms = performance.now() - t;
  let q = '';
  try { q = opts ? db.prepare(`SELECT count(*) c FROM f WHERE f MATCH ?`).get('"change my plan"').c : ''; } catch (e) { q = e.message; }
  console.log(name, ((ms * 1000) / N).toFixed(1), 'us/row', 'phrase:', q);
}
