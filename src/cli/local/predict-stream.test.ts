import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../local/__fixtures__/banking77-sample.js';
import { trainClassifier } from '../../local/train/train-classifier.js';
import { lineTooLong, MAX_LINE_BYTES } from '../../core/data-text.js';
import { predictStream } from './predict-action.js';

const model = trainClassifier(banking77('train', EIGHT_LABELS, 40), { seed: 2 });

async function run(chunks: string[]): Promise<unknown[]> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  await predictStream(model, Readable.from(chunks), out);
  return text.trim().split('\n').map((line) => JSON.parse(line));
}

describe('predict stream', () => {
  it('answers every line in order, bad lines with an error naming the line, across chunk boundaries', async () => {
    const out = await run(['{"text":"I lost my ca', 'rd"}\n{"te', 'xt": null}\n\n[1]\n{"text":"top up failed"}']);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ label: 'lost_or_stolen_card' });
    expect(Object.keys(out[0] as object)).toEqual(['label', 'confidence', 'escalate']);
    expect(out[1]).toEqual({ error: 'line 2: "text" must be a string, got null' });
    expect(out[2]).toEqual({ error: 'line 4: expected a JSON object with a "text" string' });
    expect(out[3]).toMatchObject({ label: expect.stringMatching(/^top_up/) });
  });

  it('answers an empty or whitespace-only "text" with an error naming the line, keeping one answer per line in order', async () => {
    // Was a label and a confidence for no words at all, indistinguishable from a real answer.
    const out = await run(['{"text":"I lost my card"}\n{"text":""}\n{"text":" \\t\\n "}\n{"text":"pin blocked"}\n']);
    expect(out).toEqual([
      expect.objectContaining({ label: 'lost_or_stolen_card' }),
      { error: 'line 2: "text" is empty: give the request\'s text to classify' },
      { error: 'line 3: "text" is only whitespace: give the request\'s text to classify' },
      expect.objectContaining({ label: 'pin_blocked' }),
    ]);
  });

  it('names the field a line has instead of "text", and tells plain text lines how to become JSON ones', async () => {
    const out = await run(['{"txt":"lost card"}\n{"input":"lost card"}\n{"other":1}\nmy card has not arrived\n{"text":\n']);
    expect(out).toEqual([
      { error: 'line 1: "text" must be a string, got nothing (the line has "txt": the field is "text")' },
      { error: 'line 2: "text" must be a string, got nothing (the line has "input": the field is "text")' },
      { error: 'line 3: "text" must be a string, got nothing' },
      { error: `line 4: not valid JSON (Unexpected token 'm', "my card ha"... is not valid JSON); each line is a JSON object, this one {"text":"my card has not arrived"} (jq -Rc '{text: .}' turns plain text lines into those; --text TEXT answers one)` },
      // A JSON line cut short is JSON that broke, not plain text: no conversion offered.
      { error: 'line 5: not valid JSON (Unexpected end of JSON input)' },
    ]);
  });

  it('answers an oversized line with an error without buffering it, and carries on', async () => {
    const huge = 'x'.repeat(MAX_LINE_BYTES / 4);
    const out = await run(['{"text":"', huge, huge, huge, huge, huge, '"}\n{"text":"pin blocked"}\n']);
    expect(out).toEqual([{ error: `line 1: ${lineTooLong(huge.length * 5 + 11)}` }, expect.objectContaining({ label: 'pin_blocked' })]);
    expect(lineTooLong(1_250_011)).toBe('1250011 bytes, more than the limit of 1000000 bytes a line may hold');
  });

  it('answers a line that is not UTF-8 with an error naming the byte, and carries on (bytes split across chunks)', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const latin1 = Buffer.from('{"text":"caf\xe9"}\n', 'latin1');
    const euro = Buffer.from('{"text":"\u20ac lost card"}\n', 'utf8');
    await predictStream(model, Readable.from([latin1, euro.subarray(0, 10), euro.subarray(10), Buffer.from('{"text":"x"}\r\n')]), out);
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { error?: string; label?: string });
    expect(lines[0]).toEqual({ error: 'line 1: not valid UTF-8 at byte 12 of the line (0xE9)' });
    expect(lines[1]?.label).toBeDefined();
    expect(lines[2]?.label).toBeDefined();
  });
});
