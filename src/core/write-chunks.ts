import { once } from 'node:events';
import { createWriteStream, fstatSync, unlinkSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { openOutFile } from './out-file.js';

/**
 * Writes a command's output as it is made: to a file (`--out FILE`, opened before the first chunk
 * is asked for, so a bad path fails naming the flag before any work) or to a stream (stdout),
 * waiting for `drain` when it is full, so an output of any length is held a chunk at a time.
 * A reader that closes the pipe (`… | head`) ends the output, as it ends any Unix tool's: no
 * stack trace of EPIPE, and the chunks' source is returned early (a store read stops). A file the
 * source failed part-way through (a store gone mid-export) is removed, not left looking whole.
 *
 * @example await writeChunks(flags.out ?? process.stdout, lines(), '--out')
 */
export async function writeChunks(target: string | Writable, chunks: AsyncIterable<string>, flag = '--out'): Promise<void> {
  const fd = typeof target === 'string' ? openOutFile(flag, target) : undefined;
  const out = typeof target === 'string' ? createWriteStream(target, { fd }) : target;
  try {
    for await (const chunk of chunks) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } catch (error) {
    if (typeof target !== 'string') {
      if (closedByReader(error)) return;
    } else if (fd !== undefined) {
      removePartial(target, fd, out);
    }
    throw error;
  }
  if (typeof target === 'string') {
    out.end();
    await once(out, 'finish');
  }
}

/** EPIPE, or a write to the stream its EPIPE destroyed. */
function closedByReader(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/** Removes a regular file left half-written; a device or pipe named by `--out` (/dev/stdout) is left be. */
function removePartial(path: string, fd: number, out: Writable): void {
  let regular = false;
  try {
    regular = fstatSync(fd).isFile();
  } catch {
    // The descriptor is already closed: nothing is known about the path, so it stays.
  }
  out.destroy();
  if (!regular) return;
  try {
    unlinkSync(path);
  } catch {
    // Moved or removed meanwhile: the source's error is what the user needs to read.
  }
}
