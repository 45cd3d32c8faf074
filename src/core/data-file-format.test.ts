import { describe, expect, it } from 'vitest';
import { dataFileFormat } from './data-file-format.js';

describe('dataFileFormat', () => {
  it('takes the format from a known extension, whatever the content', () => {
    expect(dataFileFormat('train.TSV', '{"text":1}')).toBe('tsv');
    expect(dataFileFormat('train.json', 'text,label')).toBe('jsonl');
    expect(dataFileFormat('a.csv', 'text\tlabel')).toBe('csv');
  });

  it('tells the format of another name from its first line', () => {
    expect(dataFileFormat('train.txt', '\uFEFF{"text":"hi","label":"greet"}\n')).toBe('jsonl');
    expect(dataFileFormat('train', 'text\tlabel\nhi\tgreet\n')).toBe('tsv');
    expect(dataFileFormat('train.data', 'text,label\n"a\tb",greet\n')).toBe('csv');
    expect(dataFileFormat('empty', '')).toBe('csv');
  });
});
