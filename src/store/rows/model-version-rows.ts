import type { ModelVersion, VersionStatus } from '../../local/registry/model-registry.js';

/** A `local_model_versions` row (without the model bytes) as both engines return it. */
export interface ModelVersionRow {
  route: string;
  version: number;
  data_version: string;
  metrics: string;
  status: VersionStatus;
  status_reason: string | null;
  /** SQLite INTEGER; PostgreSQL BIGINT, which node-postgres returns as a string. */
  created_at: number | string;
  size_bytes: number;
}

/** The columns `modelVersionFromRow` reads. */
export const MODEL_VERSION_COLUMNS = 'route, version, data_version, metrics, status, status_reason, created_at, size_bytes';

/** A registry row as a model version, in either engine. @example rows.map(modelVersionFromRow) */
export function modelVersionFromRow(row: ModelVersionRow): ModelVersion {
  return {
    route: row.route,
    version: row.version,
    dataVersion: row.data_version,
    metrics: JSON.parse(row.metrics),
    status: row.status,
    statusReason: row.status_reason,
    createdAt: Number(row.created_at),
    sizeBytes: row.size_bytes,
  };
}
