import { describe, expect, it } from 'vitest';
import { inlineFile, withFileText } from './file-part.js';

const part = (fileData: string) => ({ type: 'file', file: { filename: 'a.txt', file_data: fileData } });
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('inlineFile', () => {
  it('decodes text files (text/*, JSON, +xml, a charset parameter) and round-trips a new text', () => {
    expect(inlineFile(part(`data:text/plain;base64,${b64('héllo')}`))).toEqual({ mediaType: 'text/plain', data: b64('héllo'), text: 'héllo' });
    expect(inlineFile(part(`data:application/json;base64,${b64('{"a":1}')}`))?.text).toBe('{"a":1}');
    expect(inlineFile(part(`data:application/atom+xml;base64,${b64('<feed/>')}`))?.text).toBe('<feed/>');
    const csv = part(`data:text/csv;charset=utf-8;base64,${b64('a,b')}`);
    const file = inlineFile(csv);
    expect(file?.mediaType).toBe('text/csv');
    const changed = withFileText(csv, file!, 'x,<EMAIL_1>');
    expect(inlineFile(changed)?.text).toBe('x,<EMAIL_1>');
    expect((changed as unknown as { file: { filename: string } }).file.filename).toBe('a.txt');
  });

  it('has no text for binary files, bytes that are not UTF-8, other parts and files by id', () => {
    expect(inlineFile(part(`data:application/pdf;base64,${b64('%PDF-1.4')}`))).toEqual({ mediaType: 'application/pdf', data: b64('%PDF-1.4'), text: undefined });
    expect(inlineFile(part(`data:text/plain;base64,${Buffer.from([0xff, 0xfe, 0x00]).toString('base64')}`))?.text).toBeUndefined();
    expect(inlineFile({ type: 'text', text: 'hi' })).toBeUndefined();
    expect(inlineFile({ type: 'file', file: { file_id: 'file-abc' } })).toBeUndefined();
    expect(inlineFile(part('data:text/plain,not-base64'))).toBeUndefined();
  });
});
