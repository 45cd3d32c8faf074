import type { RouterRecord } from '../routing/learned/train-router.js';
import { requestFeatures } from '../routing/policies/request-features.js';
import type { ChatCompletionRequest } from '../core/openai-wire.js';
import { jsonValueOf } from '../core/json-text.js';
import { quoteClipped } from '../core/clip.js';
import { countOf } from '../core/plural.js';
import { type ApprovalPolicy, verdictOf } from './finetune.js';
import { decided, type LabelledTrace } from './labelled-traces.js';

/** What became of the reviewed traces, so a refusal or a summary can say where the records came from. */
export interface ReviewUsage {
  /** Finished reviews of the cheap target's answers: each is a record. */
  cheap: { accepted: number; rejected: number };
  /** Finished reviews of the strong target's answers; those whose prompt has a reviewed cheap answer too are paired with it. */
  strong: { reviewed: number; paired: number };
  /** Finished reviews of answers from other models (by the model that answered), which say nothing about these two. */
  others: Map<string, number>;
  /** Reviews still waiting for more reviewers, of any target. */
  pending: number;
  /** Reviewed items with no stored trace (dataset items, deleted traces), error calls, and requests without a user message. */
  unusable: number;
}

export interface ReviewOutcomes {
  records: RouterRecord[];
  usage: ReviewUsage;
}

/**
 * A learned router's training data from the review queue. Each finished review of an answer of
 * the cheap target is a record for its prompt (the last user message, as the router scores it):
 * accepted (no correction, nobody failed it, mean score at least the bar) is `weakScore 1,
 * strongScore 1` (the cheap answer was good enough), rejected or corrected is `weakScore 0,
 * strongScore 1` (it needs the strong one). A reviewed answer of the strong target alone says
 * nothing about the cheap one; when the same prompt has a reviewed cheap answer too, the strong
 * verdict replaces the assumed 1 (the strong answer can fail as well, and then the cheap one
 * was no worse).
 *
 * @example routerRecordsFromReviews(await labelledTraces(stores.reviews, stores.traces), { weak: 'mini', strong: 'large' }, { minScore: 4 })
 * // { records: [{ prompt: 'Where is my card?', weakScore: 1, strongScore: 1 }, …], usage: { cheap: { accepted: 14, rejected: 9 }, … } }
 */
export function routerRecordsFromReviews(labelled: readonly LabelledTrace[], targets: { weak: string; strong: string }, policy: ApprovalPolicy): ReviewOutcomes {
  const tally = new ReviewOutcomeTally(targets, policy);
  tally.add(labelled);
  return tally.outcomes();
}

/**
 * {@link routerRecordsFromReviews} fed a page at a time: it keeps each usable review's prompt and
 * verdict, never the page's bodies, so a reader of every reviewed trace holds one page of them.
 *
 * @example const tally = new ReviewOutcomeTally({ weak: 'mini', strong: 'large' }, { minScore: 4 });
 * for await (const page of labelledTracePages(stores.reviews, stores.traces)) tally.add(page);
 * tally.outcomes().records.length // 1_204
 */
export class ReviewOutcomeTally {
  private readonly usage: ReviewUsage = { cheap: { accepted: 0, rejected: 0 }, strong: { reviewed: 0, paired: 0 }, others: new Map(), pending: 0, unusable: 0 };
  private readonly cheap: { prompt: string; score: number }[] = [];
  // Per prompt, the strong answers' verdicts summed and counted: a list copied at each review was
  // quadratic in one prompt's reviews (80,000 of one prompt took 65 s).
  private readonly strong = new Map<string, { sum: number; count: number }>();
  /** Reviewed items added, usable or not. */
  read = 0;

  constructor(
    private readonly targets: { weak: string; strong: string },
    private readonly policy: ApprovalPolicy,
  ) {}

