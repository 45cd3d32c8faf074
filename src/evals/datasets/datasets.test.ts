import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SHADOW_KEY_NAME } from '../../core/internal-caller.js';
import { addTraces } from '../cli/datasets-actions.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import type { DatasetItem } from '../types.js';
import { addTracesToDataset } from './add-traces.js';
import { datasetNameForFile, importDatasetFile } from './import-dataset.js';
import { parseDataset } from './parse-dataset.js';
import { lineTooLong, MAX_LINE_BYTES } from '../../core/data-text.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-datasets-'));

describe('parsing dataset files', () => {
  it('reads JSONL with optional expected, output, human score and metadata', () => {
    const text = '{"input":"Where is my card?","expected":"tracking","human_score":4,"output":"It ships today","metadata":{"lang":"en"}}\n\n{"id":7,"input":{"question":"Hi"}}\n';
    const { items } = parseDataset(text, { source: 'a.jsonl' });
    expect(items[0]).toMatchObject({ input: 'Where is my card?', expected: 'tracking', humanScore: 4, output: 'It ships today', metadata: { lang: 'en' } });
    expect(items[0]?.id).toMatch(/^c_[0-9a-f]{12}$/);
    expect(items[1]).toEqual({ id: '7', input: { question: 'Hi' } });
  });

  it('names every malformed line with its number, and skips them on request', () => {
    const text = ['{"input":"ok"}', '{"input": oops}', '{"input":"x","human_score":9}', '{"inptu":"typo"}'].join('\n');
    expect(() => parseDataset(text, { source: 'bad.jsonl' })).toThrow(
      /3 malformed lines in bad\.jsonl:\n {2}bad\.jsonl:2: not valid JSON.*\n {2}bad\.jsonl:3: human_score: .*\n {2}bad\.jsonl:4: input: missing: .*\(fields found: inptu; name the file's own columns with --input-column NAME/s,
    );
    const { items, skipped } = parseDataset(text, { source: 'bad.jsonl', skipBadLines: true });
    expect(items).toHaveLength(1);
    expect(skipped.map((s) => s.line)).toEqual([2, 3, 4]);
  });

  it('names a human score that is not 1–5 by its value, as written, and reads a null (pandas\' missing value) as not scored', () => {
    const jsonl = ['{"input":"a","human_score":"four"}', '{"input":"b","human_score":7}', '{"input":"c","human_score":null,"output":null}', '{"input":"d","human_score":"4"}'].join('\n');
    const expected = 'expected a whole number from 1 to 5 (the scale people score on in the review queue), got';
    const read = parseDataset(jsonl, { source: 'pandas.jsonl', skipBadLines: true });
    expect(read.skipped).toEqual([
      { line: 1, message: `human_score: ${expected} "four"` },
      { line: 2, message: `human_score: ${expected} 7` },
      { line: 4, message: `human_score: ${expected} "4"` },
    ]);
    expect(read.items).toEqual([{ id: expect.stringMatching(/^c_/), input: 'c' }]);
    // A spreadsheet's cell is named as typed, not as NaN; an empty one is no score.
    const csv = parseDataset('input,output,human_score\r\nq1,a1,five\r\nq2,a2,\r\nq3,a3,4.0\r\n', { source: 'sheet.csv', skipBadLines: true });
    expect(csv.skipped).toEqual([{ line: 2, message: `human_score: ${expected} "five"` }]);
    expect(csv.items.map((i) => i.humanScore)).toEqual([undefined, 4]);
  });

  it('names a split\'s file (test.jsonl, a hub shard) after its set\'s folder, so two sets\' test files are two datasets', async () => {
    expect(datasetNameForFile('/work/shared/data/routellm/gsm8k/test.jsonl')).toBe('gsm8k-test');
    expect(datasetNameForFile('/work/shared/data/banking77/test.csv')).toBe('banking77-test');
    expect(datasetNameForFile('/hub/squad/data/train-00000-of-00001.parquet')).toBe('squad-train');
    expect(datasetNameForFile('examples/support-5.jsonl')).toBe('support-5');
    expect(datasetNameForFile('intents-8-test.parquet')).toBe('intents-8-test');
    const stores = openSqliteStores(':memory:');
    for (const set of ['gsm8k', 'banking77']) {
      mkdirSync(join(dir, set), { recursive: true });
      writeFileSync(join(dir, set, 'test.jsonl'), `{"input":"a ${set} question"}\n`);
    }
    const first = await importDatasetFile(stores.datasets, join(dir, 'gsm8k', 'test.jsonl'), { note: () => undefined });
    const second = await importDatasetFile(stores.datasets, join(dir, 'banking77', 'test.jsonl'), { note: () => undefined });
    expect([first.version.dataset, first.version.version, second.version.dataset, second.version.version]).toEqual(['gsm8k-test', 1, 'banking77-test', 1]);
    await stores.close();
  });

  it('reads a JSONL file saved with a byte order mark and any mix of line endings, and names a line nested past 128 levels', () => {
    const text = '\uFEFF{"input":"a"}\r\n{"input":"b"}\r{"input":"c"}\n' + `{"input":"d","metadata":${'{"x":'.repeat(3000)}1${'}'.repeat(3000)}}\n`;
    expect(parseDataset(text, { source: 'win.jsonl', skipBadLines: true })).toMatchObject({
      items: [{ input: 'a' }, { input: 'b' }, { input: 'c' }],
      skipped: [{ line: 4, message: expect.stringMatching(/^nests objects and arrays more than 128 levels deep \(at metadata\.x\.x/) }],
    });
  });

  it('keeps a JSON line\'s other fields as metadata, as CSV and Parquet keep other columns (a Hugging Face export\'s idx)', () => {
    // Shaped as `datasets` Dataset.to_json writes a hub set (squad-like: idx, a struct, a list).
    const hub = [
      '{"idx":0,"question":"Who wrote Hamlet?","answers":{"text":["Shakespeare"],"answer_start":[3]},"title":"Hamlet"}',
      '{"idx":1,"question":"What is 2+2?","answers":{"text":["4"],"answer_start":[0]},"title":"Sums","metadata":{"split":"test"}}',
    ].join('\n');
    const { items } = parseDataset(hub, { source: 'squad.jsonl', columns: { input: 'question' } });
    expect(items.map(({ input, metadata }) => ({ input, metadata }))).toEqual([
      { input: 'Who wrote Hamlet?', metadata: { idx: 0, answers: { text: ['Shakespeare'], answer_start: [3] }, title: 'Hamlet' } },
      { input: 'What is 2+2?', metadata: { split: 'test', idx: 1, answers: { text: ['4'], answer_start: [0] }, title: 'Sums' } },
    ]);
    // The same row as CSV gives the same metadata key; `metadata.x` is `x` in both.
    expect(parseDataset('{"input":"a","metadata.lang":"en"}\n', { source: 'm.jsonl' }).items[0]?.metadata).toEqual({ lang: 'en' });
    expect(parseDataset('input,metadata.lang\na,en\n', { source: 'm.csv' }).items[0]?.metadata).toEqual({ lang: 'en' });
    // A field that is also in the line's metadata is named, not overwritten.
    expect(() => parseDataset('{"input":"a","lang":"en","metadata":{"lang":"fr"}}\n', { source: 'c.jsonl' })).toThrow('c.jsonl:1: field "lang" is also "lang" in the line\'s "metadata": keep one');
    // The line limit bounds the metadata as it bounds a CSV record.
    const huge = `{"input":"a","blob":"${'x'.repeat(MAX_LINE_BYTES)}"}`;
    expect(parseDataset(huge, { source: 'h.jsonl', skipBadLines: true }).skipped).toEqual([{ line: 1, message: lineTooLong(MAX_LINE_BYTES + 23) }]);
  });

  it('reports a repeated input as a duplicate id', () => {
    expect(() => parseDataset('{"input":"same"}\n{"input":"same"}\n', { source: 'd.jsonl' })).toThrow(/d\.jsonl:2: id "c_\w+" repeats line 1/);
  });

  it('reads CSV with quoted commas and newlines; extra columns become metadata', () => {
    const csv = 'input,expected,human_score,lang\n"Hello, there","a ""quote""",5,en\n"two\nlines",,,\nonly,two\n';
    const { items, skipped } = parseDataset(csv, { source: 'x.csv', skipBadLines: true });
    expect(items[0]).toMatchObject({ input: 'Hello, there', expected: 'a "quote"', humanScore: 5, metadata: { lang: 'en' } });
    expect(items[1]).toMatchObject({ input: 'two\nlines' });
    expect(skipped).toEqual([{ line: 5, message: 'has 2 fields, the header has 4' }]);
  });

  it('reads TSV by its extension or, for another name, by its tab-separated header', () => {
    const tsv = 'input\texpected\tlang\nHello, there\tGeneral Kenobi\ten\n';
    for (const source of ['x.tsv', 'export.txt']) {
      expect(parseDataset(tsv, { source }).items[0]).toMatchObject({ input: 'Hello, there', expected: 'General Kenobi', metadata: { lang: 'en' } });
    }
    expect(() => parseDataset('question\tanswer\nhi\tyo\n', { source: 'y.tsv' })).toThrow('y.tsv:1: the TSV header needs an "input" column (found: question, answer)');
  });
});

describe('parsing dataset files shaped the way other tools write them (read as `local train` reads them)', () => {
  const expected = [
    { input: 'hi, there', expected: 'greet' },
    { input: 'bye', expected: 'leave' },
  ];
  const pairs = (text: string, source: string) => parseDataset(text, { source }).items.map(({ input, expected }) => ({ input, expected }));

  it('reads a .json file holding one pretty-printed array item by item, naming a malformed or repeated item by its place', () => {
    const json = '[\n  {\n    "input": "hi, there",\n    "expected": "greet"\n  },\n  {"input": "bye", "expected": "leave"}\n]\n';
    expect(pairs(json, 'a.json')).toEqual(expected);
    expect(parseDataset('[{"input":"a"},{"input":"a"},{"inptu":"b"}]', { source: 'b.json', skipBadLines: true })).toMatchObject({
      items: [{ input: 'a' }],
      skipped: [
        { line: 2, message: expect.stringMatching(/^item 2 of the array \(byte 15\): id "c_\w+" repeats item 1 of the array \(byte 1\)/) },
        { line: 3, message: expect.stringMatching(/^item 3 of the array \(byte 29\): input: missing: .*\(fields found: inptu;/) },
      ],
    });
    expect(() => parseDataset('[{"input":"a"},\n', { source: 'c.json' })).toThrow('  c.json: the array is never closed: the file ends at byte 16; end it with "]"');
  });

  it('reads a line as the API reads an item: camelCase fields are fields, a typo of a missing one is refused naming it', () => {
    const parsed = parseDataset('{"input":"a","expeted":"b"}\n{"input":"c","humanScore":3,"outputs":["x"]}\n', { source: 'd.jsonl', skipBadLines: true });
    expect(parsed.items).toEqual([{ id: expect.any(String), input: 'c', humanScore: 3, metadata: { outputs: ['x'] } }]);
    expect(parsed.skipped).toEqual([{ line: 1, message: 'field "expeted": did you mean "expected"? (to keep it as metadata, put it in "metadata")' }]);
  });

  it('reads a semicolon-separated CSV when its header has semicolons and no comma', () => {
    expect(pairs('input;expected\n"hi, there";greet\nbye;leave\n', 'eu.csv')).toEqual(expected);
    expect(() => parseDataset('question;answer\nhi;yo\n', { source: 'q.csv' })).toThrow('q.csv:1: the CSV header needs an "input" column (found: question, answer)');
  });

  it('finds the known columns whatever their case (Input, Expected), and names two columns that are one field in two cases, as for JSONL keys', () => {
    expect(pairs('Input,Expected\n"hi, there",greet\nbye,leave\n', 'c.csv')).toEqual(expected);
    expect(() => parseDataset('input,Input\na,b\n', { source: 'd.csv' })).toThrow('d.csv:1: the CSV header\'s columns "input" and "Input" are one field named in two cases: keep one');
    expect(() => parseDataset('input\tEXPECTED\texpected\na\tb\tc\n', { source: 'd.tsv' })).toThrow('d.tsv:1: the TSV header\'s columns "EXPECTED" and "expected" are one field named in two cases: keep one');
    // A column that is no field in any case is still metadata.
    expect(parseDataset('input,Lang\na,en\n', { source: 'e.csv' }).items[0]).toMatchObject({ input: 'a', metadata: { Lang: 'en' } });
  });

  it('finds the known JSONL and JSON keys whatever their case ("Input", "Expected", "Human_Score"), and names two keys that differ only in case', () => {
    const jsonl = '{"Input":"Where is my card?","Expected":"tracking","Human_Score":4,"Metadata":{"lang":"en"}}\n';
    expect(parseDataset(jsonl, { source: 'a.jsonl' }).items[0]).toMatchObject({ input: 'Where is my card?', expected: 'tracking', humanScore: 4, metadata: { lang: 'en' } });
    expect(parseDataset('[{"INPUT":"Hi","ID":"q1"}]', { source: 'a.json' }).items[0]).toMatchObject({ id: 'q1', input: 'Hi' });
    const both = parseDataset('{"input":"Hi","Input":"Hello"}\n{"Expected":"x","EXPECTED":"y","input":"Yo"}\n', { source: 'b.jsonl', skipBadLines: true }).skipped;
    expect(both.map((b) => b.message)).toEqual([
      'fields "input" and "Input" are one field named in two cases: keep one',
      'fields "Expected" and "EXPECTED" are one field named in two cases: keep one',
    ]);
    // A key that is no field in any case is metadata, as a CSV column is.
    expect(parseDataset('{"Input":"Hi","Answer":"x"}\n', { source: 'c.jsonl' }).items[0]).toMatchObject({ input: 'Hi', metadata: { Answer: 'x' } });
  });

  it("skips a spreadsheet's empty rows (only delimiters) as it skips blank lines", () => {
    expect(pairs('input,expected\n"hi, there",greet\n,\n , \nbye,leave\n', 'e.csv')).toEqual(expected);
  });

  it('refuses a quote used as a character that swallows the lines up to the next quote, naming the lines', () => {
    const tsv = 'input\texpected\n"quoted start of a text\tgreet\nmiddle line\tgreet\nsay "hi" please\tgreet\nlast\tleave\n';
    expect(() => parseDataset(tsv, { source: 't.tsv' })).toThrow('t.tsv:2: a field starts with a quote here that closes on line 4 with more text after it (at column 6), so lines 2–4 read as one field');
    expect(parseDataset(tsv, { source: 't.tsv', skipBadLines: true })).toMatchObject({ items: [{ input: 'last', expected: 'leave' }], skipped: [{ line: 2 }] });
    expect(() => parseDataset('input,expected\nok,1\n"a"x,2\n', { source: 'v.csv' })).toThrow('v.csv:3: column 4: "x" follows a quoted field\'s closing quote, where "," or the end of the line was expected; a quote that is part of the text must be doubled ("") inside a quoted field');
    expect(() => parseDataset('input,expected\nok,1\n"never closed,2\nmore,3\n', { source: 'u.csv' })).toThrow('u.csv:3: a quoted field opens here and is never closed, so the rest of the file (to line 5) is read as one field');
  });
});

describe('versioned datasets', () => {
  it('refuses a UTF-16 .json array by name, with or without a byte order mark (without one it streamed as an array of bad items)', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const array = '[\n  {"input": "hi", "expected": "hello"},\n  {"input": "bye"}\n]\n';
    const cases: [string, Buffer, string][] = [
      ['le.json', Buffer.from(array, 'utf16le'), 'little-endian, no byte order mark'],
      ['be.json', Buffer.from(array, 'utf16le').swap16(), 'big-endian, no byte order mark'],
      ['le-bom.json', Buffer.from(`\uFEFF${array}`, 'utf16le'), 'little-endian, byte order mark FF FE'],
    ];
    for (const [name, bytes, order] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      await expect(importDatasetFile(store, file)).rejects.toThrow(`${file}: the file is UTF-16 (${order}), not UTF-8; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)`);
    }
    writeFileSync(join(dir, 'utf8.json'), array);
    expect((await importDatasetFile(store, join(dir, 'utf8.json'))).version.itemCount).toBe(2);
  });

  it('stops reading a device past the bound, as a JSONL or a Parquet file (/dev/zero was read until memory ran out)', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const parquet = join(dir, 'zero.parquet');
    symlinkSync('/dev/zero', parquet);
    for (const file of ['/dev/zero', parquet]) {
      await expect(importDatasetFile(store, file, { maxBytes: 1_000_000 })).rejects.toThrow(`dataset file ${file} is not a regular file, and it went on past 1000000 bytes, more than a dataset file may hold: name a JSONL, CSV, JSON or Parquet file`);
    }
  });

  it('reads a .json array from a pipe to the bound, as a JSONL one, and refuses a regular .json file over it by its size (both were read unbounded, a pipe failed as ESPIPE)', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const fifo = (name: string, bytes: Buffer): string => {
      const file = join(dir, name);
      execFileSync('mkfifo', [file]);
      // The writer is closed by the reader's end: an endless one then fails with EPIPE, which is its end.
      createWriteStream(file).on('error', () => {}).end(bytes);
      return file;
    };
    const rows = (n: number) => Buffer.from(`[${Array.from({ length: n }, (_, i) => `{"input":"q${i}"}`).join(',')}]`);
    const small = fifo('small.json', rows(3));
    expect((await importDatasetFile(store, small, { maxBytes: 10_000 })).version.itemCount).toBe(3);
    const endless = fifo('endless.json', rows(2_000));
    await expect(importDatasetFile(store, endless, { maxBytes: 10_000 })).rejects.toThrow(`dataset file ${endless} is not a regular file, and it went on past 10000 bytes, more than a dataset file may hold`);
    const jsonl = fifo('piped.jsonl', Buffer.from('{"input":"a"}\n{"input":"b"}\n'));
    expect((await importDatasetFile(store, jsonl, { maxBytes: 10_000 })).version.itemCount).toBe(2);
    const big = join(dir, 'big-array.json');
    writeFileSync(big, rows(2_000));
    await expect(importDatasetFile(store, big, { maxBytes: 10_000 })).rejects.toThrow(`dataset file ${big} is ${rows(2_000).length} bytes, more than the 10000 a dataset file may hold`);
  });

  it('imports a JSONL file longer than the longest string Node holds, a line at a time, and refuses such a CSV naming the limit (both failed as ERR_STRING_TOO_LONG past 512 MiB)', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const jsonl = join(dir, 'long.jsonl');
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ input: `question ${i} é`, expected: `${i}` }));
    writeFileSync(jsonl, `\uFEFF${lines.join('\r\n')}\n\n`);
    const imported = await importDatasetFile(store, jsonl, { maxTextChars: 100 });
    expect(imported.version.itemCount).toBe(50);
    const items: DatasetItem[] = [];
    for await (const item of store.items(imported.version.id)) items.push(item);
    expect(items.map((item) => item.input)).toEqual(lines.map((_, i) => `question ${i} é`));
    // The same lines numbered as a text's: a bad one is still named by its line.
    writeFileSync(jsonl, `${lines[0]}\r\n{"input":\n${lines[1]}\n`);
    await expect(importDatasetFile(store, jsonl, { maxTextChars: 10 })).rejects.toThrow(`${jsonl}:2: not valid JSON`);
    const csv = join(dir, 'long.csv');
    writeFileSync(csv, `input,expected\n${lines.map((_, i) => `q${i},${i}`).join('\n')}\n`);
    await expect(importDatasetFile(store, csv, { maxTextChars: 100 })).rejects.toThrow(
      `dataset file ${csv} is 345 bytes: a CSV or TSV file is read as one text, and Node holds at most 100 characters in one; save it as JSONL (read a line at a time, up to the 1073741824 bytes a dataset file may hold) or split it`,
    );
    expect((await importDatasetFile(store, csv, { maxTextChars: 345 })).version.itemCount).toBe(50);
  });

  it('imports a file, and re-importing it unchanged creates nothing', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const file = join(dir, 'faq.jsonl');
    writeFileSync(file, '{"input":"a"}\n{"input":"b"}\n');
    const first = await importDatasetFile(store, file);
    expect(first).toMatchObject({ created: true, version: { dataset: 'faq', version: 1, itemCount: 2 } });
    expect((await importDatasetFile(store, file)).created).toBe(false);
  });

  it('refuses a line over the limit by number and size (kept out with --skip-bad-lines), and a byte that is not UTF-8 by line and offset', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const big = join(dir, 'big.jsonl');
    const text = `{"input":"${'x'.repeat(MAX_LINE_BYTES)}"}`;
    writeFileSync(big, `{"input":"a"}\n${text}\n{"input":"b"}\n`);
    await expect(importDatasetFile(store, big)).rejects.toThrow(`${big}:2: ${lineTooLong(text.length)}`);
    const skipped = await importDatasetFile(store, big, { skipBadLines: true });
    expect(skipped).toMatchObject({ version: { itemCount: 2 }, skipped: [{ line: 2, message: lineTooLong(text.length) }] });
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, `input,expected\n"${'y'.repeat(MAX_LINE_BYTES / 2)}\n${'y'.repeat(MAX_LINE_BYTES / 2)}",z\nhi,hello\n`);
    await expect(importDatasetFile(store, csv)).rejects.toThrow(`${csv}:2: ${lineTooLong(MAX_LINE_BYTES + 3)}`);
    const latin1 = join(dir, 'latin1.jsonl');
    writeFileSync(latin1, Buffer.concat([Buffer.from('{"input":"tea"}\r\n{"input":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    await expect(importDatasetFile(store, latin1)).rejects.toThrow(`${latin1}:2: not valid UTF-8 at byte 30 of the file (0xE9); save it as UTF-8`);
    expect(await store.latest('latin1')).toBeUndefined();
  });

  it('refuses an item of a .json array over the limit a JSONL line has, naming the item, its first byte and the limit, and reads the rest', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const file = join(dir, 'array.json');
    const blob = 'z'.repeat(MAX_LINE_BYTES);
    writeFileSync(file, JSON.stringify([{ input: 'a' }, { input: 'b', blob }, { input: 'c' }]));
    const itemBytes = JSON.stringify({ input: 'b', blob }).length;
    await expect(importDatasetFile(store, file)).rejects.toThrow(
      `1 malformed line in ${file}:\n  ${file}: item 2 of the array (byte 15): ${itemBytes} bytes, more than the limit of ${MAX_LINE_BYTES} bytes an item may hold: shorten its fields or leave them out of the file`,
    );
    const skipped = await importDatasetFile(store, file, { skipBadLines: true });
    expect(skipped.version.itemCount).toBe(2);
  });

  it('names its source file the same way whether given as an absolute path (a suite) or as typed (the CLI)', async () => {
    const store = openSqliteStores(':memory:').datasets;
    const inCwd = join(process.cwd(), `.sy-dataset-${process.pid}.jsonl`);
    writeFileSync(inCwd, '{"input":"hi"}\n');
    try {
      const viaSuite = await importDatasetFile(store, inCwd, { name: 'from-suite' });
      const viaCli = await importDatasetFile(store, relative(process.cwd(), inCwd), { name: 'from-cli' });
      expect(viaSuite.version.source).toBe(`import ${relative(process.cwd(), inCwd)}`);
      expect(viaCli.version.source).toBe(viaSuite.version.source);
    } finally {
      rmSync(inCwd, { force: true });
    }
  });
});

