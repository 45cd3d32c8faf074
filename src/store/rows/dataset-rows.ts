import type { DatasetVersion } from '../../evals/types.js';

/** An `eval_dataset_versions` row, the same in both engines. */
export interface DatasetVersionRow {
  id: string;
  dataset: string;
  version: number;
  hash: string;
  parent_hash: string | null;
  item_count: number;
  source: string | null;
  created_at: number;
}

/** An `eval_dataset_versions` row as a dataset version, in either engine. @example datasetVersionFromRow(row).itemCount */
export function datasetVersionFromRow(row: DatasetVersionRow): DatasetVersion {
  return { id: row.id, dataset: row.dataset, version: row.version, hash: row.hash, parentHash: row.parent_hash, itemCount: row.item_count, source: row.source, createdAt: row.created_at };
}
