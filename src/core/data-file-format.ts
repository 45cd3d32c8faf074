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
  const byName = formatOfName(source);
  if (byName !== undefined) return byName;
  const firstLine = /^\uFEFF?\s*([^\r\n]*)/.exec(content.slice(0, 65_536))?.[1] ?? '';
  if (firstLine.startsWith('{')) return 'jsonl';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

const BY_EXTENSION: Readonly<Record<string, DataFileFormat>> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'jsonl' };

const formatOfName = (source: string): DataFileFormat | undefined => {
  const extension = /\.([a-z]+)$/i.exec(source)?.[1]?.toLowerCase();
  return extension !== undefined && Object.hasOwn(BY_EXTENSION, extension) ? BY_EXTENSION[extension] : undefined;
};

/**
 * Whether a name is a data file's by its extension (one {@link dataFileFormat} knows, or `.parquet`), as where a
 * dataset is named either by a file or by its name in the store (`dataset: d.json`, `support@2`).
 *
 * @example isDataFileName('eval.tsv') // true
 */
export const isDataFileName = (name: string): boolean => formatOfName(name) !== undefined || isParquetName(name);

/** Whether a file name says Parquet (`train-00000-of-00001.parquet`, the Hugging Face hub's download). */
export const isParquetName = (name: string): boolean => /\.parquet$/i.test(name);

/** Whether bytes start as a Parquet file does (`PAR1`), for one saved without the extension (a hub cache's blob). */
export const hasParquetMagic = (bytes: Uint8Array): boolean => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;

/** The field delimiter of a CSV or TSV file, for `parseCsvRecords`. */
export const delimiterOf = (format: 'csv' | 'tsv'): string => (format === 'tsv' ? '\t' : ',');