describe('datasets from traces', () => {
  it('filters by model, status and metadata tag, and carries review scores and corrections', async () => {
    const stores = openSqliteStores(':memory:');
    const { traces } = stores;
    const request = (text: string) => ({ model: 'support', messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: text }] });
    const response = (text: string) => ({ choices: [{ message: { role: 'assistant', content: text } }] });
    await traces.insertTraces([
      sampleTrace({ id: 'tr_1', ts: 1, requestedModel: 'support', metadata: { team: 'cx' }, request: request('Lost card'), response: response('Freeze it') }),
      sampleTrace({ id: 'tr_2', ts: 2, requestedModel: 'support', metadata: { team: 'sales' }, request: request('Price?'), response: response('$5') }),
      sampleTrace({ id: 'tr_3', ts: 3, requestedModel: 'other', metadata: { team: 'cx' }, request: request('Other'), response: response('x') }),
      sampleTrace({ id: 'tr_4', ts: 4, requestedModel: 'support', status: 500, metadata: { team: 'cx' }, request: request('Broken'), response: null }),
    ]);
    const result = await addTracesToDataset(stores, {
      dataset: 'from-traces',
      filter: { model: 'support', status: 'ok', tags: { team: 'cx' } },
      reviews: new Map([['tr_1', { score: 2, correction: 'Freeze it in the app, then order a new one' }]]),
    });
    expect(result.added).toBe(1);
    const items: DatasetItem[] = [];
    for await (const item of stores.datasets.items(result.version.id)) items.push(item);
    const [item] = items;
    expect(item).toEqual({
      id: 'tr_1',
      input: 'Lost card',
      output: 'Freeze it',
      humanScore: 2,
      expected: 'Freeze it in the app, then order a new one',
      metadata: { team: 'cx', trace_id: 'tr_1', model: 'support', system: 'Be brief' },
    });
    // Adding the same trace again replaces the item; the content is unchanged, so is the version.
    const again = await addTracesToDataset(stores, { dataset: 'from-traces', filter: { traceIds: ['tr_1'] }, reviews: new Map([['tr_1', { score: 2, correction: 'Freeze it in the app, then order a new one' }]]) });
    expect(again.version.version).toBe(1);
    expect(again.alreadyIn).toBe(1);
    expect((await stores.datasets.append('from-traces', [{ id: 'manual', input: 'Hi', humanScore: 5 }])).itemCount).toBe(2);
    await expect(addTracesToDataset(stores, { dataset: 'x', filter: { model: 'nothing' } })).rejects.toThrow(/no traces with a request body matched model=nothing/);
  });
});

