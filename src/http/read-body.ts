import type { IncomingMessage } from 'node:http';
import { SwitchyardError } from '../core/errors.js';

/**
 * Reads a request body up to `limitBytes`. A declared content-length over the limit is refused
 * before reading; a body that grows past it while streaming is cut off. Either way a 413 that
 * says the limit.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const tooLarge = (size: string) =>
    new SwitchyardError('body_too_large', `request body of ${size} is over the limit of ${formatBytes(limitBytes)}`, { status: 413 });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(tooLarge(formatBytes(declared)));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(`more than ${formatBytes(limitBytes)}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    req.on('error', (error) => reject(new SwitchyardError('invalid_request', `could not read the request body: ${error.message}`, { cause: error })));
  });
}

/** A body limit as the 413 says it (`10 MB`, `10 KB`), for every message that names it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} bytes`;
}

