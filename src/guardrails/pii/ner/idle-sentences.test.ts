import { describe, expect, it } from 'vitest';
import { hashLower } from './char-table.js';
import { blankIdleSentences } from './idle-sentences.js';
import { LEX, LexiconTable } from './lexicon-table.js';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';

// A small lexicon with the kinds of words the gate asks about.
const words: [string, number][] = [
  ['thanks', LEX.COMMON],
  ['a', LEX.FUNCTION],
  ['lot', LEX.COMMON],
  ['ul', LEX.STREET_TYPE],
  ['the', LEX.FUNCTION],
  ['invoice', LEX.COMMON],
  ['was', LEX.FUNCTION],
  ['paid', LEX.COMMON],
  ['kind', LEX.COMMON],
  ['regards', LEX.COMMON],
  ['ann', LEX.FIRST_NAME],
  ['met', LEX.COMMON],
  ['in', LEX.FUNCTION],
  ['march', LEX.CALENDAR | LEX.COMMON],
  ['dear', LEX.COMMON | LEX.NAME_CUE],
  ['lena', LEX.FIRST_NAME],
  ['andersson', LEX.LAST_NAME],
  ['message', LEX.COMMON],
  ['from', LEX.FUNCTION],
  ['i', LEX.FUNCTION],
  ['will', LEX.COMMON | LEX.FIRST_NAME],
  ['write', LEX.COMMON],
  ['drew', LEX.COMMON | LEX.FIRST_NAME],
  ['bob', LEX.COMMON | LEX.FIRST_NAME],
  ['map', LEX.COMMON],
  ['to', LEX.FUNCTION],
  ['you', LEX.FUNCTION],
  ['me', LEX.FUNCTION],
  ['or', LEX.FUNCTION],
  ['wait', LEX.COMMON | LEX.FIRST_NAME],
];
const lexicons = LexiconTable.fromEntries(words.map(([w, bits]) => [hashLower(w, 0, w.length), bits]));
const blank = (text: string, pad = 0): string => blankIdleSentences(text, lexicons, pad);
// Which parts of the text survive, spaces squeezed.
const kept = (text: string, pad = 0): string => blank(text, pad).replace(/ +/g, ' ').trim();

