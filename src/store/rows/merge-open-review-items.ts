/**
 * The migration step both engines run to give each trace one open review item, written once with
 * the few words that differ between them in braces: `{seq}` (rowid / seq), `{greatest}` (MAX /
 * GREATEST), `{insert}` and `{ignore}` (SQLite's INSERT OR IGNORE,
 * PostgreSQL's ON CONFLICT DO NOTHING), `{c}` (PostgreSQL's byte collation) and `{reasonSeq}` (the
 * identity column PostgreSQL orders rows of one millisecond by, as SQLite's rowid does).
 *
 * 1. `review_reasons` holds why each item is queued; every stored item gets its own reason (its
 *    rule's name, or its cap, as origin).
 * 2. Where a trace has two or more open items, the oldest keeps its place and takes the others'
 *    reasons, the most urgent source and priority, the most reviews wanted, and each reviewer's
 *    first review, skip and latest hold among them (unless they have one on the oldest already). It
 *    is done when the reviews it now has are enough.
 * 3. The others are `superseded`: kept, with any review left on them (a reviewer who reviewed two
 *    of the duplicates keeps both verdicts, one on each), never offered again.
 * 4. The index that allowed one item per trace and source gives way to one that allows one open
 *    item per trace.
 */
const MERGE_OPEN_DUPLICATES = `
CREATE TABLE review_reasons (
  item_id TEXT{c} NOT NULL,
  kind TEXT{c} NOT NULL,
  origin TEXT,
  detail TEXT{c} NOT NULL,
  at BIGINT NOT NULL,{reasonSeq}
  PRIMARY KEY (item_id, kind, detail)
);
{insert} review_reasons (item_id, kind, origin, detail, at)
  SELECT i.id, i.source, COALESCE(r.name, i.cap), SUBSTR(i.reason, 1, 500), i.created_at FROM review_items i LEFT JOIN review_rules r ON r.id = i.rule_id WHERE true {ignore};
DROP INDEX review_items_trace;
CREATE TEMP TABLE review_merge AS
  SELECT dup, keeper FROM (
    SELECT id AS dup, FIRST_VALUE(id) OVER (PARTITION BY trace_id ORDER BY created_at, {seq}) AS keeper
    FROM review_items WHERE status = 'open' AND trace_id IS NOT NULL
  ) ranked WHERE dup <> keeper;
{insert} review_reasons (item_id, kind, origin, detail, at)
  SELECT m.keeper, r.kind, r.origin, r.detail, r.at FROM review_reasons r JOIN review_merge m ON m.dup = r.item_id WHERE true {ignore};
UPDATE reviews SET item_id = (SELECT m.keeper FROM review_merge m WHERE m.dup = reviews.item_id)
  WHERE id IN (
    SELECT id FROM (
      SELECT r.id, ROW_NUMBER() OVER (PARTITION BY m.keeper, r.reviewer ORDER BY r.created_at, r.id) AS n
      FROM reviews r JOIN review_merge m ON m.dup = r.item_id
      WHERE NOT EXISTS (SELECT 1 FROM reviews k WHERE k.item_id = m.keeper AND k.reviewer = r.reviewer)
    ) firsts WHERE n = 1
  );
{insert} review_skips (item_id, reviewer, at)
  SELECT m.keeper, s.reviewer, MIN(s.at) FROM review_skips s JOIN review_merge m ON m.dup = s.item_id WHERE true GROUP BY m.keeper, s.reviewer {ignore};
DELETE FROM review_skips WHERE item_id IN (SELECT dup FROM review_merge);
UPDATE review_claims SET until = {greatest}(until, (SELECT MAX(c.until) FROM review_claims c JOIN review_merge m ON m.dup = c.item_id WHERE m.keeper = review_claims.item_id AND c.reviewer = review_claims.reviewer))
  WHERE EXISTS (SELECT 1 FROM review_claims c JOIN review_merge m ON m.dup = c.item_id WHERE m.keeper = review_claims.item_id AND c.reviewer = review_claims.reviewer);
{insert} review_claims (item_id, reviewer, until)
  SELECT m.keeper, c.reviewer, MAX(c.until) FROM review_claims c JOIN review_merge m ON m.dup = c.item_id WHERE true GROUP BY m.keeper, c.reviewer {ignore};
DELETE FROM review_claims WHERE item_id IN (SELECT dup FROM review_merge);
UPDATE review_items SET (source, priority, reason) = (
    SELECT d.source, d.priority, d.reason FROM review_items d JOIN review_merge m ON m.dup = d.id WHERE m.keeper = review_items.id ORDER BY d.priority, d.created_at, d.{seq} LIMIT 1)
  WHERE priority > (SELECT MIN(d.priority) FROM review_items d JOIN review_merge m ON m.dup = d.id WHERE m.keeper = review_items.id);
UPDATE review_items SET reviews_wanted = {greatest}(reviews_wanted, (SELECT MAX(d.reviews_wanted) FROM review_items d JOIN review_merge m ON m.dup = d.id WHERE m.keeper = review_items.id)),
    rule_id = COALESCE(rule_id, (SELECT d.rule_id FROM review_items d JOIN review_merge m ON m.dup = d.id WHERE m.keeper = review_items.id AND d.rule_id IS NOT NULL ORDER BY d.created_at LIMIT 1))
  WHERE id IN (SELECT keeper FROM review_merge);
UPDATE review_items SET status = 'superseded', text_key = NULL WHERE id IN (SELECT dup FROM review_merge);
UPDATE review_items SET review_count = (SELECT COUNT(*) FROM reviews r WHERE r.item_id = review_items.id)
  WHERE id IN (SELECT keeper FROM review_merge) OR id IN (SELECT dup FROM review_merge);
UPDATE review_items SET status = 'done' WHERE id IN (SELECT keeper FROM review_merge) AND review_count >= reviews_wanted;
DROP TABLE review_merge;
CREATE INDEX review_items_trace ON review_items (trace_id, source) WHERE trace_id IS NOT NULL;
CREATE UNIQUE INDEX review_items_open_trace ON review_items (trace_id) WHERE trace_id IS NOT NULL AND status = 'open';
`;

/** The step for SQLite. */
export const MERGE_OPEN_DUPLICATES_SQLITE = fill({ seq: 'rowid', greatest: 'MAX', insert: 'INSERT OR IGNORE INTO', ignore: '', c: '', reasonSeq: '' });
/** The step for PostgreSQL. */
export const MERGE_OPEN_DUPLICATES_PG = fill({ seq: 'seq', greatest: 'GREATEST', insert: 'INSERT INTO', ignore: 'ON CONFLICT DO NOTHING', c: ' COLLATE "C"', reasonSeq: '\n  seq BIGINT GENERATED ALWAYS AS IDENTITY,' });

function fill(words: Record<'seq' | 'greatest' | 'insert' | 'ignore' | 'c' | 'reasonSeq', string>): string {
  return MERGE_OPEN_DUPLICATES.replace(/\{(\w+)\}/g, (_, word: string) => words[word as keyof typeof words]);
}
