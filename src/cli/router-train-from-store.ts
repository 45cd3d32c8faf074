import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import { MAX_MODEL_NAME_CHARS } from '../config/validate-models.js';
import { nameFlag } from './name-flag.js';
import { numberFlag } from '../core/number-flag.js';
import { countOf } from '../core/plural.js';
import { routerRecordsFromRun } from '../evals/report/router-records-from-run.js';
import { resolveRunReference } from '../evals/store/run-reference.js';
import { labelledTracePages } from '../review/labelled-traces.js';
import { ReviewOutcomeTally, reviewUsageWords } from '../review/router-records-from-reviews.js';
import { type RouterTrainFlags, trainRecords } from '../routing/learned/router-cli.js';
import type { RouterRecord } from '../routing/learned/train-router.js';
import { MIN_RECORDS } from '../routing/learned/train-router.js';
import { inStores, READ_ONLY } from './commands/store-flags.js';
import { timeFlag } from '../core/cli-time.js';
import { judgedUsageWords, preferReviews, routerRecordsFromJudged } from '../monitor/judged-outcomes.js';
import { judgedTraces, SOURCE_CAP } from './judged-traces.js';

/**
 * `switchyard router train --from-run RUN` and/or `--from-reviews`: reads the outcomes from the
 * store (an eval run's paired cases, reviewed traces of the two targets), closes it, then trains.
 * Too few records is refused before training, saying how many each source gave.
 *
 * @example await trainFromStore({ fromReviews: true, weak: 'mini', strong: 'large', out: 'r.json', minScore: '4', … })
 */
export async function trainFromStore(flags: RouterTrainFlags, options: { cap?: number } = {}): Promise<void> {
  const { weak, strong } = flags;
  const sources = [flags.fromRun !== undefined ? '--from-run' : '', flags.fromReviews ? '--from-reviews' : '', flags.fromJudged ? '--from-judged' : ''].filter(Boolean).join(' and ');
  if (weak === undefined || strong === undefined) {
    throw new SwitchyardError('invalid_request', `${sources} needs --weak NAME and --strong NAME: the cheap and strong ${flags.fromRun !== undefined ? "variants (eval show RUN lists a run's)" : 'targets, model or route names, as the learned route names them'}`);
  }
  for (const [flag, name] of [['--weak', weak], ['--strong', strong]] as const) {
    if (name.length > MAX_MODEL_NAME_CHARS) throw new SwitchyardError('invalid_request', `${flag} must be a model, route or variant name of at most ${MAX_MODEL_NAME_CHARS} characters, got ${name.length} characters (${quoteClipped(name, 40)})`, { param: flag });
  }
  // Echoed in the summary of what was read: a 100,000-character name came back whole (100,441 characters).
  const scorer = nameFlag('--judge-scorer', flags.judgeScorer ?? 'judge', 'an online evaluation scorer (a sole judge scorer is named judge)');
  if (scorer.length > MAX_MODEL_NAME_CHARS) throw new SwitchyardError('invalid_request', `--judge-scorer must be a scorer name of at most ${MAX_MODEL_NAME_CHARS} characters, got ${scorer.length} characters (${quoteClipped(scorer, 40)})`, { param: '--judge-scorer' });
  if (weak === strong) throw new SwitchyardError('invalid_request', `--weak and --strong are both ${quoteClipped(weak)}: a router learns when the cheap one is good enough, from two`);
  const minScore = numberFlag('--min-score', flags.minScore ?? '4', { min: 1, max: 5 });
  const judgeMinScore = judgeMinScoreFlag(flags.judgeMinScore ?? '0.75');
  const now = Date.now();
  const since = timeFlag('--since', flags.since, now);
  // A time not yet come (a date typed a year ahead, 0d) reads nothing, and was refused only as too few records.
  if (since !== undefined && since >= now) throw new SwitchyardError('invalid_request', `--since ${quoteClipped(flags.since ?? '')} is ${since === now ? 'now' : `after now (${new Date(since).toISOString()})`}: no review was given nor call made since then; give a time in the past, e.g. --since 30d or --since ${new Date(now - 30 * 86_400_000).toISOString().slice(0, 10)}`, { param: '--since' });
  if (since !== undefined && !flags.fromReviews && !flags.fromJudged) throw new SwitchyardError('invalid_request', '--since narrows --from-reviews and --from-judged (traffic and reviews since then); an eval run is taken whole: drop --since, or add one of those');
  const cap = options.cap ?? SOURCE_CAP;
  const sinceWords = flags.since === undefined ? '' : ` since ${flags.since}`;
  // The store is read, then closed before training (a minute on a large run).
  const { records, parts } = await inStores(flags, async (stores) => {
    const records: RouterRecord[] = [];
    const parts: string[] = [];
    let targets = { weak, strong };
    if (flags.fromRun !== undefined) {
      const run = await stores.runs.get(await resolveRunReference(stores.runs, flags.fromRun));
      const fromRun = await routerRecordsFromRun(run, stores.runs, stores.datasets, { weak, strong });
      records.push(...fromRun.records);
      const left = fromRun.skipped > 0 ? `; ${fromRun.skipped} case${fromRun.skipped === 1 ? '' : 's'} left out: an error, no score, or a case one variant lacks` : '';
      parts.push(`run ${run.id} (${weak} vs ${strong}: ${countOf(fromRun.records.length, 'record')}${left})`);
      // Reviews are of traces, which name models, not a run's variants: the variants' models.
      targets = { weak: run.variants[weak]?.model ?? weak, strong: run.variants[strong]?.model ?? strong };
    }
    let reviewed: RouterRecord[] = [];
    if (flags.fromReviews) {
      // A page at a time: the tally keeps prompts and verdicts, not the traces' bodies.
      const tally = new ReviewOutcomeTally(targets, { minScore });
      for await (const page of labelledTracePages(stores.reviews, stores.traces, { ...(since === undefined ? {} : { since }), limit: cap })) tally.add(page);
      if (tally.read >= cap) leftOut('--from-reviews', 'reviewed answers', cap, await stores.reviews.reviewedCount(since === undefined ? {} : { since }), flags.since);
      const fromReviews = tally.outcomes();
      reviewed = fromReviews.records;
      records.push(...fromReviews.records);
      parts.push(`reviews${sinceWords} (${countOf(fromReviews.records.length, 'record')}; ${reviewUsageWords(fromReviews.usage, targets)})`);
    }
    if (flags.fromJudged) {
      const read = await judgedTraces(stores, { ...(since === undefined ? {} : { since }), scorer, cap });
      leftOut('--from-judged', 'judged calls', cap, read.total, flags.since);
      // People over judges: a prompt someone reviewed is learned from the review.
      const fromJudged = preferReviews(routerRecordsFromJudged(read.judged, targets, { minScore: judgeMinScore }), reviewed);
      records.push(...fromJudged.records);
      parts.push(`judged calls${sinceWords} (${countOf(fromJudged.records.length, 'record')}; ${judgedUsageWords(fromJudged.usage, targets, { minScore: judgeMinScore, scorer })})`);
    }
    return { records, parts };
  }, READ_ONLY);
  if (records.length < MIN_RECORDS) {
    const how = flags.fromReviews || flags.fromJudged ? `; ${[flags.fromReviews ? `review ${MIN_RECORDS - records.length} more answers of the cheap target (its traces are queued by a sampling rule on the route)` : '', flags.fromJudged ? 'judge more of its answers (a cascade with escalate_on.judge, or monitoring.online_eval with a judge scorer on the route)' : ''].filter(Boolean).join(', or ')}${since === undefined ? '' : ', or widen --since'}, or add --from-run` : '';
    throw new SwitchyardError('invalid_request', `${sources}: ${countOf(records.length, 'usable outcome record')}, a router needs at least ${MIN_RECORDS}: ${parts.join('; ')}${how}`);
  }
  await trainRecords(records, parts.join(' and '), flags);
}

