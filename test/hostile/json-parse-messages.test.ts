import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/evals/client/gateway-client.js';
import { readRunFile } from '../../src/evals/store/run-file.js';
import { parseJson } from '../../src/providers/parse-json.js';
import { startFakeUpstream } from '../../src/test-support/fake-upstream.js';
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

  it('quote a body that is not JSON as quoteClipped quotes it: escaped and cut at 200 characters', async () => {
    // Before: its first 200 characters raw (a proxy's HTML page, its line breaks and escape codes).
    expectShownEscaped(await messageOf(() => parseJson('openai', HOSTILE)));
    expect(await messageOf(() => parseJson('openai', 'x'.repeat(500)))).toBe(`provider "openai" sent a body that is not JSON: "${'x'.repeat(200)}…"`);
    const upstream = await startFakeUpstream((_req, _body, res) => void res.end(HOSTILE));
    const client = new GatewayClient(upstream.url);
    try {
      const said = await messageOf(() => client.chat({ model: 'small', messages: [{ role: 'user', content: 'hi' }], params: {}, tags: { variant: 'v', caseId: 'c' } } as never));
      expect(said).toMatch(/^gateway answered 200 with a body that is not JSON: /);
      expectShownEscaped(said);
    } finally {
      await client.close();
      await upstream.close();
    }
  });
});
