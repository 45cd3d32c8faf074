export type DataFileFormat = 'csv' | 'tsv' | 'jsonl';

/**
 * The format a data file's name says (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`/`.json`), or for
 * another name what its first line looks like: a JSON object is JSONL, a header with a tab is TSV,
 * anything else CSV (data sets exported from notebooks and hubs come as `.txt`, `.data` or with
 * no extension).
 *
 * @example dataFileFormat('train.txt', 'text\tlabel\n…') // 'tsv'
 */
export function dataFileFormat(source: string, content: string): DataFileFormat {
  const extension = /\.([a-z]+)$/i.exec(source)?.[1]?.toLowerCase();
  if (extension === 'csv') return 'csv';
  if (extension === 'tsv' || extension === 'tab') return 'tsv';
  if (extension === 'jsonl' || extension === 'ndjson' || extension === 'json') return 'jsonl';
  const firstLine = /^\uFEFF?\s*([^\r\n]*)/.exec(content.slice(0, 65_536))?.[1] ?? '';
  if (firstLine.startsWith('{')) return 'jsonl';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

/** The field delimiter of a CSV or TSV file, for `parseCsvRecords`. */
export const delimiterOf = (format: 'csv' | 'tsv'): string => (format === 'tsv' ? '\t' : ',');
