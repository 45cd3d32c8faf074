import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Every command that reads a user's data file refuses a workbook, an archive or gzip, and a name
 * its bytes belie, by name and by what the file holds, as `datasets import` and `kb add` do: before,
 * `local train` failed on an .xlsx as "not valid UTF-8 at byte 11", on a .parquet sign-in page as
 * "footer != PAR1", and read an .xlsx page as a CSV whose header was the page.
 */
const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-data-signatures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sy = (args: string[]) => {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stderr: run.stderr };
};
const file = (name: string, bytes: string | Uint8Array) => {
  writeFileSync(join(dir, name), bytes);
  return name;
};
// A zip's first local file header (what every .xlsx starts with) and then bytes that are not UTF-8.
const zip = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0xb4, 0x21, 0x00);
const csv = 'text,label\nhello there,greet\nbye now,leave\n';
const page = '<!DOCTYPE html><html><body>Sign in to continue</body></html>\n';

describe('local train and local eval', () => {
  it.each([
    [file('scores.xlsx', zip), 'scores.xlsx is an Excel workbook, not a JSONL, JSON, CSV, TSV or Parquet file: save it as CSV or JSONL and use that'],
    [file('renamed.csv', zip), 'renamed.csv is a zip archive, not a JSONL, JSON, CSV, TSV or Parquet file'],
    [file('train.csv.gz', gzipSync(csv)), 'train.csv.gz is a gzip file, not a JSONL, JSON, CSV, TSV or Parquet file: decompress it (gunzip) and use the file inside'],
    [file('download.parquet', page), 'download.parquet: named .parquet (a Parquet file) but its content is an HTML page, not a Parquet file (a Parquet file starts with PAR1): not used; rename it'],
    [file('sheet.xlsx', csv), 'sheet.xlsx: named .xlsx (an Excel workbook) but its content is text, not a zip archive (an Excel workbook starts with PK\\x03\\x04)'],
  ])('local train refuses %s naming what it holds', (data, message) => {
    const run = sy(['local', 'train', '--data', data, '--out', 'm.sylm']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(message);
  });

  it('local eval reads its data the same way', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `hello there number ${i},greet\ngoodbye for now ${i},leave`);
    expect(sy(['local', 'train', '--data', file('ok.csv', `text,label\n${rows.join('\n')}\n`), '--out', 'ok.sylm']).code).toBe(0);
    const run = sy(['local', 'eval', '--data', 'scores.xlsx', '--model', 'ok.sylm']);
    expect(run.stderr).toContain('scores.xlsx is an Excel workbook, not a JSONL, JSON, CSV, TSV or Parquet file');
  });
});

describe('the other readers of a text data file', () => {
  it('guard scan refuses a gzip under a .jsonl name before reading its lines', () => {
    const run = sy(['guard', 'scan', file('texts.jsonl', gzipSync('{"text":"hi"}\n'))]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('texts.jsonl: the file is a gzip file (\\x1f\\x8b), not text; decompress it (gunzip) and use the file inside');
  });

  it('guard scan of a document, kb eval --queries and simulate --scripts name the container', () => {
    expect(sy(['guard', 'scan', file('manual.txt', zip)]).stderr).toContain('manual.txt: the file is a zip archive (PK\\x03\\x04), not text');
    expect(sy(['kb', 'eval', '--queries', file('gold.jsonl', zip), 'docs']).stderr).toContain('gold.jsonl: the file is a zip archive (PK\\x03\\x04), not text');
    expect(sy(['simulate', '--port', '0', '--scripts', file('rules.json', gzipSync('[]'))]).stderr).toContain('--scripts rules.json: the file is a gzip file (\\x1f\\x8b), not text');
  });
});
