/**
 * A start-up step whose failure releases what the steps before it opened: a half-started gateway
 * must not leave a PostgreSQL pool or a Redis socket open, which would keep the process alive.
 *
 * @example const redis = await releaseOnFailure(() => connectRedis(url), () => stores.close());
 */
export async function releaseOnFailure<T>(step: () => Promise<T>, release: () => Promise<void> | void): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await release();
    throw error;
  }
}
