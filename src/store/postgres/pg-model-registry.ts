import type { Pool, PoolClient } from 'pg';
import { SwitchyardError } from '../../core/errors.js';
import { inTransaction } from './connect.js';
import { decidePromotion, type PromotionBar } from '../../local/registry/decide-promotion.js';
import type { DemoteOptions, ModelRegistry, ModelVersion, PromoteOptions, PromotionResult, RegisterInput, RollbackOptions, RollbackResult, RoutePin } from '../../local/registry/model-registry.js';
import { MODEL_VERSION_COLUMNS, type ModelVersionRow, modelVersionFromRow } from '../rows/model-version-rows.js';
import { checkChangeFrom, isNamed, missingVersion, rollbackTarget } from '../../local/registry/rollback-target.js';
import { type DeleteOptions, type DeleteResult, planDeletion } from '../../local/registry/plan-deletion.js';
import { unpinnedReason } from '../../local/registry/unpinned-reason.js';

/** Append-only schema steps; `local_migrations` records how many ran. `$S` is the schema. */
const STEPS = [
  `CREATE TABLE $S.local_model_versions (
     route TEXT NOT NULL,
     version INTEGER NOT NULL,
     data_version TEXT NOT NULL,
     metrics TEXT NOT NULL,
     status TEXT NOT NULL,
     status_reason TEXT,
     created_at BIGINT NOT NULL,
     size_bytes INTEGER NOT NULL,
     model BYTEA NOT NULL,
     PRIMARY KEY (route, version)
   );
   CREATE UNIQUE INDEX local_model_versions_one_live ON $S.local_model_versions (route) WHERE status = 'live';
   CREATE TABLE $S.local_model_events (
     id BIGSERIAL PRIMARY KEY,
     route TEXT NOT NULL,
     version INTEGER NOT NULL,
     action TEXT NOT NULL,
     reason TEXT,
     at BIGINT NOT NULL
   );
   CREATE INDEX local_model_events_route ON $S.local_model_events (route, id);`,
  `CREATE TABLE $S.local_model_pins (
     route TEXT PRIMARY KEY,
     reason TEXT NOT NULL,
     at BIGINT NOT NULL
   );`,
];

/**
 * The model registry in PostgreSQL, for gateways that share state across replicas. State
 * changes of a route run in one transaction under a per-route advisory lock, so replicas never
 * hand out the same version number or leave two versions live.
 *
 * @example const registry = await PostgresModelRegistry.open(new Pool({ connectionString }), { schema: 'switchyard' });
 */
export class PostgresModelRegistry implements ModelRegistry {
  private readonly pool: Pool;
  private readonly t: { versions: string; events: string; pins: string };

  private constructor(pool: Pool, schema: string) {
    this.pool = pool;
    this.t = { versions: `"${schema}".local_model_versions`, events: `"${schema}".local_model_events`, pins: `"${schema}".local_model_pins` };
  }

