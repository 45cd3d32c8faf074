import { randomUUID } from 'node:crypto';
import type { ErasureMatch } from '../../core/erasure-match.js';
import type { Log } from '../../core/log.js';
import type { Pseudonymizer } from '../../guardrails/redaction/pseudonym.js';
import type { ErasureReport, TrainedOnErased } from '../../store/erase-copies.js';
import type { Principal } from './access.js';
import { erasureMatch, type ErasureRequest, erasureRequest } from './erasure-input.js';
import { readJson, sendJson } from './http-kit.js';
import type { Router } from './router.js';

export interface ErasureApiDeps {
  /** Deletes (or, with `dryRun`, counts) what the gateway holds of the matched traces: erase-copies.ts. */
  erase: (match: ErasureMatch, options: { dryRun: boolean }) => Promise<ErasureReport>;
  /** The PII policies' pseudonyms of identity fields, when a policy gives them (see GuardSlot). */
  pseudonyms?: { of: Pseudonymizer; stable: boolean };
  audit?: Log;
}

/** `POST /api/erasure`'s answer: the report, its id in the audit log, and what the operator still has to do. */
export interface ErasureAnswer extends ErasureReport {
  /** Names this erasure in the audit log (with `reference`, when one was given). */
  id: string;
  reference?: string;
  /** Whether traces holding the id's keyed pseudonym were looked for, and what could not be. */
  pseudonyms: string;
  /** What to run for local models that may have learnt from the erased examples; absent when none. */
  retrain?: string;
}

/**
 * `POST /api/erasure` with `{"user": "…"}`, `{"metadata": {"field": "value"}}` and/or
 * `{"session": "…"}` (each narrows), `"dry_run": true` to count only, and `"reference"` (a ticket
 * number) for the audit log: deletes every trace of that person and every copy derived from them,
 * answering counts per place (erase-copies.ts). Leaves an `audit:` line naming the admin, the
 * erasure's id, the reference, which selectors were used and the counts, never their values: a
 * log holding the erased id (or a hash of it, which anyone with the log can test guesses against)
 * would keep what the erasure removed.
 */
export function erasureRoutes(router: Router<Principal>, deps: ErasureApiDeps): void {
  router.post('/api/erasure', async ({ req, res }, principal) => {
    const request = erasureRequest(await readJson(req, { keysOnce: true }));
    const report = await deps.erase(erasureMatch(request, deps.pseudonyms?.of), { dryRun: request.dryRun });
    const id = `er_${randomUUID()}`;
    const retrain = retrainAdvice(report.localModels);
    const answer: ErasureAnswer = { id, ...(request.reference === undefined ? {} : { reference: request.reference }), ...report, pseudonyms: pseudonymNote(deps.pseudonyms), ...(retrain ? { retrain } : {}) };
    const who = principal.kind === 'admin' ? principal.name : principal.key.name;
    const counts = Object.entries(report.erased).filter(([, n]) => n > 0).map(([place, n]) => `${place} ${n}`).join(', ') || 'nothing found';
    deps.audit?.(
      `erasure ${id}${request.dryRun ? ' (dry run)' : ''} by ${JSON.stringify(who)}${request.reference === undefined ? '' : ` for ${JSON.stringify(request.reference)}`}: by ${selectors(request).join(' and ')}; ${request.dryRun ? 'would delete' : 'deleted'} ${counts}`,
      { erasure: id, admin: who, ...(request.reference === undefined ? {} : { reference: request.reference }), selectors: selectors(request), dryRun: request.dryRun, counts: report.erased },
    );
    sendJson(res, 200, answer);
  });
}

/** Which selectors a request used, by name only (`user`, `metadata.customer_id`, `session`). */
function selectors(request: ErasureRequest): string[] {
  return [...(request.user === undefined ? [] : ['user']), ...Object.keys(request.metadata ?? {}).map((k) => `metadata.${k}`), ...(request.session === undefined ? [] : ['session'])];
}

function pseudonymNote(pseudonyms: ErasureApiDeps['pseudonyms']): string {
  if (!pseudonyms) return 'no PII policy gives pseudonyms: the values were matched as given';
  if (pseudonyms.stable) return 'the values and their keyed pseudonyms (sy-user-…, sy-meta-…) were matched';
  return 'the values and their pseudonyms under this start\'s key were matched; calls made before this start were given pseudonyms under another key (no guardrails.pseudonym_key nor $SWITCHYARD_SECRET_KEY), which cannot be computed: their traces were found only where they kept the value itself';
}

/**
 * What to tell the operator about local models that learnt from erased examples: a model's weights
 * keep what they learnt, and the registry records when a version was made, not from which examples.
 */
export function retrainAdvice(models: readonly TrainedOnErased[]): string | undefined {
  const learnt = models.filter((m) => m.mayHaveLearnt);
  if (learnt.length === 0) return undefined;
  const routes = learnt.map((m) => `${m.route} (live version ${m.liveVersion})`).join(', ');
  return `${routes}: the live version was registered after the erased examples were added and may have learnt from them; its weights cannot unlearn them. Their examples are deleted, so the route's next training leaves them out: retrain now with \`switchyard local train --data FILE --out MODEL --route ROUTE --promote -c CONFIG\` (FILE without the person's rows), or wait for the route's automatic retraining (every task.retrain_every examples), then check \`switchyard models\`.`;
}
