import { migrate, openDatabase, type SqliteDatabase } from '../../store/sqlite/open-database.js';
import type { SqliteMigrations } from '../../store/sqlite/migrations.js';
import { decidePromotion, type PromotionBar } from '../../local/registry/decide-promotion.js';
import type { DemoteOptions, ModelRegistry, ModelVersion, PromoteOptions, PromotionResult, RegisterInput, RollbackOptions, RollbackResult, RoutePin } from '../../local/registry/model-registry.js';
import { MODEL_VERSION_COLUMNS, type ModelVersionRow, modelVersionFromRow } from '../rows/model-version-rows.js';
import { checkChangeFrom, isNamed, missingVersion, rollbackTarget } from '../../local/registry/rollback-target.js';
import { type DeleteOptions, type DeleteResult, planDeletion } from '../../local/registry/plan-deletion.js';
import { unpinnedReason } from '../../local/registry/unpinned-reason.js';

/** The registry's own tables, prefixed `local_`, applied through the store's migration runner. */
export const LOCAL_MODEL_MIGRATIONS: SqliteMigrations = {
  feature: 'local_models',
  steps: [
    `CREATE TABLE local_model_versions (
       route TEXT NOT NULL,
       version INTEGER NOT NULL,
       data_version TEXT NOT NULL,
       metrics TEXT NOT NULL,
       status TEXT NOT NULL,
       status_reason TEXT,
       created_at INTEGER NOT NULL,
       size_bytes INTEGER NOT NULL,
       model BLOB NOT NULL,
       PRIMARY KEY (route, version)
     );
     CREATE UNIQUE INDEX local_model_versions_one_live ON local_model_versions (route) WHERE status = 'live';
     CREATE TABLE local_model_events (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       route TEXT NOT NULL,
       version INTEGER NOT NULL,
       action TEXT NOT NULL,
       reason TEXT,
       at INTEGER NOT NULL
     );
     CREATE INDEX local_model_events_route ON local_model_events (route, id);`,
    `CREATE TABLE local_model_pins (
       route TEXT PRIMARY KEY,
       reason TEXT NOT NULL,
       at INTEGER NOT NULL
     );`,
  ],
};

/**
 * The model registry in the embedded SQLite store. Each state change is one transaction, so
 * "at most one live version per route" holds even with several processes on the file.
 *
 * @example const registry = openSqliteModelRegistry('.switchyard/switchyard.db');
 */
