import pg from 'pg';
import { SwitchyardError } from '../../core/errors.js';
import { closestName } from '../../core/format-issues.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** Where a `store: { postgres: URL }` points, parsed. */
export interface PostgresTarget {
  /** The URL pg connects with (without Switchyard's own parameters). */
  connectionString: string;
  /** Schema that holds Switchyard's tables. */
  schema: string;
  /** Connections in the pool. */
  poolSize: number;
  /** The URL without its password, for banners and errors. */
  location: string;
  /** Server settings the URL's own `options` parameter gives (`-c statement_timeout=5000`), sent before Switchyard's. */
  options?: string;
}

const SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The URL parameters node-postgres reads (pg-connection-string and the client's own settings);
 * it ignores any other without a word, so a libpq or JDBC habit (`search_path`, `currentSchema`,
 * `connect_timeout`) would be dropped silently: those are refused, naming what to write instead.
 */
const DRIVER_PARAMETERS = [
  'application_name', 'fallback_application_name', 'options', 'client_encoding', 'encoding', 'host', 'port', 'user', 'password', 'db',
  'ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslnegotiation', 'uselibpqcompat',
  'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'query_timeout', 'replication', 'binary',
] as const;
const OWN_PARAMETERS = ['schema', 'pool_size'] as const;
/** Other drivers' names for the schema: a URL carrying one meant `schema`. */
const SCHEMA_ALIASES = new Set(['search_path', 'searchpath', 'currentschema', 'current_schema']);

/** Why a URL parameter node-postgres would ignore is refused, with what to write instead. */
function unknownParameter(name: string): string {
  const lower = name.toLowerCase();
  if (SCHEMA_ALIASES.has(lower)) return `store.postgres: the URL parameter "${name.slice(0, 40)}" is not read here: Switchyard's tables go in the schema named by ?schema=NAME (default public)`;
  if (lower === 'connect_timeout') return 'store.postgres: the URL parameter "connect_timeout" is not read by the driver (node-postgres); Switchyard waits 10 s for a first connection';
  const known = [...OWN_PARAMETERS, ...DRIVER_PARAMETERS];
  const near = closestName(name, known);
  return `store.postgres: unknown URL parameter "${name.slice(0, 40)}"${near ? ` (did you mean "${near}"?)` : ''}; the driver (node-postgres) would ignore it (known: ${known.join(', ')})`;
}

/** The URL's `options`, checked: its server settings may not move the tables out of `?schema=`. */
function userOptions(options: string | null): string | undefined {
  if (options === null || options.trim() === '') return undefined;
  if (/search_path/i.test(options)) throw new SwitchyardError('config_invalid', `store.postgres: options "${options.slice(0, 80)}" sets search_path; name the schema with ?schema=NAME instead (Switchyard sets search_path to it)`);
  return options.trim();
}

/**
 * Reads Switchyard's parameters off a PostgreSQL URL: `schema` (default `public`) and
 * `pool_size` (default 10); the rest goes to the driver as is.
 *
 * @example parsePostgresUrl('postgres://app:secret@db:5432/sy?schema=switchyard').location // 'postgres://app@db:5432/sy?schema=switchyard'
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SwitchyardError('config_invalid', 'store.postgres: not a URL; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]');
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw new SwitchyardError('config_invalid', 'store.postgres: the URL names no host; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE');
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA.test(schema)) throw new SwitchyardError('config_invalid', `store.postgres: schema "${schema.slice(0, 80)}" must be 1–63 letters, digits or "_", not starting with a digit`);
  for (const name of new Set(parsed.searchParams.keys())) {
    // Read once here and perhaps the other time by the driver: ?schema=a&schema=b put the tables in "a".
    const values = parsed.searchParams.getAll(name);
    const shown = name === 'password' ? 'values not shown' : values.slice(0, 3).map((v) => JSON.stringify(v.slice(0, 40))).join(', ');
    if (values.length > 1) throw new SwitchyardError('config_invalid', `store.postgres: the URL parameter "${name.slice(0, 40)}" is given ${values.length} times (${shown}); give it once`);
  }
  const sizeText = parsed.searchParams.get('pool_size') ?? '10';
  // Digits only: Number() read "0x10" as 16 and "1e1" as 10.
  const size = /^\d{1,3}$/.test(sizeText) ? Number(sizeText) : Number.NaN;
  if (!Number.isInteger(size) || size < 1 || size > 100) throw new SwitchyardError('config_invalid', `store.postgres: pool_size must be an integer from 1 to 100, got "${parsed.searchParams.get('pool_size')}"`);
  for (const name of new Set(parsed.searchParams.keys())) {
    if (!(OWN_PARAMETERS as readonly string[]).includes(name) && !(DRIVER_PARAMETERS as readonly string[]).includes(name)) throw new SwitchyardError('config_invalid', unknownParameter(name));
  }
  // node-postgres lets the URL's `options` replace the pool's, which set search_path to the
  // schema: taken off the URL and sent ahead of Switchyard's settings instead.
  const options = userOptions(parsed.searchParams.get('options'));
  const location = new URL(parsed.toString());
  for (const name of [...OWN_PARAMETERS, 'options']) parsed.searchParams.delete(name);
  const connectionString = parsed.toString();
  location.password = '';
  // node-postgres reads ?password=… as the password: the banner and the log showed it whole.
  location.searchParams.delete('password');
  location.searchParams.delete('schema');
  location.searchParams.delete('pool_size');
  if (schema !== 'public') location.searchParams.set('schema', schema);
  return { connectionString, schema, poolSize: size, location: location.toString(), ...(options ? { options } : {}) };
}

// BIGINT (ms timestamps, counts) and NUMERIC (SUM of BIGINT) arrive as strings by default; every
// value Switchyard stores in them fits a double exactly or is a sum that needs no more precision.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A pool whose every connection works in the target's schema (set at connection start, no
 * extra round trip), with BIGINT and NUMERIC read as numbers. Connections commit without
 * waiting for the WAL flush (`synchronous_commit = off`: a crash may lose the last instant, never
 * consistency), which is what traces, aggregates and eval results need and what SQLite's NORMAL
 * sync gives; writes that answer a person go through `inTransaction`, which waits for the flush.
 * Checks that the server answers, so a wrong URL is an error naming it at startup.
 *
 * @example const pool = await openPool(parsePostgresUrl('postgres://postgres@127.0.0.1/test'));
 */
export async function openPool(target: PostgresTarget, wait: StartWait = {}): Promise<PgPool> {
  const pool = new (poolNamingTimeouts(target))({
    Client: clientNamingFailedConnects(target),
    connectionString: target.connectionString,
    max: target.poolSize,
    options: `${target.options ? `${target.options} ` : ''}-c search_path=${target.schema} -c synchronous_commit=off`,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await firstAnswer(pool, target, wait);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new SwitchyardError('config_invalid', startError(error, target));
  }
  return pool;
}

/** How long one connection attempt may take before it is given up (a host that never answers). */
const CONNECT_TIMEOUT_MS = 10_000;
/** The shortest attempt the start wait makes, when little of it is left. */
const LAST_ATTEMPT_MS = 500;

const STORE = 'store.postgres:';
const CANNOT_CONNECT = `${STORE} cannot connect to`;
const LOST_CONNECTION = `${STORE} lost the connection to`;
const LOST_HINT = 'did PostgreSQL restart or stop, or a proxy or firewall close the connection? The next query connects again';

/** What `NamingClient` reaches inside pg's Client (8.x); connect.test.ts fails if a pg upgrade renames it. */
interface PgClientInternals {
  _connecting: boolean;
  _errorAllQueries(error: Error): void;
}

/** How long a starting gateway waits for a PostgreSQL that is not up yet (see `firstAnswer`). */
export interface StartWait {
  /** Up to how long to go on trying (0, the default: fail at the first refusal). */
  waitMs?: number;
  /** Told once, at the first failure that is worth waiting out. */
  onWait?: (message: string) => void;
  /** Between tries (1 s); tests shorten it. */
  retryEveryMs?: number;
  /** After how long an attempt still unanswered is told (3 s): a black-holed host says nothing for a whole attempt. */
  noticeAfterMs?: number;
}

/**
 * The first `SELECT 1`, tried again while the server is not up yet, for up to `wait.waitMs`: a
 * gateway started beside its database (docker compose, a pod whose PostgreSQL restarts, a host
 * booting) found the port closed or the server still starting and exited at once. Only what
 * passes when the server comes up is waited out (a refused or reset connection, a host name not
 * yet resolvable, `the database system is starting up`); a database that does not exist or a
 * wrong password fails at once.
 */
async function firstAnswer(pool: PgPool, target: PostgresTarget, wait: StartWait): Promise<void> {
  const until = Date.now() + (wait.waitMs ?? 0);
  let told = false;
  for (;;) {
    // A host that never answers (dropped packets) took the full connect timeout per attempt, so a
    // 30 s wait stretched to about 40 s: each attempt gets at most what is left of the wait.
    const left = until - Date.now();
    if (wait.waitMs) pool.options.connectionTimeoutMillis = Math.min(CONNECT_TIMEOUT_MS, Math.max(left, LAST_ATTEMPT_MS));
    const waitingFor = `waiting up to ${Math.round((wait.waitMs ?? 0) / 1000)} s for it`;
    const noticeAfterMs = wait.noticeAfterMs ?? 3_000;
    const notice = wait.waitMs && !told
      ? setTimeout(() => {
          told = true;
          wait.onWait?.(`${CANNOT_CONNECT} ${target.location}: no answer after ${noticeAfterMs / 1000} s; ${waitingFor}`);
        }, noticeAfterMs)
      : undefined;
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      if (!notUpYet(error) || Date.now() >= until) throw error;
      if (!told) wait.onWait?.(`${startError(error, target)}; ${waitingFor} to start`);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait.retryEveryMs ?? 1_000, Math.max(until - Date.now(), 0))));
    } finally {
      clearTimeout(notice);
      // The pool is not in use before this returns; once running, every connect gets the full timeout.
      pool.options.connectionTimeoutMillis = CONNECT_TIMEOUT_MS;
    }
  }
}

