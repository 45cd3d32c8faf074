/**
 * Resolves on the next turn of the event loop, after pending I/O: background work (retention,
 * topic upkeep, clustering) awaits it between slices so requests are served in between. A plain
 * `await` of a synchronous store call only queues a microtask and lets nothing else in.
 *
 * @example for (const chunk of chunks) { work(chunk); await nextTurn(); }
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs work written as steps (a generator that yields where it may pause) to its end at once.
 *
 * @example const model = finishSteps(topicFitSteps(prompts, options));
 */
export function finishSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the same steps with a turn of the event loop after each, for background work on the loop
 * that serves requests: same result, never one long slice.
 *
 * @example const model = await finishStepsYielding(topicFitSteps(prompts, options));
 */
export async function finishStepsYielding<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