describe('datasets add-traces run twice', () => {
  // The README's `datasets add-traces support-traffic --tag variant=small --limit 20` run again said
  // "added 20 traces to support-traffic@1 (20 items)" though nothing was added.
  it('says the traces were already there, and counts the new ones apart from those', async () => {
    const stores = openSqliteStores(':memory:');
    const request = (text: string) => ({ model: 'small', messages: [{ role: 'user', content: text }] });
    await stores.traces.insertTraces([1, 2, 3].map((n) => sampleTrace({ id: `tr_${n}`, ts: n, requestedModel: 'small', request: request(`question ${n}`) })));
    const said = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await addTraces('twice', { model: 'small', limit: '2' }, stores);
      await addTraces('twice', { model: 'small', limit: '2' }, stores);
      await stores.traces.insertTraces([sampleTrace({ id: 'tr_4', ts: 4, requestedModel: 'small', request: request('question 4') })]);
      await addTraces('twice', { model: 'small', limit: '2' }, stores);
      expect(said.mock.calls.map((call) => call[0])).toEqual([
        'added 2 traces to twice@1 (2 items)',
        'unchanged: the 2 traces are already in twice@1 (2 items)',
        'added 1 new trace to twice@2 (3 items); 1 of the traces was already in it',
      ]);
    } finally {
      said.mockRestore();
    }
  });
});