/**
 * Why the start failed, naming the store. A failed connect is already named (see
 * `clientNamingFailedConnects`, `poolNamingTimeouts`); a query's error is not.
 */
function startError(error: unknown, target: PostgresTarget): string {
  const message = (error as Error).message;
  if (message.startsWith(STORE)) return message;
  return `${CANNOT_CONNECT} ${target.location}: ${message}`;
}

/**
 * The pool class, whose own timeouts name the store, its URL and what to check, at start and once
 * running: pg-pool makes these errors itself, so the client class never sees them, and the trace
 * writer's log, `/health` and a budget's 503 read its bare words. A host that never answers
 * ("Connection terminated due to connection timeout"), and every connection busy for the whole
 * timeout ("timeout exceeded when trying to connect").
 */
function poolNamingTimeouts(target: PostgresTarget): typeof pg.Pool {
  const name = (error: Error, timeoutMs: number): Error => {
    if (error.message.startsWith(STORE)) return error;
    if (/connection timeout/.test(error.message)) {
      const url = new URL(target.location);
      error.message = `${CANNOT_CONNECT} ${target.location}: no answer to a connection attempt (${error.message}); is ${url.hostname}:${url.port || 5432} the PostgreSQL server, and does a firewall let connections to it through?`;
    } else if (/timeout exceeded when trying to connect/.test(error.message)) {
      error.message = `${STORE} all ${target.poolSize} connections to ${target.location} stayed busy for ${timeoutMs / 1000} s (${error.message}); is the server slow or locked (pg_stat_activity shows what runs), or is the pool too small for the traffic (?pool_size=N in the URL)?`;
    }
    return error;
  };
  class NamingPool extends pg.Pool {
    override connect(): Promise<pg.PoolClient>;
    override connect(callback: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
    // pg-pool's own query() connects with a callback.
    override connect(callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
      const timeoutMs = this.options.connectionTimeoutMillis ?? CONNECT_TIMEOUT_MS;
      if (callback) return super.connect((error, client, done) => callback(error ? name(error, timeoutMs) : error, client, done));
      return super.connect().catch((error: unknown) => Promise.reject(error instanceof Error ? name(error, timeoutMs) : error));
    }
  }
  return NamingPool;
}

/** A failed first connection that a server coming up would end. */
function notUpYet(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (code === '57P03') return true; // the database system is starting up (or shutting down)
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true;
  return error instanceof Error && /Connection terminated/.test(error.message);
}

/**
 * The pool's connection class, whose failed connects name the store, its URL (password hidden)
 * and what to check: `store.postgres: cannot connect to postgres://…: connect ECONNREFUSED
 * 127.0.0.1:5432; is PostgreSQL running and listening on 127.0.0.1:5432?`. At start `openPool`
 * said so; once running, a store that went away was logged and shown on `/health` as the driver's
 * bare `connect ECONNREFUSED 127.0.0.1:5432`, which names neither PostgreSQL nor the setting.
 * The error is the driver's own, its message rewritten, so its `code` still tells a dropped
 * connection from the server's answer (`answeredByServer`).
 */
function clientNamingFailedConnects(target: PostgresTarget): typeof pg.Client {
  const name = (error: unknown): unknown => {
    if (error instanceof Error && !error.message.startsWith(STORE)) error.message = `${CANNOT_CONNECT} ${target.location}: ${error.message}${connectHint(error, target)}`;
    return error;
  };
  const lost = (error: unknown): void => {
    if (error instanceof Error && !error.message.startsWith(STORE)) error.message = `${LOST_CONNECTION} ${target.location}: ${error.message}; ${LOST_HINT}`;
  };
  class NamingClient extends pg.Client {
    /**
     * pg fails every query on a connection that died (`Connection terminated unexpectedly`, a
     * socket's ECONNRESET, the server's 57P01 at a shutdown) through this one method, with the
     * error that ended it; the queries are failed on the next tick, so the message is named first.
     * While connecting, the connect callback names the same error object (see `name`).
     */
    _errorAllQueries(error: Error): void {
      if (!(this as unknown as PgClientInternals)._connecting) lost(error);
      (pg.Client.prototype as unknown as PgClientInternals)._errorAllQueries.call(this, error);
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error) => void): void;
    // pg-pool connects with a callback; the promise form is for a client used alone.
    override connect(callback?: (error: Error) => void): Promise<pg.Client> | void {
      if (callback) return super.connect((error: Error) => callback(name(error) as Error));
      return super.connect().catch((error: unknown) => Promise.reject(name(error)));
    }
  }
  return NamingClient;
}

