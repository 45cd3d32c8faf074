export interface CsvRecord {
  /** 1-based line the record starts on (quoted fields may span lines). */
  line: number;
  fields: string[];
  /** Set when a quoted field opened in this record is never closed: it ran to the end of the text. */
  unclosedQuote?: true;
  /**
   * Where the first text right after a quoted field's closing quote is (`"a"x`, or `"a…\n…"b`
   * when the field spans lines): RFC 4180 allows only the delimiter or the end of the line there.
   * Mostly a quote used as a character (a TSV written without quoting), which swallows the lines
   * up to the next quote into one field. `column` counts characters from 1; `delimiter` is what
   * was expected.
   */
  textAfterQuote?: { line: number; column: number; found: string; delimiter: string };
}

/**
 * RFC 4180 CSV: commas (or another one-character delimiter, such as a tab for TSV), double-quoted
 * fields with "" escapes and embedded newlines, CRLF or LF. A quote inside an unquoted field is
 * read as text; text after a quoted field's closing quote is kept in the field and flagged
 * (`textAfterQuote`), for the reader to refuse by line and column.
 *
 * @example parseCsvRecords('input,expected\n"a, b",c\n') // [{ line: 1, fields: ['input','expected'] }, { line: 2, fields: ['a, b','c'] }]
 */
export function parseCsvRecords(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const separator = delimiter.charCodeAt(0);
  let fields: string[] = [];
  // Fields are cut from the text in runs, never grown a character at a time: `+=` per character
  // builds a rope of one node per character, ~32 bytes each (a 30 MB file held 1 GB of heap).
  let field = '';
  // A last record of one empty quoted field ("") has nothing else to show it exists.
  let quotedField = false;
  let unclosedQuote = false;
  let textAfterQuote: CsvRecord['textAfterQuote'];
  let line = 1;
  let start = 1;
  let i = 0;
  while (i < body.length) {
    if (body.charCodeAt(i) === QUOTE && field === '') {
      // A quoted part: up to the closing quote, "" standing for one quote, newlines kept.
      quotedField = true;
      let from = i + 1;
      for (;;) {
        const quote = body.indexOf('"', from);
        const end = quote === -1 ? body.length : quote;
        field += body.slice(from, end);
        line += newlinesIn(body, from, end);
        if (quote === -1) {
          from = body.length;
          unclosedQuote = true;
        }
        else if (body.charCodeAt(quote + 1) === QUOTE) {
          field += '"';
          from = quote + 2;
          continue;
        } else from = quote + 1;
        break;
      }
      const next = body.charCodeAt(from);
      if (from < body.length && next !== separator && next !== LF && next !== CR) textAfterQuote ??= { line, column: from - lineStartBefore(body, from), found: strayText(body, from, separator), delimiter };
      i = from;
    }
    let end = i;
    while (end < body.length) {
      const c = body.charCodeAt(end);
      if (c === separator || c === LF || c === CR) break;
      end++;
    }
    if (end > i) field += body.slice(i, end);
    if (end === body.length) break;
    fields.push(field);
    field = '';
    if (body.charCodeAt(end) === separator) {
      i = end + 1;
      continue;
    }
    i = body.charCodeAt(end) === CR && body.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    records.push(textAfterQuote === undefined ? { line: start, fields } : { line: start, fields, textAfterQuote });
    fields = [];
    quotedField = false;
    textAfterQuote = undefined;
    line++;
    start = line;
  }
  if (field !== '' || fields.length > 0 || quotedField) {
    fields.push(field);
    records.push({ line: start, fields, ...(unclosedQuote ? { unclosedQuote } : {}), ...(textAfterQuote === undefined ? {} : { textAfterQuote }) });
  }
  return records;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The stray text after a closing quote, up to the field's end (at most 20 characters), for the message. */
function strayText(text: string, from: number, separator: number): string {
  let end = from;
  while (end < text.length && end < from + 20) {
    const c = text.charCodeAt(end);
    if (c === separator || c === LF || c === CR) break;
    end++;
  }
  return text.slice(from, end);
}

/** The index of the line break before `at` (-1 on the first line): `at` minus it is `at`'s 1-based column. */
function lineStartBefore(text: string, at: number): number {
  return Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1));
}

function newlinesIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
