import { computeCost } from '../tokens/cost.js';
import { addUsage, reportedUsage, type Usage } from '../tokens/usage.js';
import type { Call } from './call.js';
import { estimateUsage } from './estimate-usage.js';

/** What one model answer that was not delivered used and cost (undefined usage: nothing answered). */
export interface BookedAnswer {
  usage: Usage | undefined;
  costUsd: number;
}

/**
 * Books the answer of a model call that will not be delivered (a cascade step that escalated, an
 * answer re-asked for failing its schema): its tokens join `usageBefore` and its cost
 * `spentBeforeUsd`, so the trace, token rate limits, budgets, rollups and metrics count every
 * model call, while the client's `usage` stays that of the answer it gets. Then clears the answer
 * from the call for the next model call.
 *
 * @example const { usage, costUsd } = await bookUndelivered(call); // call.usage is now undefined
 */
export async function bookUndelivered(call: Call): Promise<BookedAnswer> {
  // A provider that reported no usage (or none that could be read) is counted locally, as the cost stage does for final answers;
  // a call that got no answer at all (the provider failed) used nothing.
  const usage = reportedUsage(call.usage) ?? (call.response !== null ? await estimateUsage({ format: call.input.format, body: call.body, response: call.response, countedFor: call.servedBy ?? undefined }) : undefined);
  const costUsd = usage ? computeCost(call.price, usage) : 0;
  if (usage) call.usageBefore = call.usageBefore ? addUsage(call.usageBefore, usage) : usage;
  call.spentBeforeUsd += costUsd;
  call.usage = undefined;
  call.completion = undefined;
  call.response = null;
  return { usage, costUsd };
}
