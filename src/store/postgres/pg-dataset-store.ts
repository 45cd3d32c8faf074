import { newId } from '../../core/ids.js';
import { assertDatasetName, datasetNotFound, parseDatasetReference } from '../../evals/datasets/dataset-reference.js';
import { mergeItems, versionContent } from '../../evals/datasets/version-content.js';
import type { DatasetStore } from '../../evals/store/dataset-store.js';
import type { DatasetItem, DatasetSummary, DatasetVersion } from '../../evals/types.js';
import { type DatasetVersionRow, datasetVersionFromRow } from '../rows/dataset-rows.js';
import { inTransaction, type PgClient, type PgPool } from './connect.js';
import { jsonb, pgInt4, pgText } from './pg-values.js';
import { erasedItem, purgedItem } from '../../evals/datasets/purged-item.js';

type Row = Record<string, unknown>;
type Queryable = Pick<PgClient, 'query'>;

const VERSION_COLUMNS = 'id, dataset, version, hash, parent_hash, item_count, source, created_at';
const PAGE = 500;

const toVersion = (row: Row): DatasetVersion => datasetVersionFromRow(row as unknown as DatasetVersionRow);

/**
 * Versioned datasets in PostgreSQL. A commit or an append locks its dataset's row for the
 * transaction, so concurrent writers (two replicas, two reviewers) number versions in turn and
 * an append never loses another append's items.
 *
 * @example const datasets = new PgDatasetStore(pool); await datasets.append('support', [{ id: 'c1', input: 'Hi' }], 'review');
 */
export class PgDatasetStore implements DatasetStore {
  constructor(
    private readonly pool: PgPool,
    private readonly now: () => number = Date.now,
  ) {}

  async forgetTraceItems(traceIds: readonly string[], at: number): Promise<number> {
    return this.rewriteTraceItems(traceIds, (item) => purgedItem(item, at));
  }

  async eraseTraceItems(traceIds: readonly string[], at: number, dryRun = false): Promise<number> {
    return this.rewriteTraceItems(traceIds, (item) => erasedItem(item, at), dryRun);
  }

  /** Rewrites the items made from these traces (`metadata.trace_id`) as `rewrite` says (undefined: as they are). */
  private async rewriteTraceItems(traceIds: readonly string[], rewrite: (item: DatasetItem) => DatasetItem | undefined, dryRun = false): Promise<number> {
    const { rows } = await this.pool.query<{ hash: string; body: DatasetItem }>("SELECT hash, body FROM eval_items WHERE body #>> '{metadata,trace_id}' = ANY($1::text[])", [traceIds.map((id) => pgText(id))]);
    const blanked = rows.flatMap((row) => {
      const item = rewrite(row.body);
      return item ? [{ hash: row.hash, item }] : [];
    });
    if (blanked.length === 0 || dryRun) return blanked.length;
    const result = await this.pool.query('UPDATE eval_items AS i SET body = b.body FROM unnest($1::text[], $2::jsonb[]) AS b (hash, body) WHERE i.hash = b.hash', [blanked.map((b) => b.hash), blanked.map((b) => jsonb(b.item))]);
    return result.rowCount ?? 0;
  }

  async commit(dataset: string, items: Iterable<DatasetItem>, source: string | null = null): Promise<DatasetVersion> {
    assertDatasetName(dataset);
    const content = [...items];
    const now = this.now();
    return inTransaction(this.pool, async (client) => {
      await this.lock(client, dataset, now);
      return this.commitLocked(client, dataset, content, source, now);
    });
  }

  async append(dataset: string, items: readonly DatasetItem[], source: string | null = null): Promise<DatasetVersion> {
    assertDatasetName(dataset);
    const now = this.now();
    return inTransaction(this.pool, async (client) => {
      await this.lock(client, dataset, now);
      const latest = await this.latestOn(client, dataset);
      const existing: DatasetItem[] = [];
      if (latest) for await (const item of this.pages(client, latest.id, 0, Number.POSITIVE_INFINITY)) existing.push(item);
      return this.commitLocked(client, dataset, mergeItems(existing, items), source, now);
    });
  }

