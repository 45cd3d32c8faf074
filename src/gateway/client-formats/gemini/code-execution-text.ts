import { invalidRequest } from '../../../core/errors.js';
import { describeValue } from '../../../core/format-issues.js';
import { isJsonObject } from '../../../core/openai-wire.js';
import type { GeminiPart } from '../../../providers/gemini/index.js';

/**
 * What Google's `codeExecutionResult.outcome` values say, as a line before the output. A Map, not
 * an object literal: an outcome of "__proto__" or "constructor" read the object's prototype and
 * wrote "[object Object]" or "function Object() { [native code] }" into the conversation.
 */
const OUTCOME_LINES = new Map([
  ['OUTCOME_UNSPECIFIED', 'Output:'],
  ['OUTCOME_OK', 'Output:'],
  ['OUTCOME_FAILED', 'The code failed:'],
  ['OUTCOME_DEADLINE_EXCEEDED', 'The code ran past its time limit:'],
]);

/**
 * Gemini's code execution parts (`executableCode`, `codeExecutionResult`) as Markdown for a model
 * of another vendor, which has no such part. Left out, the code a Gemini model ran and what it
 * printed vanished from the conversation, and a turn of only such parts reached the target empty
 * and was refused in the target's words, naming no part.
 *
 * @example codeExecutionText({ executableCode: { language: 'PYTHON', code: 'print(1)' } }, 'contents[1].parts[0]') // '```python\nprint(1)\n```'
 * @example codeExecutionText({ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1\n' } }, 'contents[1].parts[1]') // 'Output:\n```\n1\n```'
 * @example codeExecutionText({ text: 'Hi' }, 'contents[0].parts[0]') // undefined
 */
export function codeExecutionText(part: GeminiPart, path: string): string | undefined {
  const code: unknown = part.executableCode;
  if (code !== undefined && code !== null) {
    if (!isJsonObject(code) || typeof code.code !== 'string') {
      throw invalidRequest(`${path}.executableCode.code`, `${path}.executableCode must be an ExecutableCode object ({ language, code }) with code a string, got ${describeValue(isJsonObject(code) ? code.code : code)}`);
    }
    const language = typeof code.language === 'string' && code.language !== 'LANGUAGE_UNSPECIFIED' ? code.language.toLowerCase() : '';
    return fenced(code.code, /^[a-z0-9_+-]{1,32}$/.test(language) ? language : '');
  }
  const result: unknown = part.codeExecutionResult;
  if (result === undefined || result === null) return undefined;
  if (!isJsonObject(result)) throw invalidRequest(`${path}.codeExecutionResult`, `${path}.codeExecutionResult must be a CodeExecutionResult object ({ outcome, output }), got ${describeValue(result)}`);
  const { outcome, output } = result;
  if (output !== undefined && output !== null && typeof output !== 'string') throw invalidRequest(`${path}.codeExecutionResult.output`, `${path}.codeExecutionResult.output must be a string, got ${describeValue(output)}`);
  const line = OUTCOME_LINES.get(outcome === undefined || outcome === null ? 'OUTCOME_OK' : (outcome as string));
  // Google refuses an outcome its enum lacks, as it does any unknown enum value.
  if (line === undefined) throw invalidRequest(`${path}.codeExecutionResult.outcome`, `${path}.codeExecutionResult.outcome must be one of ${[...OUTCOME_LINES.keys()].map((o) => `"${o}"`).join(', ')}, got ${describeValue(outcome)}`);
  return typeof output === 'string' && output !== '' ? `${line}\n${fenced(output.endsWith('\n') ? output.slice(0, -1) : output, '')}` : `${line} (nothing printed)`;
}

/** A code block whose fence is longer than any run of backticks inside it, so the text cannot close it early. */
function fenced(text: string, language: string): string {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * Text with a block after it, a blank line between (a block glued to the text before it is no block).
 *
 * @example withBlock('Let me compute.', '```python\nprint(1)\n```') // 'Let me compute.\n\n```python\nprint(1)\n```'
 */
export function withBlock(text: string, block: string): string {
  if (text === '') return block;
  return `${text}${text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n'}${block}`;
}
