import type { Readable, Writable } from 'node:stream';
import type { LocalClassifier } from '../../local/classifier.js';
import { loadModel } from '../../local/model-file/load-model.js';
import { splitLines } from './split-lines.js';
import { hintStdinLines } from '../output.js';
import { textOfLine } from '../text-line.js';
import { refuseStdinBeside } from '../flag-or-stdin.js';
import { SwitchyardError } from '../../core/errors.js';
import { CLI } from '../../core/cli-command.js';
import { endJsonlStream, type JsonlStreamCount } from '../jsonl-stream-end.js';

/**
 * `switchyard local predict`: JSONL `{"text": …}` in, one `{"label","confidence","escalate"}`
 * line out per input line, in order (plus `"unfamiliar": true` for a request escalated as out of
 * the model's domain: too many of its words new to the training data; `"distant": true` for one
 * escalated by the distance gate). A bad line gets `{"error": …}` naming the line (an empty or
 * whitespace-only "text" too) and makes the exit code 2; blank lines are skipped, and no line at all is an error. `--text` answers that one text with the same line, for a try at the prompt.
 *
 * @example await predictAction({ model: 'intent.sylm' })
 * @example await predictAction({ model: 'intent.sylm', text: 'my card has not arrived' })
 */
export async function predictAction(flags: { model: string; text?: string }): Promise<void> {
  const model = await loadModel(flags.model);
  if (flags.text !== undefined) {
    if (flags.text.trim() === '') throw new SwitchyardError('invalid_request', '--text is empty: give the text to classify', { param: 'text' });
    await refuseStdinBeside('--text', 'JSON lines {"text": …}');
    return void process.stdout.write(`${JSON.stringify(answerText(model, flags.text))}\n`);
  }
  hintStdinLines('{"text": "my card has not arrived"}', 'one answer line per input line; --text TEXT for one');
  endJsonlStream(await predictStream(model, process.stdin, process.stdout), undefined, '{"text": …}', `A labelled CSV, TSV or JSONL file is scored by ${CLI} local eval --model ${flags.model} --data FILE; jq -Rc '{text: .}' turns plain text lines into JSON ones.`);
}

/**
 * The predict loop over any streams (tests drive it in-process).
 *
 * @example await predictStream(model, Readable.from(['{"text":"hi"}\n']), process.stdout)
 */
export async function predictStream(model: LocalClassifier, input: Readable, output: Writable): Promise<JsonlStreamCount> {
  let lines = 0;
  const rejected: number[] = [];
  // A line over MAX_LINE_BYTES or not UTF-8 is answered with an error and skipped, so memory stays bounded.
  for await (const { line, text, error } of splitLines(input)) {
    if (error === undefined && text.trim() === '') continue;
    lines += 1;
    const answer = error !== undefined ? { error: `line ${line}: ${error}` } : answerLine(model, text, line);
    if ('error' in answer) rejected.push(line);
    if (!output.write(`${JSON.stringify(answer)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
  return { lines, rejected };
}

function answerLine(model: LocalClassifier, text: string, line: number): object {
  const input = textOfLine(text, line);
  if (typeof input !== 'string') return input;
  // An error, not a guess: a label for no words would be the prior's, and a script reading the
  // answers in order learns which request was empty from the line number, as --text says at once.
  if (input.trim() === '') return { error: `line ${line}: "text" is ${input === '' ? 'empty' : 'only whitespace'}: give the request's text to classify` };
  return answerText(model, input);
}

function answerText(model: LocalClassifier, input: string): object {
  const p = model.predict(input);
  const answer = { label: p.label, confidence: Number(p.confidence.toFixed(6)), escalate: p.escalate };
  // Only when it is so: the line keeps its three fields for every request of the model's domain.
  return { ...answer, ...(p.unfamiliar ? { unfamiliar: true } : {}), ...(p.short ? { short: true } : {}), ...(p.distant ? { distant: true } : {}) };
}