describe('datasets from an eval run\'s traces', () => {
  // The README's `datasets add-traces support-traffic --tag variant=small --limit 20`: the judge's
  // calls carry the variant's tags too (and scorer), and were half the items, prompts with JSON verdicts.
  it('holds the variant\'s answers, not the calls its scorers made, and still fills the limit', async () => {
    const stores = openSqliteStores(':memory:');
    const request = (text: string) => ({ model: 'small', messages: [{ role: 'user', content: text }] });
    const response = (text: string) => ({ choices: [{ message: { role: 'assistant', content: text } }] });
    const tags = (n: number) => ({ eval_run: 'run_1', case: `c${n}`, variant: 'small' });
    await stores.traces.insertTraces(
      [1, 2, 3].flatMap((n) => [
        sampleTrace({ id: `tr_a${n}`, ts: n * 10, requestedModel: 'small', metadata: tags(n), request: request(`question ${n}`), response: response(`answer ${n}`) }),
        sampleTrace({ id: `tr_j${n}`, ts: n * 10 + 1, requestedModel: 'claude', metadata: { ...tags(n), scorer: 'judge' }, request: request(`Question:\nquestion ${n}`), response: response('{"score":5}') }),
      ]),
    );
    const ids = async (filter: Parameters<typeof addTracesToDataset>[1]['filter'], dataset: string) => {
      const result = await addTracesToDataset(stores, { dataset, filter });
      const found: string[] = [];
      for await (const item of stores.datasets.items(result.version.id)) found.push(item.id as string);
      return found.sort();
    };
    expect(await ids({ tags: { variant: 'small' }, limit: 2 }, 'answers')).toEqual(['tr_a2', 'tr_a3']);
    // Asked for by name, they are there: a judge's calls are a dataset too.
    expect(await ids({ tags: { variant: 'small', scorer: 'judge' } }, 'verdicts')).toEqual(['tr_j1', 'tr_j2', 'tr_j3']);
    expect(await ids({ traceIds: ['tr_j1'] }, 'named')).toEqual(['tr_j1']);
  });
});

