/**
 * Waits for `work` to settle or `ms` to pass, whichever comes first, and says which: true when the
 * time ran out first. A rejection in time rejects (catch it first to wait for failures alike); the
 * timer is cleared either way, so it never holds the process open.
 *
 * @example if (await timedOut(otel.shutdown(), 2_000)) log('the last export did not finish'); // after at most 2 s
 */
export async function timedOut(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<true>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([work.then(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
