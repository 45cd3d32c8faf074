import { describe, expect, it } from 'vitest';
import { jsonlLines, parseJsonLine } from './json-line.js';

describe('jsonlLines', () => {
  it('splits at LF, CRLF and a lone CR, so mixed line endings keep one record a line', () => {
    expect(jsonlLines('{"a":1}\r\n{"a":2}\n{"a":3}\r{"a":4}')).toEqual(['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}']);
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
