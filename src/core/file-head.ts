import { open } from 'node:fs/promises';

/**
 * A file's first bytes (64 KiB by default: enough to tell its format — Parquet's magic, a JSON
 * array's "[", a header line) and its size, without reading the rest.
 *
 * @example const { head, size } = await readFileHead('data.json')
 */
export async function readFileHead(path: string, bytes = 65_536): Promise<{ head: Buffer; size: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const { buffer, bytesRead } = await file.read(Buffer.alloc(bytes), 0, bytes, 0);
    return { head: buffer.subarray(0, bytesRead), size };
  } finally {
    await file.close();
  }
}
