import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../core/seeded-random.js';
import { hashLower } from '../char-table.js';
import { LEX, LexiconTable } from '../lexicon-table.js';
import { createNameTagger } from '../name-tagger.js';
import type { SynthSample } from '../presidio-synth.js';
import { encodeSample, trainChain } from './train-chain.js';

const names = ['Anna', 'Bruno', 'Chloe', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hiro'];
const lexicons = LexiconTable.fromEntries(names.map((n) => [hashLower(n, 0, n.length), LEX.FIRST_NAME] as const));

function sample(i: number): SynthSample {
  const name = names[i % names.length]!;
  const prefix = ['Please call ', 'Thanks to ', 'I met '][i % 3]!;
  const text = `${prefix}${name} today.`;
  return { full_text: text, template_id: i, spans: [{ entity_type: 'PERSON', entity_value: name, start_position: prefix.length, end_position: prefix.length + name.length }] };
}

describe('trainChain', () => {
  const data = Array.from({ length: 48 }, (_, i) => encodeSample(sample(i), lexicons, 12));

  it('is deterministic for a seed', () => {
    const a = trainChain(data, { bits: 12, epochs: 3, random: seededRandom(5) });
    const b = trainChain(data, { bits: 12, epochs: 3, random: seededRandom(5) });
    expect(Array.from(a.emission)).toEqual(Array.from(b.emission));
    expect(Array.from(a.transition)).toEqual(Array.from(b.transition));
  });

  it('learns names from context and the lexicon, including a name it never saw in training', () => {
    const weights = trainChain(data.slice(0, 40), { bits: 12, epochs: 5, random: seededRandom(5) });
    const unseen = LexiconTable.fromEntries([...names, 'Ingrid'].map((n) => [hashLower(n, 0, n.length), LEX.FIRST_NAME] as const));
    const tagger = createNameTagger({ weights, lexicons: unseen, confidenceScale: 1 }, { minScore: 0 });
    const text = 'Thanks to Ingrid today.';
    expect(tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`)).toEqual(['PERSON:Ingrid']);
  });
});