describe('datasets from a classify route\'s traces', () => {
  // The gateway sends a sample of a local model's answers to the large model (shadow checks, key
  // switchyard:shadow): its own calls, named like the route, which --model took as traffic.
  it('leaves out the shadow checks unless --key names their key, and the summary says how many', async () => {
    const stores = openSqliteStores(':memory:');
    const request = (text: string) => ({ model: 'intent', messages: [{ role: 'user', content: text }] });
    const call = (n: number, shadow = false) =>
      sampleTrace({ id: `tr_${shadow ? 's' : 'c'}${n}`, ts: n * 10 + (shadow ? 1 : 0), requestedModel: 'intent', keyName: shadow ? SHADOW_KEY_NAME : 'app', request: request(`question ${n}`), decisions: shadow ? null : { local: { answered: true, route: 'intent', label: 'card' } } });
    // Calls 1–6, a shadow check of calls 2, 4 and 6 right after each.
    await stores.traces.insertTraces([1, 2, 3, 4, 5, 6].flatMap((n) => (n % 2 === 0 ? [call(n), call(n, true)] : [call(n)])));
    const ids = async (result: Awaited<ReturnType<typeof addTracesToDataset>>) => {
      const found: string[] = [];
      for await (const item of stores.datasets.items(result.version.id)) found.push(item.id as string);
      return found.sort();
    };
    const all = await addTracesToDataset(stores, { dataset: 'all', filter: { model: 'intent' } });
    expect(await ids(all)).toEqual(['tr_c1', 'tr_c2', 'tr_c3', 'tr_c4', 'tr_c5', 'tr_c6']);
    expect(all.shadowChecksLeftOut).toBe(3);
    // The newest 3 calls: the shadow checks among them (of calls 4 and 6), not the older one.
    const newest = await addTracesToDataset(stores, { dataset: 'newest', filter: { model: 'intent', limit: 3 } });
    expect(await ids(newest)).toEqual(['tr_c4', 'tr_c5', 'tr_c6']);
    expect(newest.shadowChecksLeftOut).toBe(2);
    // Asked for by their key, they are the dataset.
    const checks = await addTracesToDataset(stores, { dataset: 'checks', filter: { model: 'intent', keyName: SHADOW_KEY_NAME } });
    expect(await ids(checks)).toEqual(['tr_s2', 'tr_s4', 'tr_s6']);
    expect(checks.shadowChecksLeftOut).toBe(0);
    // By route the same (a route's calls, as switchyard routes counts them).
    expect((await addTracesToDataset(stores, { dataset: 'route', filter: { route: 'intent' } })).shadowChecksLeftOut).toBe(3);
    const said = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await addTraces('cli', { model: 'intent', limit: '3' }, stores);
      expect(said.mock.calls[0]?.[0]).toBe(`added 3 traces to cli@1 (3 items); 2 shadow checks left out (the gateway's own calls to the large model for a sample of local answers; --key ${SHADOW_KEY_NAME} takes them)`);
    } finally {
      said.mockRestore();
    }
  });
});

