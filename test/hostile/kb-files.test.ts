import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../src/knowledge/ingest/load-file.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';

/**
 * `kb add` with text that is not UTF-8. A Latin-1 Markdown file was skipped as a "binary file (not
 * text, Markdown, HTML or PDF)", and one whose first 8 KiB were UTF-8 was indexed with U+FFFD in
 * place of each later Latin-1 byte: text that was never in the file, cited as if it had been.
 * Both were then skipped naming the byte, its line and the fix; now such text is read as
 * Windows-1252 (Latin-1), unless its bytes rule that out (mostly UTF-8, a byte Windows-1252 does
 * not define, or the runs of bytes past ASCII other encodings' words make).
 */
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('kb add: files that are not UTF-8 text', () => {
  it('a Latin-1 (Windows-1252) Markdown file is read as such and says so in its metadata (it was refused)', async () => {
    // "Café crème", then Windows-1252's curly quotes, euro sign and dash (0x93 0x94 0x80 0x96).
    const file = bytes('# Caf', [0xe9], ' cr', [0xe8], 'me\n\n', [0x93], 'Menu', [0x94], ' costs 4,50 ', [0x80], ' ', [0x96], ' na', [0xef], 've pricing.\n');
    const result = await loadFile('notes.md', file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.title).toBe('Café crème');
    expect(result.document.text).toBe('# Café crème\n\n“Menu” costs 4,50 € – naïve pricing.\n');
    expect(result.encoding).toBe('windows-1252');
    expect(result.document.metadata).toMatchObject({ format: 'markdown', encoding: 'windows-1252', bytes: file.length });
  });

  it('a Latin-1 byte past the first 8 KiB is read as Windows-1252, not indexed as U+FFFD', async () => {
    const head = `# Title\n\n${'plain text line\n'.repeat(700)}`;
    const result = await loadFile('long.txt', bytes(head, 'na', [0xef], 've\n'));
    expect(result.ok && result.document.text.endsWith('naïve\n')).toBe(true);
    expect(result.ok && result.encoding).toBe('windows-1252');
  });

  it('a UTF-8 file with a stray byte is refused naming it: read as Windows-1252 its UTF-8 would be garbled', async () => {
    const result = await loadFile('menu.md', bytes('# Café 日本\n\nnaïve ', [0xe9], '\n'));
    expect(result).toEqual({ ok: false, reason: 'not valid UTF-8 at byte 23 of the file (0xE9), line 3, though the rest is UTF-8 (4 characters past ASCII): text pieced together from two encodings, which read as Windows-1252 would garble its UTF-8; fix or remove that byte' });
    const bom = await loadFile('bom.txt', bytes('\uFEFFplain ', [0xe9], '\n'));
    expect(bom.ok ? '' : bom.reason).toBe('not valid UTF-8 at byte 9 of the file (0xE9), line 1, though it opens with a UTF-8 byte order mark; fix or remove that byte, or save it as UTF-8 again');
  });

  it('Cyrillic, Greek or Japanese in a legacy encoding is refused, not indexed as Windows-1252 gibberish', async () => {
    // "Возврат денег" in Windows-1251: every letter past ASCII, in runs as long as its words.
    const cp1251 = (text: string) => Buffer.from([...text].map((c) => (c === ' ' ? 0x20 : c.charCodeAt(0) - 0x410 + 0xc0)));
    const russian = await loadFile('refunds.txt', Buffer.concat([cp1251('Возврат денег занимает пять дней'), Buffer.from('\n')]));
    expect(russian.ok ? '' : russian.reason).toBe('not UTF-8, and its bytes past ASCII come in runs (28 of 28), as whole words of Cyrillic, Greek, Chinese, Japanese or Korean do, not Western or Central European text (Windows-1252, Windows-1250); convert it to UTF-8 from its encoding (e.g. iconv -f windows-1251 -t utf-8 for Cyrillic, shift_jis or gbk for Japanese or Chinese)');
    // "日本語。" in Shift_JIS: 0x81 (its punctuation's lead byte) has no character in Windows-1252.
    const japanese = await loadFile('jp.txt', Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x81, 0x42, 0x0a]));
    expect(japanese.ok ? '' : japanese.reason).toMatch(/^not UTF-8, and not Windows-1252 \(Latin-1\) or Windows-1250 \(Central European\) either: byte 6 \(0x81, line 1\) has no character in Windows-1252, and the file holds bytes Windows-1250 and ISO-8859-2 have none for; convert it to UTF-8/);
  });

  it('Western text with letters past ASCII side by side ("Größe", "ação") is still Windows-1252', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const result = await loadFile('sizes.txt', latin1('Die Größe der Jacke: ação, coração, Þórður, æðri. Œuvre.\n'.replace('Œ', 'OE')));
    expect(result.ok && result.document.text).toBe('Die Größe der Jacke: ação, coração, Þórður, æðri. OEuvre.\n');
  });

  it('a UTF-16 file with a byte order mark is read, in either byte order, as Notepad and PowerShell write it', async () => {
    const le = Buffer.from('\uFEFF# Parking\r\n\nÉlectric cars charge on level −1.\r\n', 'utf16le');
    const result = await loadFile('parking.md', le);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.text).toBe('# Parking\n\nÉlectric cars charge on level −1.\n');
    expect(result.document.title).toBe('Parking');
    expect(result.document.metadata).toMatchObject({ format: 'markdown', encoding: 'utf-16le', bytes: le.length });
    const be = await loadFile('page.html', Buffer.from(Buffer.from('\uFEFF<html><head><title>Hi</title></head><body><main><p>The garage opens at 06:30.</p></main></body></html>', 'utf16le')).swap16());
    expect(be.ok && [be.document.title, be.document.text, be.document.metadata.encoding]).toEqual(['Hi', 'The garage opens at 06:30.', 'utf-16be']);
  });

  it('a UTF-16 file without a byte order mark, or with broken UTF-16 after one, is refused naming why', async () => {
    expect(await loadFile('page.html', Buffer.from('<p>hello</p>', 'utf16le'))).toEqual({ ok: false, reason: 'UTF-16 text (little-endian, no byte order mark), not UTF-8; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)' });
    const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('cd', 'utf16le')]);
    expect(await loadFile('a.txt', lone)).toEqual({ ok: false, reason: 'opens with a UTF-16 byte order mark but is not valid UTF-16 (an odd number of bytes or an unpaired surrogate); save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)' });
  });

  it('random bytes are still a binary file', async () => {
    expect(await loadFile('blob.md', randomBytes(4096))).toEqual({ ok: false, reason: 'binary file (not text, Markdown, HTML or PDF)' });
  });

  it('valid UTF-8, U+FFFD itself included, is read as it is', async () => {
    const result = await loadFile('ok.md', bytes('# Café \uFFFD\n\nnaïve text\n'));
    expect(result.ok && result.document.text).toContain('Café \uFFFD');
  });
});