/**
 * What to do about a failed first connection, when the error says: a database that does not exist
 * is not created for you (an operator's fresh server has only `postgres`), and a refused
 * connection is usually a server that is not running or listens elsewhere.
 */
function connectHint(error: unknown, target: PostgresTarget): string {
  const code = (error as { code?: unknown }).code;
  const url = new URL(target.location);
  if (code === '3D000') {
    const database = decodeURIComponent(url.pathname.slice(1));
    const user = decodeURIComponent(url.username) || 'postgres';
    return `; create it first: createdb -h ${url.hostname} -p ${url.port || 5432} -U ${user} ${database} (or CREATE DATABASE "${database}")`;
  }
  if (code === 'ECONNREFUSED') return `; is PostgreSQL running and listening on ${url.hostname}:${url.port || 5432}?`;
  return '';
}

/** Whether an error is the server's answer (a SQLSTATE): the connection stays usable; after any other it is dropped. */
export function answeredByServer(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code);
}

/**
 * Runs `work` on one pooled connection, outside a transaction; the connection goes back to the
 * pool unless an error other than the server's answer (`answeredByServer`) left it unusable.
 *
 * @example await onConnection(pool, (client) => copyOn(client, 'COPY t (a) FROM STDIN (FORMAT binary)', rows));
 */
export async function onConnection<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    if (!answeredByServer(error)) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs `work` in a transaction on one pooled connection: committed when it resolves, rolled
 * back when it throws. The commit waits for the WAL flush (durable) unless `relaxed`: traces
 * and their aggregates may lose the last instant of a crash, a person's review may not.
 *
 * @example await inTransaction(pool, async (client) => client.query('INSERT …'), { relaxed: true });
 */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>, options: { relaxed?: boolean } = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(options.relaxed ? 'BEGIN' : 'BEGIN; SET LOCAL synchronous_commit TO on');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped from the pool, not reused.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
