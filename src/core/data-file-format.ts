import { SwitchyardError } from './errors.js';

export type DataFileFormat = 'csv' | 'tsv' | 'jsonl';

/**
 * The format a data file's name says (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`/`.json`), or for
 * another name what its first line looks like: a JSON object (or an array's "[") is JSONL, a header with a tab is TSV,
 * anything else CSV (data sets exported from notebooks and hubs come as `.txt`, `.data` or with
 * no extension). A name that says it is no data file (YAML, Markdown, HTML) is refused: read as
 * CSV, `datasets import suite.yaml` asked for an "input" column in its first comment line.
 *
 * @example dataFileFormat('train.txt', 'text\tlabel\n…') // 'tsv'
 */
export function dataFileFormat(source: string, content: string): DataFileFormat {
  const byName = formatOfName(source);
  if (byName !== undefined) return byName;
  const notData = NOT_DATA[/\.([a-z]+)$/i.exec(source)?.[1]?.toLowerCase() ?? ''];
  if (notData !== undefined) {
    const suite = notData === 'a YAML' ? ` (an eval suite runs with switchyard eval run ${source} --config GATEWAY.yaml)` : '';
    throw new SwitchyardError('invalid_request', `${source} is ${notData} file, not a data file: give JSONL, a .json array, CSV, TSV or Parquet${suite}`, { param: 'file' });
  }
  const firstLine = /^\uFEFF?\s*([^\r\n]*)/.exec(content.slice(0, 65_536))?.[1] ?? '';
  // An object opens a JSON line, "[" a JSON array's file (read as one by `startsJsonArray`): `/dev/stdin` has no extension to say so.
  if (firstLine.startsWith('{') || firstLine.startsWith('[')) return 'jsonl';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

/** Extensions of files that hold no data set, by what they hold. */
const NOT_DATA: Readonly<Record<string, string>> = { yaml: 'a YAML', yml: 'a YAML', md: 'a Markdown', markdown: 'a Markdown', html: 'an HTML', htm: 'an HTML' };

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