describe('a number a dataset file writes past ±1.8e308', () => {
  it('is refused naming the line, the field and the value; stored it would have become null', () => {
    const text = '{"input":"a","expected":{"total":1e999}}\n{"input":"b","score":-1e999}\n{"input":"c","human_score":1e999}\n';
    expect(() => parseDataset(text, { source: 'big.jsonl' })).toThrow(/big\.jsonl:1: expected\.total: Infinity \(a number past ±1\.8e308: 1e999 in JSON, \.inf in YAML\): send a finite number/);
    const { items, skipped } = parseDataset(text, { source: 'big.jsonl', skipBadLines: true });
    expect(items).toEqual([]);
    expect(skipped.map((s) => s.message)).toEqual([
      'expected.total: Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML): send a finite number',
      'score: -Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML): send a finite number',
      'human_score: Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML): send a finite number',
    ]);
  });
});

describe('a line with thousands of long field names and no input', () => {
  // 200 names of 105 characters (metadata takes up to 256): each refusal listed them all, 21 kB a line.
  const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${String(i).padStart(4, '0')}${'x'.repeat(100)}\u001b[31m`, 1])));

  it('names a bounded few of them, counting the rest, whichever column the input was asked in', () => {
    for (const columns of [{}, { input: 'text' }]) {
      const { skipped } = parseDataset(`${wide}\n`, { source: 'wide.jsonl', skipBadLines: true, columns });
      const message = skipped[0]?.message ?? '';
      expect(message).toMatch(/fields found: k0000x+…, k0001/);
      expect(message).toMatch(/and 180 more/);
      expect(message).not.toMatch(/\u001b/);
      expect(message.length).toBeLessThan(2_000);
    }
  });
});
