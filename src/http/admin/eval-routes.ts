import { SwitchyardError } from '../../core/errors.js';
import type { TraceStore } from '../../core/trace-store.js';
import { addTracesToDataset } from '../../evals/datasets/add-traces.js';
import { itemCollector } from '../../evals/datasets/parse-dataset.js';
import { countOf } from '../../core/plural.js';
import { compareRuns } from '../../evals/runner/compare-runs.js';
import { queueWeakCases } from '../../evals/runner/queue-weak-cases.js';
import type { DatasetStore } from '../../evals/store/dataset-store.js';
import type { JudgeStore } from '../../evals/store/judge-store.js';
import type { RunStore } from '../../evals/store/run-store.js';
import type { DatasetItem, RunRecord } from '../../evals/types.js';
import type { ReviewStore } from '../../review/review-store.js';
import { tracesToDatasetOf } from './eval-input.js';
import { onlyFields, readJson, sendJson } from './http-kit.js';
import { param, type QuerySpec } from '../query-params.js';
import type { Router } from './router.js';
import { describeValue } from '../../core/format-issues.js';
import { quoteClipped } from '../../core/clip.js';

export interface EvalApiDeps {
  datasets: DatasetStore;
  runs: RunStore;
  judges: JudgeStore;
  /** Where `POST /api/datasets/:name/traces` reads traces from. */
  traces: Pick<TraceStore, 'selectTraces'>;
  /** Where `POST /api/evals/runs/:id/review` queues a run's weak cases. */
  reviews?: Pick<ReviewStore, 'enqueue'>;
}

/** A page of a list: `offset` items skipped, at most `limit` (50 when absent) given. */
const PAGE_QUERY = { offset: param.int(0, Number.MAX_SAFE_INTEGER), limit: param.int(1, 1000) } satisfies QuerySpec;

/** `?version=` of a dataset's items: a version number, or a prefix of its content hash (as `name@…` pins one). */
const DATASET_VERSION = param.custom('a version number or a prefix of its content hash (letters and digits, at most 64)', (raw, name) => {
  if (!/^[A-Za-z0-9]{1,64}$/.test(raw)) throw new SwitchyardError('invalid_request', `${name} must be a version number or a prefix of its content hash (letters and digits, at most 64), got ${quoteClipped(raw, 60)}`, { param: name });
  return raw;
});

/** `GET /api/evals/compare?a=RUN&b=RUN[&variants=x:y,…]`: the variants of a paired with those of b. */
const COMPARE_QUERY = {
  a: param.text(200),
  b: param.text(200),
  variants: param.custom('pairs of variant names, as x:y,…', (raw, name) =>
    raw.split(',').map((pair) => {
      const [x, y, ...rest] = pair.split(':');
      if (!x || !y || rest.length > 0) throw new SwitchyardError('invalid_request', `${name} must be pairs of variant names, as x:y,…, got ${quoteClipped(pair, 60)}`, { param: name });
      return [x, y] as [string, string];
    }),
  ),
} satisfies QuerySpec;

/**
 * Evaluation's part of the admin API, for the dashboard and the review queue:
 *
 * - `GET  /api/datasets` · `GET /api/datasets/:name` · `GET /api/datasets/:name/items?version=&offset=&limit=`
 * - `POST /api/datasets/:name/items` `{ items: [{ input, expected?, output?, human_score?, metadata?, …other fields into metadata }], source?: 1–200 characters, "api" when absent }`:
 *   each item read as a dataset file's line is (`readItem`)
 * - `POST /api/datasets/:name/traces` `{ model?, route? (its calls, those another route sent it too), key?, since?, until?, status?, tags?, trace_ids?, limit?, reviews?: { [traceId]: { score?, correction? } }, reviewed_only? }`
 * - `GET  /api/evals/runs?limit=` · `GET /api/evals/runs/:id` · `GET /api/evals/runs/:id/results?variant=&offset=&limit=` (each result with its
 *   dataset item's `input` and `expected`, while that dataset version is there)
 * - `POST /api/evals/runs/:id/review` `{ below?: 0–1 }`: queues cases scoring below `below` (0.5) → `{ items, added, already }`
 * - `GET  /api/evals/compare?a=RUN&b=RUN[&variants=x:y,…]`
 * - `GET  /api/judges` · `GET /api/judges/:name[@version]`
 *
 * Errors are thrown and written by the admin API, in the same shape as every other endpoint.
 *
 * @example evalRoutes(router, stores) // GET /api/datasets, /api/evals/runs/:id, …
 */
