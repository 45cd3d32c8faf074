import { once } from 'node:events';
import { createWriteStream, fstatSync, unlinkSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { openOutFile, unwritable } from './out-file.js';

/**
 * Writes a command's output as it is made: to a file (`--out FILE`, opened before the first chunk
 * is asked for, so a bad path fails naming the flag before any work) or to a stream (stdout),
 * waiting for `drain` when it is full, so an output of any length is held a chunk at a time.
 * A reader that closes the pipe (`… | head`) ends the output, as it ends any Unix tool's: no
 * stack trace of EPIPE, and the chunks' source is returned early (a store read stops); so does the
 * reader of a FIFO named by `--out`. A file the source or the disk failed part-way through (a
 * store gone mid-export, ENOSPC) is removed, not left looking whole, and a write's failure names
 * the flag and the path: it came as an 'error' event no one listened to between two chunks, a
 * crash with a stack trace (`--out /dev/full`, a FIFO whose reader left).
 *
 * @example await writeChunks(flags.out ?? process.stdout, lines(), '--out')
 */
export async function writeChunks(target: string | Writable, chunks: AsyncIterable<string>, flag = '--out'): Promise<void> {
  const fd = typeof target === 'string' ? openOutFile(flag, target) : undefined;
  const out = typeof target === 'string' ? createWriteStream(target, { fd }) : target;
  // A write fails after it returns: kept here, and thrown before the next chunk is asked for.
  let failed: unknown;
  const onError = (error: unknown) => {
    failed ??= error;
  };
  out.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (failed !== undefined) throw failed;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (failed !== undefined) throw failed;
    if (typeof target === 'string') {
      out.end();
      await once(out, 'finish');
    }
  } catch (error) {
    if (closedByReader(error)) return;
    if (typeof target === 'string' && fd !== undefined) removePartial(target, fd, out);
    throw error === failed && typeof target === 'string' ? unwritable(flag, target, error) : error;
  } finally {
    out.off('error', onError);
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
