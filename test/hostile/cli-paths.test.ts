import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Paths a command cannot use, each said in one line that names the flag, the path and why, with
 * exit 1 and no stack: a folder where a file is read ("EISDIR: illegal operation on a directory,
 * read" was all `local train --data`, `kb eval --queries`, `router show` and `simulate --scripts`
 * said), a folder or a missing folder where a file is written (`export finetune`, `spend --out`
 * said Node's EISDIR; `local train --out DIR` said it only after training), a file in the way, a
 * device where a file is read whole.
 */
const BIN = fileURLToPath(new URL('../../bin/switchyard.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sy-cli-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'folder'));
writeFileSync(join(dir, 'train.csv'), 'text,label\nmy card has not arrived yet,card\nI want my money back now,refund\n');
const db = join(dir, 'store.db');
// Past the bound by a byte, and sparse: refused by its size, without a byte of it read.
writeFileSync(join(dir, 'folder', 'huge.jsonl'), '');
truncateSync(join(dir, 'folder', 'huge.jsonl'), 2 ** 30 + 1);
// A device under the name of a data file, which a command reads whole.
symlinkSync('/dev/zero', join(dir, 'zero.jsonl'));
symlinkSync('/dev/zero', join(dir, 'zero.json'));
mkdirSync(join(dir, 'docs'));
symlinkSync('/dev/zero', join(dir, 'docs', 'zero.md'));
// Two links that name each other, and a name longer than a file system keeps (hostile input, walk 9).
symlinkSync('loop-b.jsonl', join(dir, 'loop-a.jsonl'));
symlinkSync('loop-a.jsonl', join(dir, 'loop-b.jsonl'));
const LONG = 'n'.repeat(300);
// A FIFO no one writes: a read-only open of it waits for a writer (kb's check for a gateway store hung there).
mkdirSync(join(dir, 'stores'));
execFileSync('mkfifo', [join(dir, 'stores', 'pipe.db')]);
writeFileSync(join(dir, 'stores', 'text.db'), 'not a SQLite file\n');

async function run(words: string[]): Promise<{ code: number; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, ...words], { cwd: dir, timeout: 30_000 }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

const FOLDER = 'a folder, not a file: name a file in it';
const LOOP = 'its symbolic links lead round in a loop (or more than 40 deep): point the link at a file';
const TOO_LONG = 'the path, or a name in it, is longer than this system allows (255 bytes a name, 4096 a path)';
const cases: [string[], string][] = [
  [['local', 'train', '--data', 'folder', '--out', 'm.sylm'], `switchyard: folder: cannot read the data file: ${FOLDER}`],
  [['kb', 'eval', 'k', '--queries', 'folder', '--db', db], `switchyard: cannot read --queries folder: ${FOLDER}`],
  [['router', 'show', 'folder'], `switchyard: router file folder: cannot read it: ${FOLDER}`],
  [['simulate', '--scripts', 'folder', '--port', '0'], `switchyard: --scripts folder: cannot read it: ${FOLDER}`],
  [['guard', 'redteam', '--model', 'm', '--corpus', 'folder.jsonl', '--gateway', 'http://127.0.0.1:9'], 'switchyard: cannot read the attack corpus folder.jsonl: no such file (files there: train.csv)'],
  // A device read to its end filled memory (eval run /dev/zero passed 2.5 GB before it was killed).
  [['eval', 'run', '/dev/zero', '--db', db], 'switchyard: suite /dev/zero: not a regular file, and it went on past 1000000 bytes, more than the limit of 1000000 bytes a suite file may hold (a suite names its dataset file; pass the dataset as its dataset:, not as the suite)'],
  [['guard', 'scan', '/dev/zero'], 'switchyard: /dev/zero is not a regular file, and it went on past 67108864 bytes, more than a file scanned as one document may hold: pass a .jsonl file of {"text": …} lines for more'],
  [['datasets', 'import', 'folder/huge.jsonl', '--db', db], 'switchyard: dataset file folder/huge.jsonl is 1073741825 bytes, more than the 1073741824 a dataset file may hold: name a JSONL, CSV, JSON or Parquet file'],
  // Each of these read its file with readFileSync, past 1–2 GB until it was killed.
  [['guard', 'redteam', '--model', 'm', '--corpus', 'zero.jsonl', '--gateway', 'http://127.0.0.1:9'], 'switchyard: zero.jsonl is not a regular file, and it went on past 67108864 bytes, more than an attack corpus may hold'],
  [['kb', 'eval', 'k', '--queries', 'zero.jsonl', '--db', db], 'switchyard: zero.jsonl is not a regular file, and it went on past 67108864 bytes, more than a --queries file may hold'],
  [['router', 'train', '--data', 'zero.jsonl', '--out', 'r.json'], 'switchyard: zero.jsonl is not a regular file, and it went on past 268435456 bytes, more than a file of outcome records may hold'],
  [['router', 'show', '/dev/zero'], 'switchyard: /dev/zero is not a regular file, and it went on past 134217728 bytes, more than a router file may hold'],
  [['simulate', '--scripts', '/dev/zero', '--port', '0'], 'switchyard: /dev/zero is not a regular file, and it went on past 67108864 bytes, more than a --scripts file may hold'],
  [['eval', 'generate', '--from', 'docs', '--model', 'small', '--db', db], 'switchyard: docs/zero.md is not a regular file, and it went on past 67108864 bytes, more than a document may hold'],
  // Read for 12 s to Node's longest string (655 MB resident), then "not JSON (Invalid string length)"; the store is the one an earlier case made.
  [['eval', 'compare', 'zero.json', 'last', '--db', db], 'switchyard: result file zero.json is not a regular file and went on past 256 MB; at most 256 MB are read: compare against the stored run instead (--db)'],
  // Node's words: 'ELOOP: too many symbolic links encountered, open …', and ENAMETOOLONG's echoed the path a second time.
  [['router', 'train', '--data', 'loop-a.jsonl', '--out', 'r.json'], `switchyard: --data loop-a.jsonl: cannot read it: ${LOOP}`],
  [['router', 'show', 'loop-a.jsonl'], `switchyard: router file loop-a.jsonl: cannot read it: ${LOOP}`],
  [['simulate', '--scripts', 'loop-a.jsonl', '--port', '0'], `switchyard: --scripts loop-a.jsonl: cannot read it: ${LOOP}`],
  [['router', 'train', '--data', LONG, '--out', 'r.json'], `switchyard: --data ${LONG}: cannot read it: ${TOO_LONG}`],
  [['export', 'finetune', '--out', 'loop-a.jsonl', '--db', db], `switchyard: cannot write --out loop-a.jsonl: ${LOOP}`],
  [['local', 'predict', '--model', '/dev/zero'], 'switchyard: /dev/zero: cannot read the model file (not a regular file: a model file is one written by switchyard local train --out)'],
  [['local', 'predict', '--model', 'folder'], `switchyard: folder: cannot read the model file (${FOLDER})`],
  [['export', 'finetune', '--out', 'folder', '--db', db], `switchyard: cannot write --out folder: ${FOLDER}`],
  [['datasets', 'export', 'd', '--out', 'folder', '--db', db], `switchyard: cannot write --out folder: ${FOLDER}`],
  [['spend', '--out', 'no-such/spend.csv', '--db', db], `switchyard: cannot write --out no-such/spend.csv: no such folder ${join(dir, 'no-such')}: create it first`],
  // Refused before the run or the training: the work was done, then lost to the path.
  [['local', 'train', '--data', 'train.csv', '--out', 'folder'], `switchyard: cannot write --out folder: ${FOLDER}`],
  [['local', 'train', '--data', 'train.csv', '--out', 'train.csv/m.sylm'], 'switchyard: cannot write --out train.csv/m.sylm: a part of the path before its last name is a file, not a folder'],
  [['loadtest', '--model', 'small', '--out', 'folder'], `switchyard: cannot write --out folder: ${FOLDER}`],
  [['eval', 'run', 'suite.yaml', '--out', 'folder', '--db', db], `switchyard: cannot write --out folder: ${FOLDER}`],
  // kb --db refuses a gateway store by reading the file: a FIFO hung the command, a folder was SQLite's 'unable to open database file'.
  [['kb', 'list', '--db', 'stores/pipe.db'], 'switchyard: cannot open the knowledge store stores/pipe.db: not a regular file (disk I/O error); pass a writable --db FILE'],
  [['kb', 'list', '--db', 'folder'], `switchyard: cannot open the knowledge store folder: ${FOLDER} (unable to open database file); pass a writable --db FILE`],
  [['kb', 'list', '--db', 'stores/text.db'], 'switchyard: cannot use the knowledge store stores/text.db: it is not a SQLite database (file is not a database); pass --db the knowledge store file kb add writes'],
  [['traces', '--db', 'folder'], `switchyard: store.sqlite: cannot open folder: ${FOLDER} (unable to open database file); pick a writable path (store: { sqlite: FILE }) or --db FILE`],
];

describe('paths a command cannot use', () => {
  it.each(cases)('%j: one line, exit 1', async (words, line) => {
    const { code, stderr } = await run(words);
    expect({ code, stderr }).toEqual({ code: 1, stderr: `${line}\n` });
  }, 60_000);

  it('leaves nothing behind: no model file, no folder made for a refused --out', () => {
    expect(existsSync(join(dir, 'm.sylm'))).toBe(false);
    expect(existsSync(join(dir, 'no-such'))).toBe(false);
  });
});
