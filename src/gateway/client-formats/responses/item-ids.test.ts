import { describe, expect, it } from 'vitest';
import { outputItemIds, responseIdOfItem } from './item-ids.js';

describe('output item ids', () => {
  it('name items after their response, in order, and lead back to it', () => {
    const itemId = outputItemIds('resp_0mx4k5ujdd81d46');
    const ids = [itemId('rs'), itemId('msg'), itemId('fc')];
    expect(ids).toEqual(['rs_0mx4k5ujdd81d46_0', 'msg_0mx4k5ujdd81d46_1', 'fc_0mx4k5ujdd81d46_2']);
    for (const id of ids) expect(responseIdOfItem(id)).toBe('resp_0mx4k5ujdd81d46');
  });

  it("do not claim ids this gateway did not make (OpenAI's, or a client's)", () => {
    expect(responseIdOfItem('msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b')).toBeUndefined();
    expect(responseIdOfItem('msg_a_b_c')).toBeUndefined();
    expect(responseIdOfItem('item_reference')).toBeUndefined();
  });
});
