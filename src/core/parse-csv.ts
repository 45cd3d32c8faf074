export interface CsvRecord {
  /** 1-based line the record starts on (quoted fields may span lines). */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: commas (or another one-character delimiter, such as a tab for TSV), double-quoted
 * fields with "" escapes and embedded newlines, CRLF or LF.
 *
 * @example parseCsvRecords('input,expected\n"a, b",c\n') // [{ line: 1, fields: ['input','expected'] }, { line: 2, fields: ['a, b','c'] }]
 */
export function parseCsvRecords(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}
