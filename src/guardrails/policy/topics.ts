import { z } from 'zod';
import { type GuardVerdict, verdict } from '../verdict.js';
import { actionSchema, parseCheckConfig } from './parse-config.js';
import { requireText } from './require-text.js';
import { sharingScans } from '../shared-scans.js';
import { TermMatcher } from './term-matcher.js';

const topicSchema = z.strictObject({
  name: z.string().trim().min(1),
  /** Words or phrases that signal the topic. */
  keywords: z.array(z.string().trim().min(1)).min(1),
  /**
   * Distinct keywords needed before the topic counts as present. One keyword ("bet") is often
   * incidental; two or more ("bet", "odds", "bookmaker") rarely are.
   */
  min_matches: z.number().int().min(1).default(2),
});

export const topicsConfigSchema = z.strictObject({
  topics: z.array(topicSchema).min(1),
  action: actionSchema('flag'),
});

export type TopicsConfig = z.input<typeof topicsConfigSchema>;

/**
 * A denied-topics check using keyword sets: a topic is present when at least `min_matches` of
 * its distinct keywords occur as whole words in the normalised text. Deliberately simple and
 * predictable: it catches texts that talk about a topic, not texts that merely allude to it.
 * The score is the strongest topic's share of its `min_matches`, capped at 1.
 *
 * @example
 * const check = topicsCheck({ topics: [{ name: 'gambling', keywords: ['bet', 'odds', 'casino', 'bookmaker'] }] });
 * check('What are the odds at the casino tonight?').action // 'flag'
 */
export function topicsCheck(raw: TopicsConfig): (text: string) => GuardVerdict {
  const config = parseCheckConfig(topicsConfigSchema, raw, 'topics');
  const topics = config.topics.map((t) => ({ ...t, matcher: new TermMatcher(t.keywords) }));
  return (input) => {
    const text = requireText(input, 'topics');
    let best = 0;
    const present: string[] = [];
    // Every topic reads the same normalised words: the text is normalised once, not once per topic.
    sharingScans(() => {
      for (const topic of topics) {
        const hits = topic.matcher.find(text).length;
        best = Math.max(best, Math.min(1, hits / topic.min_matches));
        if (hits >= topic.min_matches) present.push(topic.name);
      }
    });
    if (present.length === 0) return verdict('topics', false, config.action, 'no denied topic', best);
    return verdict('topics', true, config.action, `denied topic${present.length > 1 ? 's' : ''}: ${present.join(', ')}`, best);
  };
}
