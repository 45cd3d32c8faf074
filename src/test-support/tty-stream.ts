import { PassThrough } from 'node:stream';

/**
 * A write stream that says whether it is a terminal and keeps what is written to it, for
 * progress bars (cli-progress draws only on a TTY and moves the cursor).
 *
 * @example const tty = ttyStream(true); terminalBar('{value}', { stream: tty.stream }).update(1, 2); tty.written()
 */
export function ttyStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  Object.assign(out, { isTTY, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: out as unknown as NodeJS.WriteStream, written: () => chunks.join('') };
}