describe('kb add: a folder with nothing to read', () => {
  it('is named in the warnings, not passed over as "0 skipped"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-hostile-kb-'));
    try {
      mkdirSync(join(dir, 'empty'));
      mkdirSync(join(dir, 'hidden-only'));
      writeFileSync(join(dir, 'hidden-only', '.draft.md'), '# draft\n');
      const items = [];
      for await (const item of walkPaths(['empty', 'hidden-only'], { cwd: dir }).items) items.push(item);
      const reason = 'no files to read in this folder (hidden files, node_modules and __pycache__ are not read)';
      expect(items).toEqual([
        { id: 'empty', source: 'empty', reason },
        { id: 'hidden-only', source: 'hidden-only', reason },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kb add: odd file names', () => {
  it('a newline, ESC or RLO in a name is skipped naming the character (a newline was indexed, drawn on two lines)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-hostile-kb-'));
    try {
      mkdirSync(join(dir, 'docs'));
      for (const name of ['a\nb.md', 'bell\u0007.md', 'x\u202edm.txt', 'ok.md', 'café 日本.md']) writeFileSync(join(dir, 'docs', name), '# Refunds\n\nFive days.\n');
      const items = [];
      for await (const item of walkPaths(['docs'], { cwd: dir }).items) items.push('reason' in item ? [item.id, item.reason] : [item.id, 'read']);
      expect(items).toEqual([
        ['docs/a\nb.md', 'its name holds U+000A (a control character: listings and citations would show the name split or garbled); rename the file to index it'],
        ['docs/bell\u0007.md', 'its name holds U+0007 (a control character: listings and citations would show the name split or garbled); rename the file to index it'],
        ['docs/café 日本.md', 'read'],
        ['docs/ok.md', 'read'],
        ['docs/x\u202edm.txt', 'its name holds U+202E (a bidirectional control: listings and citations would show the name reordered); rename the file to index it'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kb add: devices, pipes and links', () => {
  it('/dev/zero is skipped once past the size bound (it was read until memory ran out)', async () => {
    const items = [];
    for await (const item of walkPaths(['/dev/zero'], { maxFileBytes: 1_000_000 }).items) items.push(item);
    expect(items).toEqual([{ id: '/dev/zero', source: '/dev/zero', reason: 'not a regular file, and it went on past 1000000 bytes, more than a document may hold' }]);
  });

  it('a loop of links, a link to nothing and a link to a folder are named (they were passed over without a word)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-hostile-kb-'));
    try {
      mkdirSync(join(dir, 'docs', 'sub'), { recursive: true });
      writeFileSync(join(dir, 'docs', 'ok.md'), '# Refunds\n\nFive days.\n');
      symlinkSync('b', join(dir, 'docs', 'a'));
      symlinkSync('a', join(dir, 'docs', 'b'));
      symlinkSync('gone.md', join(dir, 'docs', 'dangling.md'));
      symlinkSync('..', join(dir, 'docs', 'sub', 'up'));
      symlinkSync('ok.md', join(dir, 'docs', 'same.md'));
      const items = [];
      for await (const item of walkPaths(['docs'], { cwd: dir }).items) items.push('reason' in item ? [item.id, item.reason] : [item.id, 'read']);
      expect(items).toEqual([
        ['docs/a', 'a link that leads back to itself (a loop of symbolic links)'],
        ['docs/b', 'a link that leads back to itself (a loop of symbolic links)'],
        ['docs/dangling.md', 'a link to a file that is not there'],
        ['docs/ok.md', 'read'],
        ['docs/same.md', 'read'],
        ['docs/sub/up', 'a link to a folder: links to folders are not followed (so a loop cannot be); name the folder itself to index it'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
