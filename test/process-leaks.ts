import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';

const EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection', 'warning', 'message'] as const;

/**
 * Notes, after a test file's tests, what it left running or changed in its process that the next
 * file in a shared worker would meet: handles (servers, sockets, timers, child processes), process
 * listeners, the working directory, environment variables, the exit code. One line per file with
 * anything left, appended to `path`. Called from test/setup.ts when `SWITCHYARD_TEST_LEAKS=PATH`;
 * an audit, not a check (a handle may still be closing when the file's last hook has returned).
 *
 * @example SWITCHYARD_TEST_LEAKS=/tmp/leaks.txt npx vitest run src/cli
 */
export function noteProcessLeaks(path: string): void {
  let handles = new Map<string, number>();
  const listeners = EVENTS.map((event) => process.listenerCount(event));
  const cwd = process.cwd();
  const env = { ...process.env };
  const exitCode = process.exitCode;
  // Counted in a hook, as at the end: vitest's timer for a hook's timeout is one of the handles.
  beforeAll(() => {
    handles = countHandles();
  });
  // Registered first, so it runs after the file's own afterAll hooks (hooks run in stack order).
  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const left: string[] = [];
    for (const [kind, count] of countHandles()) if (count > (handles.get(kind) ?? 0)) left.push(`${kind}+${count - (handles.get(kind) ?? 0)}`);
    EVENTS.forEach((event, i) => {
      const added = process.listenerCount(event) - (listeners[i] ?? 0);
      if (added > 0) left.push(`process.on(${event})+${added}`);
    });
    if (process.cwd() !== cwd) left.push(`cwd ${process.cwd()}`);
    for (const name of new Set([...Object.keys(env), ...Object.keys(process.env)])) if (env[name] !== process.env[name]) left.push(`env ${name}`);
    if (process.exitCode !== exitCode) left.push(`exitCode ${String(process.exitCode)}`);
    if (left.length > 0) appendFileSync(path, `${expect.getState().testPath ?? '?'}\t${left.join(' ')}\n`);
  });
}

function countHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}
