import { describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../store/sqlite/knowledge/sqlite-knowledge-store.js';
import { missingBasesNotes } from './missing-bases-note.js';
import { OpenBases } from './open-bases.js';

// A route's `knowledge: mydoc` (the base is mydocs) started without a word, and its calls were
// answered without context: the reason was on each trace only.
describe('grounded routes whose base does not exist, at start', () => {
  it('are named with the base a typo meant and what their calls get; a base that exists is not', async () => {
    const store = openSqliteKnowledgeStore(':memory:');
    await openKnowledgeBase({ store, name: 'mydocs', create: true });
    const bases = new OpenBases(async () => store, () => undefined, '/srv/.switchyard/knowledge.db');
    try {
      const notes = await missingBasesNotes(new Map([['travel-qa', 'mydocs'], ['travel-typo', 'mydoc'], ['hr', 'policies']]), bases);
      expect(notes).toEqual([
        'route travel-typo: knowledge base "mydoc" does not exist; did you mean "mydocs"? (known: mydocs) (the gateway reads knowledge bases from /srv/.switchyard/knowledge.db; kb add takes it as --db /srv/.switchyard/knowledge.db); until it exists, the route\'s calls are answered without context, flagged on each trace',
        'route hr: knowledge base "policies" does not exist (known: mydocs); create it with `switchyard kb add policies PATH…` (the gateway reads knowledge bases from /srv/.switchyard/knowledge.db; kb add takes it as --db /srv/.switchyard/knowledge.db); until it exists, the route\'s calls are answered without context, flagged on each trace',
      ]);
    } finally {
      await bases.close();
    }
  });
});
