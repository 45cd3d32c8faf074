import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerClientError } from './client-error.js';

/** A socket that records what is written to it. */
function recordingSocket(current?: { headersSent: boolean }): { socket: PassThrough; written: () => string } {
  const socket = new PassThrough();
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  if (current) Object.assign(socket, { _httpMessage: current });
  return { socket, written: () => Buffer.concat(chunks).toString() };
}

const overflow = Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' });

describe('answerClientError', () => {
  it('answers a refused request with a JSON error naming the cause', async () => {
    const { socket, written } = recordingSocket();
    answerClientError(overflow, socket);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(JSON.parse(written().split('\r\n\r\n')[1] ?? '')).toMatchObject({ error: { message: expect.stringContaining('KB limit') } });
  });

  it('closes without a byte when the socket is in the middle of a response', async () => {
    const { socket, written } = recordingSocket({ headersSent: true });
    answerClientError(overflow, socket);
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.destroyed).toBe(true);
    expect(written()).toBe('');
  });
});
