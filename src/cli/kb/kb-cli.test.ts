import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { registerKb } from '../../cli/commands/kb.js';
import { startSimulator } from '../../simulate/simulator.js';
import type { Simulator } from '../../simulate/types.js';
import { searchAction } from './kb-search.js';
import { encodeSingleByte } from '../../knowledge/ingest/__fixtures__/legacy-samples.js';

const DOCS = 'src/knowledge/__fixtures__/docs';
let dir: string;
let db: string;
let sim: Simulator;
let out: string[] = [];
let err: string[] = [];

/** Runs `switchyard kb …` in-process; returns stdout (console.log) and stderr (console.error). */
async function kb(...argv: string[]): Promise<{ stdout: string; stderr: string }> {
  out = [];
  err = [];
  const program = new Command('switchyard').exitOverride();
  registerKb(program);
  await program.parseAsync(['node', 'switchyard', 'kb', ...argv, '--db', db]);
  const clean = (lines: string[]) => lines.join('\n').replace(/\u001b\[[0-9;]*m/g, '');
  return { stdout: clean(out), stderr: clean(err) };
}

async function searchLines(name: string, lines: string[], flags: Record<string, string> = {}): Promise<unknown[]> {
  const written: string[] = [];
  await searchAction(name, { db, ...flags }, { input: Readable.from(lines.map((l) => `${l}\n`)), write: (line) => void written.push(line) });
  expect(written.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  return written.map((l) => JSON.parse(l));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-kb-'));
  db = join(dir, 'kb.db');
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
});
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await sim.close();
});