export function evalRoutes<P>(router: Router<P>, deps: EvalApiDeps): void {
  const { datasets, runs, judges } = deps;

  router.get('/api/datasets', async ({ res }) => sendJson(res, 200, { datasets: await datasets.list() }));
  router.get('/api/datasets/:name', async ({ res, params }) => {
    const latest = await datasets.resolve(params.name as string);
    sendJson(res, 200, { dataset: latest.dataset, latest, versions: await datasets.versions(latest.dataset) });
  });
  router.get('/api/datasets/:name/items', { query: { ...PAGE_QUERY, version: DATASET_VERSION } }, async ({ res, query, params }) => {
    const version = await datasets.resolve(query.version !== undefined ? `${params.name}@${query.version}` : (params.name as string));
    const { offset = 0, limit = 50 } = query;
    const items = [];
    for await (const item of datasets.items(version.id, offset, limit)) items.push(item);
    sendJson(res, 200, { version, offset, items });
  });
  router.post('/api/datasets/:name/items', async ({ req, res, params }) => {
    const body = await readJson(req);
    onlyFields(body, ['items', 'source']);
    if (!Array.isArray(body.items) || body.items.length === 0) throw new SwitchyardError('invalid_request', '"items" must be a non-empty array of { input, expected?, output?, human_score?, metadata? }', { param: 'items' });
    // The rule a dataset file's items follow: other fields go to metadata, one id once.
    const { items, bad, accept } = itemCollector();
    body.items.forEach((raw, i) => accept(raw, i, `items[${i}]`));
    const first = bad[0];
    if (first) throw new SwitchyardError('invalid_request', `${first.message}${bad.length > 1 ? ` (and ${countOf(bad.length - 1, 'more bad item')})` : ''}`, { param: `items[${first.line}]` });
    sendJson(res, 201, { version: await datasets.append(params.name as string, items, sourceLabel(body.source)) });
  });
  router.post('/api/datasets/:name/traces', async ({ req, res, params }) => {
    const body = await readJson(req);
    const { filter, reviews, reviewedOnly } = tracesToDatasetOf(body);
    sendJson(res, 201, await addTracesToDataset(deps, { dataset: params.name as string, filter, reviews, reviewedOnly }));
  });

  router.get('/api/evals/runs', { query: { limit: param.int(1, 500) } }, async ({ res, query }) => {
    const list = (await runs.list(query.limit ?? 50)).map(({ suite: _suite, ...rest }) => rest);
    sendJson(res, 200, { runs: list });
  });
  router.get('/api/evals/runs/:id', async ({ res, params }) => sendJson(res, 200, await runs.get(params.id as string)));
  router.get('/api/evals/runs/:id/results', { query: { ...PAGE_QUERY, variant: param.text(200) } }, async ({ res, query, params }) => {
    const run = await runs.get(params.id as string);
    const found = await runs.resultsPage(run.id, { variant: query.variant, offset: query.offset ?? 0, limit: query.limit ?? 50 });
    const items = await caseItems(datasets, run, new Set(found.results.map((r) => r.caseId)));
    // Each case with its input and expected answer, as `eval show --cases` prints them: an output alone says little.
    const results = found.results.map((r) => {
      const item = items.get(r.caseId);
      return item ? { ...r, input: item.input, ...(item.expected !== undefined ? { expected: item.expected } : {}) } : r;
    });
    sendJson(res, 200, { ...found, results });
  });
  router.post('/api/evals/runs/:id/review', async ({ req, res, params }) => {
    const { reviews } = deps;
    if (!reviews) throw new SwitchyardError('unsupported', 'the review queue is not available on this server');
    const body = await readJson(req);
    onlyFields(body, ['below']);
    if (body.below !== undefined && (typeof body.below !== 'number' || !(body.below > 0 && body.below <= 1))) {
      throw new SwitchyardError('invalid_request', `"below" must be a quality share in (0, 1], got ${describeValue(body.below)}`, { param: 'below' });
    }
    const items = await queueWeakCases({ runs, datasets, reviews }, params.id as string, { below: body.below as number | undefined });
    const added = items.filter((i) => i.added).length;
    sendJson(res, 201, { items, added, already: items.length - added });
  });
  router.get('/api/evals/compare', { query: COMPARE_QUERY }, async ({ res, query }) => {
    const { a, b } = query;
    if (!a || !b) throw new SwitchyardError('invalid_request', 'compare needs ?a=RUN&b=RUN', { param: a ? 'b' : 'a' });
    const pairs = query.variants;
    sendJson(res, 200, await compareRuns(runs, a, b, { pairs, seed: 1 }));
  });

  router.get('/api/judges', async ({ res }) => sendJson(res, 200, { judges: await judges.list() }));
  router.get('/api/judges/:name', async ({ res, params }) => sendJson(res, 200, await judges.resolve(params.name as string)));
}

/**
 * The version's `source` label: listed with every version on `GET /api/datasets`, so bounded (a
 * 1,000,000-character one made that list a 1 MB answer); one that is not a string was "api" without a word.
 */
function sourceLabel(source: unknown): string {
  if (source === undefined) return 'api';
  if (typeof source === 'string' && source.length >= 1 && source.length <= MAX_SOURCE_CHARS) return source;
  const size = typeof source === 'string' && source.length > MAX_SOURCE_CHARS ? ` (${source.length} characters)` : '';
  throw new SwitchyardError('invalid_request', `"source" must be a string of 1–${MAX_SOURCE_CHARS} characters, got ${describeValue(source)}${size}`, { param: 'source' });
}

const MAX_SOURCE_CHARS = 200;

/** The run's dataset items of these cases (none when the dataset version is gone): read until every case is found. */
async function caseItems(datasets: DatasetStore, run: RunRecord, ids: ReadonlySet<string>): Promise<Map<string, DatasetItem>> {
  const found = new Map<string, DatasetItem>();
  if (ids.size === 0) return found;
  const version = await datasets.resolve(`${run.dataset}@${run.datasetVersion}`).catch(() => undefined);
  if (!version) return found;
  for await (const item of datasets.items(version.id)) {
    if (ids.has(item.id)) found.set(item.id, item);
    if (found.size === ids.size) break;
  }
  return found;
}
