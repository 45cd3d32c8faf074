import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { readFileHead } from './file-head.js';
import { readAtMost } from './read-at-most.js';

/** The first bytes that tell a data file's format (Parquet's magic, a JSON array's "[", a header line). */
export const DATA_HEAD_BYTES = 65_536;

/** A data file opened for reading: its head now, the rest as the reader needs it. */
export interface DataFileSource {
  /** Its first bytes ({@link DATA_HEAD_BYTES} at most). */
  head: Buffer;
  /** Its size in bytes. */
  size: number;
  /** The whole file, read to the bound (a pipe's bytes, already read). */
  whole(): Promise<Buffer>;
  /** The file as a stream (for a reader that parses as it comes in). */
  stream(): Readable;
  /** The bytes already read, when it is a pipe; undefined for a regular file. */
  readonly piped: Buffer | undefined;
}

/**
 * Opens a data file to read at most `maxBytes` of: a regular file over the bound is refused by its
 * size, unread; a pipe (`/dev/stdin`, `<(…)`, a FIFO) cannot be read twice, its head and then the
 * rest (reading its head at offset 0 failed as "ESPIPE: invalid seek"), so it is read whole, to
 * the bound, first. `cannotRead` words a failure to read, `tooBig` a file past the bound (`over`
 * bytes, `endless` when a pipe was still writing): each caller names its own kind of file.
 *
 * @example const file = await openDataFile(path, { maxBytes: 1 << 30, cannotRead, tooBig }); if (startsJsonArray(file.head)) parse(file.stream());
 */
export async function openDataFile(
  path: string,
  options: { maxBytes: number; cannotRead: (error: unknown) => Error; tooBig: (read: { over: number; endless: boolean }) => Error },
): Promise<DataFileSource> {
  const { maxBytes, cannotRead, tooBig } = options;
  const whole = async (): Promise<Buffer> => {
    // Bounded as it is read: `/dev/zero` (or a pipe that never ends) was read until memory ran out.
    const read = await readAtMost(path, maxBytes).catch((error: unknown) => {
      throw cannotRead(error);
    });
    if ('over' in read) throw tooBig(read);
    return read.bytes;
  };
  const info = await stat(path).catch((error: unknown) => {
    throw cannotRead(error);
  });
  if (!info.isFile()) {
    const piped = await whole();
    return { head: piped.subarray(0, DATA_HEAD_BYTES), size: piped.length, piped, whole: async () => piped, stream: () => Readable.from([piped]) };
  }
  if (info.size > maxBytes) throw tooBig({ over: info.size, endless: false });
  const { head } = await readFileHead(path, DATA_HEAD_BYTES).catch((error: unknown) => {
    throw cannotRead(error);
  });
  return { head, size: info.size, piped: undefined, whole, stream: () => createReadStream(path) };
}