export class SqliteModelRegistry implements ModelRegistry {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
    migrate(db, [LOCAL_MODEL_MIGRATIONS]);
  }

  async register(input: RegisterInput): Promise<ModelVersion> {
    const insert = this.db.transaction(() => {
      // The events keep the numbers of deleted versions, so a number is never handed out twice.
      const next = ((this.db.prepare('SELECT MAX(v) AS v FROM (SELECT MAX(version) AS v FROM local_model_versions WHERE route = ? UNION ALL SELECT MAX(version) FROM local_model_events WHERE route = ?)').get(input.route, input.route) as { v: number | null }).v ?? 0) + 1;
      this.db
        .prepare(`INSERT INTO local_model_versions (${MODEL_VERSION_COLUMNS}, model) VALUES (?, ?, ?, ?, 'candidate', NULL, ?, ?, ?)`)
        .run(input.route, next, input.dataVersion, JSON.stringify(input.metrics), input.createdAt, input.model.byteLength, Buffer.from(input.model));
      return next;
    });
    return this.mustGet(input.route, insert.immediate());
  }

  async list(route?: string): Promise<ModelVersion[]> {
    const rows = route === undefined
      ? this.db.prepare(`SELECT ${MODEL_VERSION_COLUMNS} FROM local_model_versions ORDER BY route, version DESC`).all()
      : this.db.prepare(`SELECT ${MODEL_VERSION_COLUMNS} FROM local_model_versions WHERE route = ? ORDER BY version DESC`).all(route);
    return (rows as ModelVersionRow[]).map(modelVersionFromRow);
  }

  async get(route: string, version: number): Promise<ModelVersion | undefined> {
    const row = this.db.prepare(`SELECT ${MODEL_VERSION_COLUMNS} FROM local_model_versions WHERE route = ? AND version = ?`).get(route, version) as ModelVersionRow | undefined;
    return row && modelVersionFromRow(row);
  }

  async modelBytes(route: string, version: number): Promise<Uint8Array> {
    const row = this.db.prepare('SELECT model FROM local_model_versions WHERE route = ? AND version = ?').get(route, version) as { model: Buffer } | undefined;
    if (!row) throw missingVersion(route, version, this.versionNumbers(route));
    return new Uint8Array(row.model);
  }

  async live(route: string): Promise<ModelVersion | undefined> {
    return this.liveNow(route);
  }

  async promote(route: string, version: number, bar: PromotionBar, at: number, options: PromoteOptions = {}): Promise<PromotionResult> {
    // One transaction from the pin check to the pin write: a change by hand and an automatic
    // promotion never interleave, and the versions reported are the ones it replaced and left.
    const run = this.db.transaction((): PromotionResult => {
      const row = this.db.prepare(`SELECT ${MODEL_VERSION_COLUMNS} FROM local_model_versions WHERE route = ? AND version = ?`).get(route, version) as ModelVersionRow | undefined;
      if (!row) throw missingVersion(route, version, this.versionNumbers(route));
      const previous = this.liveNow(route);
      checkChangeFrom(route, 'promote', options.from, previous);
      if (previous?.version === version) return { promote: false, reason: 'not promoted: it is already live', live: previous, previous };
      const held = options.unlessPinned ? this.pinOf(route) : undefined;
      if (held) return { promote: false, reason: `not promoted: the route is pinned (${held.reason})`, heldBy: held, live: previous, previous };
      const decision = decidePromotion(modelVersionFromRow(row).metrics, bar);
      if (!decision.promote) return { ...decision, live: previous, previous };
      this.makeLive(route, version, 'promote', decision.reason, at);
      if (options.pin) this.writePin(route, options.pin(version), at);
      return { ...decision, live: this.liveNow(route), previous };
    });
    return run.immediate();
  }

  async demote(route: string, reason: string, at: number, options: DemoteOptions = {}): Promise<ModelVersion | undefined> {
    const run = this.db.transaction((): number | undefined => {
      const live = this.db.prepare("SELECT version, created_at FROM local_model_versions WHERE route = ? AND status = 'live'").get(route) as { version: number; created_at: number } | undefined;
      if (options.from !== undefined && options.from !== (live?.version ?? null)) checkChangeFrom(route, 'demote', options.from, this.liveNow(route));
      if (!live || !isNamed(live.version, live.created_at, options)) return undefined;
      const held = options.ifPinned && this.pinOf(route);
      const pinned = held ? options.ifPinned?.(held, live.version) : undefined;
      const why = pinned?.reason ?? reason;
      this.db.prepare("UPDATE local_model_versions SET status = 'demoted', status_reason = ? WHERE route = ? AND version = ?").run(why, route, live.version);
      this.db.prepare("INSERT INTO local_model_events (route, version, action, reason, at) VALUES (?, ?, 'demote', ?, ?)").run(route, live.version, why, at);
      if (pinned) this.writePin(route, pinned.pin, at);
      if (options.pin) this.writePin(route, options.pin(live.version), at);
      return live.version;
    });
    const pulled = run.immediate();
    return pulled === undefined ? undefined : this.get(route, pulled);
  }

  async rollback(route: string, at: number, toVersion?: number, options: RollbackOptions = {}): Promise<RollbackResult> {
    const run = this.db.transaction((): RollbackResult => {
      const previous = this.liveNow(route);
      checkChangeFrom(route, 'rollback', options.from, previous);
      const history = (this.db.prepare("SELECT version FROM local_model_events WHERE route = ? AND action IN ('promote', 'rollback') ORDER BY id").all(route) as { version: number }[]).map((r) => r.version);
      const target = rollbackTarget(route, history, (this.db.prepare(`SELECT ${MODEL_VERSION_COLUMNS} FROM local_model_versions WHERE route = ?`).all(route) as ModelVersionRow[]).map(modelVersionFromRow), toVersion);
      this.makeLive(route, target, 'rollback', `rolled back to version ${target}`, at);
      if (options.pin) this.writePin(route, options.pin(target), at);
      return { live: this.liveNow(route) as ModelVersion, previous };
    });
    return run.immediate();
  }

  async delete(route: string, at: number, options: DeleteOptions = {}): Promise<DeleteResult> {
    const run = this.db.transaction((): DeleteResult => {
      const versions = (this.db.prepare(`SELECT ${MODEL_VERSION_COLUMNS} FROM local_model_versions WHERE route = ? ORDER BY version DESC`).all(route) as ModelVersionRow[]).map(modelVersionFromRow);
      const routes = versions.length > 0 ? [] : (this.db.prepare('SELECT DISTINCT route FROM local_model_versions').all() as { route: string }[]).map((r) => r.route);
      const doomed = planDeletion(route, versions, routes, options);
      const deleted = versions.filter((v) => doomed.includes(v.version));
      const routeRemoved = deleted.length === versions.length;
      const pin = routeRemoved ? this.pinOf(route) : undefined;
      const reason = `deleted version${doomed.length === 1 ? '' : 's'} ${doomed.join(', ')}`;
      if (routeRemoved) {
        // Gone with its history, so a route registered again under the name starts afresh at 1.
        for (const table of ['local_model_versions', 'local_model_events', 'local_model_pins']) this.db.prepare(`DELETE FROM ${table} WHERE route = ?`).run(route);
      } else {
        this.db.prepare('DELETE FROM local_model_versions WHERE route = ? AND version = ?').run(route, doomed[0]);
      }
      // The event moves the revision (running gateways drop a live version removed with --force)
      // and, for one version, keeps its number from being handed out again.
      this.db.prepare("INSERT INTO local_model_events (route, version, action, reason, at) VALUES (?, ?, 'delete', ?, ?)").run(route, routeRemoved ? 0 : doomed[0], reason, at);
      return { deleted, routeRemoved, pinReleased: pin?.reason ?? null };
    });
    return run.immediate();
  }

  async pin(route: string, reason: string, at: number): Promise<void> {
    this.writePin(route, reason, at);
  }

  async unpin(route: string): Promise<boolean> {
    const run = this.db.transaction((): boolean => {
      if (this.db.prepare('DELETE FROM local_model_pins WHERE route = ?').run(route).changes === 0) return false;
      const live = this.liveNow(route);
      if (live) this.db.prepare('UPDATE local_model_versions SET status_reason = ? WHERE route = ? AND version = ?').run(unpinnedReason(live.statusReason), route, live.version);
      return true;
    });
    return run.immediate();
  }

  async pins(route?: string): Promise<RoutePin[]> {
    const rows = route === undefined
      ? this.db.prepare('SELECT route, reason, at FROM local_model_pins ORDER BY route').all()
      : this.db.prepare('SELECT route, reason, at FROM local_model_pins WHERE route = ?').all(route);
    return rows as RoutePin[];
  }

  async revision(): Promise<number> {
    return (this.db.prepare('SELECT MAX(id) AS id FROM local_model_events').get() as { id: number | null }).id ?? 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Inside a transaction: retire the current live version, make `version` live, log it. */
  private makeLive(route: string, version: number, action: 'promote' | 'rollback', reason: string, at: number): void {
    this.db.prepare("UPDATE local_model_versions SET status = 'retired', status_reason = ? WHERE route = ? AND status = 'live' AND version <> ?").run(`replaced by version ${version}`, route, version);
    this.db.prepare("UPDATE local_model_versions SET status = 'live', status_reason = ? WHERE route = ? AND version = ?").run(reason, route, version);
    this.db.prepare('INSERT INTO local_model_events (route, version, action, reason, at) VALUES (?, ?, ?, ?, ?)').run(route, version, action, reason, at);
  }

  private liveNow(route: string): ModelVersion | undefined {
    const row = this.db.prepare(`SELECT ${MODEL_VERSION_COLUMNS} FROM local_model_versions WHERE route = ? AND status = 'live'`).get(route) as ModelVersionRow | undefined;
    return row && modelVersionFromRow(row);
  }

  private writePin(route: string, reason: string, at: number): void {
    this.db.prepare('INSERT INTO local_model_pins (route, reason, at) VALUES (?, ?, ?) ON CONFLICT (route) DO UPDATE SET reason = excluded.reason, at = excluded.at').run(route, reason, at);
  }

  private pinOf(route: string): RoutePin | undefined {
    return this.db.prepare('SELECT route, reason, at FROM local_model_pins WHERE route = ?').get(route) as RoutePin | undefined;
  }

  private versionNumbers(route: string): number[] {
    return (this.db.prepare('SELECT version FROM local_model_versions WHERE route = ? ORDER BY version').all(route) as { version: number }[]).map((r) => r.version);
  }

  private async mustGet(route: string, version: number): Promise<ModelVersion> {
    return (await this.get(route, version)) as ModelVersion;
  }
}

/**
 * Opens (creating if needed) the SQLite file with only the registry's tables brought up to date.
 *
 * @example const registry = openSqliteModelRegistry('.switchyard/switchyard.db');
 */
export function openSqliteModelRegistry(path: string): SqliteModelRegistry {
  return new SqliteModelRegistry(openDatabase(path, [LOCAL_MODEL_MIGRATIONS]));
}