/**
 * Says on stderr how many of a source's items the cap left out (the oldest) and how to narrow the
 * range: the cap was silent, and a schedule retraining on a growing store learned from the newest
 * 100,000 without a word.
 */
function leftOut(flag: string, what: string, cap: number, total: number, since: string | undefined): void {
  if (total <= cap) return;
  const n = (x: number) => x.toLocaleString('en-US');
  console.error(`${flag}: read the newest ${n(cap)} of ${n(total)} ${what}${since === undefined ? '' : ` since ${since}`}; the ${n(total - cap)} older ${total - cap === 1 ? 'one is' : 'ones are'} left out: narrow the range with --since (e.g. --since 30d) to choose which`);
}

/**
 * `--judge-min-score`, 0 to 1. A value above 1 is a grade on the judge's scale, not a percentage
 * (numberFlag's hint read 7 as 0.07 for 7%): the refusal gives the score a grade stands for.
 *
 * @example judgeMinScoreFlag('0.5') // 0.5
 */
export function judgeMinScoreFlag(value: string): number {
  const n = Number(value);
  if (/^\d+(?:\.\d+)?$/.test(value) && n > 1 && n <= 10) {
    const score = (grade: number, lo: number, hi: number) => `${grade} of ${lo}-${hi} is ${Number(((grade - lo) / (hi - lo)).toFixed(3))}`;
    const scales = [n <= 5 ? score(n, 1, 5) : '', score(n, 1, 10)].filter(Boolean).join(', ');
    throw new SwitchyardError('invalid_request', `--judge-min-score must be a number from 0 to 1, got ${quoteClipped(value)}: the judge's score scaled to 0-1, a grade g of a scale lo-hi is (g - lo) / (hi - lo) (${scales}): give that`, { param: '--judge-min-score' });
  }
  return numberFlag('--judge-min-score', value, { min: 0, max: 1 });
}
