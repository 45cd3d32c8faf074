import type { ClassifyTask } from '../../config/task-schema.js';
import { quoteClipped } from '../../core/clip.js';
import type { Log } from '../../core/log.js';

/**
 * At most one line per route this often: a teacher that stopped answering with labels (a changed
 * prompt or model) would otherwise log once per escalated request.
 */
const LOG_EVERY_MS = 60_000;
/** At debug level the answer is shown, not carried: a long reply must not bloat the log. */
const SHOWN_CHARS = 80;

/**
 * Says, in the log, that teacher answers are not labels of the route and so are dropped: neither
 * learned from nor counted by the shadow monitor. Before, they vanished without a word, so a
 * route whose teacher answers in sentences simply never trained. The first one is logged at once,
 * then at most one line a minute with how many since the last line and the latest's length. The
 * answer itself (the teacher's reply to a user's request, which may restate it) is quoted, clipped,
 * only in a debug-level line (`server.log_level: debug` or `SWITCHYARD_LOG_LEVEL=debug`).
 * Holds a count and a time, nothing per answer.
 *
 * @example const unusable = new UnusableAnswers('support-intent', task, clock.now, log); unusable.record('Sure! Let me help.');
 */
export class UnusableAnswers {
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private dropped = 0;

  constructor(
    private readonly route: string,
    private readonly task: Pick<ClassifyTask, 'labels' | 'answer' | 'json_field'>,
    private readonly now: () => number,
    private readonly log: Log,
  ) {}

  /** One answer that `teacherLabel` could not read as a label. */
  record(answer: string): void {
    this.dropped++;
    const at = this.now();
    if (at - this.lastLogAt < LOG_EVERY_MS) return;
    const what = this.lastLogAt === Number.NEGATIVE_INFINITY ? 'a teacher answer is' : `${this.dropped} teacher ${this.dropped === 1 ? 'answer' : 'answers'} since the last such line ${this.dropped === 1 ? 'is' : 'are'}`;
    this.log(`local model ${this.route}: ${what} not a label of this route (expected ${this.expected()}), so dropped: not learned from, not counted in a shadow check; the latest: ${answer.length} ${answer.length === 1 ? 'character' : 'characters'} (quoted at log level debug)`, { level: 'warn' });
    this.log(`local model ${this.route}: the latest teacher answer that is not a label: ${quoteClipped(answer, SHOWN_CHARS)}`, { level: 'debug' });
    this.lastLogAt = at;
    this.dropped = 0;
  }

  private expected(): string {
    const form = this.task.answer === 'json' ? `a JSON object with "${this.task.json_field}"` : 'the bare label';
    return this.task.labels ? `${form}, one of its ${this.task.labels.length} labels` : `${form}, one short line`;
  }
}
