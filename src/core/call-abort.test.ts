import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../test-support/fake-upstream.js';
import { CallAbort } from './call-abort.js';

describe('CallAbort', () => {
  it('is aborted once, with the first reason, and tells each listener once', () => {
    const abort = new CallAbort();
    const heard: string[] = [];
    const first = () => heard.push(`first ${String(abort.reason)}`);
    const removed = () => heard.push('removed');
    abort.addEventListener('abort', first, { once: true });
    abort.addEventListener('abort', first);
    abort.addEventListener('abort', removed);
    abort.removeEventListener('abort', removed);
    expect(abort.aborted).toBe(false);
    abort.abort('gone');
    abort.abort('timeout');
    expect(abort.aborted).toBe(true);
    expect(abort.reason).toBe('gone');
    expect(heard).toEqual(['first gone']);
    // Registered after the abort: never called, as with an AbortSignal.
    abort.addEventListener('abort', () => heard.push('late'));
    expect(heard).toEqual(['first gone']);
  });

  it('says AbortError when aborted without a reason, as AbortController does', () => {
    const abort = new CallAbort();
    abort.abort();
    expect((abort.reason as DOMException).name).toBe('AbortError');
  });

  it('still tells the other listeners when one throws', async () => {
    const abort = new CallAbort();
    const heard: string[] = [];
    const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    abort.addEventListener('abort', () => {
      throw new Error('listener broke');
    });
    abort.addEventListener('abort', () => heard.push('second'));
    abort.abort('gone');
    expect(heard).toEqual(['second']);
    expect(((await uncaught) as Error).message).toBe('listener broke');
  });

  it('aborts an undici request in flight, with its reason', async () => {
    // An upstream that never answers.
    const server = await startFakeUpstream(() => undefined);
    const pool = new Pool(server.url);
    try {
      const abort = new CallAbort();
      const pending = pool.request({ method: 'GET', path: '/', signal: abort as unknown as AbortSignal });
      setTimeout(() => abort.abort(new Error('client left')), 20);
      await expect(pending).rejects.toThrow('client left');
    } finally {
      await pool.destroy();
      await server.close();
    }
  });
});
