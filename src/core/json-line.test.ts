import { describe, expect, it } from 'vitest';
import { jsonlLines, jsonlLinesOfBytes, parseJsonLine } from './json-line.js';
import { MAX_LINE_BYTES } from './data-text.js';

describe('jsonlLines', () => {
  it('splits at LF, CRLF and a lone CR, so mixed line endings keep one record a line', () => {
    expect(jsonlLines('{"a":1}\r\n{"a":2}\n{"a":3}\r{"a":4}')).toEqual(['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}']);
  });
});

describe('jsonlLinesOfBytes', () => {
  it('gives the lines jsonlLines gives of the decoded text, blank and last ones included, each decoded by itself', () => {
    const texts = ['{"a":1}\r\n{"a":2}\n{"a":3}\r{"a":4}', '\uFEFF{"t":"café"}\n\n{"t":"日本"}\n', '', '\n', '\r\n\r', '{"a":1}'];
    for (const text of texts) expect([...jsonlLinesOfBytes(Buffer.from(text))]).toEqual(jsonlLines(text));
  });

  it('gives a line over the limit by its size, without decoding it', () => {
    const long = `{"t":"${'x'.repeat(MAX_LINE_BYTES)}"}`;
    expect([...jsonlLinesOfBytes(Buffer.from(`{"a":1}\r\n${long}\n{"a":2}`))]).toEqual(['{"a":1}', { tooLong: long.length }, '{"a":2}']);
  });
});

describe('parseJsonLine', () => {
  it('parses a line, skipping the byte order mark a Windows editor puts before the first', () => {
    expect(parseJsonLine('\uFEFF{"text":"hi"}')).toEqual({ value: { text: 'hi' } });
  });

  it('says why a line is not JSON', () => {
    expect(parseJsonLine('{"text":')).toEqual({ error: expect.stringMatching(/^not valid JSON \(/) });
  });

  it('refuses nesting deep enough to overflow a recursive walk, naming where', () => {
    const line = `{"metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expect(parseJsonLine(line)).toEqual({ error: expect.stringMatching(/^nests objects and arrays more than 128 levels deep \(at metadata\.a\.a/) });
  });
});