describe('switchyard kb add', () => {
  it('indexes a folder, warns about each skipped file by name, and re-adds nothing when unchanged', async () => {
    const first = await kb('add', 'handbook', DOCS);
    expect(first.stdout).toMatch(/^handbook@1: 4 added, 0 changed, 0 unchanged, 0 removed, 3 skipped · \d+ chunks written$/);
    expect(first.stderr).toContain(`warning: skipped ${DOCS}/empty.md: empty document (no text)`);
    expect(first.stderr).toContain(`warning: skipped ${DOCS}/blank.txt: empty document (no text)`);
    expect(first.stderr).toContain(`warning: skipped ${DOCS}/photo.png: binary file`);
    const again = await kb('add', 'handbook', DOCS);
    expect(again.stdout).toMatch(/^handbook@1 \(unchanged\): 0 added, 0 changed, 4 unchanged, 0 removed, 3 skipped · 0 chunks written$/);
    // A script reads each skipped file by id and reason, without parsing the warnings' lines.
    const json = JSON.parse((await kb('add', 'handbook', DOCS, '--json')).stdout) as { skipped: number; skips: { id: string; reason: string }[] };
    expect(json.skips).toEqual([
      { id: `${DOCS}/blank.txt`, reason: 'empty document (no text)' },
      { id: `${DOCS}/empty.md`, reason: 'empty document (no text)' },
      { id: `${DOCS}/photo.png`, reason: 'binary file (not text, Markdown, HTML or PDF)' },
    ]);
    expect(json.skipped).toBe(json.skips.length);
    const bad = await kb('add', 'handbook', 'src/knowledge/__fixtures__/bad');
    expect(bad.stderr).toContain('skipped src/knowledge/__fixtures__/bad/encrypted.pdf: encrypted PDF (needs a password)');
    expect(bad.stderr).toMatch(/skipped src\/knowledge\/__fixtures__\/bad\/truncated.pdf: not a readable PDF/);
  });

  it('skips a file whose name holds a newline, named on one warning line', async () => {
    const folder = join(dir, 'odd');
    mkdirSync(folder);
    writeFileSync(join(folder, 'refunds\npolicy.md'), '# Refunds\n\nFive days.\n');
    writeFileSync(join(folder, 'hours.md'), '# Hours\n\nNine to five.\n');
    const added = await kb('add', 'odd-names', folder);
    expect(added.stdout).toMatch(/^odd-names@1: 1 added, 0 changed, 0 unchanged, 0 removed, 1 skipped/);
    expect(added.stderr.split('\n')).toContain(`warning: skipped ${folder}/refunds\\npolicy.md: its name holds U+000A (a control character: listings and citations would show the name split or garbled); rename the file to index it`);
    expect((await kb('show', 'odd-names', '--json')).stdout).not.toContain('refunds');
    await kb('delete', 'odd-names'); // the list below names the bases of the other tests
  });

  it('reads Latin-1 and UTF-16 files and says which were decoded how (Latin-1 was refused)', async () => {
    const folder = join(dir, 'encodings');
    mkdirSync(folder);
    writeFileSync(join(folder, 'menu.txt'), Buffer.from('Caf\xe9 cr\xe8me costs 4,50 \x80.\n', 'latin1'));
    writeFileSync(join(folder, 'parking.md'), Buffer.from('\uFEFF# Parking\r\n\nLevel \u22121.\r\n', 'utf16le'));
    writeFileSync(join(folder, 'plain.md'), '# Plain\n\nUTF-8 caf\u00e9.\n');
    const added = await kb('add', 'encodings', folder);
    expect(added.stdout.split('\n')).toEqual([
      expect.stringMatching(/^encodings@1: 3 added, 0 changed, 0 unchanged, 0 removed, 0 skipped · 3 chunks written$/),
      `decoded ${folder}/menu.txt as Windows-1252 (Latin-1): not UTF-8`,
      `decoded ${folder}/parking.md as UTF-16LE, from its byte order mark`,
    ]);
    expect(await searchLines('encodings', ['{"query":"crème"}'])).toEqual([{ results: [expect.objectContaining({ text: 'Café crème costs 4,50 €.' })] }]);
    writeFileSync(join(folder, 'menu.txt'), Buffer.from('Caf\xe9 cr\xe8me costs 5 \x80.\n', 'latin1'));
    const json = JSON.parse((await kb('add', 'encodings', folder, '--json')).stdout) as { changed: number; decoded: unknown[] };
    // Only what this run read: the unchanged UTF-16 file is not read again.
    expect(json).toMatchObject({ changed: 1, decoded: [{ id: `${folder}/menu.txt`, encoding: 'windows-1252' }] });
    await kb('delete', 'encodings');
  });

  it('reads Central European (Windows-1250) files by their letters, and --encoding forces one', async () => {
    const folder = join(dir, 'central');
    mkdirSync(folder);
    const polish = 'Potężny wiatr wiał nad Łodzią przez całą noc; źdźbła trawy kładły się na ziemi.';
    writeFileSync(join(folder, 'wiatr.txt'), encodeSingleByte(polish, 'windows-1250'));
    writeFileSync(join(folder, 'menu.txt'), encodeSingleByte('Café crème costs 4,50 €.', 'windows-1252'));
    const added = await kb('add', 'central', folder);
    expect(added.stdout.split('\n')).toEqual([
      expect.stringMatching(/^central@1: 2 added/),
      `decoded ${folder}/menu.txt as Windows-1252 (Latin-1): not UTF-8`,
      `decoded ${folder}/wiatr.txt as Windows-1250 (Central European): not UTF-8`,
    ]);
    expect(await searchLines('central', ['{"query":"wiatr"}'])).toEqual([{ results: [expect.objectContaining({ text: polish, metadata: expect.objectContaining({ encoding: 'windows-1250' }) })] }]);
    // Told otherwise, every file that is not UTF-8 is read so, and re-read (its hash names the decoding).
    const forced = JSON.parse((await kb('add', 'central', folder, '--encoding', 'windows-1252', '--json')).stdout) as { changed: number; decoded: unknown[] };
    expect(forced).toMatchObject({ changed: 2, decoded: [{ id: `${folder}/menu.txt`, encoding: 'windows-1252' }, { id: `${folder}/wiatr.txt`, encoding: 'windows-1252' }] });
    const strict = await kb('add', 'central', folder, '--encoding', 'utf-8');
    expect(strict.stderr).toContain(`warning: skipped ${folder}/wiatr.txt: not valid UTF-8 at byte 3 of the file (0xEA), line 1, and --encoding utf-8 reads no other encoding; leave --encoding out to read it by its letters, or name its encoding`);
    await expect(kb('add', 'central', folder, '--encoding', 'cp1250')).rejects.toThrow('--encoding must be one of auto, utf-8, windows-1252, windows-1250, iso-8859-2, got "cp1250"');
    await kb('delete', 'central');
  });

  it('kb remove --purge: forgets a document from every version, one only earlier versions hold included', async () => {
    const folder = join(dir, 'purge');
    mkdirSync(folder);
    writeFileSync(join(folder, 'case.md'), '# Case\n\nPemberdine was dismissed.\n');
    writeFileSync(join(folder, 'leave.md'), '# Leave\n\n25 days.\n');
    await kb('add', 'purging', folder);
    await kb('remove', 'purging', join(folder, 'case.md'));
    const purged = await kb('remove', 'purging', join(folder, 'case.md'), '--purge');
    expect(purged.stdout.split('\n').slice(0, 3)).toEqual([
      `purged 1 document from every version of purging: ${folder}/case.md`,
      'version 1 held it; 1 chunk deleted with their text, vectors and index entries. purging@2: 1 document, 1 chunk; no version returns it again (a gateway within 2 s)',
      // Before, it named the admin API's remove, which finds no document once this purge has run.
      `still held by a gateway: what it answered from it (answers in traces, cached answers, stored responses, eval results and cache, datasets and reviews made from them); this command cannot reach them: POST /api/knowledge/purging/purge with {"documents": ["${folder}/case.md"]} erases them`,
    ]);
    expect(await searchLines('purging', ['{"query":"Pemberdine dismissed"}'], { kbVersion: '1' })).toEqual([{ results: [] }]);
    await kb('delete', 'purging');
  });

  it('kb remove: takes a document out as a new version at once, by id or by path, and names close ids for a typo', async () => {
    const folder = join(dir, 'policies');
    mkdirSync(folder);
    writeFileSync(join(folder, 'refunds.md'), '# Refunds\n\nRefunds take five business days.\n');
    writeFileSync(join(folder, 'hours.md'), '# Hours\n\nWe open at nine.\n');
    writeFileSync(join(folder, 'parking.md'), '# Parking\n\nStaff park in the north lot.\n');
    await kb('add', 'policies', folder);
    const id = `${folder}/refunds.md`; // outside the working directory: kb add ids it by its absolute path
    await expect(kb('remove', 'policies', `${folder}/refund.md`)).rejects.toThrow(`no document "${folder}/refund.md" (did you mean "${id}"?) in knowledge base "policies" (version 1, 3 documents); nothing was removed. switchyard kb show policies lists its document ids`);
    await expect(kb('remove', 'polices', id)).rejects.toThrow(/knowledge base "polices" does not exist; did you mean "policies"\?/);
    const removed = await kb('remove', 'policies', id);
    expect(removed.stdout.split('\n')).toEqual([
      `removed 1 document from policies: ${id}`,
      'policies@2: 2 documents, 2 chunks; searches use it from now on (a gateway within 2 s); policies@1 still holds them (--kb-version 1; --purge deletes them from every version)',
      `note: 1 file still on disk (${id}): switchyard kb add of its folder indexes it again; delete or move it first`,
    ]);
    expect(await searchLines('policies', ['{"query":"refunds business days"}'])).toEqual([{ results: [] }]);
    expect((await searchLines('policies', ['{"query":"refunds business days"}'], { kbVersion: '1' }))[0]).toMatchObject({ results: [{ docId: id }] });
    // A relative spelling of the path finds the id too.
    const relative = join('..', ...folder.split('/').filter(Boolean).map(() => '..')).replace(/^\.\.\//, '') + folder + '/hours.md';
    const json = JSON.parse((await kb('remove', 'policies', relative, '--json')).stdout) as Record<string, unknown>;
    expect(json).toEqual({ name: 'policies', version: 3, removed: [`${folder}/hours.md`], documents: 1, chunks: 1 });
    await kb('delete', 'policies');
  });

  it('kb remove of an empty reference or "/" removes nothing: it said folder "/", every document kb add named by an absolute path', async () => {
    const folder = join(dir, 'unset');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), '# A\n\nAlpha.\n');
    writeFileSync(join(folder, 'b.md'), '# B\n\nBeta.\n');
    await kb('add', 'unset', folder);
    // As `kb remove unset "$DOC"` and `kb remove unset "$DIR/" --purge` with the variables unset.
    await expect(kb('remove', 'unset', '')).rejects.toThrow('document reference 1 of 1 to remove from "unset" is empty: name a document id as kb show lists it, or a folder or JSONL file kb add read (kb delete unset removes the whole base); nothing was removed');
    await expect(kb('remove', 'unset', `${folder}/a.md`, '/', '--purge')).rejects.toThrow('document reference 2 of 2 to remove from "unset" is "/", the root folder, which would stand for every document kb add named by an absolute path: name a document id as kb show lists it, or a folder or JSONL file kb add read (kb delete unset removes the whole base); nothing was removed');
    // A relative path that comes out as "/" is no folder of everything either.
    await expect(kb('remove', 'unset', join(...Array.from({ length: 40 }, () => '..')))).rejects.toThrow(/^no document "(\.\.\/)+\.\." in knowledge base "unset" \(version 1, 2 documents\); nothing was removed/);
    expect((await kb('show', 'unset', '--json')).stdout).toContain(`${folder}/b.md`);
    expect(JSON.parse((await kb('remove', 'unset', folder, '--json')).stdout)).toMatchObject({ removed: [`${folder}/a.md`, `${folder}/b.md`], documents: 0 });
    await kb('delete', 'unset');
  });

  it('skips a JSONL record whose id holds a newline, named by line and id on one warning line', async () => {
    const file = join(dir, 'odd-ids.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'refunds\npolicy', text: 'Five days.' })}\n${JSON.stringify({ id: 'hours', text: 'Nine to five.' })}\n`);
    const added = await kb('add', 'odd-ids', '--jsonl', file);
    expect(added.stdout).toMatch(/^odd-ids@1: 1 added, 0 changed, 0 unchanged, 0 removed, 1 skipped/);
    expect(added.stderr.split('\n')).toContain(`warning: skipped ${file}:1: "id" "refunds\\npolicy" holds U+000A (a control character: listings and citations would show the id split or garbled); change the id to index the record`);
    expect((await kb('show', 'odd-ids', '--json')).stdout).not.toContain('refunds');
    await kb('delete', 'odd-ids');
  });

  it('indexes JSONL with custom field names, and refuses unclear input', async () => {
    const file = join(dir, 'faq.jsonl');
    writeFileSync(file, '{"key":"q1","name":"Hours","body":"We open at nine.","lang":"en"}\n{"key":"q2","body":"Returns are free within 30 days.","lang":"fr"}\n');
    const added = await kb('add', 'faq', '--jsonl', file, '--id-field', 'key', '--text-field', 'body', '--title-field', 'name');
    expect(added.stdout).toMatch(/^faq@1: 2 added, 0 changed, 0 unchanged, 0 removed, 0 skipped/);
    await expect(kb('add', 'faq', DOCS, '--jsonl', file)).rejects.toThrow(/either PATH… or --jsonl FILE, not both/);
    await expect(kb('add', 'faq')).rejects.toThrow(/nothing to add/);
    await expect(kb('add', 'faq', 'no/such/folder')).rejects.toThrow(/path not found: no\/such\/folder/);
    // The JSONL file named as a PATH (a natural slip) is refused with the flag that reads its records.
    await expect(kb('add', 'faq', file)).rejects.toThrow(`${file} is a JSONL file: index its records, one document each, with --jsonl (switchyard kb add faq --jsonl ${file}; --text-field NAME for the field holding the text)`);
    await expect(kb('add', 'faq', DOCS, '--embed-model', 'x')).rejects.toThrow(/--embed-model needs --gateway URL/);
    expect(await searchLines('faq', ['{"query":"open nine"}', '{"query":"returns"}'], { filter: '{"lang":"fr"}' })).toEqual([
      { results: [] },
      { results: [expect.objectContaining({ docId: 'q2', chunkId: 'q2#0', score: expect.any(Number), text: 'Returns are free within 30 days.', metadata: { lang: 'fr' } })] },
    ]);
  });

  it('refuses JSONL whose first record lacks the id or text field, naming its fields and the flag, and creates no base', async () => {
    const shared = db;
    db = join(dir, 'bodies.db');
    onTestFinished(() => {
      db = shared;
    });
    const file = join(dir, 'bodies.jsonl');
    writeFileSync(file, '\n{"id":"q1","title":"Hours","body":"We open at nine.","lang":"en"}\n');
    await expect(kb('add', 'bodies', '--jsonl', file)).rejects.toThrow(`${file}:2 has no "text" field (its fields: id, title, body, lang): pass --text-field body (the one holding the text)`);
    await expect(kb('add', 'bodies', '--jsonl', file, '--id-field', 'key', '--text-field', 'body')).rejects.toThrow(/has no "key" field .*: pass --id-field FIELD/);
    expect(existsSync(db)).toBe(false);
    // A data set whose records nothing names (BIPIA's e-mails): the error's command numbers them, and runs as pasted.
    const unnamed = join(dir, 'e-mails.jsonl');
    writeFileSync(unnamed, '{"context":"Your card was charged $373.52.","question":"How much?"}\n{"context":"Refunds take 5 days.","question":"How long?"}\n');
    const refusal = await kb('add', 'mails', '--jsonl', unnamed, '--text-field', 'context').then(() => '', (error: Error) => error.message);
    const command = /number them: (jq .*> numbered\.jsonl)\)/.exec(refusal)?.[1];
    expect(command).toBe(`jq -c '{id: (input_line_number|tostring)} + .' ${unnamed} > numbered.jsonl`);
    expect(spawnSync('sh', ['-c', command ?? 'false'], { cwd: dir }).status).toBe(0);
    expect((await kb('add', 'mails', '--jsonl', join(dir, 'numbered.jsonl'), '--text-field', 'context')).stdout).toMatch(/^mails@1: 2 added, /);
    expect((await searchLines('mails', ['{"query":"refunds"}']))[0]).toMatchObject({ results: [{ docId: '2', metadata: { question: 'How long?' } }] });
    await kb('delete', 'mails');
    expect((await kb('add', 'bodies', '--jsonl', file, '--text-field', 'body')).stdout).toMatch(/^bodies@1: 1 added, .* · 1 chunk written$/);
    expect((await kb('show', 'bodies')).stdout).toMatch(/^bodies@1: 1 document, 1 chunk · /);
    // "delete NAME DOC" points to kb remove, and deletes nothing.
    await expect(kb('delete', 'bodies', 'doc-1')).rejects.toThrow('kb delete removes the whole base "bodies" and takes no documents; to take a document out of it: switchyard kb remove bodies doc-1');
    expect((await kb('show', 'bodies')).stdout).toMatch(/^bodies@1: 1 document/);
    // A base made by mistake can go again, with every version.
    expect((await kb('delete', 'bodies')).stdout).toBe('deleted knowledge base "bodies" (1 version, the latest with 1 document)\nstill held by a gateway: what it answered from the base (answers in traces, cached answers, stored responses, eval results and cache, datasets and reviews made from them); this command cannot reach them: POST /api/knowledge/bodies/purge with {"all": true} erases them');
    expect((await kb('list', '--json')).stdout).toBe('[]');
    await expect(kb('delete', 'bodies')).rejects.toThrow(/knowledge base "bodies" does not exist/);
  });
});

