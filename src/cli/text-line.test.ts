import { describe, expect, it } from 'vitest';
import { textOfLine } from './text-line.js';

describe('textOfLine', () => {
  it('gives the text, or an error naming the line and what it has instead', () => {
    expect(textOfLine('{"text":"hi","label":"x"}', 1)).toBe('hi');
    expect(textOfLine('{"Text":"hi"}', 2)).toEqual({ error: 'line 2: "text" must be a string, got nothing (the line has "Text": the field is "text")' });
    expect(textOfLine('{"input":"hi"}', 3)).toEqual({ error: 'line 3: "text" must be a string, got nothing (the line has "input": the field is "text")' });
    expect(textOfLine('{"label":"x"}', 4)).toEqual({ error: 'line 4: "text" must be a string, got nothing' });
    expect(textOfLine('[1]', 5)).toEqual({ error: 'line 5: expected a JSON object with a "text" string' });
  });

  it('shows a plain-text line as the JSON line it should be, cut short, and leaves broken JSON as it is', () => {
    const long = `my card ${'x'.repeat(100)}`;
    const error = (textOfLine(long, 1) as { error: string }).error;
    expect(error).toContain(`this one {"text":"${long.slice(0, 40)}…"} (jq -Rc '{text: .}' turns plain text lines into those; --text TEXT answers one)`);
    expect((textOfLine('{"text": "a",', 2) as { error: string }).error).not.toContain('jq');
    expect((textOfLine('"a string"', 3) as { error: string }).error).toBe('line 3: expected a JSON object with a "text" string');
  });
});