  /** Creates the schema and tables if needed and returns the registry. The pool stays the caller's. */
  static async open(pool: Pool, options: { schema?: string } = {}): Promise<PostgresModelRegistry> {
    const schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new SwitchyardError('config_invalid', `PostgreSQL schema name "${schema}" must be lower-case letters, digits and _ (max 63)`);
    const registry = new PostgresModelRegistry(pool, schema);
    await inTransaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('switchyard:local_models:migrate'))");
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".local_migrations (version INTEGER NOT NULL)`);
      const { rows } = await client.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM "${schema}".local_migrations`);
      for (let step = rows[0]?.v ?? 0; step < STEPS.length; step++) {
        await client.query((STEPS[step] as string).replaceAll('$S', `"${schema}"`));
        await client.query(`INSERT INTO "${schema}".local_migrations (version) VALUES ($1)`, [step + 1]);
      }
    });
    return registry;
  }

  async register(input: RegisterInput): Promise<ModelVersion> {
    return inTransaction(this.pool, async (client) => {
      await this.lockRoute(client, input.route);
      // The events keep the numbers of deleted versions, so a number is never handed out twice.
      const { rows } = await client.query<{ v: number | null }>(`SELECT MAX(v) AS v FROM (SELECT MAX(version) AS v FROM ${this.t.versions} WHERE route = $1 UNION ALL SELECT MAX(version) FROM ${this.t.events} WHERE route = $1) AS both_tables`, [input.route]);
      const next = (rows[0]?.v ?? 0) + 1;
      const inserted = await client.query<ModelVersionRow>(
        `INSERT INTO ${this.t.versions} (${MODEL_VERSION_COLUMNS}, model) VALUES ($1, $2, $3, $4, 'candidate', NULL, $5, $6, $7) RETURNING ${MODEL_VERSION_COLUMNS}`,
        [input.route, next, input.dataVersion, JSON.stringify(input.metrics), input.createdAt, input.model.byteLength, Buffer.from(input.model)],
      );
      return modelVersionFromRow(inserted.rows[0] as ModelVersionRow);
    });
  }

  async list(route?: string): Promise<ModelVersion[]> {
    const { rows } = route === undefined
      ? await this.pool.query<ModelVersionRow>(`SELECT ${MODEL_VERSION_COLUMNS} FROM ${this.t.versions} ORDER BY route, version DESC`)
      : await this.pool.query<ModelVersionRow>(`SELECT ${MODEL_VERSION_COLUMNS} FROM ${this.t.versions} WHERE route = $1 ORDER BY version DESC`, [route]);
    return rows.map(modelVersionFromRow);
  }

  async get(route: string, version: number): Promise<ModelVersion | undefined> {
    const { rows } = await this.pool.query<ModelVersionRow>(`SELECT ${MODEL_VERSION_COLUMNS} FROM ${this.t.versions} WHERE route = $1 AND version = $2`, [route, version]);
    return rows[0] && modelVersionFromRow(rows[0]);
  }

  async modelBytes(route: string, version: number): Promise<Uint8Array> {
    const { rows } = await this.pool.query<{ model: Buffer }>(`SELECT model FROM ${this.t.versions} WHERE route = $1 AND version = $2`, [route, version]);
    if (!rows[0]) throw missingVersion(route, version, await this.versionNumbers(route));
    return new Uint8Array(rows[0].model);
  }

  async live(route: string): Promise<ModelVersion | undefined> {
    return this.liveNow(this.pool, route);
  }

  async promote(route: string, version: number, bar: PromotionBar, at: number, options: PromoteOptions = {}): Promise<PromotionResult> {
    // Under the route's lock from the pin check to the pin write: a change by hand and an
    // automatic promotion never interleave, and the versions reported are the ones it replaced and left.
    return inTransaction(this.pool, async (client): Promise<PromotionResult> => {
      await this.lockRoute(client, route);
      const { rows } = await client.query<ModelVersionRow>(`SELECT ${MODEL_VERSION_COLUMNS} FROM ${this.t.versions} WHERE route = $1 AND version = $2`, [route, version]);
      if (!rows[0]) throw missingVersion(route, version, await this.versionNumbers(route));
      const previous = await this.liveNow(client, route);
      checkChangeFrom(route, 'promote', options.from, previous);
      if (previous?.version === version) return { promote: false, reason: 'not promoted: it is already live', live: previous, previous };
      const held = options.unlessPinned ? await this.pinOf(client, route) : undefined;
      if (held) return { promote: false, reason: `not promoted: the route is pinned (${held.reason})`, heldBy: held, live: previous, previous };
      const decision = decidePromotion(modelVersionFromRow(rows[0]).metrics, bar);
      if (!decision.promote) return { ...decision, live: previous, previous };
      await this.makeLive(client, route, version, 'promote', decision.reason, at);
      if (options.pin) await this.writePin(client, route, options.pin(version), at);
      return { ...decision, live: await this.liveNow(client, route), previous };
    });
  }

  async demote(route: string, reason: string, at: number, options: DemoteOptions = {}): Promise<ModelVersion | undefined> {
    return inTransaction(this.pool, async (client) => {
      await this.lockRoute(client, route);
      const { rows: live } = await client.query<{ version: number; created_at: string }>(`SELECT version, created_at FROM ${this.t.versions} WHERE route = $1 AND status = 'live'`, [route]);
      const version = live[0]?.version;
      if (options.from !== undefined && options.from !== (version ?? null)) checkChangeFrom(route, 'demote', options.from, await this.liveNow(client, route));
      if (version === undefined || !isNamed(version, Number(live[0]?.created_at), options)) return undefined;
      const held = options.ifPinned && (await this.pinOf(client, route));
      const pinned = held ? options.ifPinned?.(held, version) : undefined;
      const why = pinned?.reason ?? reason;
      const { rows } = await client.query<ModelVersionRow>(`UPDATE ${this.t.versions} SET status = 'demoted', status_reason = $3 WHERE route = $1 AND version = $2 RETURNING ${MODEL_VERSION_COLUMNS}`, [route, version, why]);
      await client.query(`INSERT INTO ${this.t.events} (route, version, action, reason, at) VALUES ($1, $2, 'demote', $3, $4)`, [route, version, why, at]);
      if (pinned) await this.writePin(client, route, pinned.pin, at);
      if (options.pin) await this.writePin(client, route, options.pin(version), at);
      return modelVersionFromRow(rows[0] as ModelVersionRow);
    });
  }

  async rollback(route: string, at: number, toVersion?: number, options: RollbackOptions = {}): Promise<RollbackResult> {
    return inTransaction(this.pool, async (client): Promise<RollbackResult> => {
      await this.lockRoute(client, route);
      const previous = await this.liveNow(client, route);
      checkChangeFrom(route, 'rollback', options.from, previous);
      const history = await client.query<{ version: number }>(`SELECT version FROM ${this.t.events} WHERE route = $1 AND action IN ('promote', 'rollback') ORDER BY id`, [route]);
      const versions = await client.query<ModelVersionRow>(`SELECT ${MODEL_VERSION_COLUMNS} FROM ${this.t.versions} WHERE route = $1`, [route]);
      const chosen = rollbackTarget(route, history.rows.map((r) => r.version), versions.rows.map(modelVersionFromRow), toVersion);
      await this.makeLive(client, route, chosen, 'rollback', `rolled back to version ${chosen}`, at);
      if (options.pin) await this.writePin(client, route, options.pin(chosen), at);
      return { live: (await this.liveNow(client, route)) as ModelVersion, previous };
    });
  }

  async delete(route: string, at: number, options: DeleteOptions = {}): Promise<DeleteResult> {
    return inTransaction(this.pool, async (client): Promise<DeleteResult> => {
      await this.lockRoute(client, route);
      const versions = (await client.query<ModelVersionRow>(`SELECT ${MODEL_VERSION_COLUMNS} FROM ${this.t.versions} WHERE route = $1 ORDER BY version DESC`, [route])).rows.map(modelVersionFromRow);
      const routes = versions.length > 0 ? [] : (await client.query<{ route: string }>(`SELECT DISTINCT route FROM ${this.t.versions}`)).rows.map((r) => r.route);
      const doomed = planDeletion(route, versions, routes, options);
      const deleted = versions.filter((v) => doomed.includes(v.version));
      const routeRemoved = deleted.length === versions.length;
      const pin = routeRemoved ? await this.pinOf(client, route) : undefined;
      const reason = `deleted version${doomed.length === 1 ? '' : 's'} ${doomed.join(', ')}`;
      if (routeRemoved) {
        // Gone with its history, so a route registered again under the name starts afresh at 1.
        for (const table of [this.t.versions, this.t.events, this.t.pins]) await client.query(`DELETE FROM ${table} WHERE route = $1`, [route]);
      } else {
        await client.query(`DELETE FROM ${this.t.versions} WHERE route = $1 AND version = $2`, [route, doomed[0]]);
      }
      // The event moves the revision (running gateways drop a live version removed with --force)
      // and, for one version, keeps its number from being handed out again.
      await client.query(`INSERT INTO ${this.t.events} (route, version, action, reason, at) VALUES ($1, $2, 'delete', $3, $4)`, [route, routeRemoved ? 0 : doomed[0], reason, at]);
      return { deleted, routeRemoved, pinReleased: pin?.reason ?? null };
    });
  }

  async pin(route: string, reason: string, at: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await this.lockRoute(client, route);
      await this.writePin(client, route, reason, at);
    });
  }

  async unpin(route: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await this.lockRoute(client, route);
      if (((await client.query(`DELETE FROM ${this.t.pins} WHERE route = $1`, [route])).rowCount ?? 0) === 0) return false;
      const live = await this.liveNow(client, route);
      if (live) await client.query(`UPDATE ${this.t.versions} SET status_reason = $3 WHERE route = $1 AND version = $2`, [route, live.version, unpinnedReason(live.statusReason)]);
      return true;
    });
  }

  async pins(route?: string): Promise<RoutePin[]> {
    const { rows } = route === undefined
      ? await this.pool.query<{ route: string; reason: string; at: string }>(`SELECT route, reason, at FROM ${this.t.pins} ORDER BY route`)
      : await this.pool.query<{ route: string; reason: string; at: string }>(`SELECT route, reason, at FROM ${this.t.pins} WHERE route = $1`, [route]);
    return rows.map((r) => ({ route: r.route, reason: r.reason, at: Number(r.at) }));
  }

  async revision(): Promise<number> {
    const { rows } = await this.pool.query<{ id: string | null }>(`SELECT MAX(id) AS id FROM ${this.t.events}`);
    return Number(rows[0]?.id ?? 0);
  }

  /** The pool belongs to the caller (it may be shared with other stores); nothing to release here. */
  async close(): Promise<void> {}

  private async makeLive(client: PoolClient, route: string, version: number, action: 'promote' | 'rollback', reason: string, at: number): Promise<void> {
    await client.query(`UPDATE ${this.t.versions} SET status = 'retired', status_reason = $3 WHERE route = $1 AND status = 'live' AND version <> $2`, [route, version, `replaced by version ${version}`]);
    await client.query(`UPDATE ${this.t.versions} SET status = 'live', status_reason = $3 WHERE route = $1 AND version = $2`, [route, version, reason]);
    await client.query(`INSERT INTO ${this.t.events} (route, version, action, reason, at) VALUES ($1, $2, $3, $4, $5)`, [route, version, action, reason, at]);
  }

  /** The live version; inside a transaction when `db` is its client (after the route's lock). */
  private async liveNow(db: Pool | PoolClient, route: string): Promise<ModelVersion | undefined> {
    const { rows } = await db.query<ModelVersionRow>(`SELECT ${MODEL_VERSION_COLUMNS} FROM ${this.t.versions} WHERE route = $1 AND status = 'live'`, [route]);
    return rows[0] && modelVersionFromRow(rows[0]);
  }

  private async writePin(client: PoolClient, route: string, reason: string, at: number): Promise<void> {
    await client.query(`INSERT INTO ${this.t.pins} (route, reason, at) VALUES ($1, $2, $3) ON CONFLICT (route) DO UPDATE SET reason = EXCLUDED.reason, at = EXCLUDED.at`, [route, reason, at]);
  }

  private async pinOf(client: PoolClient, route: string): Promise<RoutePin | undefined> {
    const { rows } = await client.query<{ route: string; reason: string; at: string }>(`SELECT route, reason, at FROM ${this.t.pins} WHERE route = $1`, [route]);
    return rows[0] && { route: rows[0].route, reason: rows[0].reason, at: Number(rows[0].at) };
  }

  private async lockRoute(client: PoolClient, route: string): Promise<void> {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('switchyard:local_models:' || $1))", [route]);
  }

  private async versionNumbers(route: string): Promise<number[]> {
    const { rows } = await this.pool.query<{ version: number }>(`SELECT version FROM ${this.t.versions} WHERE route = $1 ORDER BY version`, [route]);
    return rows.map((r) => r.version);
  }
}
