import { MERGE_OPEN_DUPLICATES_SQLITE } from '../rows/merge-open-review-items.js';
import type { SqliteMigrations } from './migrations.js';

/**
 * The review queue, reviews, end-user feedback and sampling rules. A trace has at most one open
 * item, carrying every reason it was queued for (`review_reasons`); a dataset item and an eval
 * case are queued at most once.
 */
export const REVIEW_MIGRATIONS: SqliteMigrations = {
  feature: 'review',
  steps: [
    `CREATE TABLE review_rules (
       id TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       rate REAL NOT NULL,
       match TEXT NOT NULL,
       reviews_wanted INTEGER NOT NULL,
       enabled INTEGER NOT NULL,
       created_at INTEGER NOT NULL
     );
     CREATE TABLE review_items (
       id TEXT PRIMARY KEY,
       trace_id TEXT,
       source TEXT NOT NULL,
       reason TEXT NOT NULL,
       rule_id TEXT,
       dataset_id TEXT,
       dataset_item_id TEXT,
       input TEXT,
       output TEXT,
       priority INTEGER NOT NULL,
       reviews_wanted INTEGER NOT NULL,
       review_count INTEGER NOT NULL DEFAULT 0,
       status TEXT NOT NULL DEFAULT 'open',
       created_at INTEGER NOT NULL
     );
     CREATE UNIQUE INDEX review_items_trace ON review_items (trace_id, source) WHERE trace_id IS NOT NULL;
     CREATE UNIQUE INDEX review_items_dataset ON review_items (dataset_id, dataset_item_id) WHERE dataset_item_id IS NOT NULL;
     CREATE INDEX review_items_queue ON review_items (status, priority, created_at);
     CREATE TABLE reviews (
       id TEXT PRIMARY KEY,
       item_id TEXT NOT NULL REFERENCES review_items (id),
       trace_id TEXT,
       reviewer TEXT NOT NULL,
       score INTEGER,
       pass INTEGER,
       corrected TEXT,
       comment TEXT,
       created_at INTEGER NOT NULL,
       UNIQUE (item_id, reviewer)
     );
     CREATE INDEX reviews_trace ON reviews (trace_id);
     CREATE INDEX reviews_created ON reviews (created_at);
     CREATE TABLE feedback (
       id TEXT PRIMARY KEY,
       trace_id TEXT NOT NULL,
       key_name TEXT,
       score INTEGER,
       thumbs TEXT,
       comment TEXT,
       corrected TEXT,
       created_at INTEGER NOT NULL
     );
     CREATE INDEX feedback_trace ON feedback (trace_id);`,
    // An eval case (run, variant, case, repeat) is queued at most once, traced or not, with its expected output and scores.
    `ALTER TABLE review_items ADD COLUMN eval_key TEXT;
     ALTER TABLE review_items ADD COLUMN eval_case TEXT;
     CREATE UNIQUE INDEX review_items_eval ON review_items (eval_key) WHERE eval_key IS NOT NULL;`,
    // Capped samples (low confidence, shadow disagreements) say which caps they count against, so
    // every writer of the file counts what is stored: per kind, route and clock hour; one per question.
    `ALTER TABLE review_items ADD COLUMN cap TEXT;
     ALTER TABLE review_items ADD COLUMN cap_route TEXT;
     ALTER TABLE review_items ADD COLUMN cap_hour INTEGER;
     ALTER TABLE review_items ADD COLUMN text_key TEXT;
     ALTER TABLE review_items ADD COLUMN confidence REAL;
     CREATE INDEX review_items_cap ON review_items (cap, cap_route, cap_hour) WHERE cap IS NOT NULL;
     CREATE UNIQUE INDEX review_items_cap_text ON review_items (cap, cap_route, text_key) WHERE text_key IS NOT NULL;`,
    // Rule names are unique by an index, not only by the admin API's check (two replicas could each
    // pass it at once). Rules saved twice that way keep what they sample: the oldest keeps the name,
    // each later one becomes "NAME (ID)" (ids are unique, so those names are too).
    `UPDATE review_rules SET name = name || ' (' || id || ')'
       WHERE EXISTS (SELECT 1 FROM review_rules AS older WHERE older.name = review_rules.name
         AND (older.created_at < review_rules.created_at OR (older.created_at = review_rules.created_at AND older.rowid < review_rules.rowid)));
     CREATE UNIQUE INDEX review_rules_name ON review_rules (name);`,
    // A reviewer's hold on an item they have open, so two reviewers are not given the same one;
    // it lapses at `until` (a closed tab holds nothing for long).
    `CREATE TABLE review_claims (
       item_id TEXT NOT NULL,
       reviewer TEXT NOT NULL,
       until INTEGER NOT NULL,
       PRIMARY KEY (item_id, reviewer)
     );`,
    // A reviewer's skip, remembered so their queue puts the item last the next day too (others' not).
    `CREATE TABLE review_skips (
       item_id TEXT NOT NULL,
       reviewer TEXT NOT NULL,
       at INTEGER NOT NULL,
       PRIMARY KEY (reviewer, item_id)
     );`,
    // One open item per trace, with every reason it was queued for: a trace flagged and sampled, or
    // sampled by two rules, was two items that two reviewers could label differently and the counts
    // took twice. See MERGE_OPEN_DUPLICATES.
    MERGE_OPEN_DUPLICATES_SQLITE,
  ],
};