describe('switchyard kb search', () => {
  it('answers one line per query, in order, keeping lines for bad input', async () => {
    const results = (await searchLines('handbook', ['{"query":"how often should I re-wax a jacket used for sailing"}', 'not json', '', '{"query":"warranty claim photo"}', '{"q":1}'], { k: '2' })) as { results: { docId: string; chunkId: string; score: number; text: string }[]; error?: string }[];
    expect(results).toHaveLength(4);
    expect(results[0]?.results[0]?.docId).toBe(`${DOCS}/care-guide.html`);
    expect(results[0]?.results[0]?.text).toContain('Sailing and fishing | 3 months');
    // Everything a citation needs, named as the gateway's citations are.
    // camelCase, as kb list --json and the admin API name fields; the snake_case names of before
    // follow, the same values, for scripts written against them (until the next release).
    expect(Object.keys(results[0]?.results[0] ?? {})).toEqual(['docId', 'chunkId', 'score', 'text', 'title', 'headingPath', 'start', 'end', 'metadata', 'doc_id', 'chunk_id', 'heading_path']);
    expect(results[0]?.results[0]).toMatchObject({ doc_id: `${DOCS}/care-guide.html`, chunk_id: results[0]?.results[0]?.chunkId, heading_path: ['Re-waxing schedule'] });
    expect(results[0]?.results[0]).toMatchObject({ title: expect.stringMatching(/^Waxed jacket care guide/), headingPath: ['Re-waxing schedule'], metadata: { format: 'html', path: `${DOCS}/care-guide.html` } });
    const hit = results[0]?.results[0] as { start: number; end: number; text: string } | undefined;
    expect(hit && hit.end - hit.start).toBe(hit?.text.length);
    expect(results[1]).toEqual({ results: [], error: 'line 2: not valid JSON (expected {"query": "…"})' });
    expect(results[2]?.results[0]?.docId).toBe(`${DOCS}/warranty.pdf`);
    expect(results[3]).toEqual({ results: [], error: 'line 5: expected {"query": "…"} with a string query' });
    const [huge, after] = (await searchLines('handbook', [`{"query":"${'x'.repeat(70_000)}"}`, '{"query":"warranty"}'])) as { results: unknown[]; error?: string }[];
    expect(huge?.error).toBe('line 1: 70012 characters is over the 64000-character line limit');
    expect(after?.results.length).toBeGreaterThan(0);
  });

  it('searches one --query as it would the same query on stdin, and refuses it with stdin lines or empty', async () => {
    const question = 'how often should I re-wax a jacket used for sailing';
    const [piped] = await searchLines('handbook', [JSON.stringify({ query: question })], { k: '2' });
    expect(await searchLines('handbook', [], { k: '2', query: question })).toEqual([piped]);
    await expect(searchLines('handbook', [], { query: ' ' })).rejects.toThrow('--query is empty: give the words to search for');
    await expect(searchLines('handbook', [], { query: 'x'.repeat(70_000) })).rejects.toThrow('--query: 70012 characters is over the 64000-character line limit');
    // Through the command itself: stdin lines beside --query are refused, naming both; none beside it is fine.
    const cli = (input: string) => spawnSync(process.execPath, ['bin/switchyard.js', 'kb', 'search', 'handbook', '--query', question, '--k', '2', '--db', db], { input, encoding: 'utf8', timeout: 60_000 });
    const both = cli('{"query":"warranty"}\n');
    expect([both.status, both.stdout, both.stderr]).toEqual([1, '', 'switchyard: --query was given and JSON lines {"query": …} were piped on stdin: use one (--query for a single input, stdin for many)\n']);
    const alone = cli('');
    expect([alone.status, alone.stderr]).toEqual([0, '']);
    expect(JSON.parse(alone.stdout)).toEqual(piped);
  });

  it('lists each query\'s results readably on a terminal, and JSON lines there with --json', async () => {
    const lines = ['{"query":"how often should I re-wax a jacket used for sailing"}', 'not json'];
    const onTerminal = async (flags: Record<string, string | boolean>) => {
      const written: string[] = [];
      await searchAction('handbook', { db, k: '2', ...flags }, { input: Readable.from(lines.map((l) => `${l}\n`)), write: (line) => void written.push(line), isTTY: true });
      return written.join('');
    };
    const columns = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    try {
      const text = await onTerminal({});
      const rows = text.split('\n');
      expect(rows[0]).toBe('1. how often should I re-wax a jacket used for sailing · 2 results');
      expect(rows[1]).toMatch(new RegExp(`^ +\\d+\\.\\d{3}  ${DOCS}/care-guide\\.html#\\d+$`));
      expect(rows[2]).toMatch(/^ {10}\S/);
      expect(text).toContain('line 2: not valid JSON (expected {"query": "…"})');
      expect(Math.max(...rows.map((r) => [...r].length))).toBeLessThanOrEqual(80);
      expect(text).not.toContain('{"results"');
      const json = (await onTerminal({ json: true })).trimEnd().split('\n').map((l) => JSON.parse(l) as { results: unknown[]; error?: string });
      expect(json).toHaveLength(2);
      expect(json[0]?.results).toHaveLength(2);
      expect(json[1]?.error).toMatch(/^line 2: not valid JSON/);
    } finally {
      if (columns === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = columns;
    }
  });

  it('says on a terminal why a query got fewer results than --k asked for; the JSON lines keep their shape', async () => {
    const ask = async (k: string, query: string, flags: Record<string, string | boolean> = {}) => {
      const written: string[] = [];
      await searchAction('handbook', { db, k, ...flags }, { input: Readable.from([`${JSON.stringify({ query })}\n`]), write: (line) => void written.push(line), isTTY: true });
      return written.join('').split('\n');
    };
    const held = (JSON.parse((await kb('list', '--json')).stdout) as { name: string; chunks: number }[]).find((b) => b.name === 'handbook')?.chunks ?? 0;
    expect(held).toBeGreaterThan(2);
    // More than the base holds: every chunk sharing a word comes back, and the line says the base is that small.
    const all = await ask('1000', 'the and of a to warranty jacket');
    expect(all[0]).toMatch(/ · \d+ results$/);
    expect(all[1]).toBe(`   fewer than the 1000 asked for: the knowledge base holds ${held} chunks`);
    // A word only a few chunks hold: those come back, and the line says only they matched.
    const few = await ask(String(held), 'sailing');
    const found = Number(/ · (\d+) results?$/.exec(few[0] ?? '')?.[1]);
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(held);
    expect(few[1]).toBe(`   fewer than the ${held} asked for: only ${found} chunk${found === 1 ? ' shares' : 's share'} a word with the query`);
    expect(await ask('3', 'zzzqqq')).toEqual(['1. zzzqqq · no results', '   fewer than the 3 asked for: no chunk shares a word with the query', '']);
    // k met: nothing said.
    expect((await ask('1', 'sailing'))[1]).toMatch(/^ +\d+\.\d{3}  /);
    // --json keeps its shape.
    expect(JSON.parse((await ask('3', 'zzzqqq', { json: true }))[0] ?? '')).toEqual({ results: [] });
  });

  it('says which flags dense search needs, and searches dense and hybrid through an OpenAI-compatible API', async () => {
    await expect(kb('search', 'handbook', '--mode', 'dense')).rejects.toThrow(/--mode dense needs an embedding model: pass --gateway URL --api-key KEY --embed-model MODEL/);
    await expect(searchLines('handbook', ['{"query":"x"}'], { mode: 'hybrid' })).rejects.toThrow(/--embed-model MODEL/);
    const embed = { gateway: sim.url, apiKey: 'sk-sim', embedModel: 'standin-embed' };
    // Indexed without an embedder: the kb add that embeds it, with the gateway and model given here (no key echoed).
    await expect(searchLines('handbook', ['{"query":"x"}'], { mode: 'dense', ...embed })).rejects.toThrow(
      `knowledge base "handbook" has no vectors yet, which --mode dense searches: embed it first with switchyard kb add handbook PATH… --gateway ${sim.url} --api-key KEY --embed-model standin-embed, PATH the files or folders it was indexed from (kb show handbook lists its documents; unchanged ones are embedded, not indexed again), or search with --mode bm25`,
    );
    await expect(searchLines('handbook', ['{"query":"x"}'], { mode: 'hybrid', gateway: sim.url, embedModel: 'standin-embed' })).rejects.toThrow(
      `which --mode hybrid searches: embed it first with switchyard kb add handbook PATH… --gateway ${sim.url} --embed-model standin-embed,`,
    );
    const added = await kb('add', 'handbook', DOCS, '--gateway', sim.url, '--api-key', 'sk-sim', '--embed-model', 'standin-embed');
    expect(added.stdout).toMatch(/4 unchanged.* \d+ embedded$/);
    const [dense] = (await searchLines('handbook', ['{"query":"warranty claim photo"}'], { mode: 'dense', k: '1', ...embed })) as { results: { docId: string }[] }[];
    expect(dense?.results[0]?.docId).toBe(`${DOCS}/warranty.pdf`);
    const [hybrid] = (await searchLines('handbook', ['{"query":"re-wax sailing jacket"}'], { mode: 'hybrid', k: '3', ...embed })) as { results: { docId: string }[] }[];
    expect(hybrid?.results[0]?.docId).toBe(`${DOCS}/care-guide.html`);
    expect(hybrid?.results).toHaveLength(3);
    await expect(searchLines('handbook', ['{"query":"x"}'], { mode: 'dense', gateway: sim.url, apiKey: 'sk-sim', embedModel: 'standin-embed-large' })).rejects.toThrow(/vectors from embedding model "standin-embed".*Re-embed/);
  });
});

describe('switchyard kb eval, list and show', () => {
  it('reports recall@1/5/10/100, MRR@10 and nDCG@10 as a table or JSON', async () => {
    const queries = join(dir, 'queries.jsonl');
    writeFileSync(queries, [
      { question: 'How often to re-wax for sailing?', gold_ids: [`${DOCS}/care-guide.html`] },
      { question: 'Who pays shipping when I changed my mind?', gold_ids: [`${DOCS}/returns-policy.md`] },
    ].map((q) => JSON.stringify(q)).join('\n'));
    const table = await kb('eval', 'handbook', '--queries', queries);
    expect(table.stdout).toMatch(/handbook@\d+ · bm25 · 2 questions/);
    expect(table.stdout).toMatch(/recall@1\s*│\s*1\.000/);
    expect(table.stdout).toMatch(/nDCG@10\s*│\s*1\.000/);
    const json = JSON.parse((await kb('eval', 'handbook', '--queries', queries, '--json')).stdout);
    expect(json).toMatchObject({ knowledgeBase: 'handbook', knowledge_base: 'handbook', mode: 'bm25', queries: 2, recall: { 1: 1, 5: 1, 10: 1, 100: 1 }, mrr10: 1, ndcg10: 1 });
    writeFileSync(queries, '{"question":"x"}\n');
    await expect(kb('eval', 'handbook', '--queries', queries)).rejects.toThrow(/queries\.jsonl:1: expected \{"question": "…", "gold_ids"/);
    writeFileSync(queries, Buffer.from('{"question":"caf\xe9","gold_ids":["a"]}\n', 'latin1'));
    await expect(kb('eval', 'handbook', '--queries', queries)).rejects.toThrow(/queries\.jsonl:1: not valid UTF-8 at byte 16 of the file \(0xE9\)/);
  });

  it('lists knowledge bases and shows versions and documents', async () => {
    const list = await kb('list');
    expect(list.stdout).toMatch(/faq\s*│\s*1\s*│\s*2\s*│/);
    expect(list.stdout).toMatch(/handbook\s*│\s*1\s*│\s*4\s*│.*standin-embed \(1536\)/);
    const show = await kb('show', 'handbook');
    expect(show.stdout).toMatch(/^handbook@1: 4 documents, \d+ chunks · chunking 1600 chars, overlap 200/);
    expect(show.stdout).toContain('returns-policy.md');
    // In an 80-column terminal the documents table keeps each id whole and leaves out since and chars.
    const columns = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    try {
      const narrow = (await kb('show', 'handbook')).stdout.split('\n');
      const documents = narrow.slice(narrow.findIndex((l) => l.startsWith('│ document ')) - 1);
      expect(Math.max(...documents.map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(documents.some((l) => /^│ \S*returns-policy\.md +│/.test(l))).toBe(true);
      expect(documents).toContain('(not shown to fit 80 columns: since, chars)');
    } finally {
      if (columns === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = columns;
    }
    await expect(kb('show', 'nope')).rejects.toThrow(/knowledge base "nope" does not exist \(known: faq, handbook\); create it with/);
    // A typo of a base that exists: the one meant, not advice to create the misspelt one.
    await expect(kb('show', 'handbok')).rejects.toThrow('knowledge base "handbok" does not exist; did you mean "handbook"? (known: faq, handbook)');
  });
});
