import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoreConfig } from '../../config/schema.js';
import type { Log } from '../../core/log.js';
import { makeDirs } from '../../core/make-dirs.js';

/** A shadow demotion this gateway made that the registry has not recorded yet. */
export interface PendingDemotion {
  version: number;
  /**
   * The pulled version's registration time: with `version`, what names it. A route deleted whole
   * (`switchyard models delete`) and registered again starts at version 1 again, and a record of
   * the old v1 must not pull the new one. Absent in files written before it was kept: the number alone.
   */
  createdAt?: number;
  /** The shadow monitor's reason, recorded as the version's once it lands. */
  reason: string;
  /** The traced request whose shadow check tipped it (for the review flag). */
  traceId: string | null;
  /** When it was pulled, ms since the epoch. */
  at: number;
}

/**
 * Where a gateway keeps the demotions it is still retrying, per route, so a restart before the
 * registry records one does not serve the pulled version again: the next start reads it, keeps
 * the version off and retries. Not in the registry's database: that is what failed to take it.
 */
export interface PendingDemotions {
  /** Where they are kept, for log lines. */
  readonly where: string;
  get(route: string): PendingDemotion | undefined;
  set(route: string, pending: PendingDemotion): void;
  delete(route: string): void;
}

/**
 * Pending demotions in a small JSON file (`{ "route": { version, createdAt, reason, traceId, at } }`),
 * rewritten whole through a temporary file and a rename, so a crash mid-write leaves the old one.
 * Each change re-reads the file first: another gateway on the same directory keeps its routes'
 * entries. Writes are rare (a demotion the registry refused, and its end) and off the request path.
 *
 * @example
 * const pending = new PendingDemotionFile('.switchyard/pending-demotions.json', console.log);
 * pending.set('support-intent', { version: 3, createdAt: v3.createdAt, reason, traceId: 'tr_1', at: Date.now() });
 */
export class PendingDemotionFile implements PendingDemotions {
  constructor(
    readonly where: string,
    private readonly log: Log,
  ) {}

  get(route: string): PendingDemotion | undefined {
    return this.read()[route];
  }

  set(route: string, pending: PendingDemotion): void {
    this.write({ ...this.read(), [route]: pending });
  }

  delete(route: string): void {
    const all = this.read();
    if (!Object.hasOwn(all, route)) return;
    delete all[route];
    this.write(all);
  }

  private read(): Record<string, PendingDemotion> {
    let text: string;
    try {
      text = readFileSync(this.where, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`pending demotions: cannot read ${this.where}: ${(error as Error).message}`, { level: 'warn' });
      return {};
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
      const out: Record<string, PendingDemotion> = {};
      for (const [route, p] of Object.entries(parsed as Record<string, Partial<PendingDemotion>>)) {
        if (!Number.isInteger(p?.version) || typeof p.reason !== 'string') continue;
        out[route] = { version: p.version as number, ...(typeof p.createdAt === 'number' ? { createdAt: p.createdAt } : {}), reason: p.reason, traceId: typeof p.traceId === 'string' ? p.traceId : null, at: typeof p.at === 'number' ? p.at : 0 };
      }
      return out;
    } catch (error) {
      this.log(`pending demotions: ${this.where} is unreadable, ignored: ${(error as Error).message}`, { level: 'warn' });
      return {};
    }
  }

  private write(all: Record<string, PendingDemotion>): void {
    // The retry goes on in memory whatever happens here; a restart then forgets it, and the log says so.
    try {
      makeDirs(dirname(this.where));
      const temporary = `${this.where}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`);
      renameSync(temporary, this.where);
    } catch (error) {
      this.log(`pending demotions: cannot write ${this.where}, so a restart would serve the pulled version again: ${(error as Error).message}`, { level: 'error' });
    }
  }
}

/**
 * Where a gateway on `store` keeps its pending demotions: beside the SQLite file (named after
 * it), else `.switchyard/`; none for an in-memory store, whose registry a restart empties anyway.
 *
 * @example pendingDemotionsFile({ sqlite: 'data/sy.db' }) // 'data/sy.db-pending-demotions.json'
 */
export function pendingDemotionsFile(store: StoreConfig): string | undefined {
  if (!('sqlite' in store)) return join('.switchyard', 'pending-demotions.json');
  if (store.sqlite === ':memory:') return undefined;
  return join(dirname(store.sqlite), `${store.sqlite.split(/[\\/]/).pop()}-pending-demotions.json`);
}
