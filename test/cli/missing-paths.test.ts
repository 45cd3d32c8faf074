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

describe('the other files a command reads', () => {
  it('says what was meant in kb eval --queries, router train --data, router show and guard redteam --corpus', async () => {
    // Before: Node's "ENOENT: no such file or directory, open '…'", naming no way on.
    writeFileSync(join(dir, 'examples', 'handbook-gold.jsonl'), '{"question":"q","gold_ids":["a"]}\n');
    writeFileSync(join(dir, 'examples', 'mmlu.jsonl.gz'), '');
    const { evalAction } = await import('../../src/cli/kb/kb-eval.js');
    const { trainAction } = await import('../../src/routing/learned/router-cli.js');
    const { loadRouter } = await import('../../src/routing/learned/router-file.js');
    const { loadCorpus } = await import('../../src/cli/guard/redteam-corpus.js');
    const meant = (name: string) => `no such file (did you mean ${join(dir, 'examples', name)}?)`;
    await expect(evalAction('bank-docs', { queries: join(dir, 'examples', 'handbook-gold.json') })).rejects.toThrow(`cannot read --queries ${join(dir, 'examples', 'handbook-gold.json')}: ${meant('handbook-gold.jsonl')}`);
    const train = { out: join(dir, 'r.json'), promptField: 'prompt', weakField: 'weak', strongField: 'strong', minQuality: '0.95', confidence: '0.95', validation: '0.2', seed: '1' };
    await expect(trainAction({ ...train, data: join(dir, 'examples', 'mmlu.jsonl') })).rejects.toThrow(`cannot read it: ${meant('mmlu.jsonl.gz')}`);
    expect(() => loadRouter(join(dir, 'examples', 'train.cvs'))).toThrow(`cannot read it: ${meant('train.csv')}`);
    expect(() => loadCorpus(join(dir, 'examples', 'handbok-faq.jsonl'))).toThrow(`cannot read the attack corpus ${join(dir, 'examples', 'handbok-faq.jsonl')}: ${meant('handbook-faq.jsonl')}`);
  });
});
