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
    // A .json array without its name (`/dev/stdin`, `<(curl …)`) was read as a CSV asking for an "input" column.
    expect(dataFileFormat('/dev/stdin', '\n  [{"input": "hi"}]')).toBe('jsonl');
  });

  it('refuses a name that says YAML, Markdown or HTML instead of reading it as CSV', () => {
    // `datasets import examples/support-suite.yaml` asked for an "input" column in the suite's first comment.
    expect(() => dataFileFormat('examples/support-suite.yaml', '# The suite\ndataset: support-5.jsonl\n')).toThrow(
      'examples/support-suite.yaml is a YAML file, not a data file: give JSONL, a .json array, CSV, TSV or Parquet (an eval suite runs with switchyard eval run examples/support-suite.yaml --config GATEWAY.yaml)',
    );
    expect(() => dataFileFormat('notes.MD', 'input,expected\n')).toThrow('notes.MD is a Markdown file, not a data file');
    expect(() => dataFileFormat('page.html', '<p>')).toThrow('page.html is an HTML file');
  });
});