  /** Creates the dataset row if needed and locks it until the transaction ends. */
  private async lock(client: Queryable, dataset: string, now: number): Promise<void> {
    await client.query('INSERT INTO eval_datasets (name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [dataset, now]);
    await client.query('SELECT 1 FROM eval_datasets WHERE name = $1 FOR UPDATE', [dataset]);
  }

  private async commitLocked(client: Queryable, dataset: string, items: readonly DatasetItem[], source: string | null, now: number): Promise<DatasetVersion> {
    const content = versionContent(dataset, items);
    const existing = await client.query(`SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE dataset = $1 AND hash = $2 ORDER BY version LIMIT 1`, [dataset, content.hash]);
    if (existing.rows[0]) return toVersion(existing.rows[0]);
    const hashes = content.entries.map((e) => e.hash);
    if (hashes.length > 0) {
      await client.query('INSERT INTO eval_items (hash, body) SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT DO NOTHING', [hashes, content.entries.map((e) => jsonb(e.item))]);
    }
    const latest = await this.latestOn(client, dataset);
    const version: DatasetVersion = {
      id: newId('dv', now),
      dataset,
      version: (latest?.version ?? 0) + 1,
      hash: content.hash,
      parentHash: latest?.hash ?? null,
      itemCount: hashes.length,
      source,
      createdAt: now,
    };
    await client.query(`INSERT INTO eval_dataset_versions (${VERSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      version.id,
      dataset,
      version.version,
      version.hash,
      version.parentHash,
      version.itemCount,
      pgText(source),
      now,
    ]);
    if (hashes.length > 0) {
      await client.query('INSERT INTO eval_version_items (version_id, position, item_hash) SELECT $1, p - 1, h FROM unnest($2::text[]) WITH ORDINALITY AS t(h, p)', [version.id, hashes]);
    }
    return version;
  }

  async latest(dataset: string): Promise<DatasetVersion | undefined> {
    return this.latestOn(this.pool, dataset);
  }

  private async latestOn(client: Queryable, dataset: string): Promise<DatasetVersion | undefined> {
    const { rows } = await client.query(`SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE dataset = $1 ORDER BY version DESC LIMIT 1`, [pgText(dataset)]);
    return rows[0] ? toVersion(rows[0]) : undefined;
  }

  async resolve(reference: string): Promise<DatasetVersion> {
    const parsed = parseDatasetReference(reference);
    const { name, pin } = parsed;
    const key = pgText(name);
    const { rows } =
      pin === undefined
        ? await this.pool.query(`SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE dataset = $1 ORDER BY version DESC LIMIT 1`, [key])
        : 'version' in pin
          ? await this.pool.query(`SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE dataset = $1 AND version = $2`, [key, pgInt4(pin.version)])
          : await this.pool.query(`SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE dataset = $1 AND left(hash, $2) = $3 ORDER BY version LIMIT 1`, [key, pin.hashPrefix.length, pgText(pin.hashPrefix)]);
    if (rows[0]) return toVersion(rows[0]);
    throw datasetNotFound(reference, parsed, await this.list(), (await this.versions(name)).map((v) => v.version));
  }

  async versions(dataset: string): Promise<DatasetVersion[]> {
    const { rows } = await this.pool.query(`SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE dataset = $1 ORDER BY version`, [pgText(dataset)]);
    return rows.map(toVersion);
  }

  async version(id: string): Promise<DatasetVersion | undefined> {
    const { rows } = await this.pool.query(`SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE id = $1`, [pgText(id)]);
    return rows[0] ? toVersion(rows[0]) : undefined;
  }

  async list(): Promise<DatasetSummary[]> {
    const { rows } = await this.pool.query(`SELECT d.name, d.created_at, COUNT(v.id) AS versions,
        (SELECT row_to_json(l) FROM (SELECT ${VERSION_COLUMNS} FROM eval_dataset_versions WHERE dataset = d.name ORDER BY version DESC LIMIT 1) l) AS latest
      FROM eval_datasets d LEFT JOIN eval_dataset_versions v ON v.dataset = d.name GROUP BY d.name, d.created_at ORDER BY d.name`);
    return rows.map((r) => ({ name: r.name as string, createdAt: r.created_at as number, latest: r.latest ? toVersion(r.latest as Row) : null, versions: r.versions as number }));
  }

  async *items(versionId: string, offset = 0, limit = Number.POSITIVE_INFINITY): AsyncGenerator<DatasetItem> {
    yield* this.pages(this.pool, versionId, offset, limit);
  }

  /** Pages of 500 by position: memory stays flat and no cursor holds a connection between pages. */
  private async *pages(client: Queryable, versionId: string, offset: number, limit: number): AsyncGenerator<DatasetItem> {
    let position = pgInt4(offset);
    let left = limit;
    while (left > 0) {
      const { rows } = await client.query<{ body: DatasetItem }>(
        'SELECT i.body FROM eval_version_items v JOIN eval_items i ON i.hash = v.item_hash WHERE v.version_id = $1 AND v.position >= $2 ORDER BY v.position LIMIT $3',
        [pgText(versionId), position, Math.min(PAGE, left)],
      );
      for (const row of rows) yield row.body;
      if (rows.length < PAGE) return;
      position += rows.length;
      left -= rows.length;
    }
  }
}
