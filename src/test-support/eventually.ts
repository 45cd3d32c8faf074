/**
 * Waits until `check` holds, asking every 100 ms, and fails naming `what` after `ms`: for state
 * another process or replica reaches in its own time (a debt paid, a connection back).
 *
 * @example await eventually('the debt paid', async () => (await owed.list()).length === 0);
 */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
