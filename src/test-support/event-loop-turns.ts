/**
 * Runs `work` while a ticker counts the turns the event loop gets (one `setImmediate` after
 * another): how a test shows that long work yields, so requests are served meanwhile.
 *
 * @example const { result, turns } = await turnsDuring(() => fitTopicModelYielding(prompts, options));
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let ticking = true;
  const tick = () => {
    if (!ticking) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), turns };
  } finally {
    ticking = false;
  }
}
