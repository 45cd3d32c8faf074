import { newId } from '../../core/ids.js';
import { assertDatasetName, datasetNotFound, parseDatasetReference } from '../../evals/datasets/dataset-reference.js';
import { mergeItems, versionContent } from '../../evals/datasets/version-content.js';
import type { DatasetStore } from '../../evals/store/dataset-store.js';
import type { DatasetItem, DatasetSummary, DatasetVersion } from '../../evals/types.js';
import { type DatasetVersionRow, datasetVersionFromRow } from '../rows/dataset-rows.js';
import { type SqliteDatabase, withSecureDelete } from './open-database.js';
import { erasedItem, purgedItem } from '../../evals/datasets/purged-item.js';

const PAGE = 500;

/**
 * Versioned datasets in the SQLite file. Each method runs synchronously underneath, so `commit`
 * and `append` are one transaction each and nothing interleaves with them.
 *
 * @example const datasets = new SqliteDatasetStore(db); await datasets.commit('support', items, 'import support.jsonl');
 */
export class SqliteDatasetStore implements DatasetStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async commit(dataset: string, items: Iterable<DatasetItem>, source: string | null = null): Promise<DatasetVersion> {
    return this.commitNow(dataset, items, source);
  }

  async forgetTraceItems(traceIds: readonly string[], at: number): Promise<number> {
    return this.rewriteTraceItems(traceIds, (item) => purgedItem(item, at));
  }

  async eraseTraceItems(traceIds: readonly string[], at: number, dryRun = false): Promise<number> {
    return this.rewriteTraceItems(traceIds, (item) => erasedItem(item, at), dryRun);
  }

  /** Rewrites the items made from these traces (`metadata.trace_id`) as `rewrite` says (undefined: as they are), under secure_delete. */
  private rewriteTraceItems(traceIds: readonly string[], rewrite: (item: DatasetItem) => DatasetItem | undefined, dryRun = false): number {
    const rows = this.db.prepare("SELECT hash, body FROM eval_items WHERE instr(body, '\"trace_id\"') > 0 AND body ->> '$.metadata.trace_id' IN (SELECT value FROM json_each(?))").all(JSON.stringify(traceIds)) as { hash: string; body: string }[];
    const update = this.db.prepare('UPDATE eval_items SET body = ? WHERE hash = ?');
    let changed = 0;
    withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        for (const row of rows) {
          const blanked = rewrite(JSON.parse(row.body) as DatasetItem);
          if (blanked) changed += dryRun ? 1 : update.run(JSON.stringify(blanked), row.hash).changes;
        }
      })(),
    );
    return changed;
  }

  async append(dataset: string, items: readonly DatasetItem[], source: string | null = null): Promise<DatasetVersion> {
    return this.db.transaction(() => {
      const latest = this.latestNow(dataset);
      return this.commitNow(dataset, mergeItems(latest ? this.itemsNow(latest.id) : [], items), source);
    })();
  }

  private commitNow(dataset: string, items: Iterable<DatasetItem>, source: string | null): DatasetVersion {
    assertDatasetName(dataset);
    const content = versionContent(dataset, items);
    return this.db.transaction(() => {
      const now = this.now();
      this.db.prepare('INSERT OR IGNORE INTO eval_datasets (name, created_at) VALUES (?, ?)').run(dataset, now);
      const existing = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? AND hash = ?').get(dataset, content.hash) as DatasetVersionRow | undefined;
      if (existing) return datasetVersionFromRow(existing);
      const putItem = this.db.prepare('INSERT OR IGNORE INTO eval_items (hash, body) VALUES (?, ?)');
      for (const { hash, item } of content.entries) putItem.run(hash, JSON.stringify(item));
      const latest = this.latestNow(dataset);
      const row: DatasetVersionRow = {
        id: newId('dv', now),
        dataset,
        version: (latest?.version ?? 0) + 1,
        hash: content.hash,
        parent_hash: latest?.hash ?? null,
        item_count: content.entries.length,
        source,
        created_at: now,
      };
      this.db.prepare('INSERT INTO eval_dataset_versions VALUES (@id, @dataset, @version, @hash, @parent_hash, @item_count, @source, @created_at)').run(row);
      const link = this.db.prepare('INSERT INTO eval_version_items (version_id, position, item_hash) VALUES (?, ?, ?)');
      content.entries.forEach(({ hash }, position) => link.run(row.id, position, hash));
      return datasetVersionFromRow(row);
    })();
  }

  async latest(dataset: string): Promise<DatasetVersion | undefined> {
    return this.latestNow(dataset);
  }

  private latestNow(dataset: string): DatasetVersion | undefined {
    const row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? ORDER BY version DESC LIMIT 1').get(dataset) as DatasetVersionRow | undefined;
    return row ? datasetVersionFromRow(row) : undefined;
  }

  async resolve(reference: string): Promise<DatasetVersion> {
    const parsed = parseDatasetReference(reference);
    const { name, pin } = parsed;
    let row: DatasetVersionRow | undefined;
    if (pin === undefined) row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? ORDER BY version DESC LIMIT 1').get(name) as DatasetVersionRow | undefined;
    else if ('version' in pin) row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? AND version = ?').get(name, pin.version) as DatasetVersionRow | undefined;
    else row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? AND substr(hash, 1, ?) = ? ORDER BY version LIMIT 1').get(name, pin.hashPrefix.length, pin.hashPrefix) as DatasetVersionRow | undefined;
    if (row) return datasetVersionFromRow(row);
    throw datasetNotFound(reference, parsed, await this.list(), (await this.versions(name)).map((v) => v.version));
  }

  async versions(dataset: string): Promise<DatasetVersion[]> {
    return (this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? ORDER BY version').all(dataset) as DatasetVersionRow[]).map(datasetVersionFromRow);
  }

  async version(id: string): Promise<DatasetVersion | undefined> {
    const row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE id = ?').get(id) as DatasetVersionRow | undefined;
    return row ? datasetVersionFromRow(row) : undefined;
  }

  async list(): Promise<DatasetSummary[]> {
    const rows = this.db.prepare('SELECT name, created_at FROM eval_datasets ORDER BY name').all() as { name: string; created_at: number }[];
    const count = this.db.prepare('SELECT COUNT(*) AS n FROM eval_dataset_versions WHERE dataset = ?');
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at, latest: this.latestNow(r.name) ?? null, versions: (count.get(r.name) as { n: number }).n }));
  }

  /**
   * Pages of 500: memory stays flat, and the connection is free between pages (an open SQLite
   * cursor would block the result writes of a run).
   */
  async *items(versionId: string, offset = 0, limit = Number.POSITIVE_INFINITY): AsyncGenerator<DatasetItem> {
    yield* this.itemsNow(versionId, offset, limit);
  }

  private *itemsNow(versionId: string, offset = 0, limit = Number.POSITIVE_INFINITY): Generator<DatasetItem> {
    const page = this.db.prepare('SELECT i.body FROM eval_version_items v JOIN eval_items i ON i.hash = v.item_hash WHERE v.version_id = ? AND v.position >= ? ORDER BY v.position LIMIT ?');
    let position = offset;
    let left = limit;
    while (left > 0) {
      const rows = page.all(versionId, position, Math.min(PAGE, left)) as { body: string }[];
      for (const row of rows) yield JSON.parse(row.body) as DatasetItem;
      if (rows.length < PAGE) return;
      position += rows.length;
      left -= rows.length;
    }
  }
}
