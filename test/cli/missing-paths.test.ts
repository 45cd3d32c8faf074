import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonl } from '../../src/knowledge/ingest/load-jsonl.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { readDocuments } from '../../src/evals/generate/read-documents.js';
import { readExamples } from '../../src/local/data/read-examples.js';
import { closestPath, missingFile, missingPath } from '../../src/core/missing-file.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-missing-'));
mkdirSync(join(dir, 'examples', 'handbook'), { recursive: true });
writeFileSync(join(dir, 'examples', 'handbook', 'refunds.md'), '# Refunds\n');
writeFileSync(join(dir, 'examples', 'handbook-faq.jsonl'), '{"id":"1","text":"x"}\n');
writeFileSync(join(dir, 'examples', 'train.csv'), 'text,label\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a path that is not there', () => {
  it('offers the folder a typo meant, where a file or a folder is taken', () => {
    const typo = join(dir, 'examples', 'handbok/');
    expect(missingPath(typo)).toBe(`no such file or folder (did you mean ${join(dir, 'examples', 'handbook')}?)`);
    expect(closestPath(typo)).toBe(join(dir, 'examples', 'handbook'));
    // A file-only message never offers a folder.
    expect(missingFile(join(dir, 'examples', 'handbok'))).toBe(`no such file (files there: ${join(dir, 'examples', 'handbook-faq.jsonl')}, ${join(dir, 'examples', 'train.csv')})`);
  });

  it('says what was meant in kb add, kb add --jsonl, eval generate --from and local train --data, as other commands do', async () => {
    // Before: "path not found: examples/handbok/", "JSONL file not found: …", "--from examples/handbok is not a folder" (it was not there at all), "(no such file)".
    expect(() => walkPaths(['examples/handbok/'], { cwd: dir })).toThrow(`path not found: examples/handbok/ (relative to ${dir}); did you mean examples/handbook?`);
    expect(() => readJsonl(join(dir, 'examples', 'handbook-fq.jsonl'))).toThrow(`(did you mean ${join(dir, 'examples', 'handbook-faq.jsonl')}?)`);
    expect(() => readDocuments(join(dir, 'examples', 'handbok'))).toThrow(`--from ${join(dir, 'examples', 'handbok')}: no such file or folder (did you mean ${join(dir, 'examples', 'handbook')}?)`);
    expect(() => readDocuments(join(dir, 'examples', 'train.csv'))).toThrow('is a file, not a folder');
    await expect(readExamples(join(dir, 'examples', 'trian.csv'))).rejects.toThrow(`cannot read the data file: no such file (did you mean ${join(dir, 'examples', 'train.csv')}?)`);
  });
});
