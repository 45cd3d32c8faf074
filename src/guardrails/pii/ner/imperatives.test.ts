import { describe, expect, it } from 'vitest';
import { buildJudgeMessages } from '../../../evals/judge/judge-prompt.js';
import { judgeSpec } from '../../../evals/judge/judge-spec.js';
import { hashLower } from './char-table.js';
import { afterComma, animateSignAfter, isInterjection } from './imperatives.js';
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

describe('a name that is also a word, then a comma (issue #10)', () => {
  const tagger = createNameTagger(loadTaggerModel());
  const persons = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'PERSON').map((f) => text.slice(f.start, f.end));

  it('reads what follows the comma: a request to someone, a list or heading, or neither', () => {
    expect(afterComma('Mark, call me', 5)).toBe('address');
    expect(afterComma('Hope, could you review my draft?', 5)).toBe('address');
    expect(afterComma('Norm, check your email', 5)).toBe('address');
    expect(afterComma("Will, you're late", 5)).toBe('address');
    expect(afterComma('Ivy, moss or ferns?', 4)).toBe('other');
    expect(afterComma('Sandy, crumbly cookies: what went wrong?', 6)).toBe('other');
    expect(afterComma('Chase, catch, throw', 6)).toBe('other');
    // An apposition, a question, a pronoun, a capital, a number or a line end: the model decides.
    for (const [text, j] of [['Rose, a nurse, said', 5], ['Sky, where are the keys?', 4], ['Sue, I need it', 4], ['Mark, Anna and I', 5], ['Rose, 34, said', 5], ['Grace,\nThanks', 6], ['Pat, thanks', 4]] as const)
      expect(afterComma(text, j), text).toBe('unknown');
  });

  it('finds no person in a list of things or a heading that opens with such a word', () => {
    for (const text of ['Ivy, moss or ferns for a shady wall?', 'Grant, loan or scholarship: which is better?', 'Penny, nickel, dime: how many cents each?', 'Sandy, crumbly cookies: what went wrong?', 'Crystal, glass or acrylic: which is clearer?'])
      expect(persons(text), text).toEqual([]);
  });

  it('finds no person in an interjection before a comma', () => {
    for (const text of ['Wait, can you explain this error?', 'Fine, you win', 'Honey, could you buy milk?', 'Wait, why is it null?']) expect(persons(text), text).toEqual([]);
    expect(isInterjection(hashLower('Wait', 0, 4))).toBe(true);
    expect(isInterjection(hashLower('Grace', 0, 5))).toBe(false);
  });

  it('keeps the name addressed: a request, an apposition or a second name after the comma', () => {
    expect(persons("Mark, call me when you're free")).toEqual(['Mark']);
    expect(persons('Hope, could you review my draft?')).toEqual(['Hope']);
    expect(persons('Grace, can you check this SQL for me?')).toEqual(['Grace']);
    expect(persons('Will, you forgot to attach the file')).toEqual(['Will']);
    expect(persons('Mark, Anna and I will be late')).toEqual(['Mark', 'Anna']);
  });

  it('reads a verb only a person does as a sign of one, not "is", a modal or "-ed"', () => {
    expect(animateSignAfter('Chase owes me $20', 5)).toBe(true);
    expect(animateSignAfter('Will said he would be late', 4)).toBe(true);
    expect(animateSignAfter('Will, you forgot', 4)).toBe(true);
    for (const [text, j] of [['Hope is a virtue', 4], ['Will it rain?', 4], ['Bill passed the Senate', 4], ['Drew a map', 4], ['Wait, why?', 4]] as const) expect(animateSignAfter(text, j), text).toBe(false);
  });
});
