import { describe, expect, it } from 'vitest';
import { listenError } from './listen-error.js';

const inUse = () => Object.assign(new Error('listen EADDRINUSE: address already in use'), { code: 'EADDRINUSE' });

describe('listenError', () => {
  it('names the address taken and the flag that moves it', () => {
    const message = listenError(inUse(), '127.0.0.1:4000', {}, {}).message;
    expect(message).toBe('cannot listen on 127.0.0.1:4000: the port is in use; stop the other process or pass --port N');
  });

  it('under npm start, says how npm passes the flag on: `npm start --port N` gives serve a bare "N" it refuses', () => {
    const message = listenError(inUse(), '127.0.0.1:4000', {}, { npm_lifecycle_event: 'start' }).message;
    expect(message).toBe('cannot listen on 127.0.0.1:4000: the port is in use; stop the other process or run npm start -- --port N (npm passes on only what follows --)');
    // Another npm script (a test, a benchmark) gets the plain advice.
    expect(listenError(inUse(), '127.0.0.1:4000', {}, { npm_lifecycle_event: 'test' }).message).toMatch(/or pass --port N$/);
  });

  it('keeps the caller hint before the way out', () => {
    const message = listenError(inUse(), '127.0.0.1:9300', { hint: ' (a simulator already running?)' }, {}).message;
    expect(message).toBe('cannot listen on 127.0.0.1:9300: the port is in use (a simulator already running?); stop the other process or pass --port N');
  });

  it("gives the caller's way out in place of --port", () => {
    const message = listenError(inUse(), '127.0.0.1:9300', { moveIt: 'export SWITCHYARD_SIM_PORT=N' }, { npm_lifecycle_event: 'start' }).message;
    expect(message).toBe('cannot listen on 127.0.0.1:9300: the port is in use; stop the other process or export SWITCHYARD_SIM_PORT=N');
  });

  it('names a hostile --host by its first 100 characters, whatever Node says of it (helper hostile3)', () => {
    const host = 'z'.repeat(100_000);
    const invalid = Object.assign(new Error(`getaddrinfo EINVAL ${host}`), { code: 'EINVAL' });
    expect(listenError(invalid, `${host}:4000`, {}, {}).message).toBe(`cannot listen on ${'z'.repeat(100)}…: no such host name; pass --host with an address of this machine (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`);
    const other = Object.assign(new Error(`listen EPERM ${host}`), { code: 'EPERM' });
    expect(listenError(other, `${host}:4000`, {}, {}).message).toBe(`cannot listen on ${'z'.repeat(100)}…: listen EPERM ${'z'.repeat(187)}…`);
  });
});
