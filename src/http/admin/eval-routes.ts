import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchyardError } from '../../core/errors.js';
import { decodeSegment } from '../../core/request-target.js';
import type { TraceStore } from '../../core/trace-store.js';
import { addTracesToDataset } from '../../evals/datasets/add-traces.js';
import { describeIssues, itemLineSchema, toDatasetItem } from '../../evals/datasets/item-schema.js';
import { compareRuns } from '../../evals/runner/compare-runs.js';
import type { DatasetStore } from '../../evals/store/dataset-store.js';
import type { JudgeStore } from '../../evals/store/judge-store.js';
import type { RunStore } from '../../evals/store/run-store.js';
import { reviewsOf, traceFilterOf } from './eval-input.js';
import { intParam, readJson, sendJson } from './http-kit.js';

export interface EvalApiDeps {
  datasets: DatasetStore;
  runs: RunStore;
  judges: JudgeStore;
  /** Where `POST /api/datasets/:name/traces` reads traces from. */
  traces: Pick<TraceStore, 'selectTraces'>;
}

const OWN = /^\/api\/(datasets|evals|judges)(\/|$)/;

/** Sends JSON and reports the request as handled. */
function reply(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}

/**
 * Evaluation's part of the admin API, for the dashboard and the review queue:
 *
 * - `GET  /api/datasets` · `GET /api/datasets/:name` · `GET /api/datasets/:name/items?version=&offset=&limit=`
 * - `POST /api/datasets/:name/items` `{ items: [{ input, expected?, output?, human_score?, metadata? }], source? }`
 * - `POST /api/datasets/:name/traces` `{ model?, key?, since?, until?, status?, tags?, trace_ids?, limit?, reviews?: { [traceId]: { score?, correction? } }, reviewed_only? }`
 * - `GET  /api/evals/runs?limit=` · `GET /api/evals/runs/:id` · `GET /api/evals/runs/:id/results?variant=&offset=&limit=`
 * - `GET  /api/evals/compare?a=RUN&b=RUN[&variants=x:y,…]`
 * - `GET  /api/judges` · `GET /api/judges/:name[@version]`
 *
 * Errors are thrown and written by the admin API, in the same shape as every other endpoint.
 *
 * @example if (await evalRoutes(stores)(req, res, url)) return;
 */
export function evalRoutes(deps: EvalApiDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const { datasets, runs, judges } = deps;
  return async (req, res, url) => {
    if (!OWN.test(url.pathname)) return false;
    const parts = url.pathname.split('/').slice(2).map(decodeSegment);
    const q = url.searchParams;
    const get = req.method === 'GET';
    const [area, id, sub] = parts as [string, string | undefined, string | undefined];
    if (area === 'datasets') {
      if (get && !id) return reply(res, 200, { datasets: await datasets.list() });
      if (get && id && !sub) {
        const latest = await datasets.resolve(id);
        return reply(res, 200, { dataset: latest.dataset, latest, versions: await datasets.versions(latest.dataset) });
      }
      if (get && id && sub === 'items') {
        const version = await datasets.resolve(q.get('version') ? `${id}@${q.get('version')}` : id);
        const offset = (intParam(q, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0);
        const limit = (intParam(q, 'limit', 1, 1000) ?? 50);
        const items = [];
        for await (const item of datasets.items(version.id, offset, limit)) items.push(item);
        return reply(res, 200, { version, offset, items });
      }
      if (req.method === 'POST' && id && sub === 'items') {
        const body = await readJson(req);
        if (!Array.isArray(body.items) || body.items.length === 0) throw new SwitchyardError('invalid_request', '"items" must be a non-empty array of { input, expected?, output?, human_score?, metadata? }', { param: 'items' });
        const items = body.items.map((raw, i) => {
          const parsed = itemLineSchema.safeParse(raw);
          if (!parsed.success) throw new SwitchyardError('invalid_request', `items[${i}]: ${describeIssues(parsed.error, raw)}`, { param: `items[${i}]` });
          return toDatasetItem(parsed.data);
        });
        return reply(res, 201, { version: await datasets.append(id, items, typeof body.source === 'string' ? body.source : 'api') });
      }
      if (req.method === 'POST' && id && sub === 'traces') {
        const body = await readJson(req);
        const result = await addTracesToDataset(deps, { dataset: id, filter: traceFilterOf(body), reviews: reviewsOf(body.reviews), reviewedOnly: body.reviewed_only === true });
        return reply(res, 201, result);
      }
    }
    if (area === 'evals') {
      if (get && id === 'runs' && !sub) {
        const list = (await runs.list((intParam(q, 'limit', 1, 500) ?? 50))).map(({ suite: _suite, ...rest }) => rest);
        return reply(res, 200, { runs: list });
      }
      if (get && id === 'runs' && sub) {
        const run = await runs.get(sub);
        if (parts[3] === 'results') {
          const page = await runs.resultsPage(run.id, { variant: q.get('variant') ?? undefined, offset: (intParam(q, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0), limit: (intParam(q, 'limit', 1, 1000) ?? 50) });
          return reply(res, 200, page);
        }
        if (parts.length === 3) return reply(res, 200, run);
      }
      if (get && id === 'compare') {
        const a = q.get('a');
        const b = q.get('b');
        if (!a || !b) throw new SwitchyardError('invalid_request', 'compare needs ?a=RUN&b=RUN', { param: a ? 'b' : 'a' });
        const pairs = q.get('variants')?.split(',').map((p) => p.split(':') as [string, string]);
        return reply(res, 200, await compareRuns(runs, a, b, { pairs, seed: 1 }));
      }
    }
    if (area === 'judges') {
      if (get && !id) return reply(res, 200, { judges: await judges.list() });
      if (get && id && !sub) return reply(res, 200, await judges.resolve(id));
    }
    throw new SwitchyardError('not_found', `no eval endpoint ${req.method} ${url.pathname}`);
  };
}
