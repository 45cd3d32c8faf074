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
 * Both are skipped now naming the byte, its line and the fix, as the dataset readers do.
 */
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('kb add: files that are not UTF-8 text', () => {
  it('a Latin-1 Markdown file is named as such, with the byte and its line, not as a binary file', async () => {
    const result = await loadFile('notes.md', bytes('# Caf', [0xe9], '\n\nLatin-1 cr', [0xe8], 'me\n'));
    expect(result).toEqual({ ok: false, reason: 'not valid UTF-8 at byte 5 of the file (0xE9), line 1; save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)' });
  });

  it('a Latin-1 byte past the first 8 KiB is refused, not indexed as U+FFFD', async () => {
    const head = `# Title\n\n${'plain text line\n'.repeat(700)}`;
    const result = await loadFile('long.txt', bytes(head, 'na', [0xef], 've\n'));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toBe(`not valid UTF-8 at byte ${Buffer.byteLength(head) + 2} of the file (0xEF), line 703; save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)`);
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
