import { SwitchyardError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import { contentHash } from '../datasets/content-hash.js';
import type { DatasetItem, DatasetVersion } from '../types.js';

export type { DatasetVersion };

export interface DatasetSummary {
  name: string;
  createdAt: number;
  latest: DatasetVersion | null;
  versions: number;
}

interface VersionRow {
  id: string;
  dataset: string;
  version: number;
  hash: string;
  parent_hash: string | null;
  item_count: number;
  source: string | null;
  created_at: number;
}

function toVersion(row: VersionRow): DatasetVersion {
  return {
    id: row.id,
    dataset: row.dataset,
    version: row.version,
    hash: row.hash,
    parentHash: row.parent_hash,
    itemCount: row.item_count,
    source: row.source,
    createdAt: row.created_at,
  };
}

/**
 * Versioned datasets in SQLite. Every change writes a new immutable version; committing the
 * same content twice returns the existing version, so re-importing an unchanged file is free.
 * Synchronous underneath (better-sqlite3); items are read with an iterator so memory stays flat.
 */
export class DatasetStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Makes `items` (in order) the content of a new version of `dataset`, creating the dataset
   * when needed. Returns the existing version when the content is unchanged.
   *
   * @example store.commit('support', items, 'import examples/support-5.jsonl') // { version: 1, hash: 'ab12…' }
   */
  commit(dataset: string, items: Iterable<DatasetItem>, source: string | null = null): DatasetVersion {
    assertName(dataset);
    return this.db.transaction(() => {
      const now = this.now();
      this.db.prepare('INSERT OR IGNORE INTO eval_datasets (name, created_at) VALUES (?, ?)').run(dataset, now);
      const putItem = this.db.prepare('INSERT OR IGNORE INTO eval_items (hash, body) VALUES (?, ?)');
      const hashes: string[] = [];
      const ids = new Set<string>();
      for (const item of items) {
        if (ids.has(item.id)) throw new SwitchyardError('invalid_request', `dataset "${dataset}": item id "${item.id}" appears twice; ids must be unique within a version`);
        ids.add(item.id);
        const body = JSON.stringify(item);
        const hash = contentHash(item);
        putItem.run(hash, body);
        hashes.push(hash);
      }
      const hash = contentHash(hashes.join('\n'));
      const existing = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? AND hash = ?').get(dataset, hash) as VersionRow | undefined;
      if (existing) return toVersion(existing);
      const latest = this.latest(dataset);
      const row: VersionRow = {
        id: newId('dv', now),
        dataset,
        version: (latest?.version ?? 0) + 1,
        hash,
        parent_hash: latest?.hash ?? null,
        item_count: hashes.length,
        source,
        created_at: now,
      };
      this.db.prepare('INSERT INTO eval_dataset_versions VALUES (@id, @dataset, @version, @hash, @parent_hash, @item_count, @source, @created_at)').run(row);
      const link = this.db.prepare('INSERT INTO eval_version_items (version_id, position, item_hash) VALUES (?, ?, ?)');
      hashes.forEach((h, position) => link.run(row.id, position, h));
      return toVersion(row);
    })();
  }

  /**
   * A new version = the latest version's items plus `items` (an item whose id already exists
   * replaces the old one in place). This is what the review queue and `add-traces` call.
   *
   * @example store.append('support', [{ id: 'tr_1', input: 'Where is my card?', humanScore: 4 }], 'review')
   */
  append(dataset: string, items: readonly DatasetItem[], source: string | null = null): DatasetVersion {
    const latest = this.latest(dataset);
    const merged = new Map<string, DatasetItem>();
    if (latest) for (const item of this.items(latest.id)) merged.set(item.id, item);
    for (const item of items) merged.set(item.id, item);
    return this.commit(dataset, merged.values(), source);
  }

  /** The newest version of a dataset, or undefined when it has none. */
  latest(dataset: string): DatasetVersion | undefined {
    const row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? ORDER BY version DESC LIMIT 1').get(dataset) as VersionRow | undefined;
    return row ? toVersion(row) : undefined;
  }

  /**
   * Resolves "name", "name@3" or "name@<hash prefix>" to a version; the error lists what exists.
   *
   * @example store.resolve('support@2').version // 2
   */
  resolve(reference: string): DatasetVersion {
    const at = reference.lastIndexOf('@');
    const name = at === -1 ? reference : reference.slice(0, at);
    const pin = at === -1 ? undefined : reference.slice(at + 1);
    let row: VersionRow | undefined;
    if (pin === undefined) row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? ORDER BY version DESC LIMIT 1').get(name) as VersionRow | undefined;
    else if (/^\d+$/.test(pin)) row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? AND version = ?').get(name, Number(pin)) as VersionRow | undefined;
    else row = this.db.prepare("SELECT * FROM eval_dataset_versions WHERE dataset = ? AND hash LIKE ? || '%' ORDER BY version").get(name, pin) as VersionRow | undefined;
    if (row) return toVersion(row);
    const known = this.list().map((d) => `${d.name}@${d.latest?.version ?? 0}`);
    const hint = pin === undefined ? '' : ` (versions of "${name}": ${this.versions(name).map((v) => v.version).join(', ') || 'none'})`;
    throw new SwitchyardError('not_found', `dataset "${reference}" not found${hint}; known datasets: ${known.join(', ') || 'none (import one with `switchyard datasets import FILE`)'}`);
  }

  /** Every version of a dataset, oldest first. */
  versions(dataset: string): DatasetVersion[] {
    return (this.db.prepare('SELECT * FROM eval_dataset_versions WHERE dataset = ? ORDER BY version').all(dataset) as VersionRow[]).map(toVersion);
  }

  /** A version by its id (`dv_…`). */
  version(id: string): DatasetVersion | undefined {
    const row = this.db.prepare('SELECT * FROM eval_dataset_versions WHERE id = ?').get(id) as VersionRow | undefined;
    return row ? toVersion(row) : undefined;
  }

  /** Every dataset with its latest version. */
  list(): DatasetSummary[] {
    const rows = this.db.prepare('SELECT name, created_at FROM eval_datasets ORDER BY name').all() as { name: string; created_at: number }[];
    return rows.map((r) => {
      const versions = this.db.prepare('SELECT COUNT(*) AS n FROM eval_dataset_versions WHERE dataset = ?').get(r.name) as { n: number };
      return { name: r.name, createdAt: r.created_at, latest: this.latest(r.name) ?? null, versions: versions.n };
    });
  }

  /**
   * The items of a version in order, read in pages so memory stays flat and the connection is
   * free between pages (an open SQLite cursor would block the result writes of a run).
   *
   * @example for (const item of store.items(version.id)) console.log(item.id);
   */
  *items(versionId: string, offset = 0, limit = Number.POSITIVE_INFINITY): Generator<DatasetItem> {
    const page = this.db.prepare('SELECT i.body FROM eval_version_items v JOIN eval_items i ON i.hash = v.item_hash WHERE v.version_id = ? AND v.position >= ? ORDER BY v.position LIMIT ?');
    let position = offset;
    let left = limit;
    while (left > 0) {
      const rows = page.all(versionId, position, Math.min(500, left)) as { body: string }[];
      for (const row of rows) yield JSON.parse(row.body) as DatasetItem;
      if (rows.length < 500) return;
      position += rows.length;
      left -= rows.length;
    }
  }
}

function assertName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw new SwitchyardError('invalid_request', `dataset name "${name}" must be 1–100 letters, digits, ".", "_" or "-" (no "@", which pins a version)`);
  }
}
