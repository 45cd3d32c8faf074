import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../local/__fixtures__/banking77-sample.js';
import { trainClassifier } from '../../local/train/train-classifier.js';
import { MAX_LINE_CHARS, predictStream } from './predict-action.js';

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

  it('answers an oversized line with an error without buffering it, and carries on', async () => {
    const huge = 'x'.repeat(MAX_LINE_CHARS / 4);
    const out = await run(['{"text":"', huge, huge, huge, huge, huge, '"}\n{"text":"pin blocked"}\n']);
    expect(out).toEqual([{ error: `line 1: longer than ${MAX_LINE_CHARS} characters` }, expect.objectContaining({ label: 'pin_blocked' })]);
  });
});