describe('blankIdleSentences', () => {
  it('blanks sentences with no capital after the first word and an everyday first word, keeping offsets and line breaks', () => {
    const text = 'Thanks a lot. The invoice was paid.\nThe invoice was paid in full and on time by the customer.\nI met Ann in March.';
    const out = blank(text);
    expect(out.length).toBe(text.length);
    expect(out.split('\n').length).toBe(3);
    expect(kept(text)).toBe('I met Ann in March.');
    expect(out.indexOf('Ann')).toBe(text.indexOf('Ann'));
  });

  it('ends a kept sentence only at a line break or a stop that ends it, whatever marks are inside it', () => {
    // Once "Ann" keeps a sentence the scan jumps from mark to mark: "3.5", "e.g. here", "?x" and
    // "Ann! thanks" (a lower-case word after the stop) go on; "ok! Thanks" and the line break end it.
    const text = 'I met Ann at 3.5 km, e.g. here?x Ann! thanks a lot ok! Thanks a lot.\nThe invoice was paid. I met Ann!\nThanks a lot!';
    const out = blank(text);
    expect(out).toBe('I met Ann at 3.5 km, e.g. here?x Ann! thanks a lot ok! ' + ' '.repeat(13) + '\n' + ' '.repeat(22) + 'I met Ann!\n' + ' '.repeat(13));
  });

  it('returns the text itself when every sentence may hold a name', () => {
    const text = 'Dear Ann, thanks a lot. Lena wrote.';
    expect(blank(text)).toBe(text);
  });

  it('keeps a sentence for a first word that is a name, a cue or on no list, not for the pronoun I or a month', () => {
    expect(kept('The invoice was paid. Ann was paid.')).toBe('Ann was paid.');
    expect(kept('The invoice was paid. Dear lot.')).toBe('Dear lot.');
    expect(kept('The invoice was paid. Emeka was paid.')).toBe('Emeka was paid.');
    expect(kept('The invoice was paid. I was paid in March. Thanks a lot')).toBe('');
  });

  it('keeps a sentence that opens with a given name that is also a word when a sign of a person follows it', () => {
    // The opening sentence is idle and makes the text cased ("March" inside it), so lower-case words
    // are not looked up. A verb of theirs, any "-ed", "from"/"here", "and" + a capital ("I" too),
    // after one "-ly" adverb.
    for (const text of ['Drew will write to me.', 'Bob wrote the invoice.', 'Drew painted a lot.', 'Drew from the invoice team.', 'Bob here, thanks a lot.', 'Drew and I met.', 'Drew quickly replied.'])
      expect(kept(`The invoice was paid in March. ${text}`), text).toBe(text);
    // A command, a noun in use, punctuation or a line break after it, or a word that is no given name.
    for (const text of ['Drew a map.', 'Drew of the invoice.', 'Drew, thanks a lot.', 'Drew\nwill write.', 'Thanks will write.', 'Drew and the invoice.', 'Drew   a lot.'])
      expect(kept(`The invoice was paid in March. ${text}`), text).toBe('');
  });

  it('keeps a sentence that opens with such a name addressed with a request, not an interjection or a list', () => {
    for (const text of ['Drew, will you write to me?', 'Bob, write the invoice to me.']) expect(kept(`The invoice was paid in March. ${text}`), text).toBe(text);
    for (const text of ['Drew, a lot.', 'Drew, map or invoice?', 'Wait, will you write?', 'Drew, I met a lot.']) expect(kept(`The invoice was paid in March. ${text}`), text).toBe('');
  });

  it('does not end a sentence at an abbreviation or before a number or a lower-case word', () => {
    expect(kept('Thanks a lot. Mr. Ann was paid.')).toBe('Mr. Ann was paid.');
    expect(kept('Thanks a lot. Rosenstr. 124 was paid.')).toBe('Rosenstr. 124 was paid.');
    expect(kept('The invoice was paid to ul. Lot.')).toBe('The invoice was paid to ul. Lot.');
    expect(kept('Thanks a lot. Ann was paid.')).toBe('Ann was paid.');
    // A capitalised word of up to three letters may be an abbreviation: the stop after "Ann" ends nothing.
    expect(kept('I met Ann. Thanks a lot.')).toBe('I met Ann. Thanks a lot.');
  });

  it('keeps the short lines and the number lines around a kept line (address blocks)', () => {
    const text = 'Thanks a lot.\n12 Harbour Road\nmoss\n, nan\n 51971 was paid in full and on time by the customer\nthe invoice was paid in full and on time by the customer.';
    expect(kept(text)).toBe('12 Harbour Road\nmoss\n, nan\n 51971 was paid in full and on time by the customer');
  });

  it('looks lower-case words up only in a text written without capitals inside its sentences', () => {
    expect(kept('Forwarded message from lena andersson: "thanks a lot"')).toBe('Forwarded message from lena andersson: "thanks a lot"');
    expect(kept('The invoice was paid. Forwarded message from lena andersson')).toBe('Forwarded message from lena andersson');
    // Cased (Anna inside a sentence): the lower-case "lena" no longer counts.
    expect(kept('I met Anna. Thanks a lot. The invoice from lena was paid')).toBe('I met Anna.');
  });

  it('keeps scripts without case and capitals inside words', () => {
    expect(kept('Thanks a lot. 我叫王伟。')).toBe('我叫王伟。');
    expect(kept('Thanks a lot. The invoice was paid by eBay.')).toBe('The invoice was paid by eBay.');
  });

  it('ignores redaction placeholders', () => {
    expect(kept('I will write to <EMAIL_1> and <STREET_ADDRESS_2> in March.')).toBe('');
    expect(kept('I will write to <EMAIL_1> and Ann.')).toBe('I will write to <EMAIL_1> and Ann.');
    // Not a placeholder: no number, or no closing bracket.
    expect(kept('I will write to <EMAIL> a lot.')).toBe('I will write to <EMAIL> a lot.');
  });

  it('keeps `pad` sentences of context on each side of a kept one', () => {
    const text = 'Thanks a lot. The invoice was paid. I met Anna. The invoice was paid. Thanks a lot.';
    expect(kept(text, 0)).toBe('I met Anna.');
    expect(kept(text, 1)).toBe('The invoice was paid. I met Anna. The invoice was paid.');
    expect(blank(text, 2)).toBe(text);
  });
});

describe('the tagger with the gate', () => {
  const model = loadTaggerModel();
  const gated = createNameTagger(model);
  const every = createNameTagger(model, { idleSentencePad: false });

  it('finds the same names as the tagger that reads every sentence when the skipped sentences hold none', () => {
    const text = 'Thanks for the quick answer. I spoke to Monica Gutmann in Bristol yesterday. Looking forward to hearing from you.\nBest regards';
    const spans = (found: { type: string; start: number; end: number }[]) => found.map((f) => [f.type, f.start, f.end]);
    expect(spans(gated.tag(text))).toEqual(spans(every.tag(text)));
    expect(gated.tag(text).map((f) => text.slice(f.start, f.end))).toEqual(['Monica Gutmann', 'Bristol']);
  });

  it('finds a sentence-initial person whose given name is also a word when no other capital follows (issue #10)', () => {
    for (const [text, name] of [
      ['Bob wrote this code, explain it to me', 'Bob'],
      ['Drew will review it tomorrow, prepare notes', 'Drew'],
      ['Pat and I need a summary of the meeting', 'Pat'],
      ['Thanks for the update. Drew will send the rest tomorrow.', 'Drew'],
    ]) expect(gated.tag(text!).map((f) => text!.slice(f.start, f.end)), text).toEqual([name]);
    expect(gated.tag('Drew a map of the house, label the rooms')).toEqual([]);
  });

  it('reads nothing of an answer made of everyday words and placeholders', () => {
    expect(gated.tag('I will write to <EMAIL_1> and call <PHONE_1> today about the duplicate charge.')).toEqual([]);
  });
});
