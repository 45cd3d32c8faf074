import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { type ErrorCode, SwitchyardError } from './errors.js';

/** A file's bytes, or how many it has past the bound (at least: a device or pipe is not read to its end). */
export type AtMost = { bytes: Buffer } | { over: number; endless: boolean };

const CHUNK = 65_536;

/**
 * Reads a file of at most `maxBytes`. A regular file over the bound is refused by its size without
 * being read; anything else (`/dev/zero`, a named pipe, `/dev/stdin`) is read until the bound is
 * passed, where `readFile` went on to the end: `/dev/zero` filled memory until the process died.
 *
 * @example const read = readAtMostSync('switchyard.yaml', 1 << 20); if ('over' in read) …
 */
export function readAtMostSync(path: string, maxBytes: number): AtMost {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isFile() && info.size > maxBytes) return { over: info.size, endless: false };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) return { bytes: Buffer.concat(chunks, total) };
      total += n;
      if (total > maxBytes) return { over: total, endless: !info.isFile() };
      chunks.push(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/** {@link readAtMostSync} without blocking the event loop. */
export async function readAtMost(path: string, maxBytes: number): Promise<AtMost> {
  const file = await open(path, 'r');
  try {
    const info = await file.stat();
    if (info.isFile() && info.size > maxBytes) return { over: info.size, endless: false };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { buffer, bytesRead } = await file.read(Buffer.allocUnsafe(CHUNK), 0, CHUNK, null);
      if (bytesRead === 0) return { bytes: Buffer.concat(chunks, total) };
      total += bytesRead;
      if (total > maxBytes) return { over: total, endless: !info.isFile() };
      chunks.push(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
}

/**
 * The words for a file over its bound: its size, or for a device or pipe that it went on past it.
 *
 * @example overLimit({ over: 51_777_788, endless: false }, 1_048_576, 'a config file') // '51777788 bytes, more than the 1048576 a config file may hold'
 */
export function overLimit(read: { over: number; endless: boolean }, maxBytes: number, what: string): string {
  return read.endless ? `not a regular file, and it went on past ${maxBytes} bytes, more than ${what} may hold` : `${read.over} bytes, more than the ${maxBytes} ${what} may hold`;
}

/**
 * A file the user named, read whole but never past `maxBytes`: a regular file over the bound is
 * refused by its size, unread, and a device or pipe (`/dev/zero`, a `.jsonl` name linked to one)
 * as soon as it passes it, with a 400 naming the path and the bound; `cannotRead` words a file
 * that cannot be opened, as each command names its own flag; `code` is the refusal's (a router
 * file a config names is `config_invalid`). `readFileSync` read `/dev/zero`
 * until the process had taken 1–2 GB and more (redteam --corpus, kb eval --queries, router
 * train --data, simulate --scripts, eval generate --from).
 *
 * @example const bytes = readFileWithinSync(path, 64 << 20, 'an attack corpus', (e) => new SwitchyardError('not_found', `cannot read ${path}: ${whyUnreadable(path, e)}`))
 */
export function readFileWithinSync(path: string, maxBytes: number, what: string, cannotRead: (error: unknown) => Error, code: ErrorCode = 'invalid_request'): Buffer {
  let read: AtMost;
  try {
    read = readAtMostSync(path, maxBytes);
  } catch (error) {
    throw cannotRead(error);
  }
  if ('over' in read) throw new SwitchyardError(code, `${path} is ${overLimit(read, maxBytes, what)}`);
  return read.bytes;
}