  add(labelled: Iterable<LabelledTrace>): void {
    const { usage, targets } = this;
    for (const l of labelled) {
      this.read++;
      if (!decided(l)) {
        usage.pending++;
        continue;
      }
      const served = l.served ?? null;
      const prompt = served === null ? '' : promptOf(l.request);
      // An error has no answer to judge, and a prompt without a user message is nothing a router scores.
      if (served === null || served.status >= 400 || prompt === '') {
        usage.unusable++;
        continue;
      }
      const isWeak = served.names.includes(targets.weak);
      const isStrong = served.names.includes(targets.strong);
      if (isWeak === isStrong) {
        usage.others.set(served.model, (usage.others.get(served.model) ?? 0) + 1);
        continue;
      }
      const verdict = verdictOf(l.reviews, this.policy);
      const good = 'approved' in verdict && verdict.approved ? 1 : 0;
      if (isWeak) {
        this.cheap.push({ prompt, score: good });
        usage.cheap[good ? 'accepted' : 'rejected']++;
      } else {
        usage.strong.reviewed++;
        const verdicts = this.strong.get(prompt);
        if (verdicts) {
          verdicts.sum += good;
          verdicts.count++;
        } else this.strong.set(prompt, { sum: good, count: 1 });
      }
    }
  }

  /** The records and what became of the reviews, of everything added so far. */
  outcomes(): ReviewOutcomes {
    const records = this.cheap.map(({ prompt, score }) => {
      const verdicts = this.strong.get(prompt);
      return { prompt, weakScore: score, strongScore: verdicts ? verdicts.sum / verdicts.count : 1 };
    });
    const cheapPrompts = new Set(this.cheap.map((c) => c.prompt));
    let paired = 0;
    for (const [prompt, verdicts] of this.strong) if (cheapPrompts.has(prompt)) paired += verdicts.count;
    return { records, usage: { ...this.usage, cheap: { ...this.usage.cheap }, strong: { ...this.usage.strong, paired }, others: new Map(this.usage.others) } };
  }
}

/** The text a learned route scores for this request: the last user message, as the route stage reads it. */
function promptOf(request: unknown): string {
  const body = jsonValueOf(request);
  if (body === null || typeof body !== 'object') return '';
  return requestFeatures(body as ChatCompletionRequest).lastUserText;
}

/**
 * Where the reviews went, in a line.
 *
 * @example reviewUsageWords(usage, { weak: 'mini', strong: 'large' })
 * // 'cheap mini: 14 accepted, 9 rejected; strong large: 3 reviewed (1 paired with a cheap answer); other models: gpt-4o 2; 1 pending; 0 without a stored answer'
 */
export function reviewUsageWords(usage: ReviewUsage, targets: { weak: string; strong: string }): string {
  return `cheap ${nameShown(targets.weak)}: ${usage.cheap.accepted} accepted, ${usage.cheap.rejected} rejected; strong ${nameShown(targets.strong)}: ${usage.strong.reviewed} reviewed (${usage.strong.paired} paired with a cheap answer); other models: ${othersShown(usage.others)}; ${usage.pending} pending; ${usage.unusable} without a stored answer`;
}

/** How many other models the line names, the most reviewed first; a store of years names thousands. */
const OTHERS_SHOWN = 10;

function othersShown(others: ReadonlyMap<string, number>): string {
  if (others.size === 0) return 'none';
  const most = [...others].sort((a, b) => b[1] - a[1]).slice(0, OTHERS_SHOWN);
  const more = others.size - most.length;
  return `${most.map(([model, n]) => `${nameShown(model)} ${n}`).join(', ')}${more > 0 ? ` and ${countOf(more, 'more model')}` : ''}`;
}

/** A model or route name as it is when it reads as one, else quoted, escaped and cut (a stored name or a flag can hold anything). */
function nameShown(name: string): string {
  return /^[\w.:/@-]{1,100}$/.test(name) ? name : quoteClipped(name, 60);
}
