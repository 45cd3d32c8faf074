import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { Int32Scratch, Uint8Scratch } from './scratch-arrays.js';

const { variedPrompts } = (await import(new URL('../../../../bench/guard-prompts.mjs', import.meta.url).href)) as {
  variedPrompts: (count: number, seed?: number) => { text: string }[];
};

describe('Int32Scratch and Uint8Scratch', () => {
  it('give views of exactly the length asked for, over memory kept from call to call', () => {
    const ints = new Int32Scratch();
    const a = ints.take(10).fill(7);
    expect(a.length).toBe(10);
    expect(a[10]).toBeUndefined(); // a read past the end, as on a fresh array
    const b = ints.take(4);
    expect([...b]).toEqual([7, 7, 7, 7]); // the last call's contents: callers fill first
    const big = ints.take(5000).fill(-1);
    expect(big.length).toBe(5000);
    expect(big[4999]).toBe(-1);
    const bytes = new Uint8Scratch();
    bytes.take(300).fill(1);
    expect([...bytes.take(3)]).toEqual([1, 1, 1]);
    expect(bytes.take(3).fill(0)[2]).toBe(0);
    expect(bytes.take(3)[3]).toBeUndefined();
  });

  it('leave the tagger’s findings of a text the same whatever it tagged before', () => {
    const model = loadTaggerModel();
    const texts = [
      'Hello, I am writing on behalf of my colleague Ann Lee about a billing problem. Please ask Mr. Okonkwo or Anna van der Berg.',
      'Residents of Lääne-Virumaa and Tartu met Jan and Piet in Assen, Groningen and Zwolle.',
      'Hi Anke,\nthanks.\nAnke Junker\nRosenstr. 124\n10115 Berlin',
      'Ann',
      `${'Dear Sofia Moreno, we flew from Lisbon to Porto and then Braga. '.repeat(40)}Regards, Tomás`,
    ];
    const fresh = texts.map((text) => createNameTagger(model).tag(text));
    const shared = createNameTagger(model);
    // Long, short and long again: every pass's scratch holds another text's tokens when it starts.
    for (const order of [[4, 0, 1, 2, 3], [3, 2, 1, 0, 4, 3, 4, 0]]) for (const i of order) expect(shared.tag(texts[i]!)).toEqual(fresh[i]);
    expect(fresh.flat().length).toBeGreaterThan(10);
    // The bench's support e-mails (names, addresses, signatures) forwards and backwards.
    const mails = variedPrompts(120, 3).map((p) => p.text);
    const forwards = mails.map((text) => shared.tag(text));
    const backwards = [...mails].reverse().map((text) => shared.tag(text)).reverse();
    expect(backwards).toEqual(forwards);
  });
});
