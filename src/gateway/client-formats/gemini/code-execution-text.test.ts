import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../../core/errors.js';
import { codeExecutionText, withBlock } from './code-execution-text.js';

describe('Gemini code execution parts as Markdown', () => {
  it('writes the code in a block named by its language, and the result under a line saying how it ended', () => {
    expect(codeExecutionText({ executableCode: { language: 'PYTHON', code: 'print(6 * 7)' } }, 'p')).toBe('```python\nprint(6 * 7)\n```');
    expect(codeExecutionText({ executableCode: { language: 'LANGUAGE_UNSPECIFIED', code: 'x' } }, 'p')).toBe('```\nx\n```');
    expect(codeExecutionText({ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '42\n' } }, 'p')).toBe('Output:\n```\n42\n```');
    expect(codeExecutionText({ codeExecutionResult: { outcome: 'OUTCOME_FAILED', output: 'ZeroDivisionError' } }, 'p')).toBe('The code failed:\n```\nZeroDivisionError\n```');
    expect(codeExecutionText({ codeExecutionResult: { outcome: 'OUTCOME_DEADLINE_EXCEEDED' } }, 'p')).toBe('The code ran past its time limit: (nothing printed)');
    expect(codeExecutionText({ text: 'Hi' }, 'p')).toBeUndefined();
  });

  it('makes the fence longer than any run of backticks inside, and keeps an odd language out of the fence line', () => {
    expect(codeExecutionText({ executableCode: { language: 'PYTHON', code: 's = "````"' } }, 'p')).toBe('`````python\ns = "````"\n`````');
    expect(codeExecutionText({ executableCode: { language: 'PY THON\n```', code: 'x' } }, 'p')).toBe('```\nx\n```');
  });

  it('refuses a malformed part naming the field and the value', () => {
    const refused = (part: Record<string, unknown>) => {
      try {
        codeExecutionText(part, 'contents[1].parts[0]');
      } catch (error) {
        return error instanceof SwitchyardError ? error.message : String(error);
      }
      return 'accepted';
    };
    expect(refused({ executableCode: { code: 7 } })).toContain('contents[1].parts[0].executableCode must be an ExecutableCode object ({ language, code }) with code a string, got 7');
    expect(refused({ executableCode: 'print(1)' })).toContain('contents[1].parts[0].executableCode must be');
    expect(refused({ codeExecutionResult: { output: ['a'] } })).toContain('contents[1].parts[0].codeExecutionResult.output must be a string');
    expect(refused({ codeExecutionResult: { outcome: 1 } })).toContain('contents[1].parts[0].codeExecutionResult.outcome must be one of "OUTCOME_UNSPECIFIED", "OUTCOME_OK", "OUTCOME_FAILED", "OUTCOME_DEADLINE_EXCEEDED", got 1');
  });

  it("refuses an outcome Google's enum lacks, a name of Object's prototype too, instead of writing the prototype into the turn", () => {
    for (const outcome of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'OUTCOME_MAYBE']) {
      expect(() => codeExecutionText({ codeExecutionResult: { outcome, output: '1' } }, 'contents[1].parts[0]')).toThrow(
        `contents[1].parts[0].codeExecutionResult.outcome must be one of "OUTCOME_UNSPECIFIED", "OUTCOME_OK", "OUTCOME_FAILED", "OUTCOME_DEADLINE_EXCEEDED", got "${outcome}"`,
      );
    }
    expect(codeExecutionText({ codeExecutionResult: { outcome: 'OUTCOME_UNSPECIFIED', output: '1' } }, 'p')).toBe('Output:\n```\n1\n```');
    expect(codeExecutionText({ codeExecutionResult: { outcome: null, output: '1' } }, 'p')).toBe('Output:\n```\n1\n```');
  });

  it('puts a blank line between text and a block', () => {
    expect(withBlock('', '```\nx\n```')).toBe('```\nx\n```');
    expect(withBlock('Let me compute.', 'B')).toBe('Let me compute.\n\nB');
    expect(withBlock('Line\n', 'B')).toBe('Line\n\nB');
    expect(withBlock('Para\n\n', 'B')).toBe('Para\n\nB');
  });
});
