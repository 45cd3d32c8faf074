import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineTooLong, MAX_LINE_BYTES } from '../../core/data-text.js';
import { MAX_EXAMPLES_FILE_BYTES, parseExamples, readExamples } from './read-examples.js';
import { structParquet } from '../../test-support/struct-parquet.js';

describe('readExamples', () => {
  it('refuses a UTF-16 .json array by name, with or without a byte order mark (without one it streamed as an array of bad items)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-'));
    try {
      const array = '[{"text": "hi", "label": "greet"}, {"text": "bye", "label": "leave"}]';
      const le = join(dir, 'le.json');
      writeFileSync(le, Buffer.from(array, 'utf16le'));
      await expect(readExamples(le)).rejects.toThrow(`${le}: the file is UTF-16 (little-endian, no byte order mark), not UTF-8; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)`);
      const bom = join(dir, 'bom.json');
      writeFileSync(bom, Buffer.from(`\uFEFF${array}`, 'utf16le'));
      await expect(readExamples(bom)).rejects.toThrow('the file is UTF-16 (little-endian, byte order mark FF FE)');
      const utf8 = join(dir, 'utf8.json');
      writeFileSync(utf8, array);
      expect(await readExamples(utf8)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bytes that are not UTF-8 by line and offset, and a line or record over the limit by number and size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-'));
    try {
      const latin1 = join(dir, 'train.csv');
      writeFileSync(latin1, Buffer.concat([Buffer.from('text,label\nhi,greet\nna\xefve,other\n', 'latin1')]));
      await expect(readExamples(latin1)).rejects.toThrow(`${latin1}:3: not valid UTF-8 at byte 22 of the file (0xEF)`);
      const big = join(dir, 'train.jsonl');
      const line = JSON.stringify({ text: 'é'.repeat(MAX_LINE_BYTES / 2), label: 'x' });
      writeFileSync(big, `{"text":"hi","label":"greet"}\n${line}\n`);
      await expect(readExamples(big)).rejects.toThrow(`${big}:2: ${lineTooLong(Buffer.byteLength(line))}`);
      const skipped: number[] = [];
      expect(await readExamples(big, { skipBadLines: true, onSkipped: (p) => skipped.push(...p.map((x) => x.line)) })).toEqual([{ text: 'hi', label: 'greet' }]);
      expect(skipped).toEqual([2]);
      const csv = join(dir, 'big.csv');
      writeFileSync(csv, `text,label\n"${'y'.repeat(MAX_LINE_BYTES)}",x\nhi,greet\n`);
      await expect(readExamples(csv)).rejects.toThrow(`${csv}:2: ${lineTooLong(MAX_LINE_BYTES + 2)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readExamples: bounds on what is read (local train --data, local eval --data)', () => {
  it('reads JSONL longer than the longest string Node holds a line at a time, and refuses such a CSV naming the limit (both failed as ERR_STRING_TOO_LONG, with a stack, past 512 MiB)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-'));
    try {
      const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `question ${i} é`, label: `l${i % 2}` }));
      const jsonl = join(dir, 'long.jsonl');
      writeFileSync(jsonl, `\uFEFF${lines.join('\r\n')}\n\n`);
      expect(await readExamples(jsonl, { maxTextChars: 100 })).toEqual(lines.map((_, i) => ({ text: `question ${i} é`, label: `l${i % 2}` })));
      // Still named by its line, as a text's lines are numbered.
      writeFileSync(jsonl, `${lines[0]}\r\n{"text":\n${lines[1]}\n`);
      await expect(readExamples(jsonl, { maxTextChars: 10 })).rejects.toThrow(`${jsonl}:2: not valid JSON`);
      const csv = join(dir, 'long.csv');
      const rows = `text,label\n${lines.map((_, i) => `q${i},l${i % 2}`).join('\n')}\n`;
      writeFileSync(csv, rows);
      await expect(readExamples(csv, { maxTextChars: 100 })).rejects.toThrow(
        `${csv} is ${rows.length} bytes: a CSV or TSV file is read as one text, and Node holds at most 100 characters in one; save it as JSONL (read a line at a time, up to the ${MAX_EXAMPLES_FILE_BYTES} bytes a data file may hold) or split it`,
      );
      expect(await readExamples(csv, { maxTextChars: rows.length })).toHaveLength(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file over the bound by its size, and a pipe that goes on past it, without reading either whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-'));
    try {
      const rows = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `q${i}`, label: 'a' })).join('\n');
      const big = join(dir, 'big.jsonl');
      writeFileSync(big, rows(2_000));
      await expect(readExamples(big, { maxBytes: 10_000 })).rejects.toThrow(`${big} is ${rows(2_000).length} bytes, more than the 10000 a data file may hold`);
      const array = join(dir, 'big.json');
      writeFileSync(array, `[${rows(2_000).split('\n').join(',')}]`);
      await expect(readExamples(array, { maxBytes: 10_000 })).rejects.toThrow(`${array} is `);
      // /dev/zero stands in for an endless pipe: it was read until memory ran out.
      await expect(readExamples('/dev/zero', { maxBytes: 10_000, format: 'jsonl' })).rejects.toThrow('/dev/zero is not a regular file, and it went on past 10000 bytes, more than a data file may hold');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a named pipe whole, to the bound (its head at offset 0 failed as ESPIPE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-'));
    try {
      const fifo = (name: string, text: string): string => {
        const file = join(dir, name);
        execFileSync('mkfifo', [file]);
        createWriteStream(file).on('error', () => {}).end(text);
        return file;
      };
      expect(await readExamples(fifo('train.jsonl', '{"text":"hi","label":"greet"}\n{"text":"bye","label":"leave"}\n'))).toEqual([{ text: 'hi', label: 'greet' }, { text: 'bye', label: 'leave' }]);
      expect(await readExamples(fifo('train.json', '[{"text":"hi","label":"greet"}]'))).toEqual([{ text: 'hi', label: 'greet' }]);
      expect(await readExamples(fifo('train.csv', 'text,label\nhi,greet\n'))).toEqual([{ text: 'hi', label: 'greet' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseExamples', () => {
  it('reads CSV with quoted fields and custom columns', () => {
    const csv = 'id,query,intent\n1,"My card, the new one, is late",card_arrival\n2,"He said ""hi""",greeting\n';
    expect(parseExamples(csv, { source: 'a.csv', textColumn: 'query', labelColumn: 'intent' })).toEqual([
      { text: 'My card, the new one, is late', label: 'card_arrival' },
      { text: 'He said "hi"', label: 'greeting' },
    ]);
  });

  it('reads JSONL with default fields, skipping blank lines', () => {
    expect(parseExamples('{"text":"hi","label":"greet"}\n\n{"text":"bye","label":"leave","extra":1}\n', { source: 'a.jsonl' })).toHaveLength(2);
  });

  it('names a label JSON reads as infinite as written: not "must be a string, got number"', () => {
    expect(() => parseExamples('{"text":"hi","label":1}\n{"text":"yo","label":1e999}\n', { source: 'n.jsonl' })).toThrow(
      'n.jsonl:2: "label": Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML): send a finite number',
    );
  });

  it('names a missing CSV column and lists the columns found', () => {
    expect(() => parseExamples('text,category\nhi,greet\n', { source: 'b.csv' })).toThrow('b.csv:1: no "label" column in the CSV header (columns found: text, category); did you mean --label-column category?');
    expect(() => parseExamples('text,kind\nhi,greet\n', { source: 'b.csv' })).toThrow('b.csv:1: no "label" column in the CSV header (columns found: text, kind); pass --text-column / --label-column');
  });

  it("names a ticket export's own columns with the flags to pass, in a CSV and in JSONL whose every line lacks the field", () => {
    const csv = '\uFEFFticket_id,channel,intent_label,customer_message\r\nT-1,chat,refund_request,"refund please, now"\r\n';
    expect(() => parseExamples(csv, { source: 't.csv' })).toThrow(
      't.csv:1: no "text" and no "label" column in the CSV header (columns found: ticket_id, channel, intent_label, customer_message); did you mean --text-column customer_message --label-column intent_label?',
    );
    expect(() => parseExamples(csv, { source: 't.csv', textColumn: 'message', labelColumn: 'intent_label' })).toThrow('t.csv:1: no "message" column in the CSV header (columns found: ticket_id, channel, intent_label, customer_message); did you mean --text-column customer_message?');
    const line = (n: number) => JSON.stringify({ id: n, ticket: { body: `ticket ${n}` }, category: 'refund' });
    const jsonl = [1, 2, 3, 4, 5, 6, 7].map(line).join('\n');
    // Once for the file, not the first five of seven copies of one message.
    expect(() => parseExamples(jsonl, { source: 't.jsonl', labelColumn: 'category' })).toThrow(/^t\.jsonl: all 7 lines: no "text" field \(fields found: id, ticket\.body, category\); did you mean --text-column ticket\.body\? \(a nested field is named by its path\)$/);
    // Nor skipped line by line: --skip-bad-lines would leave nothing to train on.
    expect(() => parseExamples(jsonl, { source: 't.jsonl', labelColumn: 'category', skipBadLines: true, onSkipped: () => undefined })).toThrow('t.jsonl: all 7 lines: no "text" field');
  });

  it('names each malformed line and what is wrong with it', () => {
    const jsonl = ['{"text":"ok","label":"a"}', '{"text":"no label"}', 'not json', '["array"]', '{"text":"","label":"a"}', '{"text":5,"label":"a"}'].join('\n');
    let message = '';
    try {
      parseExamples(jsonl, { source: 'c.jsonl' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('5 malformed lines in c.jsonl');
    expect(message).toContain('c.jsonl:2: no "label" field (fields found: text)');
    expect(message).toMatch(/c\.jsonl:3: not valid JSON \(/);
    expect(message).toContain('c.jsonl:4: expected a JSON object, got an array');
    expect(message).toContain('c.jsonl:5: "text" is empty');
    expect(message).toContain('c.jsonl:6: "text" must be a string, got number');
  });

  it('names the line of a quote that is never closed instead of miscounting the fields it swallowed', () => {
    const csv = 'text,label\nhi,greet\n"oops, a stray quote,greet\nbye,leave\nlater,leave\n';
    expect(() => parseExamples(csv, { source: 'q.csv' })).toThrow('q.csv:3: a quoted field opens here and is never closed, so the rest of the file (to line 6) is read as one field');
  });

  it('reads CRLF line ends, a byte-order mark and quoted newlines as the same examples', () => {
    const expected = [
      { text: 'my card\nis late', label: 'card' },
      { text: 'hi', label: 'greet' },
    ];
    expect(parseExamples('\uFEFFtext,label\r\n"my card\nis late",card\r\nhi,greet\r\n', { source: 'e.csv' })).toEqual(expected);
  });

  it('names a CSV row with the wrong number of fields by its line', () => {
    expect(() => parseExamples('text,label\nhi,greet\n"multi\nline",x\nbad,row,extra\n', { source: 'd.csv' })).toThrow('d.csv:5: has 3 fields, the header has 2');
    expect(() => parseExamples('text,label\nhi,greet\nonly one field\n', { source: 'f.csv' })).toThrow('f.csv:3: has 1 field, the header has 2');
  });

  it('refuses a file with no examples', () => {
    expect(() => parseExamples('text,label\n', { source: 'e.csv' })).toThrow('e.csv: no examples found');
  });

  it('reads TSV, where commas and quotes inside a text need no quoting', () => {
    const tsv = 'query\tintent\nMy card, the new one, is late\tcard_arrival\n"tabs\tinside"\tquoted\n';
    expect(parseExamples(tsv, { source: 'f.tsv', textColumn: 'query', labelColumn: 'intent' })).toEqual([
      { text: 'My card, the new one, is late', label: 'card_arrival' },
      { text: 'tabs\tinside', label: 'quoted' },
    ]);
    expect(() => parseExamples('text\tintent\nhi\tgreet\n', { source: 'g.tsv' })).toThrow('g.tsv:1: no "label" column in the TSV header (columns found: text, intent)');
  });

  it('reads a file without a known extension in the format its first line shows', () => {
    expect(parseExamples('text\tlabel\nhi there\tgreet\n', { source: 'stdin' })).toEqual([{ text: 'hi there', label: 'greet' }]);
    expect(parseExamples('{"text":"hi","label":"greet"}\n', { source: 'train.txt' })).toEqual([{ text: 'hi', label: 'greet' }]);
  });

  it('takes numbered classes from JSONL as labels, and still refuses other types', () => {
    const jsonl = '{"text":"hi","label":3}\n{"text":"bye","label":"3"}\n{"text":"ok","label":true}\n';
    expect(parseExamples(jsonl, { source: 'h.jsonl' }).map((e) => e.label)).toEqual(['3', '3', 'true']);
    expect(() => parseExamples('{"text":"hi","label":{"id":3}}\n', { source: 'i.jsonl' })).toThrow('i.jsonl:1: "label" must be a string, got object');
    expect(() => parseExamples('{"text":"hi","label":null}\n', { source: 'j.jsonl' })).toThrow('j.jsonl:1: "label" must be a string, got null');
  });

  it('refuses a label with a line break, an escape or over 128 characters by its line, so --skip-bad-lines can leave it out', () => {
    const jsonl = ['{"text":"ok","label":"a"}', '{"text":"hi","label":"card\\narrival"}', '{"text":"hi","label":"\\u001b[31mred"}', `{"text":"hi","label":"${'x'.repeat(100_000)}"}`, '{"text":"hi","label":"exe\\u202etxt"}', '{"text":"fine","label":"b"}'].join('\n');
    let message = '';
    try {
      parseExamples(jsonl, { source: 'l.jsonl' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('l.jsonl:2: "label" holds a control character (U+000A) at 5: a label names a class on one line');
    expect(message).toContain('l.jsonl:3: "label" holds a control character (U+001B) at 1');
    expect(message).toContain('l.jsonl:5: "label" holds a bidirectional control (U+202E) at 4: it would show the label reordered');
    expect(message).toContain(`l.jsonl:4: "label" is 100000 characters, longer than 128 (a label names a class; is --label-column the text?): "${'x'.repeat(40)}…"`);
    expect(message.length).toBeLessThan(800);
    const skipped: { line: number }[] = [];
    expect(parseExamples(jsonl, { source: 'l.jsonl', skipBadLines: true, onSkipped: (p) => skipped.push(...p) }).map((e) => e.label)).toEqual(['a', 'b']);
    expect(skipped.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    // A CSV label column holding the text is named the same way.
    expect(() => parseExamples(`text,label\nhi,${'y'.repeat(200)}\n`, { source: 'w.csv' })).toThrow('w.csv:2: "label" is 200 characters, longer than 128');
  });

  it('with skipBadLines, leaves malformed lines out and reports them instead of refusing the file', () => {
    const jsonl = ['{"text":"ok","label":"a"}', '{"text":"","label":"a"}', '{"text":"fine","label":"b"}', '{"text":"no label"}'].join('\n');
    expect(() => parseExamples(jsonl, { source: 'd.jsonl' })).toThrow('(--skip-bad-lines trains on the other 2 examples)');
    const skipped: { line: number; message: string }[] = [];
    const examples = parseExamples(jsonl, { source: 'd.jsonl', skipBadLines: true, onSkipped: (p) => skipped.push(...p) });
    expect(examples.map((e) => e.text)).toEqual(['ok', 'fine']);
    expect(skipped).toEqual([
      { line: 2, message: '"text" is empty' },
      { line: 4, message: 'no "label" field (fields found: text)' },
    ]);
  });
});


describe('parseExamples: files shaped the way other tools write them', () => {
  const expected = [
    { text: 'hi, there', label: 'greet' },
    { text: 'bye', label: 'leave' },
  ];

  it('reads a semicolon-separated CSV (spreadsheets in decimal-comma locales) when its header has semicolons and no comma', () => {
    expect(parseExamples('text;label\n"hi, there";greet\nbye;leave\n', { source: 'eu.csv' })).toEqual(expected);
    // A comma header keeps commas: semicolons in the texts stay text.
    expect(parseExamples('text,label\na;b,x\nc,y\n', { source: 'a.csv' })).toEqual([
      { text: 'a;b', label: 'x' },
      { text: 'c', label: 'y' },
    ]);
  });

  it('finds a column whose header differs only in case (Text, LABEL), and refuses two that match alike', () => {
    expect(parseExamples('Text,LABEL\n"hi, there",greet\nbye,leave\n', { source: 'a.csv' })).toEqual(expected);
    expect(parseExamples('{"Text":"hi, there","Label":"greet"}\n{"Text":"bye","Label":"leave"}\n', { source: 'a.jsonl' })).toEqual(expected);
    expect(() => parseExamples('Text,TEXT,label\na,b,c\n', { source: 'a.csv' })).toThrow('a.csv:1: no "text" column in the CSV header (columns found: Text, TEXT, label)');
  });

  it("skips a spreadsheet's empty rows (only delimiters) as it skips blank lines", () => {
    expect(parseExamples('text,label\n"hi, there",greet\n,\n , \nbye,leave\n,\n', { source: 'a.csv' })).toEqual(expected);
    // A row with a label and no text is still a malformed line.
    expect(() => parseExamples('text,label\n,greet\nbye,leave\n', { source: 'a.csv' })).toThrow('a.csv:2: "text" is empty');
  });

  it('reads nested JSONL fields by their dotted path, and names them when the default is missing', () => {
    const jsonl = '{"id":1,"input":{"text":"hi, there"},"meta":{"label":"greet"}}\n{"id":2,"input":{"text":"bye"},"meta":{"label":"leave"}}\n';
    expect(parseExamples(jsonl, { source: 'n.jsonl', textColumn: 'input.text', labelColumn: 'meta.label' })).toEqual(expected);
    expect(() => parseExamples(jsonl, { source: 'n.jsonl' })).toThrow('n.jsonl: all 2 lines: no "text" and no "label" field (fields found: id, input.text, meta.label); did you mean --text-column input.text --label-column meta.label? (a nested field is named by its path)');
    // The label's hint names the label's flag and the nested field that holds one.
    expect(() => parseExamples(jsonl, { source: 'n.jsonl', textColumn: 'input.text' })).toThrow('n.jsonl: all 2 lines: no "label" field (fields found: id, input.text, meta.label); did you mean --label-column meta.label? (a nested field is named by its path)');
    expect(() => parseExamples('{"input":"hi","metadata":{"intent":"greet"}}\n', { source: 's.jsonl', textColumn: 'input' })).toThrow('s.jsonl:1: no "label" field (fields found: input, metadata.intent); did you mean --label-column metadata.intent? (a nested field is named by its path)');
    // Nothing that fits: how to name a nested field, by one of the file's.
    expect(() => parseExamples('{"input":"hi","metadata":{"kind":"greet"}}\n', { source: 's.jsonl', textColumn: 'input' })).toThrow('s.jsonl:1: no "label" field (fields found: input, metadata.kind); name a nested field by its path, e.g. --label-column metadata.kind');
  });

  it('refuses a quote used as a character that swallows the lines up to the next quote, instead of reading them as one text', () => {
    // A TSV written without quoting: line 2's text starts with a quote, line 4's has one inside.
    const tsv = 'text\tlabel\n"quoted start of a text\tgreet\nmiddle line\tgreet\nsay "hi" please\tgreet\nlast\tleave\n';
    expect(() => parseExamples(tsv, { source: 't.tsv' })).toThrow('t.tsv:2: a field starts with a quote here that closes on line 4 with more text after it (at column 6), so lines 2–4 read as one field');
    const lines: number[] = [];
    expect(parseExamples(tsv, { source: 't.tsv', skipBadLines: true, onSkipped: (p) => lines.push(...p.map((x) => x.line)) })).toEqual([{ text: 'last', label: 'leave' }]);
    expect(lines).toEqual([2]);
    // Text after a closing quote on one line (`"a"x`, read as `ax` before) is refused where it is.
    expect(() => parseExamples('text\tlabel\nhi\tgreet\n"Hello" she said\tgreet\n', { source: 'h.tsv' })).toThrow('h.tsv:3: column 8: " she said" follows a quoted field\'s closing quote, where a tab or the end of the line was expected');
    // Proper CSV quoting across lines still reads as one field.
    expect(parseExamples('text,label\n"two\nlines, one ""text""",greet\n', { source: 'a.csv' })).toEqual([{ text: 'two\nlines, one "text"', label: 'greet' }]);
  });
});

describe('parseExamples: a .json file of one array', () => {
  it('reads each object of the array as an example, pretty-printed or on one line', () => {
    const pretty = '[\n  {"text": "hi, there", "label": "greet"},\n  {"text": "bye", "label": 3}\n]\n';
    expect(parseExamples(pretty, { source: 'a.json' })).toEqual([
      { text: 'hi, there', label: 'greet' },
      { text: 'bye', label: '3' },
    ]);
    expect(parseExamples('\uFEFF[{"input":{"text":"bye"},"y":"leave"}]', { source: 'a.json', textColumn: 'input.text', labelColumn: 'y' })).toEqual([{ text: 'bye', label: 'leave' }]);
  });

  it('names a malformed item by its place in the array, and a file that is not one array', () => {
    expect(() => parseExamples('[{"text":"a","label":"x"},"oops",{"text":"b"}]', { source: 'b.json' })).toThrow(
      '2 malformed lines in b.json:\n  b.json: item 2 of the array (byte 26): expected a JSON object, got string\n  b.json: item 3 of the array (byte 33): no "label" field (fields found: text)',
    );
    expect(() => parseExamples('[{"text":"a","label":"x"},\n', { source: 'c.json' })).toThrow('c.json: the array is never closed: the file ends at byte 27; end it with "]"');
    expect(() => parseExamples('[{"text":"a","label":"x"}] {"text":"b"}', { source: 'd.json' })).toThrow('d.json: text after the array\'s closing "]" at byte 27 ("{"): the file must hold one array');
  });
});

describe('readExamples: a .json file of one array, read as it streams in', () => {
  it('reads items across the stream\'s chunks, tells the bytes read of the size, and refuses an item over the bound by its place and the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-'));
    try {
      const file = join(dir, 'train.json');
      // Over 64 KiB, so items are cut between the read stream's chunks.
      const items = Array.from({ length: 3_000 }, (_, i) => ({ text: `question ${i} "quoted" \\ [${'é'.repeat(i % 7)}]`, label: `l${i % 3}` }));
      const text = JSON.stringify(items, null, 2);
      writeFileSync(file, text);
      const progress: [number, number][] = [];
      const read = await readExamples(file, { onProgress: (done, total) => progress.push([done, total]) });
      expect(read).toEqual(items);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toEqual([Buffer.byteLength(text), Buffer.byteLength(text)]);
      const big = join(dir, 'big.json');
      const huge = JSON.stringify({ text: 'x'.repeat(MAX_LINE_BYTES), label: 'a' });
      writeFileSync(big, `[{"text": "hi", "label": "a"}, ${huge}, {"text": "bye", "label": "b"}]`);
      await expect(readExamples(big)).rejects.toThrow(`${big}: item 2 of the array (byte 31): ${huge.length} bytes, more than the limit of ${MAX_LINE_BYTES} bytes an item may hold`);
      const skipped: string[] = [];
      expect(await readExamples(big, { skipBadLines: true, onSkipped: (problems) => skipped.push(...problems.map((p) => p.message)) })).toEqual([{ text: 'hi', label: 'a' }, { text: 'bye', label: 'b' }]);
      expect(skipped).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readExamples on a Parquet file with struct columns (as hub sets nest them)', () => {
  it('reads a text or label inside a struct by its dotted path, and names the struct and its fields otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-struct-'));
    try {
      const path = join(dir, 'wmt.parquet');
      writeFileSync(path, new Uint8Array(structParquet()));
      expect(await readExamples(path, { textColumn: 'translation.en', labelColumn: 'title' })).toEqual([
        { text: 'Who wrote Hamlet?', label: 'Hamlet' },
        { text: 'What is 2+2?', label: 'Sums' },
      ]);
      expect(await readExamples(path, { textColumn: 'Translation.FR', labelColumn: 'translation.en' })).toMatchObject([{ text: 'Qui a écrit Hamlet ?', label: 'Who wrote Hamlet?' }, {}]);
      await expect(readExamples(path, { textColumn: 'translation', labelColumn: 'title' })).rejects.toThrow(
        `${path}: column "translation" holds struct values (its fields: translation.en (string), translation.fr (string); name one by its path, e.g. --text-column translation.en), not text`,
      );
      await expect(readExamples(path, { textColumn: 'translation.de', labelColumn: 'title' })).rejects.toThrow(
        `${path}: --text-column "translation.de": struct column "translation" has no field "de" (its fields: translation.en (string), translation.fr (string))`,
      );
      await expect(readExamples(path, { textColumn: 'answers.text', labelColumn: 'title' })).rejects.toThrow(`${path}: column "answers.text" holds list values, not text`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
