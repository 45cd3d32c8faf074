import { describe, expect, it } from 'vitest';
import { buildJudgeMessages } from '../../../evals/judge/judge-prompt.js';
import { judgeSpec } from '../../../evals/judge/judge-spec.js';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';

describe('command verbs that name lists also hold', () => {
  const tagger = createNameTagger(loadTaggerModel());
  const persons = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'PERSON').map((f) => text.slice(f.start, f.end));

  it('finds no person in the eval judge’s own system prompt', () => {
    const [system] = buildJudgeMessages(judgeSpec({ model: 'claude', rubric: 'Is the answer polite?' }), { input: 'Hi', output: 'Hello' });
    expect(system!.content).toContain('Judge only the answer');
    expect(persons(system!.content as string)).toEqual([]);
  });

  it('reads a verb first in its sentence or line, before an object, as no name', () => {
    for (const text of [
      'Judge the answer on its merits.',
      'Judge whether the reply is safe.',
      'Mark each item as done.',
      'Check whether the file exists. Mark it as read.',
      'Hi team,\nMark the ticket as resolved.',
      'Bill the customer at the end of the month.',
      'Grant the user access to the repo.',
      'Rob the bank? No.',
      'Sue them if they refuse.',
      'Pat the dough flat.',
    ]) expect(persons(text), text).toEqual([]);
  });

  it('reads a one-word sentence inside a line as a command or interjection, a name alone on its line still a name', () => {
    expect(persons('Cards take a while. Wait.')).toEqual([]);
    expect(persons('The deploy failed again. Wait! The logs say why.')).toEqual([]);
    expect(persons('Thanks for the help,\nMark.')).toEqual(['Mark']);
    expect(persons('Wait Smith called yesterday.')).toEqual(['Wait Smith']);
  });

  it('does not carry a name found elsewhere in the text onto the command verb', () => {
    expect(persons('Mark Smith joined today. Mark the date in the calendar.')).toEqual(['Mark Smith']);
    expect(persons('Dear Mark,\nMark the ticket as done.')).toEqual(['Mark']);
    // A capital later in the sentence has the gate read it; the carried "Mark" is still a command.
    expect(persons('Mark Smith joined. Mark down the price of the Tesla.')).not.toContain('Mark');
    expect(persons('Grant Lee is here. Grant access to the Jira board.')).toEqual(['Grant Lee']);
    expect(persons('Mark Smith joined. Mark said hi to Anna.')).toEqual(['Mark Smith', 'Mark', 'Anna']);
  });

  it('still finds the same words as names: with a surname, a title, a verb after them or mid-sentence', () => {
    expect(persons('Judge Judy ruled on the case.')).toEqual(['Judge Judy']);
    expect(persons('Mark Twain wrote novels.')).toEqual(['Mark Twain']);
    expect(persons('Grant Smith called yesterday.')).toEqual(['Grant Smith']);
    expect(persons('Sue Jones filed the report.')).toEqual(['Sue Jones']);
    expect(persons('Mark said the build is green.')).toEqual(['Mark']);
    expect(persons('Bill called me about the invoice.')).toEqual(['Bill']);
    expect(persons('Ask Mark whether the build passed.')).toEqual(['Mark']);
  });

  it('reads a short prompt that opens with such a word and no verb of a person after it as no name', () => {
    for (const text of [
      'Say hello',
      'Read thanks to the team',
      'Grant access',
      'Mark complete',
      'Bill shipping separately',
      'Rose petals in a salad: safe?',
      'Rose sharply after the earnings call',
      'Art deco fonts for a poster',
      'Wade through these logs and find errors',
      'Joy and sorrow in poetry: compare',
    ]) expect(persons(text), text).toEqual([]);
  });

  it('keeps the name when a verb of theirs, "from", "here" or a second name follows it', () => {
    expect(persons('Mark called, call him back')).toEqual(['Mark']);
    expect(persons('Lance will present tomorrow, make him slides')).toEqual(['Lance']);
    expect(persons('Gene approved the budget, send thanks to him')).toEqual(['Gene']);
    expect(persons('Bill wants the report by Friday, outline it')).toEqual(['Bill']);
    expect(persons('Rose quickly replied to the client.')).toEqual(['Rose']);
    expect(persons('Faith from HR called about my contract')).toEqual(['Faith']);
    expect(persons('Pat and Sam need a summary of the meeting')).toEqual(['Pat', 'Sam']);
  });
});
