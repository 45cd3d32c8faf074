/** The question in a user turn: an agent's tagged context blocks beside it are not the question. */
import { describe, expect, it } from 'vitest';
import { questionText } from './question-text.js';

describe('questionText', () => {
  it('leaves out blocks that are one tagged element: Claude Code’s reminders, Codex’s environment', () => {
    const reminder = '<system-reminder>\nAs you answer, use the context below.\n</system-reminder>';
    const environment = '<environment_context>\n  <cwd>/tmp</cwd>\n</environment_context>';
    expect(questionText([reminder, 'Read notes.txt', environment])).toBe('Read notes.txt');
  });

  it('keeps a block that only starts or ends with a tag, and every block when all are tagged', () => {
    expect(questionText(['<b>Bold</b> claims', 'Why?'])).toBe('<b>Bold</b> claims\nWhy?');
    expect(questionText(['<a>one</a> and <b>two</b>'])).toBe('<a>one</a> and <b>two</b>');
    expect(questionText(['<doc>only this</doc>'])).toBe('<doc>only this</doc>');
  });
});
