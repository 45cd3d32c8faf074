import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunFile } from '../../src/evals/store/run-file.js';
import { SocketTurns } from '../../src/http/responses-socket/socket-turns.js';
import { parseModel } from '../../src/local/model-file/parse-model.js';
import { parseRouterRecords } from '../../src/routing/learned/read-records.js';
import { loadRouter } from '../../src/routing/learned/router-file.js';

// JSON.parse quotes the text it failed on (V8: `Unexpected token '…', "…" is not valid JSON`), raw:
// a file's line break split the message's line, and an escape code in it acted on the terminal.
const HOSTILE = '\u001b[2J\nhello';

function expectShownEscaped(message: string, shown = '\\u001b[2J\\nhello'): void {
  expect(message).not.toMatch(/[\n\u001b]/);
  expect(message).toContain(shown);
}

async function messageOf(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected it to throw');
}

describe('messages that quote JSON.parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-json-messages-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('show the quoted text with its line breaks and control characters escaped, for every reader of a JSON file or frame', async () => {
    const file = join(dir, 'baseline.json');
    writeFileSync(file, HOSTILE);
    const result = await messageOf(() => readRunFile(file));
    expect(result).toMatch(/^result file .* is not JSON \(Unexpected token/);
    expectShownEscaped(result);
    expectShownEscaped(await messageOf(() => loadRouter(file)));
    // A records file is read a line at a time: no line break, an escape code all the same.
    expectShownEscaped(await messageOf(() => parseRouterRecords('\u001b[2Jhello\n')), '\\u001b[2Jhello');
    expectShownEscaped(await messageOf(() => new SocketTurns().read(HOSTILE)));
    const header = Buffer.from(HOSTILE);
    const prefix = Buffer.alloc(8);
    prefix.write('SYLM', 0, 'latin1');
    prefix.writeUInt32LE(header.length, 4);
    expectShownEscaped(await messageOf(() => parseModel(Buffer.concat([prefix, header]))));
  });
});
